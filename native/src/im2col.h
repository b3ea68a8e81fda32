// im2col with the border resolved per index: the padded input is never materialised.
// Input dilation (inserted zeros) and crops are resolved the same way (sample_index); a
// coordinate without a sample is stored as 0 (kNothing) or the border value (kBorder).
#ifndef JCONV_SRC_IM2COL_H
#define JCONV_SRC_IM2COL_H

#include <cstdint>

#include "geometry.h"

namespace jconv {

// Channels first. x points at channel 0 of the group in one image ([Cg, in...]);
// col receives rows (c, r0, r1, r2) -- the order of the canonical kernel, so the kernel is
// the GEMM's A operand as it stands -- and columns the output pixels [p0, p1) (flattened over
// the output spatial axes): col[row * (p1 - p0) + (p - p0)].
template <class T>
void im2col_cf(const Geometry& g, const T* x, int64_t p0, int64_t p1, T* col);

// Channels last. x is the whole input [N, in..., C]; col receives one row per pixel q in
// [q0, q1) (flattened over N and the output spatial axes) holding (r0, r1, r2, c) for the
// channels of group gr: col[(q - q0) * k_sp * Cg + tap * Cg + c].
template <class T>
void im2col_cl(const Geometry& g, const T* x, int64_t gr, int64_t q0, int64_t q1, T* col);

}  // namespace jconv

#endif
