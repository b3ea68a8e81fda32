// "gemm+col2im": a convolution of an input dilated by input_dilation -- a transposed
// convolution -- the standard way: no zero-stuffed copy, no product with an inserted zero.
//
// With stride 1 on every axis, sample m of the input (dilated coordinate m*id) meets tap R
// of output channel o at output P = m*id + pb - R*d on each axis. So per image and group
//   col[(o, R), m] = sum_c k'[o, c, R] * x[c, m]    (one GEMM: [Og*taps, Cg] x [Cg, pixels],
//                                                    the input slice used as it stands)
// and col2im adds col[(o, R), m] into y[o, m*id + pb - R*d], dropping what lands outside the
// output (a crop). In the transposed convolution's own terms (kernel w[c, o, r], r = K-1-R,
// SEMANTICS.md 3.1) that is y[o, m*s + r*d - head] with head = dk-1-pb: the scatter.
// Outputs that no sample reaches keep the bias. Channels last: colT[m, (R, o)] =
// sum_c x[m, c] * k'[o, c, R] with the pixels running across the batch (the input read with
// leading dimension C), then every pixel adds Og contiguous values per tap.
//
// Only samples are multiplied here, which is exactly the canonical definition for inserted
// zeros and the empty border (no products). The constant border IS a product there
// (border_value * w): where the border value is not 0 or the kernel is not finite, the sums
// sum_c bv * k'[o, c, R] are precomputed per tap (plan.aux, double) and added to every output
// whose window reaches outside the dilated input. With a zero border and finite weights those
// terms are exact zeros and are skipped.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "gemm_blas.h"
#include "im2col.h"
#include "plan.h"
#include "pool.h"

namespace jconv {
namespace {

bool applies(const Geometry& g) {
    bool dilated = false;
    for (const Axis& a : g.ax) {
        if (a.s != 1) return false;  // a strided, input-dilated axis goes to im2col+gemm
        dilated = dilated || a.id > 1;
    }
    return dilated && (g.border == JCONV_BORDER_CONSTANT || g.border == JCONV_BORDER_EMPTY);
}

// Channels first: [G][(o, R)][c]; channels last: [G][c][(R, o)].
template <class T>
void pack(const Geometry& g, const T* w, T* dst) {
    const bool cf = g.layout == JCONV_CHANNELS_FIRST;
    for (int64_t gr = 0; gr < g.G; ++gr)
        for (int64_t o = 0; o < g.Og; ++o)
            for (int64_t c = 0; c < g.Cg; ++c)
                for (int64_t t = 0; t < g.k_sp; ++t) {
                    const T v = w[((gr * g.Og + o) * g.Cg + c) * g.k_sp + t];
                    if (cf) {
                        dst[((gr * g.Og + o) * g.k_sp + t) * g.Cg + c] = v;
                    } else {
                        dst[((gr * g.Cg + c) * g.k_sp + t) * g.Og + o] = v;
                    }
                }
}

// Border terms [taps][O]: sum_c bv * k'[o, c, t], or nothing when they are all exact zeros.
template <class T>
int border_terms(Plan& plan, const T* w) {
    const Geometry& g = plan.g;
    plan.aux_count = 0;
    if (g.border != JCONV_BORDER_CONSTANT) return JCONV_OK;
    const T bv = static_cast<T>(g.border_value);
    bool needed = !(bv == T(0));
    for (int64_t i = 0; i < g.kernel_elems && !needed; ++i) needed = !std::isfinite(w[i]);
    if (!needed) return JCONV_OK;
    int64_t count, bytes;
    if (!mul_ok(g.k_sp, g.O, &count) || !mul_ok(count, 8, &bytes)) return JCONV_ERR_OVERFLOW;
    plan.aux = aligned_block(bytes);
    if (!plan.aux) return JCONV_ERR_NOMEM;
    double* bt = static_cast<double*>(plan.aux.get());
    for (int64_t o = 0; o < g.O; ++o)
        for (int64_t t = 0; t < g.k_sp; ++t) {
            double s = 0;
            for (int64_t c = 0; c < g.Cg; ++c) s += static_cast<double>(bv) * static_cast<double>(w[(o * g.Cg + c) * g.k_sp + t]);
            bt[t * g.O + o] = s;
        }
    plan.aux_count = count;
    return JCONV_OK;
}

template <class T>
int prepare_t(Plan& plan, const T* kernel) {
    const Geometry& g = plan.g;
    plan.weights = aligned_block(g.kernel_elems * g.elem_bytes);
    if (!plan.weights) return JCONV_ERR_NOMEM;
    pack(g, kernel, static_cast<T*>(plan.weights.get()));
    const int st = border_terms(plan, kernel);
    if (st != JCONV_OK) return st;
    const int64_t row_bytes = g.Og * g.k_sp * g.elem_bytes;  // <= kernel bytes: no overflow
    const int64_t total = g.layout == JCONV_CHANNELS_FIRST ? g.in_sp : g.N * g.in_sp;
    plan.tile = im2col_tile_pixels(row_bytes, total);
    if (!mul_ok(plan.tile, row_bytes, &plan.workspace)) return JCONV_ERR_OVERFLOW;
    return JCONV_OK;
}

int prepare(Plan& plan, const void* kernel) {
    return plan.g.dtype == JCONV_F32 ? prepare_t(plan, static_cast<const float*>(kernel))
                                     : prepare_t(plan, static_cast<const double*>(kernel));
}

// Inputs j of an axis whose tap with offset off = pb - r*d lands inside the output:
// 0 <= j*id + off < out, as [lo, hi) clamped to [j0, j1).
inline void landing_range(const Axis& a, int64_t off, int64_t j0, int64_t j1, int64_t* lo, int64_t* hi) {
    const int64_t l = std::max(j0, ceil_div(-off, a.id));
    const int64_t h = std::min(j1, floor_div(a.out - 1 - off, a.id) + 1);
    *lo = l;
    *hi = std::max(l, h);
}

// Channels first: adds col rows (o, R) (row stride ld) for input pixels [m0, m1) of one image
// into the group's output y [Og, out_sp], for the channels o in [o0, o1).
template <class T>
void col2im_cf(const Geometry& g, const T* col, int64_t ld, int64_t m0, int64_t m1, T* y, int64_t o0, int64_t o1) {
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int64_t width = ld;
    for (int64_t o = o0; o < o1; ++o) {
        T* yo = y + o * g.out_sp;
        for (int64_t r0 = 0; r0 < a0.k; ++r0)
            for (int64_t r1 = 0; r1 < a1.k; ++r1)
                for (int64_t r2 = 0; r2 < a2.k; ++r2) {
                    const T* src = col + ((o * a0.k + r0) * a1.k + r1) * a2.k * width + r2 * width;
                    const int64_t off2 = a2.pb - r2 * a2.d;
                    // One input row (fixed i0, i1) at a time.
                    for (int64_t m = m0; m < m1;) {
                        const int64_t j0 = m % a2.n, rest = m / a2.n;
                        const int64_t i1 = rest % a1.n, i0 = rest / a1.n;
                        const int64_t len = std::min(m1 - m, a2.n - j0);
                        const int64_t P0 = i0 * a0.id + a0.pb - r0 * a0.d, P1 = i1 * a1.id + a1.pb - r1 * a1.d;
                        if (P0 >= 0 && P0 < a0.out && P1 >= 0 && P1 < a1.out) {
                            int64_t lo, hi;
                            landing_range(a2, off2, j0, j0 + len, &lo, &hi);
                            // Input j of this row lands on output j*id + off2 of the output row.
                            T* yrow = yo + (P0 * a1.out + P1) * a2.out;
                            const T* s = src + (m - m0);
                            if (a2.id == 1) {
                                for (int64_t j = lo; j < hi; ++j) yrow[j + off2] += s[j - j0];
                            } else {
                                for (int64_t j = lo; j < hi; ++j) yrow[j * a2.id + off2] += s[j - j0];
                            }
                        }
                        m += len;
                    }
                }
    }
}

// Channels last: adds colT rows (one per input pixel q in [q0, q1) over the batch, columns
// (R, o)) into the output channels [o0, o1) of group gr.
template <class T>
void col2im_cl(const Geometry& g, const T* col, int64_t gr, int64_t q0, int64_t q1, T* out, int64_t o0,
               int64_t o1) {
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int64_t Og = g.Og, O = g.O, row = g.k_sp * Og;
    for (int64_t q = q0; q < q1; ++q) {
        const int64_t j = q % a2.n;
        int64_t rest = q / a2.n;
        const int64_t i1 = rest % a1.n;
        rest /= a1.n;
        const int64_t i0 = rest % a0.n, n = rest / a0.n;
        const T* src = col + (q - q0) * row;
        T* yn = out + n * g.out_sp * O + gr * Og;
        for (int64_t r0 = 0; r0 < a0.k; ++r0) {
            const int64_t P0 = i0 * a0.id + a0.pb - r0 * a0.d;
            if (P0 < 0 || P0 >= a0.out) continue;
            for (int64_t r1 = 0; r1 < a1.k; ++r1) {
                const int64_t P1 = i1 * a1.id + a1.pb - r1 * a1.d;
                if (P1 < 0 || P1 >= a1.out) continue;
                const int64_t tap0 = (r0 * a1.k + r1) * a2.k;
                T* yrow = yn + (P0 * a1.out + P1) * a2.out * O;
                for (int64_t r2 = 0; r2 < a2.k; ++r2) {
                    const int64_t P2 = j * a2.id + a2.pb - r2 * a2.d;
                    if (P2 < 0 || P2 >= a2.out) continue;
                    T* yp = yrow + P2 * O;
                    const T* sp = src + (tap0 + r2) * Og;
                    for (int64_t o = o0; o < o1; ++o) yp[o] += sp[o];
                }
            }
        }
    }
}

// Outputs of an axis whose whole window lies inside the dilated input: [lo, hi).
inline void inside_range(const Axis& a, int64_t* lo, int64_t* hi) {
    const int64_t l = std::clamp<int64_t>(a.pb, 0, a.out);
    *lo = l;
    *hi = std::clamp<int64_t>(a.dilated_length() - (a.k - 1) * a.d + a.pb, l, a.out);
}

// Adds the precomputed border terms to every output whose window reaches the border.
template <class T>
void add_border(const Plan& plan, T* out) {
    const Geometry& g = plan.g;
    const double* bt = static_cast<const double*>(plan.aux.get());
    const Axis* ax = g.ax;
    int64_t lo[kAxes], hi[kAxes];
    for (int a = 0; a < kAxes; ++a) inside_range(ax[a], &lo[a], &hi[a]);
    const bool cf = g.layout == JCONV_CHANNELS_FIRST;
    auto pixel = [&](int64_t n, int64_t P0, int64_t P1, int64_t P2) {
        const int64_t P = (P0 * ax[1].out + P1) * ax[2].out + P2;
        const int64_t P_[kAxes] = {P0, P1, P2};
        int64_t t = 0;
        for (int64_t r0 = 0; r0 < ax[0].k; ++r0)
            for (int64_t r1 = 0; r1 < ax[1].k; ++r1)
                for (int64_t r2 = 0; r2 < ax[2].k; ++r2, ++t) {
                    const int64_t r_[kAxes] = {r0, r1, r2};
                    bool outside = false;
                    for (int a = 0; a < kAxes; ++a) {
                        const int64_t p = P_[a] + r_[a] * ax[a].d - ax[a].pb;
                        outside = outside || p < 0 || p >= ax[a].dilated_length();
                    }
                    if (!outside) continue;
                    const double* b = bt + t * g.O;
                    if (cf) {
                        for (int64_t o = 0; o < g.O; ++o) out[(n * g.O + o) * g.out_sp + P] += static_cast<T>(b[o]);
                    } else {
                        T* y = out + (n * g.out_sp + P) * g.O;
                        for (int64_t o = 0; o < g.O; ++o) y[o] += static_cast<T>(b[o]);
                    }
                }
    };
    for (int64_t n = 0; n < g.N; ++n)
        for (int64_t P0 = 0; P0 < ax[0].out; ++P0)
            for (int64_t P1 = 0; P1 < ax[1].out; ++P1) {
                const bool edge_row = P0 < lo[0] || P0 >= hi[0] || P1 < lo[1] || P1 >= hi[1];
                for (int64_t P2 = 0; P2 < ax[2].out; ++P2) {
                    if (!edge_row && P2 == lo[2]) P2 = hi[2];  // skip the interior of the row
                    if (P2 >= ax[2].out) break;
                    pixel(n, P0, P1, P2);
                }
            }
}

template <class T>
void run(const Plan& plan, const T* in, T* out, void* ws, bool alone) {
    const Geometry& g = plan.g;
    const int64_t M = g.Og * g.k_sp;  // col rows (channels first) / columns (channels last)
    const T* w = plan.w<T>();
    T* col = static_cast<T*>(ws);
    fill_bias(plan, out);
    if (g.layout == JCONV_CHANNELS_FIRST) {
        // Parts: the group's output channels in plan_threads ranges. Each part computes its
        // rows (o, R) of every block's GEMM on one OpenBLAS thread, into its own rows of the
        // block buffer (row stride plan.tile, so parts at different blocks never overlap), and
        // scatters them: every output element still gets its terms in the same order. A lone
        // run gives the parts to its team (one join per run), others do them in turn.
        const double work = static_cast<double>(g.N * g.G) * static_cast<double>(M) * static_cast<double>(g.in_sp) *
                            static_cast<double>(g.Cg);
        int parts = std::min(plan_threads(g), team_parts(g, true, work));
        parts = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(parts, g.Og)));
        auto part = [&](int i) {
            const int64_t o0 = split_point(g.Og, parts, i), o1 = split_point(g.Og, parts, i + 1);
            const int64_t r0 = o0 * g.k_sp, rows = (o1 - o0) * g.k_sp;
            T* c = col + r0 * plan.tile;
            for (int64_t n = 0; n < g.N; ++n) {
                for (int64_t gr = 0; gr < g.G; ++gr) {
                    const T* x = in + (n * g.C + gr * g.Cg) * g.in_sp;
                    T* y = out + (n * g.O + gr * g.Og) * g.out_sp;
                    for (int64_t m0 = 0; m0 < g.in_sp; m0 += plan.tile) {
                        const int64_t m1 = std::min(g.in_sp, m0 + plan.tile);
                        fill_rows(c, rows, m1 - m0, plan.tile, static_cast<const T*>(nullptr));
                        gemm_acc(rows, m1 - m0, g.Cg, w + (gr * M + r0) * g.Cg, g.Cg, x + m0, g.in_sp, c, plan.tile);
                        col2im_cf(g, col, plan.tile, m0, m1, y, o0, o1);
                    }
                }
            }
        };
        run_gemm_parts(parts, g.threads, alone, part);
    } else {
        // Channels last: the GEMM on OpenBLAS's threads, the scatter split over the output
        // channels of the group on the team (each output element still gets its terms in the
        // same order).
        const int64_t tile_cols = std::min(plan.tile, g.N * g.in_sp);
        const int parts = static_cast<int>(
            std::min<int64_t>(g.Og, team_parts(g, alone, static_cast<double>(M) * static_cast<double>(tile_cols))));
        BlasThreads threads(g.threads);
        const int64_t total = g.N * g.in_sp;
        for (int64_t q0 = 0; q0 < total; q0 += plan.tile) {
            const int64_t q1 = std::min(total, q0 + plan.tile);
            for (int64_t gr = 0; gr < g.G; ++gr) {
                std::fill(col, col + M * (q1 - q0), T(0));
                gemm_acc(q1 - q0, M, g.Cg, in + q0 * g.C + gr * g.Cg, g.C, w + gr * g.Cg * M, M, col, M);
                auto part = [&](int i) {
                    col2im_cl(g, col, gr, q0, q1, out, split_point(g.Og, parts, i), split_point(g.Og, parts, i + 1));
                };
                team_for(parts, part);
            }
        }
    }
    if (plan.aux_count) add_border(plan, out);
}

}  // namespace

const Algorithm kGemmCol2im = {"gemm+col2im", applies, prepare, run<float>, run<double>};

}  // namespace jconv
