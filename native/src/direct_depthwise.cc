// "depthwise-direct": groups == C, so every output channel o = c*M + m reads only input
// channel c (multiplier M = O/C). A GEMM per group would have K = taps and M rows: far too
// small to pay for im2col. Channels first runs row kernels per plane; channels last keeps
// the channel vector innermost (contiguous in input, kernel and output).
#include <algorithm>

#include "direct_kernels.h"
#include "direct_rows.h"

namespace jconv {
namespace {

// Output pixels per block in channels last: the block's accumulators (pixels * O) stay in L1
// while every tap passes over them.
constexpr int64_t kBlockElems = 2048;

// No input dilation (crops and every border, the empty one included, are fine).
bool applies(const Geometry& g) { return g.G == g.C && !input_dilated(g); }

template <class T>
void taps_by_channel(const Geometry& g, const T* w, T* dst) {
    for (int64_t o = 0; o < g.O; ++o)
        for (int64_t t = 0; t < g.k_sp; ++t) dst[t * g.O + o] = w[o * g.k_sp + t];
}

int prepare(Plan& plan, const void* kernel) {
    const Geometry& g = plan.g;
    plan.workspace = 0;
    if (g.layout == JCONV_CHANNELS_FIRST) return prepare_copy_kernel(plan, kernel);
    // Channels last reads the kernel as [taps, O].
    plan.weights = aligned_block(g.kernel_elems * g.elem_bytes);
    if (!plan.weights) return JCONV_ERR_NOMEM;
    if (g.dtype == JCONV_F32) {
        taps_by_channel(g, static_cast<const float*>(kernel), static_cast<float*>(plan.weights.get()));
    } else {
        taps_by_channel(g, static_cast<const double*>(kernel), static_cast<double*>(plan.weights.get()));
    }
    return JCONV_OK;
}

// Output rows [row_begin, row_end) of the flat list (n, i0, i1), all channels.
template <class T>
void run_cl(const Plan& plan, const T* in, T* out, int64_t row_begin, int64_t row_end) {
    const Geometry& g = plan.g;
    const Axis &a0 = g.ax[0], &a1 = g.ax[1], &a2 = g.ax[2];
    const int mode = g.border;
    const T bv = static_cast<T>(g.border_value);
    const int64_t C = g.C, O = g.O, M = g.O / g.C;
    const T* wt = plan.w<T>();
    const T* b = plan.b<T>();
    const int64_t block = std::max<int64_t>(1, kBlockElems / O);
    for (int64_t row = row_begin; row < row_end; ++row) {
        const int64_t i1 = row % a1.out, i0 = row / a1.out % a0.out, n = row / a1.out / a0.out;
        T* yrow = out + row * a2.out * O;
        for (int64_t j0 = 0; j0 < a2.out; j0 += block) {
            const int64_t j1 = std::min(a2.out, j0 + block);
            for (int64_t j = j0; j < j1; ++j) {
                T* yp = yrow + j * O;
                if (b) {
                    std::copy(b, b + O, yp);
                } else {
                    std::fill(yp, yp + O, T(0));
                }
            }
            for (int64_t r0 = 0; r0 < a0.k; ++r0) {
                const int64_t y0 = border_index(i0 * a0.s + r0 * a0.d - a0.pb, a0.n, mode);
                for (int64_t r1 = 0; r1 < a1.k; ++r1) {
                    const int64_t y1 = border_index(i1 * a1.s + r1 * a1.d - a1.pb, a1.n, mode);
                    const T* xrow =
                        (y0 < 0 || y1 < 0) ? nullptr : in + ((n * a0.n + y0) * a1.n + y1) * a2.n * C;
                    for (int64_t r2 = 0; r2 < a2.k; ++r2) {
                        const T* wv = wt + ((r0 * a1.k + r1) * a2.k + r2) * O;
                        if (!xrow) {
                            if (mode != JCONV_BORDER_EMPTY) depthwise_border(yrow + j0 * O, j1 - j0, O, wv, bv);
                            continue;
                        }
                        const int64_t off = r2 * a2.d;
                        int64_t lo, hi;
                        interior_range(a2, off, &lo, &hi);
                        lo = std::clamp(lo, j0, j1);
                        hi = std::clamp(hi, lo, j1);
                        auto edge = [&](int64_t j) {
                            const int64_t y2 = border_index(j * a2.s + off - a2.pb, a2.n, mode);
                            if (y2 < 0) {
                                if (mode != JCONV_BORDER_EMPTY) depthwise_border(yrow + j * O, 1, O, wv, bv);
                            } else {
                                depthwise_pixels(yrow + j * O, 1, xrow + y2 * C, 0, wv, C, M);
                            }
                        };
                        for (int64_t j = j0; j < lo; ++j) edge(j);
                        if (hi > lo) {
                            depthwise_pixels(yrow + lo * O, hi - lo, xrow + (lo * a2.s + off - a2.pb) * C,
                                             a2.s * C, wv, C, M);
                        }
                        for (int64_t j = hi; j < j1; ++j) edge(j);
                    }
                }
            }
        }
    }
}

// Channels first splits the rows (n, o, i0, i1), i.e. mostly whole channels, over the team;
// channels last the rows (n, i0, i1) with all channels (the vector dimension) each.
template <class T>
void run(const Plan& plan, const T* in, T* out, void*, bool alone) {
    const Geometry& g = plan.g;
    if (g.layout == JCONV_CHANNELS_FIRST) {
        direct_rows_cf_team(plan, in, out, g.O / g.C, alone);
        return;
    }
    const int64_t rows = g.N * g.ax[0].out * g.ax[1].out;
    const int parts = static_cast<int>(std::min<int64_t>(
        rows, team_parts(g, alone, static_cast<double>(g.out_elems) * static_cast<double>(g.k_sp))));
    auto part = [&](int i) {
        run_cl(plan, in, out, split_point(rows, parts, i), split_point(rows, parts, i + 1));
    };
    team_for(parts, part);
}

}  // namespace

const Algorithm kDepthwiseDirect = {"depthwise-direct", applies, prepare, run<float>, run<double>};

}  // namespace jconv
