// Plan creation (validation, algorithm choice, packing), run dispatch, destruction.
#include "plan.h"

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

// An im2col block of a few MB is still in cache when OpenBLAS packs it, and bounds the
// workspace whatever the image size; at least 64 pixels keep the GEMM wide enough for
// OpenBLAS's full-speed kernels. (Measured on r50_3x3_56: 0.25 to 16 MB within noise.)
constexpr int64_t kDefaultTileBudget = int64_t(4) << 20;
constexpr int64_t kDefaultMinTile = 64;
std::atomic<int64_t> g_tile_budget{kDefaultTileBudget};
std::atomic<int64_t> g_min_tile{kDefaultMinTile};
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
        if constexpr (f32) {
            plan->algo->run_f32(*plan, in, out, aligned);
        } else {
            plan->algo->run_f64(*plan, in, out, aligned);
        }
    } catch (...) {
        // Only the BLAS thread scope's mutex can throw (std::system_error): a resource failure.
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
