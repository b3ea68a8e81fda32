// NaN and Inf propagate exactly as in the reference systems, on every algorithm:
// padded taps are multiplied like any other (0 * NaN = NaN), so a NaN weight poisons every
// output of its channel including windows over the padding; a NaN or Inf input poisons
// exactly the windows that contain it, even where the weight is 0 (a BLAS that skips zero
// weights, as reference GEMV does, would lose it). The oracle computes in double with the
// same propagation, so agreement on every output's NaN-ness is the test.
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

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

}  // namespace

int main() {
    for (const Spec& s : kSpecs) {
        for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST}) {
            scenarios<float>(s, layout);
            scenarios<double>(s, layout);
        }
    }
    const bool pass = g_failures == 0;
    std::printf("test_nan: %s, %d runs checked, %d failures\n", pass ? "PASS" : "FAIL", g_runs, g_failures);
    return pass ? 0 : 1;
}
