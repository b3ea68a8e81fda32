// Vector loops of the direct algorithms. Each is compiled for several x86-64 levels
// (target_clones) and the best one for the running CPU is bound at load time, so the library
// stays runnable on any x86-64 while using AVX2/AVX-512 where present.
#ifndef JCONV_SRC_DIRECT_KERNELS_H
#define JCONV_SRC_DIRECT_KERNELS_H

#include <cstdint>

#include "border.h"

namespace jconv {

// Rows handed to one correlate_rows call at most (the caller splits taller kernels).
constexpr int kMaxRows = 16;

// The innermost axis of a single-channel correlation, with the outputs [lo, hi) whose whole
// window lies inside the input row precomputed (they depend on the shape only).
struct RowAxis {
    Axis a;
    int64_t lo, hi;
};
RowAxis row_axis(const Axis& a);

// out[i] = start + sum_{j<nrows} sum_{r<k} w[j][r] * x~_j[i*s + r*d - pb] for i in [0, a.out):
// one output row of a single-channel correlation, summed over nrows input rows x[j] (each a
// full input row along the axis, never null) with their kernel rows w[j] (a.k taps).
// start is *init when init is not null (out is then only written), else out[i] (accumulate).
// Interior outputs run in register blocks without checks, edge outputs through the border
// mapping.
void correlate_rows(const RowAxis& ra, int mode, float bv, const float* const* x, const float* const* w, int nrows,
                    float* out, const float* init);
void correlate_rows(const RowAxis& ra, int mode, double bv, const double* const* x, const double* const* w,
                    int nrows, double* out, const double* init);

// Depthwise, channels last, for npix output pixels of one tap:
// out[j*O + c*M + m] += w[c*M + m] * x[j*xstep + c] (O = C*M).
void depthwise_pixels(float* out, int64_t npix, const float* x, int64_t xstep, const float* w, int64_t C,
                      int64_t M);
void depthwise_pixels(double* out, int64_t npix, const double* x, int64_t xstep, const double* w, int64_t C,
                      int64_t M);

// out[j*O + o] += w[o] * bv for npix pixels: a tap over the constant border.
void depthwise_border(float* out, int64_t npix, int64_t O, const float* w, float bv);
void depthwise_border(double* out, int64_t npix, int64_t O, const double* w, double bv);

}  // namespace jconv

#endif
