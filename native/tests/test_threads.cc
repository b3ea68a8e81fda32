// The core's own threads (pool.h). Every algorithm that splits its work over a team is right
// against the oracle at every thread count; the direct ones give bytes identical to one
// thread (a split never changes the order of the sums of an output element; the GEMM paths
// may differ in the last bits between thread counts, as OpenBLAS's threads do). With several
// callers at once, where the policy runs most of them on their own thread only, every run
// gives exactly the bytes a lone run of the same plan gives, and the OpenBLAS thread count is
// back at its default afterwards.
//
// The team limits are lowered so that these small shapes split into up to 4 parts whatever
// the machine's core count (set_team_limits).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gemm_blas.h"
#include "plan.h"
#include "pool.h"
#include "test_common.h"

namespace {

int g_failures = 0;

void expect(bool ok, const std::string& what) {
    if (!ok) {
        ++g_failures;
        std::printf("FAIL: %s\n", what.c_str());
    }
}

struct Shape {
    const char* name;
    const char* algo;
    jconv_desc d;
};

jconv_desc base(int dtype, int layout, int64_t N, int64_t C, int64_t O, int64_t G, int64_t H, int64_t W, int64_t k) {
    jconv_desc d;
    jconv_desc_init(&d);
    d.dtype = dtype;
    d.layout = layout;
    d.batch = N;
    d.in_channels = C;
    d.out_channels = O;
    d.groups = G;
    d.in_size[0] = H;
    d.in_size[1] = W;
    d.kernel_size[0] = d.kernel_size[1] = k;
    d.pad_before[0] = d.pad_before[1] = k / 2;
    d.pad_after[0] = d.pad_after[1] = (k - 1) / 2;
    d.has_bias = 1;
    return d;
}

std::vector<Shape> shapes() {
    std::vector<Shape> out;
    for (int dtype : {JCONV_F32, JCONV_F64}) {
        for (int layout : {JCONV_CHANNELS_FIRST, JCONV_CHANNELS_LAST}) {
            jconv_desc d = base(dtype, layout, 2, 1, 1, 1, 37, 53, 5);
            d.border = JCONV_BORDER_SYMMETRIC;
            out.push_back({"image k5 symmetric", "direct-image", d});
            d = base(dtype, layout, 1, 1, 1, 1, 41, 29, 3);
            d.stride[0] = d.stride[1] = 2;
            d.border_value = 1.5;
            out.push_back({"image k3 s2 constant", "direct-image", d});
            d = base(dtype, layout, 2, 6, 12, 6, 19, 23, 3);
            d.border = JCONV_BORDER_REFLECT;
            out.push_back({"depthwise x2 reflect", "depthwise-direct", d});
            d = base(dtype, layout, 1, 8, 8, 8, 21, 17, 3);
            d.border = JCONV_BORDER_EMPTY;
            d.dilation[0] = d.dilation[1] = 2;
            d.pad_before[0] = d.pad_before[1] = d.pad_after[0] = d.pad_after[1] = 2;
            out.push_back({"depthwise dilated empty", "depthwise-direct", d});
            d = base(dtype, layout, 2, 8, 12, 1, 23, 29, 3);
            out.push_back({"3x3", "im2col+gemm", d});
            d = base(dtype, layout, 1, 3, 16, 1, 30, 31, 7);
            d.stride[0] = d.stride[1] = 2;
            d.pad_before[0] = d.pad_before[1] = d.pad_after[0] = d.pad_after[1] = 3;
            out.push_back({"7x7 s2 (conv1)", "im2col+gemm", d});
            d = base(dtype, layout, 2, 8, 12, 2, 17, 19, 3);
            d.border = JCONV_BORDER_CIRCULAR;
            out.push_back({"grouped 3x3 circular", "im2col+gemm", d});
            // Transposed k4 s2 p1 (16 -> 12 channels in 2 groups), empty border, and once with a
            // constant border of 1.5 (the border terms pass).
            for (int border : {JCONV_BORDER_EMPTY, JCONV_BORDER_CONSTANT}) {
                d = base(dtype, layout, 2, 16, 12, 2, 9, 13, 4);
                d.border = border;
                d.border_value = border == JCONV_BORDER_CONSTANT ? 1.5 : 0.0;
                for (int a = 0; a < 2; ++a) {
                    const int64_t n = d.in_size[a], s = 2, head = 1, k = 4;
                    const int64_t len = (n - 1) * s - 2 * head + k;
                    d.input_dilation[a] = s;
                    d.pad_before[a] = k - 1 - head;
                    d.pad_after[a] = len + head - (n - 1) * s - 1;
                }
                out.push_back({border == JCONV_BORDER_EMPTY ? "transposed k4 s2" : "transposed k4 s2 constant 1.5",
                               "gemm+col2im", d});
            }
        }
    }
    return out;
}

struct Case {
    Shape s;
    std::vector<double> x, w, b;  // stored as double, converted per dtype
    std::vector<unsigned char> x_t, w_t, b_t;
    std::vector<std::vector<unsigned char>> want;  // output bytes of a lone run, per kThreads entry
    ref::Result ref;
};

template <class T>
std::vector<unsigned char> bytes_of(const std::vector<double>& v) {
    std::vector<unsigned char> out(v.size() * sizeof(T));
    for (size_t i = 0; i < v.size(); ++i) {
        const T t = static_cast<T>(v[i]);
        std::memcpy(out.data() + i * sizeof(T), &t, sizeof(T));
    }
    return out;
}

// Runs the case's descriptor with num_threads; returns the output bytes (empty on error).
std::vector<unsigned char> run(const Case& c, int threads, const char** algo = nullptr) {
    jconv_desc d = c.s.d;
    d.num_threads = threads;
    jconv_plan* plan = nullptr;
    if (jconv_plan_create(&d, c.w_t.data(), c.b_t.data(), &plan) != JCONV_OK) return {};
    if (algo) *algo = jconv_plan_algorithm(plan);
    const size_t elem = d.dtype == JCONV_F32 ? 4 : 8;
    std::vector<unsigned char> y(static_cast<size_t>(jconv_output_elements(&d)) * elem, 0xFF);
    std::vector<unsigned char> ws(static_cast<size_t>(jconv_plan_workspace_size(plan)), 0xFF);
    const int st = d.dtype == JCONV_F32
                       ? jconv_plan_run_f32(plan, reinterpret_cast<const float*>(c.x_t.data()),
                                            reinterpret_cast<float*>(y.data()), ws.data(), (int64_t)ws.size())
                       : jconv_plan_run_f64(plan, reinterpret_cast<const double*>(c.x_t.data()),
                                            reinterpret_cast<double*>(y.data()), ws.data(), (int64_t)ws.size());
    jconv_plan_destroy(plan);
    if (st != JCONV_OK) return {};
    return y;
}

const int kThreads[] = {1, 2, 3, 4, 0};
constexpr int kCounts = 5;

bool direct(const Case& c) {
    return std::string(c.s.algo) == "direct-image" || std::string(c.s.algo) == "depthwise-direct";
}

}  // namespace

// The pool itself: every part runs exactly once, a team_for inside a part (the pool is busy)
// runs on its caller, and RunCount tells the first of overlapping runs from the others.
void check_pool() {
    for (int n : {1, 2, 3, 7, 16}) {
        std::vector<std::atomic<int>> hits(n);
        std::vector<std::atomic<int>> inner(n * 5);
        auto part = [&](int i) {
            ++hits[i];
            auto sub = [&](int j) { ++inner[i * 5 + j]; };
            jconv::team_for(5, sub);
        };
        for (int rep = 0; rep < 50; ++rep) jconv::team_for(n, part);
        bool ok = true;
        for (auto& h : hits) ok = ok && h == 50;
        for (auto& h : inner) ok = ok && h == 50;
        expect(ok, "team_for(" + std::to_string(n) + ") ran some part other than once per call");
    }
    {
        jconv::RunCount first;
        jconv::RunCount second;
        expect(first.alone() && !second.alone(), "RunCount: the first run is alone, the second is not");
    }
    jconv::RunCount again;
    expect(again.alone(), "RunCount: alone again once the others ended");

    // A part on an OpenBLAS worker calling a GEMM big enough for OpenBLAS's threads while its
    // count is not 1 (no BlasThreads(1) scope here): must not wait for itself (gemm_blas.h).
    const int before = jconv_blas_num_threads();
    jconv_blas_set_num_threads(std::max(2, before));
    const int64_t n = 160;
    std::vector<float> a(n * n), b(n * n);
    for (int64_t i = 0; i < n * n; ++i) {
        a[i] = static_cast<float>((i * 7) % 13) * 0.125f;
        b[i] = static_cast<float>((i * 5) % 11) * 0.25f;
    }
    std::vector<std::vector<float>> c(2, std::vector<float>(n * n, 0.0f));
    auto gemm = [&](int i) { jconv::gemm_acc(n, n, n, a.data(), n, b.data(), n, c[i].data(), n); };
    jconv::team_for(2, gemm);
    std::vector<double> want(n * n, 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t k = 0; k < n; ++k)
            for (int64_t j = 0; j < n; ++j) want[i * n + j] += double(a[i * n + k]) * double(b[k * n + j]);
    bool same = true;
    for (int p = 0; p < 2; ++p)
        for (int64_t i = 0; i < n * n; ++i) same = same && c[p][i] == static_cast<float>(want[i]);
    expect(same, "GEMMs in a team with OpenBLAS's count above 1");
    jconv_blas_set_num_threads(before);
}

int main() {
    const int threads_before = jconv_blas_num_threads();
    jconv::set_team_limits(4, 1.0);
    check_pool();
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> dist(-1, 1);
    std::vector<Case> cases;
    for (const Shape& s : shapes()) {
        Case c;
        c.s = s;
        c.x.resize(jconv_input_elements(&s.d));
        c.w.resize(jconv_kernel_elements(&s.d));
        c.b.resize(s.d.out_channels);
        for (auto* v : {&c.x, &c.w, &c.b})
            for (auto& e : *v) e = dist(rng);
        const bool f32 = s.d.dtype == JCONV_F32;
        c.x_t = f32 ? bytes_of<float>(c.x) : bytes_of<double>(c.x);
        c.w_t = f32 ? bytes_of<float>(c.w) : bytes_of<double>(c.w);
        c.b_t = f32 ? bytes_of<float>(c.b) : bytes_of<double>(c.b);
        if (f32) {
            c.ref = ref::conv<float>(s.d, reinterpret_cast<const float*>(c.x_t.data()),
                                     reinterpret_cast<const float*>(c.w_t.data()), reinterpret_cast<const float*>(c.b_t.data()));
        } else {
            c.ref = ref::conv<double>(s.d, reinterpret_cast<const double*>(c.x_t.data()),
                                      reinterpret_cast<const double*>(c.w_t.data()),
                                      reinterpret_cast<const double*>(c.b_t.data()));
        }
        cases.push_back(std::move(c));
    }

    // One caller: every thread count is right; the direct paths give the 1-thread bytes. Twice:
    // teams on OpenBLAS's workers where they can be, then on jconv's pool only -- the same
    // parts, so the same bytes.
    const int64_t own_before = jconv::pool_worker_parts(false), server_before = jconv::pool_worker_parts(true);
    jconv::set_team_server(false);
    for (Case& c : cases) {
        for (int k = 0; k < kCounts; ++k) c.want.push_back(run(c, kThreads[k]));
    }
    jconv::set_team_server(true);
    for (Case& c : cases) {
        std::vector<std::vector<unsigned char>> own = std::move(c.want);
        c.want.clear();
        const std::string name = std::string(c.s.name) + " " + tst::describe(c.s.d);
        for (int k = 0; k < kCounts; ++k) {
            const int t = kThreads[k];
            const char* algo = "";
            c.want.push_back(run(c, t, &algo));
            const std::string what = name + " on " + std::to_string(t) + " threads";
            expect(!c.want[k].empty(), "run: " + what);
            expect(std::string(algo) == c.s.algo, what + ": algorithm " + algo + ", want " + c.s.algo);
            if (c.want[k].empty()) continue;
            const int64_t bad = c.s.d.dtype == JCONV_F32
                                    ? tst::compare(c.s.d, reinterpret_cast<const float*>(c.want[k].data()), c.ref)
                                    : tst::compare(c.s.d, reinterpret_cast<const double*>(c.want[k].data()), c.ref);
            expect(bad == 0, "oracle: " + what);
            if (direct(c)) expect(c.want[k] == c.want[0], "differs from 1 thread: " + what);
            expect(c.want[k] == own[k], "OpenBLAS's workers and jconv's pool differ: " + what);
        }
    }
    const int64_t own_parts = jconv::pool_worker_parts(false) - own_before;
    const int64_t server_parts = jconv::pool_worker_parts(true) - server_before;
    expect(own_parts > 0, "jconv's pool workers ran no part at all");

    // Several callers at once, each plan on one of the thread counts: the lone run's bytes.
    const int kCallers = 4, kRounds = 40;
    std::atomic<int> mismatches{0}, runs{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < kCallers; ++t) {
        callers.emplace_back([&, t] {
            std::mt19937 r(100 + t);
            for (int i = 0; i < kRounds; ++i) {
                const Case& c = cases[r() % cases.size()];
                const int k = static_cast<int>(r() % kCounts);
                if (run(c, kThreads[k]) != c.want[k]) ++mismatches;
                ++runs;
            }
        });
    }
    for (auto& th : callers) th.join();
    expect(mismatches == 0, std::to_string(mismatches.load()) + " concurrent runs differ from a lone run");
    expect(jconv_blas_num_threads() == threads_before, "OpenBLAS thread count not restored");
    jconv::set_team_limits(0, 0);

    const bool pass = g_failures == 0;
    std::printf("test_threads: %s, %zu shapes x %d thread counts, %d concurrent runs, %lld parts on jconv's pool and "
                "%lld on OpenBLAS's workers, %d failures\n",
                pass ? "PASS" : "FAIL", cases.size(), kCounts, runs.load(), (long long)own_parts, (long long)server_parts,
                g_failures);
    return pass ? 0 : 1;
}
