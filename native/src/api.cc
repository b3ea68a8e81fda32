// The small exported helpers: defaults, sizes, status text, BLAS diagnostics.
#include <cstring>

#include "gemm_blas.h"
#include "geometry.h"

namespace {

// Counts are reported for valid descriptors, including valid-but-unsupported ones (the
// caller may want to size buffers before learning that this core cannot run them).
bool counts(const jconv_desc* desc, jconv::Geometry* g) {
    const int st = jconv::build_geometry(desc, g);
    return st == JCONV_OK || st == JCONV_ERR_UNSUPPORTED;
}

}  // namespace

extern "C" {

void jconv_desc_init(jconv_desc* d) {
    if (!d) return;
    std::memset(d, 0, sizeof(*d));
    d->rank = 2;
    d->dtype = JCONV_F32;
    d->layout = JCONV_CHANNELS_FIRST;
    d->border = JCONV_BORDER_CONSTANT;
    d->border_value = 0.0;
    d->batch = 1;
    d->in_channels = 1;
    d->out_channels = 1;
    d->groups = 1;
    for (int i = 0; i < JCONV_MAX_RANK; ++i) {
        d->in_size[i] = 1;
        d->kernel_size[i] = 1;
        d->pad_before[i] = 0;
        d->pad_after[i] = 0;
        d->stride[i] = 1;
        d->dilation[i] = 1;
        d->input_dilation[i] = 1;
    }
    d->has_bias = 0;
    d->num_threads = 0;
}

int64_t jconv_output_size(const jconv_desc* desc, int32_t axis) { return jconv::axis_output_size(desc, axis); }

int jconv_desc_validate(const jconv_desc* desc) {
    jconv::Geometry g;
    return jconv::build_geometry(desc, &g);
}

int64_t jconv_input_elements(const jconv_desc* desc) {
    jconv::Geometry g;
    return counts(desc, &g) ? g.in_elems : 0;
}

int64_t jconv_kernel_elements(const jconv_desc* desc) {
    jconv::Geometry g;
    return counts(desc, &g) ? g.kernel_elems : 0;
}

int64_t jconv_output_elements(const jconv_desc* desc) {
    jconv::Geometry g;
    return counts(desc, &g) ? g.out_elems : 0;
}

const char* jconv_status_string(int status) {
    switch (status) {
        case JCONV_OK: return "ok";
        case JCONV_ERR_NULL: return "a required pointer was NULL";
        case JCONV_ERR_INVALID: return "a descriptor field is out of range or inconsistent";
        case JCONV_ERR_OVERFLOW: return "a size does not fit in 64-bit / addressable memory";
        case JCONV_ERR_UNSUPPORTED: return "valid, but not implemented by this core";
        case JCONV_ERR_NOMEM: return "allocation failed at plan creation";
        case JCONV_ERR_WORKSPACE: return "workspace too small for this plan";
        case JCONV_ERR_DTYPE: return "the run's element type differs from the plan's";
        default: return "unknown status";
    }
}

const char* jconv_blas_config(void) { return jconv::blas_config(); }
const char* jconv_blas_corename(void) { return jconv::blas_corename(); }
int jconv_blas_num_threads(void) { return jconv::blas_num_threads(); }
void jconv_blas_set_num_threads(int n) { jconv::blas_set_num_threads(n); }

}  // extern "C"
