// Direct convolution of single-channel planes, one output row at a time (channels first):
// shared by "direct-image" (C = O = 1) and "depthwise-direct" (one input channel per output).
#ifndef JCONV_SRC_DIRECT_ROWS_H
#define JCONV_SRC_DIRECT_ROWS_H

#include <algorithm>

#include "direct_kernels.h"
#include "plan.h"

namespace jconv {

// Output channel o of image n reads input channel o / M and kernel plane o ([O, 1, taps]).
// Border rows are mapped once per output row; all kernel rows of an output row go to the row
// kernel together, so its register blocks accumulate every tap before storing. Kernel rows
// entirely over a constant border add the same sum of w * bv to the whole output row (still
// a product per tap: a NaN weight must poison the row); over an empty border, nothing.
template <class T>
void direct_rows_cf(const Plan& plan, const T* in, T* out, int64_t M) {
    const Geometry& g = plan.g;
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int mode = g.border;
    const T bv = static_cast<T>(g.border_value);
    const T* w = plan.w<T>();
    const T* b = plan.b<T>();
    const RowAxis ra = row_axis(a2);
    const T* xr[kMaxRows];
    const T* wr[kMaxRows];
    for (int64_t n = 0; n < g.N; ++n) {
        for (int64_t o = 0; o < g.O; ++o) {
            const T* x = in + (n * g.C + o / M) * g.in_sp;
            T* y = out + (n * g.O + o) * g.out_sp;
            const T* wo = w + o * g.k_sp;
            const T bias = b ? b[o] : T(0);
            for (int64_t i0 = 0; i0 < a0.out; ++i0) {
                for (int64_t i1 = 0; i1 < a1.out; ++i1) {
                    T* yrow = y + (i0 * a1.out + i1) * a2.out;
                    T border_sum = T(0);
                    int rows = 0;
                    bool started = false;
                    // The first rows start the output row from the bias (one write, no
                    // separate fill pass); later ones accumulate.
                    auto flush = [&] {
                        if (rows) {
                            correlate_rows(ra, mode, bv, xr, wr, rows, yrow, started ? nullptr : &bias);
                        } else if (!started) {
                            std::fill(yrow, yrow + a2.out, bias);
                        }
                        started = true;
                        rows = 0;
                    };
                    for (int64_t r0 = 0; r0 < a0.k; ++r0) {
                        const int64_t y0 = border_index(i0 * a0.s + r0 * a0.d - a0.pb, a0.n, mode);
                        for (int64_t r1 = 0; r1 < a1.k; ++r1) {
                            const int64_t y1 = border_index(i1 * a1.s + r1 * a1.d - a1.pb, a1.n, mode);
                            const T* wk = wo + (r0 * a1.k + r1) * a2.k;
                            if (y0 < 0 || y1 < 0) {
                                if (mode == JCONV_BORDER_EMPTY) continue;  // nothing there, no product
                                for (int64_t r2 = 0; r2 < a2.k; ++r2) border_sum += wk[r2] * bv;
                                continue;
                            }
                            xr[rows] = x + (y0 * a1.n + y1) * a2.n;
                            wr[rows] = wk;
                            if (++rows == kMaxRows) flush();
                        }
                    }
                    flush();
                    if (border_sum != T(0) || border_sum != border_sum) {
                        for (int64_t i = 0; i < a2.out; ++i) yrow[i] += border_sum;
                    }
                }
            }
        }
    }
}

}  // namespace jconv

#endif
