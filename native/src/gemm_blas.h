// The core's only door to OpenBLAS (the only file including cblas.h is gemm_blas.cc).
#ifndef JCONV_SRC_GEMM_BLAS_H
#define JCONV_SRC_GEMM_BLAS_H

#include <cstdint>

#include "pool.h"

namespace jconv {

// Row-major C[M, N] += A[M, K] * B[K, N] (alpha = beta = 1: callers pre-fill C with the bias
// or zeros. That costs nothing extra -- with beta = 0 OpenBLAS clears C in a separate pass
// anyway -- and leaves nothing to how a BLAS treats NaN already in C when beta = 0). Sizes and leading dimensions are int64: the call is split so that everything
// handed to the 32-bit-int cblas interface fits, whatever the shape.
void gemm_acc(int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
              float* C, int64_t ldc);
void gemm_acc(int64_t M, int64_t N, int64_t K, const double* A, int64_t lda, const double* B, int64_t ldb,
              double* C, int64_t ldc);

// The same with an explicit limit for every size passed to cblas (tests use a tiny limit to
// exercise the splitting; gemm_acc uses INT_MAX).
void gemm_acc_limited(int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B,
                      int64_t ldb, float* C, int64_t ldc, int64_t limit);
void gemm_acc_limited(int64_t M, int64_t N, int64_t K, const double* A, int64_t lda, const double* B,
                      int64_t ldb, double* C, int64_t ldc, int64_t limit);

// Lets the GEMM calls of one run use n threads (n > 0; n == 0 leaves the library default).
//
// The OpenBLAS in the bytedeco jar is a pthreads build, where openblas_set_num_threads_local
// is NOT thread-local: it calls openblas_set_num_threads (process-wide) and returns the old
// count (seen in the disassembly of 0.3.31). Naive
// save/set/restore around concurrent runs would let the global count drift (A saves 2 sets 1,
// B saves 1 sets 2, A restores 2, B restores 1). So scopes are reference counted: the first
// one saves the default, the last one restores it, and a scope asking for a different count
// than the active ones waits until they finish (runs with equal counts proceed together).
// An OpenMP build of OpenBLAS has a real per-thread count; there the scope just sets and
// restores it with openblas_set_num_threads_local.
class BlasThreads {
public:
    explicit BlasThreads(int n);
    ~BlasThreads();
    BlasThreads(const BlasThreads&) = delete;
    BlasThreads& operator=(const BlasThreads&) = delete;

private:
    int n_;
    int prev_ = 0;
};

// Runs the parts of a GEMM-based run. A single part gets OpenBLAS's threads (threads: the plan's
// num_threads, 0 for the default count); several parts each get one OpenBLAS thread, and run on
// the team when the run is alone, else in turn on the calling thread, so no GEMM of a part ever
// hands work to another thread.
template <class F>
void run_gemm_parts(int parts, int threads, bool alone, F& part) {
    if (parts == 1) {
        BlasThreads scope(threads);
        part(0);
        return;
    }
    BlasThreads scope(1);
    if (alone) {
        team_for(parts, part);
    } else {
        for (int i = 0; i < parts; ++i) part(i);
    }
}

// OpenBLAS's own server threads (its pthreads build, the bytedeco one): runs fn(args + i *
// stride) for every i in [0, n), i = 0 on the calling thread and the others on OpenBLAS's
// workers, and returns true when all have returned; returns false, running nothing, when this
// OpenBLAS has no such server or fewer than n threads. pool.cc prefers these threads to its
// own: OpenBLAS's workers busy-wait for about 2^28 cycles after every parallel call (its
// THREAD_TIMEOUT; the wait loop is a run of nops, not a yield), so any other thread that wants
// a core within ~70 ms of a multi-threaded GEMM -- in a network, or in a benchmark that
// alternates with one -- gets half of it. On their own workers the team's parts start at once.
// A GEMM a part calls on a worker must run on that worker alone (OpenBLAS cannot queue a
// parallel call from a busy worker to itself): gemm_acc does so while OpenBLAS's count is 1,
// which the team's callers see to (BlasThreads(1)), and otherwise computes the product with a
// plain loop rather than risk it.
bool blas_server_run(int n, void (*fn)(void*), void* args, int stride);

const char* blas_config();
const char* blas_corename();
int blas_num_threads();         // the default (not a count a running scope set temporarily)
void blas_set_num_threads(int n);

}  // namespace jconv

#endif
