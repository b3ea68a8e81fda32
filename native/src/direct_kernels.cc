#include "direct_kernels.h"

#include <algorithm>

#include "clones.h"

namespace jconv {
namespace {

// Stride-1 interior: out[i] = start_i + sum_j sum_r w[j][r] * x[j][i + r*d], every read in
// bounds, where start_i is out[i] (Init false) or init (Init true: the first rows of an output
// row start from the bias, so out is written once and never read -- no separate fill pass).
// B outputs stay in registers across all rows and taps (one load of x and one FMA per tap and
// lane, no load/store of out in between); B is a constant so the lane loop becomes whole
// vectors. Returns the first output not done.
template <class T, int B, bool Init>
JCONV_INLINE int64_t corr_blocks(T* out, int64_t i, int64_t len, const T* const* x, const T* const* w, int nrows,
                                 int64_t k, int64_t d, T init) {
    for (; i + B <= len; i += B) {
        T acc[B];
        for (int l = 0; l < B; ++l) acc[l] = Init ? init : out[i + l];
        for (int j = 0; j < nrows; ++j) {
            const T* xj = x[j] + i;
            const T* wj = w[j];
            for (int64_t r = 0; r < k; ++r) {
                const T wr = wj[r];
                const T* xp = xj + r * d;
                for (int l = 0; l < B; ++l) acc[l] += wr * xp[l];
            }
        }
        for (int l = 0; l < B; ++l) out[i + l] = acc[l];
    }
    return i;
}

// corr_blocks with the kernel width K known at compile time: the tap loop unrolls fully, so
// each kernel row costs K broadcasts and K*B/lanes FMAs with no loop control (for k = 3 the
// generic loop spent about a third of its time on that).
template <class T, int B, bool Init, int K>
JCONV_INLINE int64_t corr_blocks_k(T* out, int64_t i, int64_t len, const T* const* x, const T* const* w, int nrows,
                                   int64_t d, T init) {
    for (; i + B <= len; i += B) {
        T acc[B];
        for (int l = 0; l < B; ++l) acc[l] = Init ? init : out[i + l];
        for (int j = 0; j < nrows; ++j) {
            const T* xj = x[j] + i;
            const T* wj = w[j];
            for (int r = 0; r < K; ++r) {
                const T wr = wj[r];
                const T* xp = xj + r * d;
                for (int l = 0; l < B; ++l) acc[l] += wr * xp[l];
            }
        }
        for (int l = 0; l < B; ++l) out[i + l] = acc[l];
    }
    return i;
}

// The widest blocks, with the common odd kernel widths unrolled.
template <class T, int B, bool Init>
JCONV_INLINE int64_t corr_wide(T* out, int64_t len, const T* const* x, const T* const* w, int nrows, int64_t k,
                               int64_t d, T init) {
    switch (k) {
        case 3: return corr_blocks_k<T, B, Init, 3>(out, 0, len, x, w, nrows, d, init);
        case 5: return corr_blocks_k<T, B, Init, 5>(out, 0, len, x, w, nrows, d, init);
        case 7: return corr_blocks_k<T, B, Init, 7>(out, 0, len, x, w, nrows, d, init);
        default: return corr_blocks<T, B, Init>(out, 0, len, x, w, nrows, k, d, init);
    }
}

// Narrow rows (depthwise layers are often 7..56 wide) fall through to smaller blocks
// before the scalar tail.
template <class T, int B, bool Init>
JCONV_INLINE void corr_s1(T* out, int64_t len, const T* const* x, const T* const* w, int nrows, int64_t k,
                          int64_t d, T init) {
    int64_t i = corr_wide<T, B, Init>(out, len, x, w, nrows, k, d, init);
    i = corr_blocks<T, B / 4, Init>(out, i, len, x, w, nrows, k, d, init);
    i = corr_blocks<T, B / 8, Init>(out, i, len, x, w, nrows, k, d, init);
    i = corr_blocks<T, B / 16, Init>(out, i, len, x, w, nrows, k, d, init);
    for (; i < len; ++i) {
        T acc = Init ? init : out[i];
        for (int j = 0; j < nrows; ++j)
            for (int64_t r = 0; r < k; ++r) acc += w[j][r] * x[j][i + r * d];
        out[i] = acc;
    }
}

template <class T>
JCONV_INLINE void corr_strided(T* out, int64_t len, const T* const* x, int64_t s, const T* const* w, int nrows,
                               int64_t k, int64_t d, const T* init) {
    for (int64_t i = 0; i < len; ++i) {
        T acc = init ? *init : out[i];
        for (int j = 0; j < nrows; ++j) {
            const T* xp = x[j] + i * s;
            for (int64_t r = 0; r < k; ++r) acc += w[j][r] * xp[r * d];
        }
        out[i] = acc;
    }
}

JCONV_CLONES void corr_s1_f32(float* out, int64_t len, const float* const* x, const float* const* w, int nrows,
                              int64_t k, int64_t d, const float* init) {
    if (init) {
        corr_s1<float, 64, true>(out, len, x, w, nrows, k, d, *init);
    } else {
        corr_s1<float, 64, false>(out, len, x, w, nrows, k, d, 0.0f);
    }
}
JCONV_CLONES void corr_s1_f64(double* out, int64_t len, const double* const* x, const double* const* w, int nrows,
                              int64_t k, int64_t d, const double* init) {
    if (init) {
        corr_s1<double, 32, true>(out, len, x, w, nrows, k, d, *init);
    } else {
        corr_s1<double, 32, false>(out, len, x, w, nrows, k, d, 0.0);
    }
}
JCONV_CLONES void corr_strided_f32(float* out, int64_t len, const float* const* x, int64_t s, const float* const* w,
                                   int nrows, int64_t k, int64_t d, const float* init) {
    corr_strided(out, len, x, s, w, nrows, k, d, init);
}
JCONV_CLONES void corr_strided_f64(double* out, int64_t len, const double* const* x, int64_t s,
                                   const double* const* w, int nrows, int64_t k, int64_t d, const double* init) {
    corr_strided(out, len, x, s, w, nrows, k, d, init);
}
inline void corr_s1_any(float* o, int64_t n, const float* const* x, const float* const* w, int nr, int64_t k,
                        int64_t d, const float* init) {
    corr_s1_f32(o, n, x, w, nr, k, d, init);
}
inline void corr_s1_any(double* o, int64_t n, const double* const* x, const double* const* w, int nr, int64_t k,
                        int64_t d, const double* init) {
    corr_s1_f64(o, n, x, w, nr, k, d, init);
}
inline void corr_strided_any(float* o, int64_t n, const float* const* x, int64_t s, const float* const* w, int nr,
                             int64_t k, int64_t d, const float* init) {
    corr_strided_f32(o, n, x, s, w, nr, k, d, init);
}
inline void corr_strided_any(double* o, int64_t n, const double* const* x, int64_t s, const double* const* w,
                             int nr, int64_t k, int64_t d, const double* init) {
    corr_strided_f64(o, n, x, s, w, nr, k, d, init);
}

template <class T>
void correlate_rows_impl(const RowAxis& ra, int mode, T bv, const T* const* x, const T* const* w, int nrows,
                         T* out, const T* init) {
    const Axis& a = ra.a;
    const int64_t lo = ra.lo, hi = ra.hi;
    auto edge = [&](int64_t i) {
        T acc = init ? *init : out[i];
        const int64_t p0 = i * a.s - a.pb;
        for (int j = 0; j < nrows; ++j) {
            const T* xj = x[j];
            const T* wj = w[j];
            if (mode == JCONV_BORDER_CONSTANT) {  // a select instead of the general mapping
                for (int64_t r = 0; r < a.k; ++r) {
                    const int64_t p = p0 + r * a.d;
                    acc += wj[r] * ((p >= 0 && p < a.n) ? xj[p] : bv);
                }
            } else if (mode == JCONV_BORDER_EMPTY) {  // outside: no product at all
                for (int64_t r = 0; r < a.k; ++r) {
                    const int64_t p = p0 + r * a.d;
                    if (p >= 0 && p < a.n) acc += wj[r] * xj[p];
                }
            } else {
                for (int64_t r = 0; r < a.k; ++r) acc += wj[r] * xj[border_index(p0 + r * a.d, a.n, mode)];
            }
        }
        out[i] = acc;
    };
    for (int64_t i = 0; i < lo; ++i) edge(i);
    if (hi > lo) {
        // Row pointers moved to the first interior output (never before the row start).
        const T* xs[kMaxRows];
        for (int j = 0; j < nrows; ++j) xs[j] = x[j] + (lo * a.s - a.pb);
        if (a.s == 1) {
            corr_s1_any(out + lo, hi - lo, xs, w, nrows, a.k, a.d, init);
        } else {
            corr_strided_any(out + lo, hi - lo, xs, a.s, w, nrows, a.k, a.d, init);
        }
    }
    for (int64_t i = hi; i < a.out; ++i) edge(i);
}

template <class T>
JCONV_INLINE void dw_pixels(T* out, int64_t npix, const T* x, int64_t xstep, const T* w, int64_t C, int64_t M) {
    const int64_t O = C * M;
    if (M == 1) {
        for (int64_t j = 0; j < npix; ++j) {
            T* o = out + j * O;
            const T* xp = x + j * xstep;
            for (int64_t c = 0; c < C; ++c) o[c] += w[c] * xp[c];
        }
    } else {
        for (int64_t j = 0; j < npix; ++j) {
            T* o = out + j * O;
            const T* xp = x + j * xstep;
            for (int64_t c = 0; c < C; ++c) {
                const T v = xp[c];
                for (int64_t m = 0; m < M; ++m) o[c * M + m] += w[c * M + m] * v;
            }
        }
    }
}

template <class T>
JCONV_INLINE void dw_border(T* out, int64_t npix, int64_t O, const T* w, T bv) {
    for (int64_t j = 0; j < npix; ++j) {
        T* o = out + j * O;
        for (int64_t c = 0; c < O; ++c) o[c] += w[c] * bv;
    }
}

}  // namespace

RowAxis row_axis(const Axis& a) {
    // The first tap bounds the interior's start, the last tap its end.
    int64_t lo0, hi0, lo1, hi1;
    interior_range(a, 0, &lo0, &hi0);
    interior_range(a, (a.k - 1) * a.d, &lo1, &hi1);
    const int64_t lo = std::max(lo0, lo1);
    return RowAxis{a, lo, std::max(lo, std::min(hi0, hi1))};
}

void correlate_rows(const RowAxis& ra, int mode, float bv, const float* const* x, const float* const* w, int nrows,
                    float* out, const float* init) {
    correlate_rows_impl(ra, mode, bv, x, w, nrows, out, init);
}
void correlate_rows(const RowAxis& ra, int mode, double bv, const double* const* x, const double* const* w,
                    int nrows, double* out, const double* init) {
    correlate_rows_impl(ra, mode, bv, x, w, nrows, out, init);
}

JCONV_CLONES void depthwise_pixels(float* out, int64_t npix, const float* x, int64_t xstep, const float* w,
                                   int64_t C, int64_t M) {
    dw_pixels(out, npix, x, xstep, w, C, M);
}
JCONV_CLONES void depthwise_pixels(double* out, int64_t npix, const double* x, int64_t xstep, const double* w,
                                   int64_t C, int64_t M) {
    dw_pixels(out, npix, x, xstep, w, C, M);
}
JCONV_CLONES void depthwise_border(float* out, int64_t npix, int64_t O, const float* w, float bv) {
    dw_border(out, npix, O, w, bv);
}
JCONV_CLONES void depthwise_border(double* out, int64_t npix, int64_t O, const double* w, double bv) {
    dw_border(out, npix, O, w, bv);
}

}  // namespace jconv
