#include "im2col.h"

#include <algorithm>
#include <cstring>

#include "border.h"
#include "clones.h"

namespace jconv {
namespace {

// ---- Fast channels-first path: no axis with inserted zeros (input_dilation 1 everywhere).
//
// The pixels of a block are walked one output row at a time with counters (no division per
// row); per row, the outputs whose tap reads inside the input row (the interior, fixed per
// tap r2) are a vector copy at stride 1 or a vector gather at stride 2, and only the few
// edge outputs go through the border mapping. On a 3x3 layer at 14x14 the per-row work of
// the general path (divisions, two sample_index switches, interior_range, a memcpy call)
// cost more than the copy itself.

template <class T>
struct Vec;  // 32 bytes: two SSE registers in the baseline build, one in the AVX2/AVX-512 clones
template <>
struct Vec<float> {
    typedef float type __attribute__((vector_size(32)));
    static constexpr int n = 8;
};
template <>
struct Vec<double> {
    typedef double type __attribute__((vector_size(32)));
    static constexpr int n = 4;
};

// One vector from s to d (no vector crosses a function boundary: that would change the ABI
// of the baseline build).
template <class T>
JCONV_INLINE void vcopy(T* d, const T* s) {
    typename Vec<T>::type v;
    std::memcpy(&v, s, sizeof v);
    std::memcpy(d, &v, sizeof v);
}

// d[k] = s[k] for k < n.
template <class T>
JCONV_INLINE void copy_run(T* __restrict d, const T* __restrict s, int64_t n) {
    constexpr int V = Vec<T>::n;
    if (n >= V) {
        int64_t k = 0;
        for (; k + V <= n; k += V) vcopy(d + k, s + k);
        if (k < n) vcopy(d + n - V, s + n - V);  // the tail as one overlapping vector
        return;
    }
    for (int64_t k = 0; k < n; ++k) d[k] = s[k];
}

// copy_run for runs that may span many rows: memcpy pays off there.
template <class T>
JCONV_INLINE void copy_long(T* __restrict d, const T* __restrict s, int64_t n) {
    if (n >= 256) {
        std::memcpy(d, s, static_cast<size_t>(n) * sizeof(T));
    } else {
        copy_run(d, s, n);
    }
}

// d[k] = s[2k] for k < n: two vectors in, the even lanes out. Reads stay within s[0, 2n-1).
// The last (partial) vector is redone as a whole one ending at d[n-1]: the odd lanes of the
// two vectors starting one element earlier, s + 2(n-V) - 1, so it still reads no further than
// s[2n-2]. (A scalar tail of up to V-1 elements cost about a fifth of the stride-2 im2col of
// r50_conv1, whose rows are 112 outputs long.)
template <class T>
JCONV_INLINE void gather2_run(T* __restrict d, const T* __restrict s, int64_t n) {
    constexpr int V = Vec<T>::n;
    if (n <= V) {
        for (int64_t k = 0; k < n; ++k) d[k] = s[2 * k];
        return;
    }
    int64_t k = 0;
    for (; k + V < n; k += V) {
        typename Vec<T>::type a, b, e;
        std::memcpy(&a, s + 2 * k, sizeof a);
        std::memcpy(&b, s + 2 * k + V, sizeof b);
        if constexpr (V == 8) {
            e = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14);
        } else {
            e = __builtin_shufflevector(a, b, 0, 2, 4, 6);
        }
        std::memcpy(d + k, &e, sizeof e);
    }
    if (k < n) {
        const T* t = s + 2 * (n - V) - 1;  // >= s because n > V
        typename Vec<T>::type a, b, e;
        std::memcpy(&a, t, sizeof a);
        std::memcpy(&b, t + V, sizeof b);
        if constexpr (V == 8) {
            e = __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15);
        } else {
            e = __builtin_shufflevector(a, b, 1, 3, 5, 7);
        }
        std::memcpy(d + n - V, &e, sizeof e);
    }
}

// dst[j - j0] = x~[j*s + off] for the outputs j in [j0, j1) of the innermost axis; [lo, hi)
// is the interior of this tap (interior_range), xrow a whole input row.
template <class T>
JCONV_INLINE void fast_row(const Axis& a, int mode, T bv, const T* xrow, int64_t off, int64_t lo, int64_t hi,
                           int64_t j0, int64_t j1, T* dst) {
    auto edge = [&](int64_t j) {
        const int64_t idx = border_index(j * a.s + off, a.n, mode);
        dst[j - j0] = idx < 0 ? bv : xrow[idx];
    };
    const int64_t ib = std::max(lo, j0), ie = std::min(hi, j1);
    for (int64_t j = j0; j < std::min(lo, j1); ++j) edge(j);
    if (ie > ib) {
        T* d = dst + (ib - j0);
        const T* src = xrow + ib * a.s + off;
        if (a.s == 1) {
            copy_run(d, src, ie - ib);
        } else if (a.s == 2) {
            gather2_run(d, src, ie - ib);
        } else {
            for (int64_t j = 0; j < ie - ib; ++j) d[j] = src[j * a.s];
        }
    }
    for (int64_t j = std::max(hi, j0); j < j1; ++j) edge(j);
}

template <class T>
JCONV_INLINE void im2col_cf_fast(const Geometry& g, const T* x, int64_t channels, int64_t p0, int64_t p1, T* col) {
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int mode = g.border;
    const T bv = static_cast<T>(g.border_value);
    const int64_t width = p1 - p0;
    const int64_t jf = p0 % a2.out, rest = p0 / a2.out;
    const int64_t i1f = rest % a1.out, i0f = rest / a1.out;
    // Stride 1 on the two inner axes and output rows as long as input rows ("same" padding):
    // consecutive output rows whose taps all read inside the input (in y) read consecutive
    // input rows at one offset, so such a run of rows is one copy, after which only the few
    // edge columns of each row are rewritten with their border values.
    const bool bulk = a2.s == 1 && a1.s == 1 && a2.out == a2.n;
    T* dst = col;
    for (int64_t c = 0; c < channels; ++c) {
        const T* xc = x + c * g.in_sp;
        for (int64_t r0 = 0; r0 < a0.k; ++r0) {
            for (int64_t r1 = 0; r1 < a1.k; ++r1) {
                int64_t lo1, hi1;
                interior_range(a1, r1 * a1.d, &lo1, &hi1);
                for (int64_t r2 = 0; r2 < a2.k; ++r2, dst += width) {
                    const int64_t off = r2 * a2.d - a2.pb;
                    int64_t lo, hi;
                    interior_range(a2, r2 * a2.d, &lo, &hi);
                    int64_t i0 = i0f, i1 = i1f, j = jf;
                    int64_t y0 = border_index(i0 * a0.s + r0 * a0.d - a0.pb, a0.n, mode);
                    T* d = dst;
                    for (int64_t left = width; left > 0;) {
                        if (bulk && j == 0 && y0 >= 0 && i1 >= lo1 && hi > lo) {
                            const int64_t n2 = a2.n;
                            const int64_t rows = std::min(hi1 - i1, left / n2);
                            if (rows >= 2) {
                                const T* src = xc + (y0 * a1.n + i1 + r1 * a1.d - a1.pb) * n2 + off;
                                copy_long(d + lo, src + lo, (rows - 1) * n2 + hi - lo);
                                for (int64_t r = 0; r < rows; ++r) {
                                    const T* xrow = src - off + r * n2;
                                    T* dr = d + r * n2;
                                    for (int64_t jj = 0; jj < lo; ++jj) {
                                        const int64_t idx = border_index(jj + off, n2, mode);
                                        dr[jj] = idx < 0 ? bv : xrow[idx];
                                    }
                                    for (int64_t jj = hi; jj < n2; ++jj) {
                                        const int64_t idx = border_index(jj + off, n2, mode);
                                        dr[jj] = idx < 0 ? bv : xrow[idx];
                                    }
                                }
                                d += rows * n2;
                                left -= rows * n2;
                                i1 += rows;
                                if (i1 == a1.out) {
                                    i1 = 0;
                                    ++i0;
                                    y0 = border_index(i0 * a0.s + r0 * a0.d - a0.pb, a0.n, mode);
                                }
                                continue;
                            }
                        }
                        const int64_t len = std::min(left, a2.out - j);
                        const int64_t y1 = border_index(i1 * a1.s + r1 * a1.d - a1.pb, a1.n, mode);
                        if (y0 < 0 || y1 < 0) {
                            for (int64_t k = 0; k < len; ++k) d[k] = bv;
                        } else {
                            fast_row(a2, mode, bv, xc + (y0 * a1.n + y1) * a2.n, off, lo, hi, j, j + len, d);
                        }
                        d += len;
                        left -= len;
                        j = 0;
                        if (++i1 == a1.out) {
                            i1 = 0;
                            ++i0;
                            y0 = border_index(i0 * a0.s + r0 * a0.d - a0.pb, a0.n, mode);
                        }
                    }
                }
            }
        }
    }
}

JCONV_CLONES void im2col_cf_fast_f32(const Geometry& g, const float* x, int64_t channels, int64_t p0, int64_t p1,
                                     float* col) {
    im2col_cf_fast(g, x, channels, p0, p1, col);
}
JCONV_CLONES void im2col_cf_fast_f64(const Geometry& g, const double* x, int64_t channels, int64_t p0, int64_t p1,
                                     double* col) {
    im2col_cf_fast(g, x, channels, p0, p1, col);
}
inline void im2col_cf_fast_any(const Geometry& g, const float* x, int64_t channels, int64_t p0, int64_t p1,
                               float* col) {
    im2col_cf_fast_f32(g, x, channels, p0, p1, col);
}
inline void im2col_cf_fast_any(const Geometry& g, const double* x, int64_t channels, int64_t p0, int64_t p1,
                               double* col) {
    im2col_cf_fast_f64(g, x, channels, p0, p1, col);
}

template <class T>
JCONV_INLINE void fill_rows_impl(T* y, int64_t rows, int64_t width, int64_t ld, const T* v) {
    constexpr int V = Vec<T>::n;
    for (int64_t r = 0; r < rows; ++r) {
        T* d = y + r * ld;
        const T x = v ? v[r] : T(0);
        typename Vec<T>::type vx;
        for (int l = 0; l < V; ++l) vx[l] = x;
        int64_t k = 0;
        for (; k + V <= width; k += V) std::memcpy(d + k, &vx, sizeof vx);
        for (; k < width; ++k) d[k] = x;
    }
}
JCONV_CLONES void fill_rows_f32(float* y, int64_t rows, int64_t width, int64_t ld, const float* v) {
    fill_rows_impl(y, rows, width, ld, v);
}
JCONV_CLONES void fill_rows_f64(double* y, int64_t rows, int64_t width, int64_t ld, const double* v) {
    fill_rows_impl(y, rows, width, ld, v);
}

// ---- General path (any input dilation).

// The value im2col stores for coordinate p of axis a: the sample, the border value, or 0 for
// an inserted zero / empty border (kNothing: no product -- the GEMM callers keep non-finite
// weights away from it, see gemm_general.cc). x is null when another axis is kNothing: then
// only the border still reads a value.
template <class T>
inline T value_at(const Axis& a, int mode, T bv, const T* x, int64_t p) {
    const int64_t idx = sample_index(a, p, mode);
    if (idx == kBorder) return bv;
    return (idx == kNothing || !x) ? T(0) : x[idx];
}

// dst[j - j0] = x~[j*s + off - pb] for outputs j in [j0, j1) of axis a, x one input row
// (null: the row is kNothing on an outer axis).
template <class T>
void gather_row(const Axis& a, int mode, T bv, const T* x, int64_t off, int64_t j0, int64_t j1, T* dst) {
    if (a.id != 1 || !x) {
        for (int64_t j = j0; j < j1; ++j) dst[j - j0] = value_at(a, mode, bv, x, j * a.s + off - a.pb);
        return;
    }
    int64_t lo, hi;
    interior_range(a, off, &lo, &hi);
    lo = std::clamp(lo, j0, j1);
    hi = std::clamp(hi, lo, j1);
    for (int64_t j = j0; j < lo; ++j) {
        const int64_t idx = border_index(j * a.s + off - a.pb, a.n, mode);
        dst[j - j0] = idx < 0 ? bv : x[idx];
    }
    if (a.s == 1) {
        if (hi > lo) std::memcpy(dst + (lo - j0), x + (lo + off - a.pb), static_cast<size_t>(hi - lo) * sizeof(T));
    } else {
        for (int64_t j = lo; j < hi; ++j) dst[j - j0] = x[j * a.s + off - a.pb];
    }
    for (int64_t j = hi; j < j1; ++j) {
        const int64_t idx = border_index(j * a.s + off - a.pb, a.n, mode);
        dst[j - j0] = idx < 0 ? bv : x[idx];
    }
}

// The channels of one pixel: a handful for grouped or RGB inputs, where a call to memcpy
// would cost more than the copy.
template <class T>
inline void copy_channels(T* dst, const T* src, int64_t n) {
    if (n <= 8) {
        for (int64_t c = 0; c < n; ++c) dst[c] = src[c];
    } else {
        std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(T));
    }
}

}  // namespace

template <class T>
void im2col_cf(const Geometry& g, const T* x, int64_t channels, int64_t p0, int64_t p1, T* col) {
    if (!input_dilated(g)) {
        im2col_cf_fast_any(g, x, channels, p0, p1, col);
        return;
    }
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int mode = g.border;
    const T bv = static_cast<T>(g.border_value);
    const int64_t width = p1 - p0;
    int64_t row = 0;
    for (int64_t c = 0; c < channels; ++c) {
        const T* xc = x + c * g.in_sp;
        for (int64_t r0 = 0; r0 < a0.k; ++r0) {
            for (int64_t r1 = 0; r1 < a1.k; ++r1) {
                for (int64_t r2 = 0; r2 < a2.k; ++r2, ++row) {
                    T* dst = col + row * width;
                    // Walk the pixel range one output row (fixed i0, i1) at a time.
                    for (int64_t p = p0; p < p1;) {
                        const int64_t j0 = p % a2.out;
                        const int64_t rest = p / a2.out;
                        const int64_t i1 = rest % a1.out, i0 = rest / a1.out;
                        const int64_t len = std::min(p1 - p, a2.out - j0);
                        const int64_t y0 = sample_index(a0, i0 * a0.s + r0 * a0.d - a0.pb, mode);
                        const int64_t y1 = sample_index(a1, i1 * a1.s + r1 * a1.d - a1.pb, mode);
                        T* d = dst + (p - p0);
                        if (y0 == kBorder || y1 == kBorder) {
                            std::fill(d, d + len, bv);
                        } else {
                            const T* xrow = (y0 < 0 || y1 < 0) ? nullptr : xc + (y0 * a1.n + y1) * a2.n;
                            gather_row(a2, mode, bv, xrow, r2 * a2.d, j0, j0 + len, d);
                        }
                        p += len;
                    }
                }
            }
        }
    }
}

template <class T>
void im2col_cl(const Geometry& g, const T* x, int64_t gr, int64_t q0, int64_t q1, T* col) {
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int mode = g.border;
    const T bv = static_cast<T>(g.border_value);
    const int64_t Cg = g.Cg, C = g.C;
    const int64_t K = g.k_sp * Cg;
    for (int64_t q = q0; q < q1;) {
        const int64_t j0 = q % a2.out;
        int64_t rest = q / a2.out;
        const int64_t i1 = rest % a1.out;
        rest /= a1.out;
        const int64_t i0 = rest % a0.out, n = rest / a0.out;
        const int64_t len = std::min(q1 - q, a2.out - j0);
        T* base = col + (q - q0) * K;
        for (int64_t r0 = 0; r0 < a0.k; ++r0) {
            const int64_t y0 = sample_index(a0, i0 * a0.s + r0 * a0.d - a0.pb, mode);
            for (int64_t r1 = 0; r1 < a1.k; ++r1) {
                const int64_t y1 = sample_index(a1, i1 * a1.s + r1 * a1.d - a1.pb, mode);
                const bool border = y0 == kBorder || y1 == kBorder;
                const T* xrow =
                    (y0 < 0 || y1 < 0) ? nullptr : x + ((n * a0.n + y0) * a1.n + y1) * a2.n * C + gr * Cg;
                const int64_t tap0 = (r0 * a1.k + r1) * a2.k;
                for (int64_t r2 = 0; r2 < a2.k; ++r2) {
                    T* d = base + (tap0 + r2) * Cg;
                    const int64_t off = r2 * a2.d;
                    if (border) {
                        for (int64_t j = 0; j < len; ++j) std::fill(d + j * K, d + j * K + Cg, bv);
                        continue;
                    }
                    if (!xrow || a2.id != 1) {
                        // An input-dilated inner axis, or a row of inserted zeros on an outer axis.
                        for (int64_t j = j0; j < j0 + len; ++j) {
                            T* dj = d + (j - j0) * K;
                            const int64_t y2 = sample_index(a2, j * a2.s + off - a2.pb, mode);
                            if (y2 >= 0 && xrow) {
                                copy_channels(dj, xrow + y2 * C, Cg);
                            } else {
                                std::fill(dj, dj + Cg, y2 == kBorder ? bv : T(0));
                            }
                        }
                        continue;
                    }
                    int64_t lo, hi;
                    interior_range(a2, off, &lo, &hi);
                    lo = std::clamp(lo, j0, j0 + len);
                    hi = std::clamp(hi, lo, j0 + len);
                    auto edge = [&](int64_t j) {
                        T* dj = d + (j - j0) * K;
                        const int64_t y2 = border_index(j * a2.s + off - a2.pb, a2.n, mode);
                        if (y2 < 0) {
                            std::fill(dj, dj + Cg, bv);
                        } else {
                            copy_channels(dj, xrow + y2 * C, Cg);
                        }
                    };
                    for (int64_t j = j0; j < lo; ++j) edge(j);
                    const T* src = xrow + (lo * a2.s + off - a2.pb) * C;
                    for (int64_t j = lo; j < hi; ++j, src += a2.s * C) copy_channels(d + (j - j0) * K, src, Cg);
                    for (int64_t j = hi; j < j0 + len; ++j) edge(j);
                }
            }
        }
        q += len;
    }
}

void fill_rows(float* y, int64_t rows, int64_t width, int64_t ld, const float* v) { fill_rows_f32(y, rows, width, ld, v); }
void fill_rows(double* y, int64_t rows, int64_t width, int64_t ld, const double* v) {
    fill_rows_f64(y, rows, width, ld, v);
}

template void im2col_cf<float>(const Geometry&, const float*, int64_t, int64_t, int64_t, float*);
template void im2col_cf<double>(const Geometry&, const double*, int64_t, int64_t, int64_t, double*);
template void im2col_cl<float>(const Geometry&, const float*, int64_t, int64_t, int64_t, float*);
template void im2col_cl<double>(const Geometry&, const double*, int64_t, int64_t, int64_t, double*);

}  // namespace jconv
