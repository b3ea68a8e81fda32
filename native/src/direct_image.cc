// "direct-image": one input and one output channel (the scipy.signal image case, any batch,
// any rank). With C = O = 1 the GEMM degenerates to a matrix-vector product over an im2col
// copy taps times the image size, so a direct loop is faster at every kernel size and needs
// no workspace. Channels first and last are the same memory here.
#include "direct_rows.h"

namespace jconv {
namespace {

// No input dilation (crops and every border, the empty one included, are fine): a
// transposed convolution goes to gemm+col2im.
bool applies(const Geometry& g) { return g.C == 1 && g.O == 1 && !input_dilated(g); }

int prepare(Plan& plan, const void* kernel) {
    plan.workspace = 0;
    return prepare_copy_kernel(plan, kernel);
}

template <class T>
void run(const Plan& plan, const T* in, T* out, void*, bool alone) {
    direct_rows_cf_team(plan, in, out, 1, alone);
}

}  // namespace

const Algorithm kDirectImage = {"direct-image", applies, prepare, run<float>, run<double>};

}  // namespace jconv
