// One plan, many threads: a plan is immutable, so concurrent runs with their own workspaces
// and outputs must all be right, with BLAS thread counts that differ between plans, and the
// process-wide OpenBLAS thread count must be back at its default afterwards.
#include <atomic>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "test_common.h"

namespace {

struct Job {
    jconv_desc d;
    jconv_plan* plan = nullptr;
    std::vector<float> x, w;
    ref::Result want;
};

jconv_desc shape(int64_t C, int64_t O, int64_t G, int64_t k, int layout, int threads) {
    jconv_desc d;
    jconv_desc_init(&d);
    d.layout = layout;
    d.batch = 2;
    d.in_channels = C;
    d.out_channels = O;
    d.groups = G;
    d.in_size[0] = 13;
    d.in_size[1] = 17;
    d.kernel_size[0] = d.kernel_size[1] = k;
    d.pad_before[0] = d.pad_after[1] = k / 2;
    d.pad_before[1] = d.pad_after[0] = (k - 1) / 2;
    d.border = JCONV_BORDER_SYMMETRIC;
    d.num_threads = threads;
    return d;
}

}  // namespace

int main() {
    const int threads_before = jconv_blas_num_threads();
    std::vector<Job> jobs(7);
    jobs[0].d = shape(8, 16, 1, 3, JCONV_CHANNELS_FIRST, 1);   // im2col+gemm
    jobs[1].d = shape(8, 12, 2, 3, JCONV_CHANNELS_LAST, 2);    // im2col+gemm, grouped
    jobs[2].d = shape(16, 8, 1, 1, JCONV_CHANNELS_LAST, 1);    // gemm-1x1
    jobs[3].d = shape(6, 12, 6, 3, JCONV_CHANNELS_FIRST, 0);   // depthwise-direct
    jobs[4].d = shape(1, 1, 1, 5, JCONV_CHANNELS_FIRST, 0);    // direct-image
    for (int j : {5, 6}) {                                     // gemm+col2im (transposed, s2 p1)
        jobs[j].d = shape(8, 6, 2, 4, j == 5 ? JCONV_CHANNELS_FIRST : JCONV_CHANNELS_LAST, j - 4);
        for (int a = 0; a < 2; ++a) {
            jobs[j].d.input_dilation[a] = 2;
            jobs[j].d.pad_before[a] = jobs[j].d.pad_after[a] = 2;
        }
        jobs[j].d.border = JCONV_BORDER_EMPTY;
    }
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> dist(-1, 1);
    for (Job& j : jobs) {
        j.x.resize(jconv_input_elements(&j.d));
        j.w.resize(jconv_kernel_elements(&j.d));
        for (auto& v : j.x) v = dist(rng);
        for (auto& v : j.w) v = dist(rng);
        if (jconv_plan_create(&j.d, j.w.data(), nullptr, &j.plan) != JCONV_OK) {
            std::printf("test_concurrency: FAIL, create\n");
            return 1;
        }
        j.want = ref::conv<float>(j.d, j.x.data(), j.w.data(), nullptr);
    }

    const int kThreads = 6, kRounds = 60;
    std::atomic<int> failures{0}, runs{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < kThreads; ++t) {
        pool.emplace_back([&, t] {
            for (int r = 0; r < kRounds; ++r) {
                Job& j = jobs[(t + r) % jobs.size()];
                std::vector<unsigned char> ws(jconv_plan_workspace_size(j.plan), 0xFF);
                std::vector<float> y(j.want.y.size(), std::numeric_limits<float>::quiet_NaN());
                const int st = jconv_plan_run_f32(j.plan, j.x.data(), y.data(), ws.data(), (int64_t)ws.size());
                if (st != JCONV_OK || tst::compare(j.d, y.data(), j.want, 1) != 0) ++failures;
                ++runs;
            }
        });
    }
    for (auto& th : pool) th.join();
    for (Job& j : jobs) jconv_plan_destroy(j.plan);
    const int threads_after = jconv_blas_num_threads();
    if (threads_after != threads_before) {
        std::printf("FAIL: OpenBLAS threads %d before, %d after\n", threads_before, threads_after);
        ++failures;
    }
    const bool pass = failures == 0 && runs == kThreads * kRounds;
    std::printf("test_concurrency: %s, %d concurrent runs checked, %d failures\n", pass ? "PASS" : "FAIL", runs.load(),
                failures.load());
    return pass ? 0 : 1;
}
