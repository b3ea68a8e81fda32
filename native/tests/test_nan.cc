// NaN and Inf propagate exactly as in the reference systems, on every algorithm:
// padded taps are multiplied like any other (0 * NaN = NaN), so a NaN weight poisons every
// output of its channel including windows over the padding (but not over an empty border,
// and not over the inserted zeros of a transposed convolution: see the end of this file); a NaN or Inf input poisons
// exactly the windows that contain it, even where the weight is 0 (a BLAS that skips zero
// weights, as reference GEMV does, would lose it). The oracle computes in double with the
// same propagation, so agreement on every output's NaN-ness is the test.
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "plan.h"
#include "test_common.h"

namespace {

int g_runs = 0, g_failures = 0;

struct Spec {
    const char* algo;
    int rank;
    int64_t C, O, G;
    int64_t in[2], k[2], pb[2], pa[2];
};

const Spec kSpecs[] = {
    {"direct-image", 2, 1, 1, 1, {9, 70}, {3, 5}, {2, 3}, {1, 4}},
    {"direct-image", 1, 1, 1, 1, {90, 0}, {4, 0}, {3, 0}, {5, 0}},
    {"depthwise-direct", 2, 3, 6, 3, {6, 9}, {3, 3}, {1, 1}, {1, 2}},
    {"depthwise-direct", 2, 4, 4, 4, {5, 7}, {2, 3}, {1, 2}, {0, 1}},
    {"gemm-1x1", 2, 4, 1, 1, {6, 7}, {1, 1}, {0, 0}, {0, 0}},
    {"gemm-1x1", 2, 4, 6, 2, {5, 3}, {1, 1}, {0, 0}, {0, 0}},
    {"im2col+gemm", 2, 2, 1, 1, {7, 8}, {3, 3}, {1, 1}, {1, 1}},
    {"im2col+gemm", 2, 4, 6, 2, {6, 5}, {3, 2}, {2, 1}, {1, 2}},
    {"im2col+gemm", 1, 3, 2, 1, {11, 0}, {4, 0}, {3, 0}, {2, 0}},
};

jconv_desc make_desc(const Spec& s, int dtype, int layout) {
    jconv_desc d;
    jconv_desc_init(&d);
    d.rank = s.rank;
    d.dtype = dtype;
    d.layout = layout;
    d.in_channels = s.C;
    d.out_channels = s.O;
    d.groups = s.G;
    for (int a = 0; a < s.rank; ++a) {
        d.in_size[a] = s.in[a];
        d.kernel_size[a] = s.k[a];
        d.pad_before[a] = s.pb[a];
        d.pad_after[a] = s.pa[a];
    }
    return d;
}

// Index of (n=0, channel c, spatial flat p) in the layout of d (input: channels C, sp).
int64_t at(const jconv_desc& d, int64_t channels, int64_t sp, int64_t c, int64_t p) {
    return d.layout == JCONV_CHANNELS_FIRST ? c * sp + p : p * channels + c;
}

template <class T>
void run_scenario(const Spec& s, int layout, const char* name,
                  const std::function<void(jconv_desc&, std::vector<T>&, std::vector<T>&)>& setup,
                  const std::function<bool(const jconv_desc&, const std::vector<T>&)>& extra = nullptr) {
    const int dtype = std::is_same<T, float>::value ? JCONV_F32 : JCONV_F64;
    jconv_desc d = make_desc(s, dtype, layout);
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> dist(0.25, 1.0);  // no accidental zeros
    std::vector<T> x(jconv_input_elements(&d)), w(jconv_kernel_elements(&d));
    for (auto& v : x) v = static_cast<T>(dist(rng));
    for (auto& v : w) v = static_cast<T>(dist(rng));
    setup(d, x, w);
    const std::string what = std::string(name) + " [" + s.algo + (dtype == JCONV_F32 ? " f32 " : " f64 ") +
                             (layout == JCONV_CHANNELS_FIRST ? "CF]" : "CL]");
    ++g_runs;
    jconv_plan* plan = nullptr;
    if (jconv_plan_create(&d, w.data(), nullptr, &plan) != JCONV_OK) {
        std::printf("FAIL: create %s\n", what.c_str());
        ++g_failures;
        return;
    }
    if (std::string(jconv_plan_algorithm(plan)) != s.algo) {
        std::printf("FAIL: %s chose %s\n", what.c_str(), jconv_plan_algorithm(plan));
        ++g_failures;
    }
    std::vector<unsigned char> ws(jconv_plan_workspace_size(plan));
    std::vector<T> y(jconv_output_elements(&d), T(-7));
    int st;
    if constexpr (std::is_same<T, float>::value) {
        st = jconv_plan_run_f32(plan, x.data(), y.data(), ws.data(), (int64_t)ws.size());
    } else {
        st = jconv_plan_run_f64(plan, x.data(), y.data(), ws.data(), (int64_t)ws.size());
    }
    jconv_plan_destroy(plan);
    const ref::Result want = ref::conv<T>(d, x.data(), w.data(), nullptr);
    // Each scenario must actually produce non-finite outputs, or it tests nothing.
    int64_t poisoned = 0;
    for (double v : want.y) poisoned += !std::isfinite(v);
    const bool ok = st == JCONV_OK && tst::compare(d, y.data(), want) == 0 && poisoned > 0 && (!extra || extra(d, y));
    if (!ok) {
        std::printf("FAIL: %s (status %d, %lld non-finite outputs expected)\n", what.c_str(), st, (long long)poisoned);
        ++g_failures;
    }
}

template <class T>
void scenarios(const Spec& s, int layout) {
    const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    int64_t sp = 1, ksp = 1;
    for (int a = 0; a < s.rank; ++a) {
        sp *= s.in[a];
        ksp *= s.k[a];
    }
    const int64_t Cg = s.C / s.G;

    // NaN weight, zero padding: every output of that channel, edges included.
    const int64_t o_bad = s.O - 1;
    run_scenario<T>(s, layout, "NaN weight poisons its channel",
        [&](jconv_desc&, std::vector<T>&, std::vector<T>& w) { w[(o_bad * Cg + Cg - 1) * ksp + ksp - 1] = nan; },
        [&](const jconv_desc& d, const std::vector<T>& y) {
            int64_t osp = 1;
            for (int a = 0; a < d.rank; ++a) osp *= ref::out_size(d, a);
            for (int64_t p = 0; p < osp; ++p)
                if (!std::isnan(static_cast<double>(y[at(d, d.out_channels, osp, o_bad, p)]))) return false;
            return true;
        });
    // The same over an empty border: no product there, so only the windows where the NaN tap
    // reads a sample are poisoned (for a padded spec, some outputs stay finite).
    run_scenario<T>(s, layout, "NaN weight, empty border",
        [&](jconv_desc& d, std::vector<T>&, std::vector<T>& w) {
            d.border = JCONV_BORDER_EMPTY;
            w[(o_bad * Cg + Cg - 1) * ksp] = nan;
        });
    // Inf weight over zero padding: Inf * 0 = NaN at the edges, Inf inside.
    run_scenario<T>(s, layout, "Inf weight",
        [&](jconv_desc&, std::vector<T>&, std::vector<T>& w) { w[0] = inf; });
    // NaN input with zero weights: exactly the windows that contain it.
    for (int64_t p : {int64_t(0), sp / 2 + 1, sp - 1}) {
        run_scenario<T>(s, layout, "NaN input under zero weights",
            [&](jconv_desc& d, std::vector<T>& x, std::vector<T>& w) {
                for (size_t i = 0; i < w.size(); i += 2) w[i] = T(0);
                x[at(d, s.C, sp, s.C - 1, p)] = nan;
            });
    }
    // Inf input and an all-zero kernel: 0 * Inf = NaN in every window containing it.
    run_scenario<T>(s, layout, "Inf input, zero kernel",
        [&](jconv_desc& d, std::vector<T>& x, std::vector<T>& w) {
            for (auto& v : w) v = T(0);
            x[at(d, s.C, sp, 0, sp / 3)] = -inf;
        });
    // A NaN at the edge is mirrored into the padding by the other modes.
    for (int mode : {JCONV_BORDER_REFLECT, JCONV_BORDER_SYMMETRIC, JCONV_BORDER_EDGE, JCONV_BORDER_CIRCULAR}) {
        run_scenario<T>(s, layout, "NaN input at the edge, mirrored",
            [&](jconv_desc& d, std::vector<T>& x, std::vector<T>&) {
                d.border = mode;
                x[at(d, s.C, sp, 0, sp - 1)] = nan;
            });
    }
    // A NaN constant border value poisons every window over the padding (none for 1x1).
    bool padded = false;
    for (int a = 0; a < s.rank; ++a) padded = padded || s.pb[a] || s.pa[a];
    if (padded) {
        run_scenario<T>(s, layout, "NaN border value",
            [&](jconv_desc& d, std::vector<T>&, std::vector<T>&) { d.border_value = nan; });
    }
}

// ---- Transposed convolutions (input dilation): the scatter semantics. ----
//
// A tap over an inserted zero or an empty border is no product (jconv.h): a NaN weight
// poisons exactly the outputs its scatter reaches -- the outputs m*id + pb - R*d of every
// input sample m -- as in PyTorch, TensorFlow and ONNX Runtime (GEMM + col2im), not every
// output whose window covers the NaN tap. With a constant zero border the padded taps are
// products again (0 * NaN), so the windows that reach over the border are poisoned too.
// gemm+col2im and the generic im2col+gemm (forced onto the same geometry) must both match
// the oracle and the explicitly constructed set.

struct TSpec {
    int rank;
    int64_t C, O, G;
    int64_t in[3], k[3], id[3], dil[3], pb[3], pa[3];
};

// Each pads pair is a transposed convolution's (dk-1-head, out+head-(n-1)s-1) or a crop.
const TSpec kTSpecs[] = {
    // conv_transpose2d k(3,4) s2 p1 op1 on 5x6, 3 -> 4 channels
    {2, 3, 4, 1, {5, 6}, {3, 4}, {2, 2}, {1, 1}, {1, 2}, {2, 2}},
    // grouped 1-D, s3, dilation 2, head 0 with extra zero outputs at the end (op 2)
    {1, 4, 6, 2, {7}, {3}, {3}, {2}, {4}, {6}},
    // crops at both ends on one axis, mixed input dilation (2, 1)
    {2, 2, 3, 1, {6, 5}, {4, 3}, {2, 1}, {1, 1}, {-2, 1}, {-1, 1}},
    // 3-D, s2 on every axis, head 1
    {3, 2, 2, 1, {3, 4, 3}, {3, 3, 2}, {2, 2, 2}, {1, 1, 1}, {1, 1, 0}, {1, 1, 1}},
};

jconv_desc make_tdesc(const TSpec& s, int dtype, int layout, int border) {
    jconv_desc d;
    jconv_desc_init(&d);
    d.rank = s.rank;
    d.dtype = dtype;
    d.layout = layout;
    d.border = border;
    d.in_channels = s.C;
    d.out_channels = s.O;
    d.groups = s.G;
    d.batch = 2;
    for (int a = 0; a < s.rank; ++a) {
        d.in_size[a] = s.in[a];
        d.kernel_size[a] = s.k[a];
        d.input_dilation[a] = s.id[a];
        d.dilation[a] = s.dil[a];
        d.pad_before[a] = s.pb[a];
        d.pad_after[a] = s.pa[a];
    }
    return d;
}

// Output spatial positions (flat) that tap R reaches from some input sample (the scatter),
// plus, with a constant border, those whose tap R reads the border: built from the scatter
// formula P = m*id + pb - R*d, not from the window definition the oracle uses.
std::vector<char> tap_reach(const jconv_desc& d, const int64_t* R) {
    int64_t out[3], osp = 1, isp = 1;
    for (int a = 0; a < d.rank; ++a) {
        out[a] = ref::out_size(d, a);
        osp *= out[a];
        isp *= d.in_size[a];
    }
    std::vector<char> hit(static_cast<size_t>(osp), 0);
    for (int64_t m = 0; m < isp; ++m) {
        int64_t t = m, flat = 0;
        int64_t mi[3];
        for (int a = d.rank - 1; a >= 0; --a) {
            mi[a] = t % d.in_size[a];
            t /= d.in_size[a];
        }
        bool inside = true;
        for (int a = 0; a < d.rank; ++a) {
            const int64_t P = mi[a] * d.input_dilation[a] + d.pad_before[a] - R[a] * d.dilation[a];
            inside = inside && P >= 0 && P < out[a];
            flat = flat * out[a] + P;
        }
        if (inside) hit[static_cast<size_t>(flat)] = 1;
    }
    if (d.border == JCONV_BORDER_CONSTANT) {
        for (int64_t p = 0; p < osp; ++p) {
            int64_t t = p;
            bool border = false;
            for (int a = d.rank - 1; a >= 0; --a) {
                const int64_t P = t % out[a];
                t /= out[a];
                const int64_t pos = P + R[a] * d.dilation[a] - d.pad_before[a];
                border = border || pos < 0 || pos >= ref::dilated_size(d, a);
            }
            if (border) hit[static_cast<size_t>(p)] = 1;
        }
    }
    return hit;
}

template <class T>
void run_tscenario(const TSpec& s, int layout, int border, const char* algo, const char* name,
                   const std::function<void(jconv_desc&, std::vector<T>&, std::vector<T>&)>& setup,
                   const std::function<bool(const jconv_desc&, const std::vector<T>&)>& extra = nullptr,
                   bool may_stay_clean = false) {
    const int dtype = std::is_same<T, float>::value ? JCONV_F32 : JCONV_F64;
    jconv_desc d = make_tdesc(s, dtype, layout, border);
    std::mt19937 rng(13);
    std::uniform_real_distribution<double> dist(0.25, 1.0);
    std::vector<T> x(jconv_input_elements(&d)), w(jconv_kernel_elements(&d));
    for (auto& v : x) v = static_cast<T>(dist(rng));
    for (auto& v : w) v = static_cast<T>(dist(rng));
    setup(d, x, w);
    const std::string what = std::string(name) + " [transposed rank " + std::to_string(s.rank) + " " + algo +
                             (border == JCONV_BORDER_EMPTY ? " empty" : " constant") +
                             (dtype == JCONV_F32 ? " f32 " : " f64 ") + (layout == JCONV_CHANNELS_FIRST ? "CF]" : "CL]");
    ++g_runs;
    jconv_plan* plan = nullptr;
    jconv::force_algorithm(algo);
    const int cst = jconv_plan_create(&d, w.data(), nullptr, &plan);
    jconv::force_algorithm(nullptr);
    if (cst != JCONV_OK) {
        std::printf("FAIL: create %s -> %d\n", what.c_str(), cst);
        ++g_failures;
        return;
    }
    if (std::string(jconv_plan_algorithm(plan)) != algo) {
        std::printf("FAIL: %s chose %s\n", what.c_str(), jconv_plan_algorithm(plan));
        ++g_failures;
    }
    std::vector<unsigned char> ws(jconv_plan_workspace_size(plan));
    std::vector<T> y(jconv_output_elements(&d), T(-7));
    int st;
    if constexpr (std::is_same<T, float>::value) {
        st = jconv_plan_run_f32(plan, x.data(), y.data(), ws.data(), (int64_t)ws.size());
    } else {
        st = jconv_plan_run_f64(plan, x.data(), y.data(), ws.data(), (int64_t)ws.size());
    }
    jconv_plan_destroy(plan);
    const ref::Result want = ref::conv<T>(d, x.data(), w.data(), nullptr);
    int64_t poisoned = 0, clean = 0;
    for (double v : want.y) (std::isfinite(v) ? clean : poisoned) += 1;
    // Something poisoned and something clean, or the scenario tells nothing about the scatter.
    const bool ok = st == JCONV_OK && tst::compare(d, y.data(), want) == 0 && (poisoned > 0 || may_stay_clean) &&
                    clean > 0 && (!extra || extra(d, y));
    if (!ok) {
        std::printf("FAIL: %s (status %d, %lld non-finite and %lld finite outputs expected)\n", what.c_str(), st,
                    (long long)poisoned, (long long)clean);
        ++g_failures;
    }
}

template <class T>
void tscenarios(const TSpec& s, int layout, int border, const char* algo) {
    const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    int64_t isp = 1, ksp = 1;
    for (int a = 0; a < s.rank; ++a) {
        isp *= s.in[a];
        ksp *= s.k[a];
    }
    const int64_t Cg = s.C / s.G, o_bad = s.O - 1;
    // Taps: the first, one in the middle, the last.
    for (int64_t tap : {int64_t(0), ksp / 2, ksp - 1}) {
        int64_t R[3], t = tap;
        for (int a = s.rank - 1; a >= 0; --a) {
            R[a] = t % s.k[a];
            t /= s.k[a];
        }
        run_tscenario<T>(s, layout, border, algo, "NaN weight poisons exactly its scatter",
            [&](jconv_desc&, std::vector<T>&, std::vector<T>& w) { w[(o_bad * Cg + Cg - 1) * ksp + tap] = nan; },
            [&](const jconv_desc& d, const std::vector<T>& y) {
                const std::vector<char> hit = tap_reach(d, R);
                const int64_t osp = static_cast<int64_t>(hit.size());
                for (int64_t n = 0; n < d.batch; ++n)
                    for (int64_t o = 0; o < d.out_channels; ++o)
                        for (int64_t p = 0; p < osp; ++p) {
                            const int64_t i = d.layout == JCONV_CHANNELS_FIRST ? (n * d.out_channels + o) * osp + p
                                                                               : (n * osp + p) * d.out_channels + o;
                            const bool want_nan = o == o_bad && hit[static_cast<size_t>(p)];
                            if (std::isnan(static_cast<double>(y[i])) != want_nan) return false;
                        }
                return true;
            });
        run_tscenario<T>(s, layout, border, algo, "Inf weight",
            [&](jconv_desc&, std::vector<T>&, std::vector<T>& w) { w[tap] = -inf; });
    }
    // A NaN sample reaches its scatter in every output channel of its group, even through
    // zero weights (a product with a real sample); an Inf sample under a zero kernel likewise.
    // A corner sample may be cropped away entirely: then nothing may be poisoned.
    for (int64_t p : {int64_t(0), isp / 2, isp - 1}) {
        const bool corner = p != isp / 2;
        run_tscenario<T>(s, layout, border, algo, "NaN input under zero weights",
            [&](jconv_desc& d, std::vector<T>& x, std::vector<T>& w) {
                for (size_t i = 0; i < w.size(); i += 2) w[i] = T(0);
                x[at(d, s.C, isp, s.C - 1, p)] = nan;
            }, nullptr, corner);
        run_tscenario<T>(s, layout, border, algo, "Inf input, zero kernel",
            [&](jconv_desc& d, std::vector<T>& x, std::vector<T>& w) {
                for (auto& v : w) v = T(0);
                x[at(d, s.C, isp, 0, p)] = inf;
            }, nullptr, corner);
    }
    if (border == JCONV_BORDER_CONSTANT) {
        run_tscenario<T>(s, layout, border, algo, "NaN border value",
            [&](jconv_desc& d, std::vector<T>&, std::vector<T>&) { d.border_value = nan; });
        run_tscenario<T>(s, layout, border, algo, "Inf border value, mixed-sign kernel",
            [&](jconv_desc& d, std::vector<T>&, std::vector<T>& w) {
                d.border_value = inf;
                for (size_t i = 0; i < w.size(); i += 3) w[i] = -w[i];
            });
    }
}

}  // namespace

int main() {
    for (const Spec& s : kSpecs) {
        for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST}) {
            scenarios<float>(s, layout);
            scenarios<double>(s, layout);
        }
    }
    for (const TSpec& s : kTSpecs)
        for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST})
            for (int border : {JCONV_BORDER_EMPTY, JCONV_BORDER_CONSTANT})
                for (const char* algo : {"gemm+col2im", "im2col+gemm"}) {
                    tscenarios<float>(s, layout, border, algo);
                    tscenarios<double>(s, layout, border, algo);
                }
    const bool pass = g_failures == 0;
    std::printf("test_nan: %s, %d runs checked, %d failures\n", pass ? "PASS" : "FAIL", g_runs, g_failures);
    return pass ? 0 : 1;
}
