// "gemm-1x1": a 1x1 kernel at stride 1 without pads reads every input pixel once, in order,
// so im2col would be the identity: the input itself is the GEMM operand.
#include "gemm_blas.h"
#include "plan.h"

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

template <class T>
void run(const Plan& plan, const T* in, T* out, void*) {
    const Geometry& g = plan.g;
    const int64_t sp = g.out_sp;
    const T* w = plan.w<T>();
    fill_bias(plan, out);
    BlasThreads threads(g.threads);
    if (g.layout == JCONV_CHANNELS_FIRST) {
        // out[n, g][Og, sp] = W_g[Og, Cg] x in[n, g][Cg, sp]
        for (int64_t n = 0; n < g.N; ++n) {
            for (int64_t gr = 0; gr < g.G; ++gr) {
                gemm_acc(g.Og, sp, g.Cg, w + gr * g.Og * g.Cg, g.Cg, in + (n * g.C + gr * g.Cg) * sp, sp,
                         out + (n * g.O + gr * g.Og) * sp, sp);
            }
        }
    } else {
        // out[all pixels, g][., Og] (ldc O) = in[all pixels, g][., Cg] (lda C) x Wt_g[Cg, Og]
        for (int64_t gr = 0; gr < g.G; ++gr) {
            gemm_acc(g.N * sp, g.Og, g.Cg, in + gr * g.Cg, g.C, w + gr * g.Cg * g.Og, g.Og, out + gr * g.Og, g.O);
        }
    }
}

}  // namespace

const Algorithm kGemm1x1 = {"gemm-1x1", applies, prepare, run<float>, run<double>};

}  // namespace jconv
