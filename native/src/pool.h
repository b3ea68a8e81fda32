// Teams: the threads of one run, for the work it splits itself (the direct algorithms' rows
// and channels, im2col+gemm's and gemm-1x1's pixel blocks, gemm+col2im's channel blocks), and
// the policy that decides how many threads a run may use.
//
// Policy (jconv.h, num_threads): a run may use up to num_threads threads (0: the OpenBLAS
// default count, i.e. all cores), capped at the cores this process may use, but only if no
// other run was in flight when it started (RunCount); otherwise it does its own work on the
// calling thread. Many Java threads calling at once thus get about one core each, and a lone
// call gets them all. How a run splits its work depends on the plan and the thread count only,
// never on the other runs, so neither does its result.
//
// The team's other threads are OpenBLAS's own workers when this OpenBLAS has a thread server
// (gemm_blas.h, blas_server_run: they busy-wait for ~70 ms after each parallel call, so any
// other thread would share a core with them), else jconv's pool: created on first use, never
// shrunk, so no thread is created and nothing is allocated per run; its workers spin briefly
// after a job (the next one often follows at once), then block on a condition variable.
#ifndef JCONV_SRC_POOL_H
#define JCONV_SRC_POOL_H

#include <algorithm>
#include <cstdint>

#include "geometry.h"

namespace jconv {

// Counts a run as in flight for its lifetime; alone() tells whether it was the only one when
// it started.
class RunCount {
public:
    RunCount();
    ~RunCount();
    RunCount(const RunCount&) = delete;
    RunCount& operator=(const RunCount&) = delete;
    bool alone() const { return alone_; }

private:
    bool alone_;
};

// Threads a plan asks for (>= 1): num_threads, or the OpenBLAS default when 0, capped at the
// cores (see set_team_limits).
int plan_threads(const Geometry& g);

// Threads a run may use (>= 1): plan_threads when alone, else 1.
int team_size(const Geometry& g, bool alone);

// The cap plan_threads applies: the cores, or the test limit.
int max_team();

// Parts to split work (multiply-adds, say) into: at most team_size, each with at least the
// least work per part that pays for waking a worker (1 when not alone: no lookup at all).
int team_parts(const Geometry& g, bool alone, double work);

// Runs fn(ctx, i) for every i in [0, n) and returns when all have returned. The calling thread
// takes part; the team's other threads take the rest (each i runs exactly once, on some
// thread). Inside a part, or when the pool is busy or cannot start threads, the caller runs
// them all in turn.
void team_run(int n, void (*fn)(void*, int), void* ctx);

template <class F>
void team_for(int n, F& f) {
    if (n <= 1) {
        for (int i = 0; i < n; ++i) f(i);
        return;
    }
    team_run(n, [](void* c, int i) { (*static_cast<F*>(c))(i); }, &f);
}

// Splits [0, total) into parts nearly equal ranges; range i is [split(total, parts, i),
// split(total, parts, i + 1)).
inline int64_t split_point(int64_t total, int parts, int i) {
    return static_cast<int64_t>(static_cast<__int128>(total) * i / parts);
}

// Tests: the most threads a team may have (0: the number of cores) and the least work per
// part (0: the default), so that small shapes split into many parts on any machine.
void set_team_limits(int max_threads, double min_work);

// Tests: how many team parts threads other than the caller have run since the process
// started, on jconv's pool (own) and on OpenBLAS's workers (server); and whether teams may use
// OpenBLAS's workers at all (true by default; false: jconv's pool only).
int64_t pool_worker_parts(bool server);
void set_team_server(bool allowed);

}  // namespace jconv

#endif
