// Plan creation (validation, algorithm choice, packing), run dispatch, destruction.
#include "plan.h"
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <new>
#include <type_traits>

namespace jconv {
namespace {

// First match wins: the specialised direct loops before the GEMM paths, general last.
const Algorithm* const kAlgorithms[] = {
    &kDirectImage,
    &kDepthwiseDirect,
    &kGemm1x1,
    &kGemmCol2im,
    &kIm2colGemm,
};

// A block of a few MB is still in cache when OpenBLAS packs it, and bounds the workspace
// whatever the image size; at least 64 pixels keep the GEMM wide enough for OpenBLAS's
// full-speed kernels. (gemm+col2im; im2col+gemm chooses with gemm_tile_pixels.)
constexpr int64_t kDefaultTileBudget = int64_t(4) << 20;
constexpr int64_t kDefaultMinTile = 64;
std::atomic<int64_t> g_tile_budget{kDefaultTileBudget};
std::atomic<int64_t> g_min_tile{kDefaultMinTile};

// im2col+gemm (measured on 2 Zen4 cores, 1 MB L2, OpenBLAS 0.3.31 Haswell kernels, 1 thread,
// ratio to the equivalent GEMM in CPU time):
// - where a block of at most kL2Budget still holds enough pixels that the kernel's repacking
//   per GEMM call (M x K, once per block) stays small against the block (K x pixels), blocks
//   of pixels live in L2: im2col's writes and OpenBLAS's packing reads hit L2 (r50_conv1,
//   K = 147: 1.18 -> 1.07 against 16 MB blocks);
// - otherwise (K in the hundreds or thousands) narrow pixel blocks lose (their GEMMs repack
//   the kernel for few pixels: r50_3x3_56 1.12 with 768 pixels), and the best is every pixel
//   of the image in each GEMM with K split into channel blocks of about kKBudget bytes of
//   im2col (r50_3x3_56 1.13 with 4 MB pixel blocks -> 1.09 with whole images -> 1.06;
//   dilated_3x3 1.08 -> 1.04). Blocks keep at least kKMinRows rows of K (short K runs the
//   GEMM kernel below speed), which bounds the pixels instead on huge images;
// - with non-finite weights to add back (input dilation, an empty border), whole K in pixel
//   blocks of up to kLargeBudget;
// - channels last: L2 blocks as above where they fit (r50_conv1 NHWC 1.55 -> 1.1-1.2), else
//   blocks of kDefaultTileBudget: there the block is OpenBLAS's B operand, packed once per
//   block whatever the L2 (r50_3x3_56 NHWC 1.02 with 4 MB blocks, 1.17 with whole images).
constexpr int64_t kL2Budget = int64_t(384) << 10;
constexpr int64_t kL2MinPixels = 512;
constexpr int64_t kKBudget = int64_t(3) << 19;  // 1.5 MB
constexpr int64_t kKMinRows = 96;
constexpr int64_t kLargeBudget = int64_t(16) << 20;
std::atomic<const char*> g_forced{nullptr};

constexpr int64_t kAlign = 64;

template <class T>
int run_plan(const jconv_plan* plan, const T* in, T* out, void* ws, int64_t ws_bytes) {
    constexpr bool f32 = std::is_same<T, float>::value;
    if (!plan || !in || !out) return JCONV_ERR_NULL;
    if (plan->g.dtype != (f32 ? JCONV_F32 : JCONV_F64)) return JCONV_ERR_DTYPE;
    void* aligned = nullptr;
    if (plan->workspace > 0) {
        if (!ws) return JCONV_ERR_NULL;
        if (ws_bytes < plan->workspace + kAlign) return JCONV_ERR_WORKSPACE;
        const uintptr_t p = reinterpret_cast<uintptr_t>(ws);
        aligned = reinterpret_cast<void*>((p + kAlign - 1) & ~uintptr_t(kAlign - 1));
    }
    try {
        const RunCount count;
        if constexpr (f32) {
            plan->algo->run_f32(*plan, in, out, aligned, count.alone());
        } else {
            plan->algo->run_f64(*plan, in, out, aligned, count.alone());
        }
    } catch (...) {
        // Only the mutexes of the BLAS thread scope and of the pool can throw
        // (std::system_error): a resource failure.
        return JCONV_ERR_NOMEM;
    }
    return JCONV_OK;
}

template <class T>
void copy_bias(Plan& plan, const void* bias) {
    T* dst = static_cast<T*>(plan.bias.get());
    std::memcpy(dst, bias, static_cast<size_t>(plan.g.O) * sizeof(T));
}

}  // namespace

AlignedBlock aligned_block(int64_t bytes) {
    if (bytes < kAlign) bytes = kAlign;
    if (bytes > INT64_MAX - kAlign) return AlignedBlock();
    bytes = (bytes + kAlign - 1) / kAlign * kAlign;
    return AlignedBlock(std::aligned_alloc(kAlign, static_cast<size_t>(bytes)));
}

void set_im2col_tiling(int64_t budget_bytes, int64_t min_pixels) {
    g_tile_budget.store(budget_bytes > 0 ? budget_bytes : kDefaultTileBudget);
    g_min_tile.store(min_pixels > 0 ? min_pixels : kDefaultMinTile);
}

void force_algorithm(const char* name) { g_forced.store(name); }

namespace {
template <class T>
int collect(Plan& plan, const T* w) {
    const Geometry& g = plan.g;
    int64_t count = 0;
    for (int64_t i = 0; i < g.kernel_elems; ++i) count += !std::isfinite(w[i]);
    plan.aux_count = 0;
    if (count == 0) return JCONV_OK;
    int64_t bytes;
    if (!mul_ok(count, static_cast<int64_t>(sizeof(WeightEntry)), &bytes)) return JCONV_ERR_OVERFLOW;
    plan.aux = aligned_block(bytes);
    if (!plan.aux) return JCONV_ERR_NOMEM;
    WeightEntry* e = static_cast<WeightEntry*>(plan.aux.get());
    for (int64_t i = 0; i < g.kernel_elems; ++i) {
        if (std::isfinite(w[i])) continue;
        const int64_t t = i % g.k_sp, oc = i / g.k_sp;
        e[plan.aux_count++] = WeightEntry{oc / g.Cg, oc % g.Cg, t, static_cast<double>(w[i])};
    }
    return JCONV_OK;
}
}  // namespace

int collect_nonfinite(Plan& plan, const void* kernel) {
    return plan.g.dtype == JCONV_F32 ? collect(plan, static_cast<const float*>(kernel))
                                     : collect(plan, static_cast<const double*>(kernel));
}

bool tap_is_product(const Geometry& g, int64_t p, int64_t t) {
    bool nothing = false;
    for (int a = kAxes - 1; a >= 0; --a) {
        const Axis& ax = g.ax[a];
        const int64_t i = p % ax.out, r = t % ax.k;
        p /= ax.out;
        t /= ax.k;
        const int64_t idx = sample_index(ax, i * ax.s + r * ax.d - ax.pb, g.border);
        if (idx == kBorder) return true;
        if (idx == kNothing) nothing = true;
    }
    return !nothing;
}

int64_t im2col_tile_pixels(int64_t row_bytes, int64_t total_pixels) {
    int64_t t = g_tile_budget.load() / (row_bytes > 0 ? row_bytes : 1);
    t = std::max(t, g_min_tile.load());
    return std::min(std::max<int64_t>(t, 1), total_pixels);
}

bool gemm_k_blocks(int64_t elem_bytes, int64_t Cg, int64_t taps, int64_t total_pixels, int64_t gemm_rows,
                   int64_t* tile, int64_t* channels) {
    if (g_tile_budget.load() != kDefaultTileBudget) return false;
    const int64_t row_bytes = Cg * taps * elem_bytes;
    if (kL2Budget / row_bytes >= std::max(kL2MinPixels, 8 * gemm_rows)) return false;  // pixel blocks fit L2
    // As many pixels as a block of kKMinRows rows allows (all of an r50 image), then as many
    // channels as the block budget holds, in equal blocks.
    const int64_t min_rows = std::min(Cg * taps, kKMinRows);
    const int64_t t = std::min(total_pixels, std::max(kL2MinPixels, kKBudget / (min_rows * elem_bytes)));
    const int64_t fit = std::clamp<int64_t>(kKBudget / (t * taps * elem_bytes), (min_rows + taps - 1) / taps, Cg);
    const int64_t blocks = (Cg + fit - 1) / fit;
    *tile = t;
    *channels = (Cg + blocks - 1) / blocks;
    return true;
}

int64_t gemm_tile_pixels(int64_t row_bytes, int64_t total_pixels, int64_t gemm_rows, bool large) {
    if (g_tile_budget.load() != kDefaultTileBudget) return im2col_tile_pixels(row_bytes, total_pixels);
    row_bytes = std::max<int64_t>(row_bytes, 1);
    int64_t t = kL2Budget / row_bytes;
    if (t < std::max(kL2MinPixels, 8 * gemm_rows)) t = (large ? kLargeBudget : kDefaultTileBudget) / row_bytes;
    t = std::max(t, g_min_tile.load());
    return std::min(std::max<int64_t>(t, 1), total_pixels);
}

template <class T>
void fill_bias(const Plan& plan, T* out) {
    const Geometry& g = plan.g;
    const T* b = plan.b<T>();
    if (g.layout == JCONV_CHANNELS_FIRST) {
        for (int64_t n = 0; n < g.N; ++n) {
            for (int64_t o = 0; o < g.O; ++o) {
                T* dst = out + (n * g.O + o) * g.out_sp;
                const T v = b ? b[o] : T(0);
                for (int64_t i = 0; i < g.out_sp; ++i) dst[i] = v;
            }
        }
    } else {
        const int64_t pixels = g.N * g.out_sp;
        for (int64_t p = 0; p < pixels; ++p) {
            T* dst = out + p * g.O;
            if (b) {
                std::memcpy(dst, b, static_cast<size_t>(g.O) * sizeof(T));
            } else {
                for (int64_t o = 0; o < g.O; ++o) dst[o] = T(0);
            }
        }
    }
}
template void fill_bias<float>(const Plan&, float*);
template void fill_bias<double>(const Plan&, double*);

int prepare_copy_kernel(Plan& plan, const void* kernel) {
    const int64_t bytes = plan.g.kernel_elems * plan.g.elem_bytes;  // checked in build_geometry
    plan.weights = aligned_block(bytes);
    if (!plan.weights) return JCONV_ERR_NOMEM;
    std::memcpy(plan.weights.get(), kernel, static_cast<size_t>(bytes));
    return JCONV_OK;
}

namespace {
template <class T>
void tap_major(const Geometry& g, const T* w, T* dst) {
    for (int64_t gr = 0; gr < g.G; ++gr)
        for (int64_t o = 0; o < g.Og; ++o)
            for (int64_t c = 0; c < g.Cg; ++c)
                for (int64_t t = 0; t < g.k_sp; ++t)
                    dst[((gr * g.k_sp + t) * g.Cg + c) * g.Og + o] = w[((gr * g.Og + o) * g.Cg + c) * g.k_sp + t];
}
}  // namespace

int prepare_kernel_tap_major(Plan& plan, const void* kernel) {
    const Geometry& g = plan.g;
    plan.weights = aligned_block(g.kernel_elems * g.elem_bytes);
    if (!plan.weights) return JCONV_ERR_NOMEM;
    if (g.dtype == JCONV_F32) {
        tap_major(g, static_cast<const float*>(kernel), static_cast<float*>(plan.weights.get()));
    } else {
        tap_major(g, static_cast<const double*>(kernel), static_cast<double*>(plan.weights.get()));
    }
    return JCONV_OK;
}

}  // namespace jconv

using jconv::Plan;

extern "C" {

int jconv_plan_create(const jconv_desc* desc, const void* kernel, const void* bias, jconv_plan** out) {
    if (out) *out = nullptr;
    if (!desc || !kernel || !out) return JCONV_ERR_NULL;
    try {
        jconv::Geometry g;
        int st = jconv::build_geometry(desc, &g);
        if (st != JCONV_OK) return st;
        if (g.has_bias && !bias) return JCONV_ERR_NULL;

        const jconv::Algorithm* algo = nullptr;
        const char* forced = jconv::g_forced.load();
        for (const jconv::Algorithm* a : jconv::kAlgorithms) {
            if (forced && std::strcmp(forced, a->name) == 0 && a->applies(g)) algo = a;
        }
        for (const jconv::Algorithm* a : jconv::kAlgorithms) {
            if (algo) break;
            if (a->applies(g)) algo = a;
        }
        if (!algo) return JCONV_ERR_UNSUPPORTED;

        std::unique_ptr<jconv_plan> plan(new (std::nothrow) jconv_plan());
        if (!plan) return JCONV_ERR_NOMEM;
        plan->g = g;
        plan->algo = algo;
        if (g.has_bias) {
            plan->bias = jconv::aligned_block(g.O * g.elem_bytes);
            if (!plan->bias) return JCONV_ERR_NOMEM;
            if (g.dtype == JCONV_F32) {
                jconv::copy_bias<float>(*plan, bias);
            } else {
                jconv::copy_bias<double>(*plan, bias);
            }
        }
        st = algo->prepare(*plan, kernel);
        if (st != JCONV_OK) return st;
        int64_t total;
        if (plan->workspace < 0 || !jconv::add_ok(plan->workspace, jconv::kAlign, &total)) return JCONV_ERR_OVERFLOW;
        *out = plan.release();
        return JCONV_OK;
    } catch (const std::bad_alloc&) {
        return JCONV_ERR_NOMEM;
    } catch (...) {
        return JCONV_ERR_NOMEM;
    }
}

int64_t jconv_plan_workspace_size(const jconv_plan* plan) {
    if (!plan || plan->workspace == 0) return 0;
    // Slack to align whatever pointer the caller passes.
    return plan->workspace + jconv::kAlign;
}

int jconv_plan_run_f32(const jconv_plan* plan, const float* input, float* output, void* workspace,
                       int64_t workspace_bytes) {
    return jconv::run_plan(plan, input, output, workspace, workspace_bytes);
}

int jconv_plan_run_f64(const jconv_plan* plan, const double* input, double* output, void* workspace,
                       int64_t workspace_bytes) {
    return jconv::run_plan(plan, input, output, workspace, workspace_bytes);
}

const char* jconv_plan_algorithm(const jconv_plan* plan) { return plan && plan->algo ? plan->algo->name : "none"; }

void jconv_plan_destroy(jconv_plan* plan) { delete plan; }

}  // extern "C"
