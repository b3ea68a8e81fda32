// "im2col+gemm": the general algorithm, any geometry.
//
// Channels first, per image and group: out[Og, pixels] = W[Og, Cg*taps] x col[Cg*taps, pixels].
// Channels last, per group: out[pixels, Og] (ldc = O, straight into NHWC) =
// col[pixels, taps*Cg] x Wt[taps*Cg, Og], pixels running across the batch.
// The pixels are processed in blocks so the im2col buffer (the workspace) stays bounded.
#include <algorithm>

#include "gemm_blas.h"
#include "im2col.h"
#include "plan.h"

namespace jconv {
namespace {

bool applies(const Geometry&) { return true; }

int prepare(Plan& plan, const void* kernel) {
    const Geometry& g = plan.g;
    const bool cf = g.layout == JCONV_CHANNELS_FIRST;
    const int st = cf ? prepare_copy_kernel(plan, kernel) : prepare_kernel_tap_major(plan, kernel);
    if (st != JCONV_OK) return st;
    const int64_t K = g.Cg * g.k_sp;  // <= kernel elements: no overflow
    const int64_t row_bytes = K * g.elem_bytes;
    const int64_t total = cf ? g.out_sp : g.N * g.out_sp;
    plan.tile = im2col_tile_pixels(row_bytes, total);
    if (!mul_ok(plan.tile, row_bytes, &plan.workspace)) return JCONV_ERR_OVERFLOW;
    return JCONV_OK;
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
            }
        }
    }
}

}  // namespace

const Algorithm kIm2colGemm = {"im2col+gemm", applies, prepare, run<float>, run<double>};

}  // namespace jconv
