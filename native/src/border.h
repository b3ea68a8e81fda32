// Index mapping of the border modes (SEMANTICS.md 1.2), for pads of any width.
//
// The input is never copied into a padded buffer: every consumer asks, per axis, which input
// sample (if any) sits at a padded coordinate. numpy.pad extends wide pads iteratively, which
// amounts to these closed forms (checked against numpy in test_border):
//   symmetric  period 2n, mirror about -1/2 and n-1/2
//   reflect    period 2(n-1), mirror about 0 and n-1 (n == 1: the single sample)
//   circular   period n
//   edge       clamp
#ifndef JCONV_SRC_BORDER_H
#define JCONV_SRC_BORDER_H

#include <cstdint>

#include "jconv/jconv.h"

namespace jconv {

// Floor/ceil division for b > 0; a may be negative. Operands stay far from INT64 limits
// because validation bounds every padded extent.
inline int64_t floor_div(int64_t a, int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}
inline int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

inline int64_t pos_mod(int64_t a, int64_t m) {
    int64_t r = a % m;
    return r < 0 ? r + m : r;
}

// Input index of padded coordinate p (p = 0 is the first input sample) on an axis of n
// samples, or -1 where the constant border value applies.
inline int64_t border_index(int64_t p, int64_t n, int mode) {
    if (p >= 0 && p < n) return p;
    switch (mode) {
        case JCONV_BORDER_EDGE:
            return p < 0 ? 0 : n - 1;
        case JCONV_BORDER_CIRCULAR:
            return pos_mod(p, n);
        case JCONV_BORDER_SYMMETRIC: {
            int64_t m = pos_mod(p, 2 * n);
            return m < n ? m : 2 * n - 1 - m;
        }
        case JCONV_BORDER_REFLECT: {
            if (n == 1) return 0;
            int64_t m = pos_mod(p, 2 * n - 2);
            return m < n ? m : 2 * n - 2 - m;
        }
        default:
            return -1;
    }
}

// One spatial axis of a convolution: output i, tap r reads padded coordinate
// i*s + r*d - pb of an input of n samples.
struct Axis {
    int64_t n, k, pb, s, d, out;
};

// Outputs [lo, hi) of an axis whose tap with offset off = r*d reads inside the input, i.e.
// 0 <= i*s + off - pb < n. Everything else in [0, out) reads the border. lo <= hi always,
// so [0, lo) and [hi, out) are exactly the border outputs even when the interior is empty.
inline void interior_range(const Axis& a, int64_t off, int64_t* lo, int64_t* hi) {
    int64_t l = ceil_div(a.pb - off, a.s);
    int64_t h = floor_div(a.n - 1 + a.pb - off, a.s) + 1;
    if (l < 0) l = 0;
    if (l > a.out) l = a.out;
    if (h > a.out) h = a.out;
    if (h < l) h = l;
    *lo = l;
    *hi = h;
}

}  // namespace jconv

#endif
