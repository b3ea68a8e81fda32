// "im2col+gemm": the general algorithm, any geometry.
//
// Channels first, per image and group: out[Og, pixels] = W[Og, Cg*taps] x col[Cg*taps, pixels].
// Channels last, per group: out[pixels, Og] (ldc = O, straight into NHWC) =
// col[pixels, taps*Cg] x Wt[taps*Cg, Og], pixels running across the batch.
// The pixels are processed in blocks so the im2col buffer (the workspace) stays bounded, and
// channels first also splits K into channel blocks where that keeps a block in L2 (the block
// sizes and why: plan.cc, gemm_tile_pixels and gemm_k_blocks). The blocks form parts that a
// run's threads share (run, below).
//
// Inserted zeros (input dilation) and an empty border are written into the im2col buffer as
// 0, and the GEMM multiplies them: exact for finite weights (0 * w = 0), but in the canonical
// definition they are no products, so 0 * NaN must not happen (jconv.h; it is the scatter
// semantics of a transposed convolution in PyTorch, TensorFlow and ONNX Runtime). So when
// such holes exist, the non-finite weights are zeroed in the packed kernel and each is added
// back after the GEMM, pixel by pixel, where it meets a sample or the constant border.
#include <algorithm>

#include "gemm_blas.h"
#include "im2col.h"
#include "plan.h"
#include "pool.h"

namespace jconv {
namespace {

bool applies(const Geometry&) { return true; }

// Zeroes the collected non-finite weights in the packed kernel.
template <class T>
void zero_entries(Plan& plan) {
    const Geometry& g = plan.g;
    T* w = static_cast<T*>(plan.weights.get());
    const WeightEntry* e = static_cast<const WeightEntry*>(plan.aux.get());
    for (int64_t i = 0; i < plan.aux_count; ++i) {
        const int64_t gr = e[i].o / g.Og, o = e[i].o % g.Og;
        if (g.layout == JCONV_CHANNELS_FIRST) {
            w[(e[i].o * g.Cg + e[i].c) * g.k_sp + e[i].tap] = T(0);
        } else {
            w[((gr * g.k_sp + e[i].tap) * g.Cg + e[i].c) * g.Og + o] = T(0);
        }
    }
}

int prepare(Plan& plan, const void* kernel) {
    const Geometry& g = plan.g;
    const bool cf = g.layout == JCONV_CHANNELS_FIRST;
    int st = cf ? prepare_copy_kernel(plan, kernel) : prepare_kernel_tap_major(plan, kernel);
    if (st != JCONV_OK) return st;
    if (has_holes(g)) {
        st = collect_nonfinite(plan, kernel);
        if (st != JCONV_OK) return st;
        if (g.dtype == JCONV_F32) {
            zero_entries<float>(plan);
        } else {
            zero_entries<double>(plan);
        }
    }
    const int64_t K = g.Cg * g.k_sp;  // <= kernel elements: no overflow
    const int64_t total = cf ? g.out_sp : g.N * g.out_sp;
    plan.kblock = g.Cg;
    // K is split only where no non-finite weight has to be added back from the block.
    // Block sizes: plan.cc (gemm_tile_pixels, gemm_k_blocks).
    if (!cf || plan.aux_count != 0 ||
        !gemm_k_blocks(g.elem_bytes, g.Cg, g.k_sp, total, g.Og, &plan.tile, &plan.kblock)) {
        plan.tile = gemm_tile_pixels(K * g.elem_bytes, total, g.Og, cf);
    }
    // A block buffer per part, for as many parts as the plan may ever use on this machine. A run
    // with p parts gives each min(tile, ceil(columns / p)) columns (part_columns), so p of them
    // never need more than min(parts * tile, columns + parts).
    plan.parts = g.threads > 0 ? std::min(g.threads, max_team()) : max_team();
    const int64_t columns = cf ? g.N * g.G * g.out_sp : g.N * g.out_sp;  // validated products
    int64_t cols = columns + plan.parts, row_bytes;
    if (plan.tile <= cols / plan.parts) cols = plan.tile * plan.parts;
    if (!mul_ok(plan.kblock * g.k_sp, g.elem_bytes, &row_bytes) || !mul_ok(cols, row_bytes, &plan.workspace))
        return JCONV_ERR_OVERFLOW;
    return JCONV_OK;
}

// Adds the non-finite weights of group gr back for the pixels of one block: channels first,
// y = the group's output [Og, out_sp] of one image, pixels [p0, p1), col rows (c, tap);
// channels last, y = the whole output, pixels q0 + [0, p1 - p0) over the batch, col rows
// per pixel (tap, c).
template <class T>
void add_nonfinite(const Plan& plan, int64_t gr, int64_t p0, int64_t p1, const T* col, T* y) {
    const Geometry& g = plan.g;
    const WeightEntry* e = static_cast<const WeightEntry*>(plan.aux.get());
    const int64_t width = p1 - p0, K = g.Cg * g.k_sp;
    for (int64_t i = 0; i < plan.aux_count; ++i) {
        if (e[i].o / g.Og != gr) continue;
        const T w = static_cast<T>(e[i].w);
        for (int64_t p = p0; p < p1; ++p) {
            if (g.layout == JCONV_CHANNELS_FIRST) {
                if (!tap_is_product(g, p, e[i].tap)) continue;
                y[(e[i].o % g.Og) * g.out_sp + p] += w * col[(e[i].c * g.k_sp + e[i].tap) * width + (p - p0)];
            } else {
                if (!tap_is_product(g, p % g.out_sp, e[i].tap)) continue;
                y[p * g.O + e[i].o] += w * col[(p - p0) * K + e[i].tap * g.Cg + e[i].c];
            }
        }
    }
}

// Parts of a run: the pixel columns of all its GEMMs -- channels first (image, group, output
// pixel), channels last (pixel over the batch) -- cut into plan_threads contiguous ranges
// (fewer for small problems). Each part fills its outputs with the bias, then builds im2col
// tiles in its own slice of the workspace and multiplies them on one OpenBLAS thread. A lone
// run gives the parts to its team (two cores: each does half the im2col and half the GEMM,
// no serial phase, one join); a run with others in flight does them in turn on its own
// thread. The parts depend on the plan only, never on the other runs, so the result does
// not either. With one part the GEMMs use OpenBLAS's threads (num_threads) as before.
template <class T>
void run(const Plan& plan, const T* in, T* out, void* ws, bool alone) {
    const Geometry& g = plan.g;
    const int64_t K = g.Cg * g.k_sp;
    const T* w = plan.w<T>();
    const T* b = plan.b<T>();
    const bool cf = g.layout == JCONV_CHANNELS_FIRST;
    const int64_t per = cf ? g.out_sp : g.N * g.out_sp;  // columns per (image, group) run of GEMMs
    const int64_t total = cf ? g.N * g.G * per : per;
    const double work = static_cast<double>(g.out_elems) * static_cast<double>(K);
    int parts = std::min(plan.parts, plan_threads(g));
    parts = static_cast<int>(std::min<int64_t>({parts, total, static_cast<int64_t>(team_parts(g, true, work))}));
    parts = std::max(parts, 1);
    const int64_t part_columns = std::min(plan.tile, (total + parts - 1) / parts);
    auto part = [&](int i) {
        T* col = static_cast<T*>(ws) + i * part_columns * plan.kblock * g.k_sp;
        const int64_t c1 = split_point(total, parts, i + 1);
        for (int64_t c = split_point(total, parts, i); c < c1;) {
            const int64_t p0 = c % per;
            const int64_t p1 = std::min({per, p0 + plan.tile, p0 + (c1 - c)});
            if (cf) {
                const int64_t n = c / per / g.G, gr = c / per % g.G;
                const T* x = in + (n * g.C + gr * g.Cg) * g.in_sp;
                T* y = out + (n * g.O + gr * g.Og) * g.out_sp;
                fill_rows(y + p0, g.Og, p1 - p0, g.out_sp, b ? b + gr * g.Og : nullptr);
                // K in blocks of kblock channels (all of them unless the blocks must fit L2).
                for (int64_t c0 = 0; c0 < g.Cg; c0 += plan.kblock) {
                    const int64_t nc = std::min(plan.kblock, g.Cg - c0);
                    im2col_cf(g, x + c0 * g.in_sp, nc, p0, p1, col);
                    gemm_acc(g.Og, p1 - p0, nc * g.k_sp, w + gr * g.Og * K + c0 * g.k_sp, K, col, p1 - p0, y + p0,
                             g.out_sp);
                }
                if (plan.aux_count) add_nonfinite(plan, gr, p0, p1, col, y);
            } else {
                for (int64_t q = p0; q < p1; ++q) {
                    T* yq = out + q * g.O;
                    if (b) {
                        std::copy(b, b + g.O, yq);
                    } else {
                        fill_rows(yq, 1, g.O, 0, b);
                    }
                }
                for (int64_t gr = 0; gr < g.G; ++gr) {
                    im2col_cl(g, in, gr, p0, p1, col);
                    gemm_acc(p1 - p0, g.Og, K, col, K, w + gr * K * g.Og, g.Og, out + p0 * g.O + gr * g.Og, g.O);
                    if (plan.aux_count) add_nonfinite(plan, gr, p0, p1, col, out);
                }
            }
            c += p1 - p0;
        }
    };
    run_gemm_parts(parts, g.threads, alone, part);
}

}  // namespace

const Algorithm kIm2colGemm = {"im2col+gemm", applies, prepare, run<float>, run<double>};

}  // namespace jconv
