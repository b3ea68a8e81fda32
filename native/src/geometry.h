// The validated, normalised shape of one convolution.
//
// Every rank is lifted to three spatial axes by prepending unit axes (size 1, kernel 1,
// no pads), so one rank-generic code path serves 1-D, 2-D and 3-D: a unit axis costs a loop
// of one iteration. Axis 2 is always the innermost (W).
#ifndef JCONV_SRC_GEOMETRY_H
#define JCONV_SRC_GEOMETRY_H

#include <cstdint>

#include "border.h"
#include "jconv/jconv.h"

namespace jconv {

constexpr int kAxes = 3;

struct Geometry {
    int rank;
    int dtype;
    int layout;
    int border;
    double border_value;
    int64_t N, C, O, G, Cg, Og;
    Axis ax[kAxes];
    int64_t in_sp, k_sp, out_sp;  // products over the spatial axes
    int64_t in_elems, kernel_elems, out_elems, bias_elems;
    int64_t elem_bytes;
    bool has_bias;
    int threads;
};

// Overflow-checked int64 arithmetic: false when the result does not fit.
inline bool mul_ok(int64_t a, int64_t b, int64_t* r) { return !__builtin_mul_overflow(a, b, r); }
inline bool add_ok(int64_t a, int64_t b, int64_t* r) { return !__builtin_add_overflow(a, b, r); }

// Validates desc and fills g. Returns JCONV_OK, or the status jconv_desc_validate documents.
// Every coordinate an algorithm computes on an axis (i*s + r*d - pb, and the bounds derived
// from it) lies within +-(L + |pb| + |pa| + dk), which validation keeps inside int64.
// For JCONV_BORDER_EMPTY, g.border_value is 0: the value its taps read where a value is
// needed (an im2col buffer), never a product (see sample_index).
int build_geometry(const jconv_desc* desc, Geometry* g);

// True when some tap may read a coordinate without a sample that is not a product
// (kNothing: an inserted zero or an empty border). Algorithms that multiply such zeros
// (im2col + GEMM) must then keep non-finite weights away from them.
bool has_holes(const Geometry& g);

// True when some axis has input_dilation > 1.
bool input_dilated(const Geometry& g);

// Output size of one descriptor axis (on the input dilated by input_dilation), or -1.
int64_t axis_output_size(const jconv_desc* desc, int axis);

}  // namespace jconv

#endif
