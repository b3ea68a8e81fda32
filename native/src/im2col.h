// im2col with the border resolved per index: the padded input is never materialised.
// Input dilation (inserted zeros) and crops are resolved the same way (sample_index); a
// coordinate without a sample is stored as 0 (kNothing) or the border value (kBorder).
#ifndef JCONV_SRC_IM2COL_H
#define JCONV_SRC_IM2COL_H

#include <cstdint>

#include "geometry.h"

namespace jconv {

// Channels first. x points at the first of channels channels of one image ([channels, in...],
// at most the group's Cg); col receives rows (c, r0, r1, r2) -- the order of the canonical
// kernel, so the kernel is the GEMM's A operand as it stands -- and columns the output pixels
// [p0, p1) (flattened over the output spatial axes): col[row * (p1 - p0) + (p - p0)].
template <class T>
void im2col_cf(const Geometry& g, const T* x, int64_t channels, int64_t p0, int64_t p1, T* col);

// Channels last. x is the whole input [N, in..., C]; col receives one row per pixel q in
// [q0, q1) (flattened over N and the output spatial axes) holding (r0, r1, r2, c) for the
// channels of group gr: col[(q - q0) * k_sp * Cg + tap * Cg + c].
template <class T>
void im2col_cl(const Geometry& g, const T* x, int64_t gr, int64_t q0, int64_t q1, T* col);

// rows rows of width elements, row r at y + r * ld, each set to v[r] (0 when v is null): the
// bias an im2col+gemm block's GEMM then accumulates onto.
void fill_rows(float* y, int64_t rows, int64_t width, int64_t ld, const float* v);
void fill_rows(double* y, int64_t rows, int64_t width, int64_t ld, const double* v);

}  // namespace jconv

#endif
