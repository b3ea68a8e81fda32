// Direct convolution of single-channel planes, one output row at a time (channels first):
// shared by "direct-image" (C = O = 1) and "depthwise-direct" (one input channel per output).
#ifndef JCONV_SRC_DIRECT_ROWS_H
#define JCONV_SRC_DIRECT_ROWS_H

#include <algorithm>

#include "direct_kernels.h"
#include "plan.h"
#include "pool.h"

namespace jconv {

// Output channel o of image n reads input channel o / M and kernel plane o ([O, 1, taps]).
// Border rows are mapped once per output row; all kernel rows of an output row go to the row
// kernel together, so its register blocks accumulate every tap before storing. Kernel rows
// entirely over a constant border add the same sum of w * bv to the whole output row (still
// a product per tap: a NaN weight must poison the row); over an empty border, nothing.
// Computes the output rows [r0, r1) of the flat list (n, o, i0, i1): every row is independent,
// so a team splits the list and each output gets the same sums in the same order.
template <class T>
void direct_rows_cf(const Plan& plan, const T* in, T* out, int64_t M, int64_t row_begin, int64_t row_end) {
    const Geometry& g = plan.g;
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int mode = g.border;
    const T bv = static_cast<T>(g.border_value);
    const T* w = plan.w<T>();
    const T* b = plan.b<T>();
    const RowAxis ra = row_axis(a2);
    const T* xr[kMaxRows];
    const T* wr[kMaxRows];
    if (row_begin >= row_end) return;
    // Counters of the first row; then advanced row by row (no division per row). Output rows
    // are contiguous: row r starts at out + r * a2.out.
    int64_t i1 = 0, i0 = 0, o = 0, n = 0;
    if (row_begin > 0) {
        i1 = row_begin % a1.out;
        const int64_t rest = row_begin / a1.out;
        i0 = rest % a0.out;
        o = rest / a0.out % g.O;
        n = rest / a0.out / g.O;
    }
    const T* x = in + (n * g.C + o / M) * g.in_sp;
    const T* wo = w + o * g.k_sp;
    T bias = b ? b[o] : T(0);
    T* yrow = out + row_begin * a2.out;
    for (int64_t row = row_begin; row < row_end; ++row, yrow += a2.out) {
        T border_sum = T(0);
        int rows = 0;
        bool started = false;
        // The first rows start the output row from the bias (one write, no separate fill
        // pass); later ones accumulate.
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
        if (++i1 == a1.out) {
            i1 = 0;
            if (++i0 == a0.out) {
                i0 = 0;
                if (++o == g.O) {
                    o = 0;
                    ++n;
                }
                if (row + 1 < row_end) {
                    x = in + (n * g.C + o / M) * g.in_sp;
                    wo = w + o * g.k_sp;
                    bias = b ? b[o] : T(0);
                }
            }
        }
    }
}

// All output rows, split over the run's team when the work pays for it.
template <class T>
void direct_rows_cf_team(const Plan& plan, const T* in, T* out, int64_t M, bool alone) {
    const Geometry& g = plan.g;
    const int64_t rows = g.N * g.O * g.ax[0].out * g.ax[1].out;
    const int parts = static_cast<int>(std::min<int64_t>(
        rows, team_parts(g, alone, static_cast<double>(g.out_elems) * static_cast<double>(g.k_sp))));
    auto part = [&](int i) {
        direct_rows_cf(plan, in, out, M, split_point(rows, parts, i), split_point(rows, parts, i + 1));
    };
    team_for(parts, part);
}

}  // namespace jconv

#endif
