// The naive oracle: the canonical definition (jconv.h, SEMANTICS.md 1 and 3.1) as literal
// loops over the descriptor's own axes, 64-bit indices, double accumulation. It shares no code
// with the core: border extension is done by repeated folding (the way one extends an array by
// hand), not by the core's closed periodic forms. Input dilation: the input is read as if
// input_dilation - 1 zeros stood between samples; a tap over such an inserted zero (or over an
// empty border) is skipped -- no product -- while a tap over the constant border multiplies
// the border value, as jconv.h defines (a coordinate outside on any axis is border).
#ifndef JCONV_TESTS_REFERENCE_CONV_H
#define JCONV_TESTS_REFERENCE_CONV_H

#include <cmath>
#include <cstdint>
#include <vector>

#include "jconv/jconv.h"

namespace ref {

// Input index of padded coordinate p on an axis of n samples, or -1 for the constant value.
inline int64_t fold(int64_t p, int64_t n, int mode) {
    if (p >= 0 && p < n) return p;
    switch (mode) {
        case JCONV_BORDER_CONSTANT:
            return -1;
        case JCONV_BORDER_EDGE:
            return p < 0 ? 0 : n - 1;
        case JCONV_BORDER_CIRCULAR:
            while (p < 0) p += n;
            while (p >= n) p -= n;
            return p;
        case JCONV_BORDER_SYMMETRIC:  // mirror about -1/2 and n-1/2 until inside
            while (p < 0 || p >= n) p = p < 0 ? -1 - p : 2 * n - 1 - p;
            return p;
        case JCONV_BORDER_REFLECT:  // mirror about 0 and n-1 until inside
            if (n == 1) return 0;
            while (p < 0 || p >= n) p = p < 0 ? -p : 2 * (n - 1) - p;
            return p;
        default:  // constant, empty
            return -1;
    }
}

inline int64_t dilated_size(const jconv_desc& d, int a) { return (d.in_size[a] - 1) * d.input_dilation[a] + 1; }

inline int64_t out_size(const jconv_desc& d, int a) {
    const int64_t padded = dilated_size(d, a) + d.pad_before[a] + d.pad_after[a];
    const int64_t extent = d.dilation[a] * (d.kernel_size[a] - 1) + 1;
    return (padded - extent) / d.stride[a] + 1;
}

struct Result {
    std::vector<double> y;    // in the output layout
    std::vector<double> mag;  // sum |x * w| + |bias| per output: the scale of rounding errors
    int64_t taps = 0;         // products per output
};

// x, w, bias of element type T (float or double); the border value is rounded to T first,
// as the core does.
template <class T>
Result conv(const jconv_desc& d, const T* x, const T* w, const T* bias) {
    const int rank = d.rank;
    const int64_t N = d.batch, C = d.in_channels, O = d.out_channels, G = d.groups;
    const int64_t Cg = C / G, Og = O / G;
    int64_t out[3], in_sp = 1, k_sp = 1, out_sp = 1;
    for (int a = 0; a < rank; ++a) {
        out[a] = out_size(d, a);
        in_sp *= d.in_size[a];
        k_sp *= d.kernel_size[a];
        out_sp *= out[a];
    }
    const bool cl = d.layout == JCONV_CHANNELS_LAST;
    const double bv = static_cast<double>(static_cast<T>(d.border_value));
    Result r;
    r.y.assign(static_cast<size_t>(N * O * out_sp), 0.0);
    r.mag.assign(r.y.size(), 0.0);
    r.taps = Cg * k_sp;
    for (int64_t n = 0; n < N; ++n) {
        for (int64_t o = 0; o < O; ++o) {
            const int64_t g = o / Og;
            for (int64_t op = 0; op < out_sp; ++op) {
                int64_t oi[3];
                int64_t t = op;
                for (int a = rank - 1; a >= 0; --a) {
                    oi[a] = t % out[a];
                    t /= out[a];
                }
                double acc = d.has_bias ? static_cast<double>(bias[o]) : 0.0;
                double mag = std::fabs(acc);
                for (int64_t c = 0; c < Cg; ++c) {
                    const int64_t ci = g * Cg + c;
                    for (int64_t tap = 0; tap < k_sp; ++tap) {
                        int64_t ri[3];
                        int64_t tt = tap;
                        for (int a = rank - 1; a >= 0; --a) {
                            ri[a] = tt % d.kernel_size[a];
                            tt /= d.kernel_size[a];
                        }
                        bool outside = false, inserted = false;
                        int64_t flat = 0;
                        for (int a = 0; a < rank; ++a) {
                            int64_t p = oi[a] * d.stride[a] + ri[a] * d.dilation[a] - d.pad_before[a];
                            int64_t idx;
                            if (p < 0 || p >= dilated_size(d, a)) {
                                // Mirrored, wrapped and repeated borders exist without input
                                // dilation only (the core refuses the rest): fold as before.
                                idx = d.input_dilation[a] == 1 ? fold(p, d.in_size[a], d.border) : -1;
                            } else if (p % d.input_dilation[a] != 0) {
                                inserted = true;
                                idx = 0;
                            } else {
                                idx = p / d.input_dilation[a];
                            }
                            if (idx < 0) outside = true;
                            flat = flat * d.in_size[a] + (idx < 0 ? 0 : idx);
                        }
                        if (outside && d.border == JCONV_BORDER_EMPTY) continue;  // nothing there
                        if (!outside && inserted) continue;                        // nothing there
                        double xv;
                        if (outside) {
                            xv = bv;
                        } else {
                            const int64_t xi = cl ? (n * in_sp + flat) * C + ci : (n * C + ci) * in_sp + flat;
                            xv = static_cast<double>(x[xi]);
                        }
                        const double wv = static_cast<double>(w[(o * Cg + c) * k_sp + tap]);
                        acc += xv * wv;
                        mag += std::fabs(xv * wv);
                    }
                }
                const int64_t yi = cl ? (n * out_sp + op) * O + o : (n * O + o) * out_sp + op;
                r.y[static_cast<size_t>(yi)] = acc;
                r.mag[static_cast<size_t>(yi)] = mag;
            }
        }
    }
    return r;
}

}  // namespace ref

#endif
