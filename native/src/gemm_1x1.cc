// "gemm-1x1": a 1x1 kernel at stride 1 without pads reads every input pixel once, in order,
// so im2col would be the identity: the input itself is the GEMM operand.
#include <algorithm>

#include "gemm_blas.h"
#include "im2col.h"
#include "plan.h"
#include "pool.h"

namespace jconv {
namespace {

bool applies(const Geometry& g) {
    for (const Axis& a : g.ax) {
        // out == n with k == 1, s == 1 and pb == 0 means pad_after == 0 too.
        // (A dilated input could still give out == n through a crop at the end.)
        if (a.k != 1 || a.s != 1 || a.pb != 0 || a.out != a.n || a.id != 1) return false;
    }
    return true;
}

int prepare(Plan& plan, const void* kernel) {
    plan.workspace = 0;
    return plan.g.layout == JCONV_CHANNELS_FIRST ? prepare_copy_kernel(plan, kernel)
                                                 : prepare_kernel_tap_major(plan, kernel);
}

// Parts as in im2col+gemm (gemm_general.cc): the pixel columns of all GEMMs in plan_threads
// contiguous ranges, each part a bias fill and one-thread GEMMs on its columns, given to the
// team when the run is alone and done in turn otherwise; one part: OpenBLAS's threads.
template <class T>
void run(const Plan& plan, const T* in, T* out, void*, bool alone) {
    const Geometry& g = plan.g;
    const int64_t sp = g.out_sp;
    const T* w = plan.w<T>();
    const T* b = plan.b<T>();
    const bool cf = g.layout == JCONV_CHANNELS_FIRST;
    const int64_t per = cf ? sp : g.N * sp;
    const int64_t total = cf ? g.N * g.G * per : per;
    const double work = static_cast<double>(g.out_elems) * static_cast<double>(g.Cg);
    int parts = std::min(plan_threads(g), team_parts(g, true, work));
    parts = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(parts, total)));
    auto part = [&](int i) {
        const int64_t c0 = split_point(total, parts, i), c1 = split_point(total, parts, i + 1);
        if (cf) {
            // out[n, g][Og, p0:p1] = W_g[Og, Cg] x in[n, g][Cg, p0:p1], per (image, group) run.
            for (int64_t c = c0; c < c1;) {
                const int64_t p0 = c % per, p1 = std::min(per, p0 + (c1 - c));
                const int64_t n = c / per / g.G, gr = c / per % g.G;
                T* y = out + (n * g.O + gr * g.Og) * sp;
                fill_rows(y + p0, g.Og, p1 - p0, sp, b ? b + gr * g.Og : nullptr);
                gemm_acc(g.Og, p1 - p0, g.Cg, w + gr * g.Og * g.Cg, g.Cg, in + (n * g.C + gr * g.Cg) * sp + p0, sp,
                         y + p0, sp);
                c += p1 - p0;
            }
        } else {
            // out[pixels, g][., Og] (ldc O) = in[pixels, g][., Cg] (lda C) x Wt_g[Cg, Og]
            for (int64_t q = c0; q < c1; ++q) {
                if (b) {
                    std::copy(b, b + g.O, out + q * g.O);
                } else {
                    fill_rows(out + q * g.O, 1, g.O, 0, b);
                }
            }
            for (int64_t gr = 0; gr < g.G; ++gr) {
                gemm_acc(c1 - c0, g.Og, g.Cg, in + c0 * g.C + gr * g.Cg, g.C, w + gr * g.Cg * g.Og, g.Og,
                         out + c0 * g.O + gr * g.Og, g.O);
            }
        }
    };
    run_gemm_parts(parts, g.threads, alone, part);
}

}  // namespace

const Algorithm kGemm1x1 = {"gemm-1x1", applies, prepare, run<float>, run<double>};

}  // namespace jconv
