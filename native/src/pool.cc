#include "pool.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gemm_blas.h"

namespace jconv {
namespace {

std::atomic<int> g_in_flight{0};
std::atomic<int64_t> g_worker_parts{0};  // jconv's pool
std::atomic<int64_t> g_server_parts{0};  // OpenBLAS's workers
std::atomic<bool> g_use_server{true};

// Set while this thread runs a team's part (a team_run inside one runs its parts in turn), or
// leads a team (its own parts are not counted as workers').
thread_local bool t_in_part = false;
thread_local bool t_leading = false;

// Splitting pays once a part has this much work (multiply-adds): waking a blocked worker
// costs some tens of microseconds.
constexpr double kDefaultMinWork = double(1 << 20);
std::atomic<int> g_max_team{0};
std::atomic<double> g_min_work{kDefaultMinWork};

// The CPUs this process may run on (its affinity mask, so taskset and cpusets count), or the
// online CPUs where that is unknown.
int cores() {
    static const int n = [] {
#ifdef __linux__
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
#endif
        return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }();
    return n;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// Pause iterations (about 25 ns each on Zen4) a worker spins for the next job before blocking,
// and a caller for the workers' parts before blocking.
constexpr int kWorkerSpin = 1000;
constexpr int kCallerSpin = 4000;

struct Job {
    void (*fn)(void*, int);
    void* ctx;
    int n;
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    int refs = 0;  // workers inside the job (guarded by the pool's mutex)
};

class Pool {
public:
    // Runs the job with up to want workers besides the caller.
    void run(Job& job, int want) {
        grow(want);
        {
            std::lock_guard<std::mutex> lock(mu_);
            job_ = &job;
            ++gen_;
            agen_.store(gen_, std::memory_order_release);
            for (int i = std::min(want, sleepers_); i > 0; --i) wake_.notify_one();
        }
        work(job);
        for (int i = 0; i < kCallerSpin && job.done.load(std::memory_order_acquire) < job.n; ++i) cpu_relax();
        std::unique_lock<std::mutex> lock(mu_);
        job_ = nullptr;  // late workers find nothing
        finished_.wait(lock, [&] { return job.done.load(std::memory_order_acquire) == job.n && job.refs == 0; });
    }

    // One job at a time: a run that finds the pool busy does its work alone.
    bool try_acquire() { return !busy_.exchange(true, std::memory_order_acquire); }
    void release() { busy_.store(false, std::memory_order_release); }

private:
    // Takes parts until none is left; returns how many it ran.
    static int work(Job& job) {
        int ran = 0;
        const bool prev = t_in_part;
        t_in_part = true;
        for (int i; (i = job.next.fetch_add(1, std::memory_order_relaxed)) < job.n; ++ran) {
            job.fn(job.ctx, i);
            job.done.fetch_add(1, std::memory_order_acq_rel);
        }
        t_in_part = prev;
        return ran;
    }

    void grow(int want) {
        if (static_cast<int>(threads_) >= want) return;
        std::lock_guard<std::mutex> lock(mu_);
        while (static_cast<int>(threads_) < want) {
            try {
                std::thread(&Pool::loop, this).detach();
            } catch (...) {
                return;  // fewer workers: the caller does their share
            }
            ++threads_;
        }
    }

    void loop() {
        uint64_t seen = agen_.load(std::memory_order_acquire);
        for (;;) {
            for (int i = 0; i < kWorkerSpin && agen_.load(std::memory_order_acquire) == seen; ++i) cpu_relax();
            Job* job;
            {
                std::unique_lock<std::mutex> lock(mu_);
                while (gen_ == seen) {
                    ++sleepers_;
                    wake_.wait(lock);
                    --sleepers_;
                }
                seen = gen_;
                job = job_;
                if (!job) continue;
                ++job->refs;
            }
            g_worker_parts.fetch_add(work(*job), std::memory_order_relaxed);
            std::lock_guard<std::mutex> lock(mu_);
            --job->refs;
            finished_.notify_all();
        }
    }

    std::mutex mu_;
    std::condition_variable wake_, finished_;
    Job* job_ = nullptr;
    uint64_t gen_ = 0;
    std::atomic<uint64_t> agen_{0};
    int sleepers_ = 0;
    std::atomic<size_t> threads_{0};
    std::atomic<bool> busy_{false};
};

// Never destroyed: the workers are detached and may still wait on it at exit.
Pool& pool() {
    static Pool* p = new Pool();
    return *p;
}

}  // namespace

RunCount::RunCount() : alone_(g_in_flight.fetch_add(1, std::memory_order_acq_rel) == 0) {}
RunCount::~RunCount() { g_in_flight.fetch_sub(1, std::memory_order_acq_rel); }

int max_team() {
    const int cap = g_max_team.load(std::memory_order_relaxed);
    return cap > 0 ? cap : cores();
}

int plan_threads(const Geometry& g) {
    const int n = g.threads > 0 ? g.threads : blas_num_threads();
    return std::max(1, std::min(n, max_team()));
}

int team_size(const Geometry& g, bool alone) { return alone ? plan_threads(g) : 1; }

int team_parts(const Geometry& g, bool alone, double work) {
    const double fit = work / g_min_work.load(std::memory_order_relaxed);
    if (!alone || fit < 2) return 1;
    const int team = team_size(g, alone);
    return fit >= team ? team : static_cast<int>(fit);
}

namespace {

struct Part {
    void (*fn)(void*, int);
    void* ctx;
    int i;
};

void run_part(void* p) {
    const Part* part = static_cast<const Part*>(p);
    const bool prev = t_in_part;
    t_in_part = true;
    part->fn(part->ctx, part->i);
    t_in_part = prev;
    if (!t_leading) g_server_parts.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void team_run(int n, void (*fn)(void*, int), void* ctx) {
    if (n <= 0) return;
    if (n == 1 || t_in_part) {
        for (int i = 0; i < n; ++i) fn(ctx, i);
        return;
    }
    // OpenBLAS's own workers first (gemm_blas.h, blas_server_run: why), else jconv's pool.
    constexpr int kMaxParts = 64;
    if (n <= kMaxParts && g_use_server.load(std::memory_order_relaxed)) {
        Part parts[kMaxParts];
        for (int i = 0; i < n; ++i) parts[i] = Part{fn, ctx, i};
        t_leading = true;
        const bool ran = blas_server_run(n, &run_part, parts, static_cast<int>(sizeof(Part)));
        t_leading = false;
        if (ran) return;
    }
    Pool& p = pool();
    if (!p.try_acquire()) {
        for (int i = 0; i < n; ++i) fn(ctx, i);
        return;
    }
    Job job;
    job.fn = fn;
    job.ctx = ctx;
    job.n = n;
    try {
        p.run(job, n - 1);
    } catch (...) {
        p.release();
        throw;
    }
    p.release();
}

int64_t pool_worker_parts(bool server) { return server ? g_server_parts.load() : g_worker_parts.load(); }

void set_team_server(bool allowed) { g_use_server.store(allowed); }

void set_team_limits(int max_threads, double min_work) {
    g_max_team.store(max_threads > 0 ? max_threads : 0);
    g_min_work.store(min_work > 0 ? min_work : kDefaultMinWork);
}

}  // namespace jconv
