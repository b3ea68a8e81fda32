// "im2col+gemm": the general algorithm, any geometry.
//
// Channels first, per image and group: out[Og, pixels] = W[Og, Cg*taps] x col[Cg*taps, pixels].
// Channels last, per group: out[pixels, Og] (ldc = O, straight into NHWC) =
// col[pixels, taps*Cg] x Wt[taps*Cg, Og], pixels running across the batch.
// The pixels are processed in blocks so the im2col buffer (the workspace) stays bounded.
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
    const int64_t row_bytes = K * g.elem_bytes;
    const int64_t total = cf ? g.out_sp : g.N * g.out_sp;
    plan.tile = im2col_tile_pixels(row_bytes, total);
    if (!mul_ok(plan.tile, row_bytes, &plan.workspace)) return JCONV_ERR_OVERFLOW;
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

template <class T>
void run(const Plan& plan, const T* in, T* out, void* ws) {
    const Geometry& g = plan.g;
    const int64_t K = g.Cg * g.k_sp;
    const T* w = plan.w<T>();
    T* col = static_cast<T*>(ws);
    fill_bias(plan, out);
    BlasThreads threads(g.threads);
    if (g.layout == JCONV_CHANNELS_FIRST) {
        for (int64_t n = 0; n < g.N; ++n) {
            for (int64_t gr = 0; gr < g.G; ++gr) {
                const T* x = in + (n * g.C + gr * g.Cg) * g.in_sp;
                T* y = out + (n * g.O + gr * g.Og) * g.out_sp;
                for (int64_t p0 = 0; p0 < g.out_sp; p0 += plan.tile) {
                    const int64_t p1 = std::min(g.out_sp, p0 + plan.tile);
                    im2col_cf(g, x, p0, p1, col);
                    gemm_acc(g.Og, p1 - p0, K, w + gr * g.Og * K, K, col, p1 - p0, y + p0, g.out_sp);
                    if (plan.aux_count) add_nonfinite(plan, gr, p0, p1, col, y);
                }
            }
        }
    } else {
        const int64_t total = g.N * g.out_sp;
        for (int64_t q0 = 0; q0 < total; q0 += plan.tile) {
            const int64_t q1 = std::min(total, q0 + plan.tile);
            for (int64_t gr = 0; gr < g.G; ++gr) {
                im2col_cl(g, in, gr, q0, q1, col);
                gemm_acc(q1 - q0, g.Og, K, col, K, w + gr * K * g.Og, g.Og, out + q0 * g.O + gr * g.Og, g.O);
                if (plan.aux_count) add_nonfinite(plan, gr, q0, q1, col, out);
            }
        }
    }
}

}  // namespace

const Algorithm kIm2colGemm = {"im2col+gemm", applies, prepare, run<float>, run<double>};

}  // namespace jconv
