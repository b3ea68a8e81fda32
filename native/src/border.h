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
// samples, or -1 where the constant (or empty) border applies.
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
// i*s + r*d - pb of the input of n samples dilated by id (s-1 zeros between samples, never
// materialised: sample m sits at coordinate m*id, the dilated length is (n-1)*id + 1).
// pb < 0 is a crop (constant and empty borders only). id == 1 for ordinary convolutions.
struct Axis {
    int64_t n, k, pb, s, d, out;
    int64_t id = 1;

    int64_t dilated_length() const { return (n - 1) * id + 1; }  // validated not to overflow
};

// What sample_index returns for a coordinate that holds no input sample.
constexpr int64_t kBorder = -1;   // outside the (dilated) input: the constant border value
constexpr int64_t kNothing = -2;  // an inserted zero, or outside under JCONV_BORDER_EMPTY

// Input index of padded coordinate p on axis a, or kBorder / kNothing. Where a value is
// needed, kBorder reads the border value and kNothing reads 0; but only kBorder and real
// samples are products in the canonical definition (jconv.h): a kNothing tap adds nothing,
// not 0 * w, so a NaN or Inf weight over it changes nothing.
inline int64_t sample_index(const Axis& a, int64_t p, int mode) {
    if (a.id == 1) {
        const int64_t idx = border_index(p, a.n, mode);
        return idx >= 0 ? idx : mode == JCONV_BORDER_EMPTY ? kNothing : kBorder;
    }
    if (p < 0 || p >= a.dilated_length()) return mode == JCONV_BORDER_EMPTY ? kNothing : kBorder;
    return p % a.id == 0 ? p / a.id : kNothing;
}

// Outputs [lo, hi) of an axis whose tap with offset off = r*d reads inside the input, i.e.
// 0 <= i*s + off - pb < n. Everything else in [0, out) reads the border. lo <= hi always,
// so [0, lo) and [hi, out) are exactly the border outputs even when the interior is empty.
// Only for id == 1 (an input-dilated axis has inserted zeros inside).
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
