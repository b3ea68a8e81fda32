#include "gemm_blas.h"

#include <cblas.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <condition_variable>
#include <mutex>

// OpenBLAS's thread server (driver/others/blas_server.c), exported by its pthreads builds but
// not declared in cblas.h: weak, so a build without it leaves them null.
extern "C" {
int gotoblas_pthread(int numthreads, void* function, void* args, int stride) __attribute__((weak));
extern int blas_num_threads __attribute__((weak));  // server threads + 1
extern int blas_cpu_number __attribute__((weak));   // the current thread count
}

namespace jconv {
namespace {

// True on an OpenBLAS worker while it runs a part for blas_server_run.
thread_local bool t_server_worker = false;

// The product on this thread without OpenBLAS: only for a part on an OpenBLAS worker when
// OpenBLAS's count is not 1 (someone changed it behind jconv's back), where a call could wait
// forever for a free worker.
template <class T>
void plain_gemm(int64_t M, int64_t N, int64_t K, const T* A, int64_t lda, const T* B, int64_t ldb, T* C,
                int64_t ldc) {
    for (int64_t i = 0; i < M; ++i)
        for (int64_t k = 0; k < K; ++k) {
            const T a = A[i * lda + k];
            const T* b = B + k * ldb;
            T* c = C + i * ldc;
            for (int64_t j = 0; j < N; ++j) c[j] += a * b[j];
        }
}

bool server_worker_alone() {
    return !t_server_worker || !&::blas_cpu_number || ::blas_cpu_number == 1;
}

inline void call_gemm(blasint m, blasint n, blasint k, const float* a, blasint lda, const float* b, blasint ldb,
                      float* c, blasint ldc) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb, 1.0f, c, ldc);
}
inline void call_gemm(blasint m, blasint n, blasint k, const double* a, blasint lda, const double* b,
                      blasint ldb, double* c, blasint ldc) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 1.0, c, ldc);
}

// Blocks of M, N and K no larger than limit. A leading dimension above the limit cannot be
// passed at all; a block of one row makes it irrelevant (a single row of A or C needs no
// stride, a single row of B neither), so the corresponding block size drops to 1.
template <class T>
void gemm_split(int64_t M, int64_t N, int64_t K, const T* A, int64_t lda, const T* B, int64_t ldb, T* C,
                int64_t ldc, int64_t limit) {
    if (M <= 0 || N <= 0 || K <= 0) return;
    if (!server_worker_alone()) {
        plain_gemm(M, N, K, A, lda, B, ldb, C, ldc);
        return;
    }
    const int64_t mb = (lda > limit || ldc > limit) ? 1 : limit;
    const int64_t kb = ldb > limit ? 1 : limit;
    const int64_t nb = limit;
    for (int64_t m0 = 0; m0 < M; m0 += mb) {
        const int64_t m = std::min(mb, M - m0);
        for (int64_t n0 = 0; n0 < N; n0 += nb) {
            const int64_t n = std::min(nb, N - n0);
            for (int64_t k0 = 0; k0 < K; k0 += kb) {
                const int64_t k = std::min(kb, K - k0);
                const int64_t la = lda > limit ? k : lda;
                const int64_t lb = ldb > limit ? n : ldb;
                const int64_t lc = ldc > limit ? n : ldc;
                call_gemm(static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k),
                          A + m0 * lda + k0, static_cast<blasint>(la), B + k0 * ldb + n0, static_cast<blasint>(lb),
                          C + m0 * ldc + n0, static_cast<blasint>(lc));
            }
        }
    }
}

struct ThreadState {
    std::mutex mu;
    std::condition_variable cv;
    int active = 0;     // scopes alive
    int current = 0;    // count they set
    int saved = 0;      // the default to restore
};

ThreadState& thread_state() {
    static ThreadState s;
    return s;
}

}  // namespace

void gemm_acc(int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb, float* C,
              int64_t ldc) {
    gemm_split(M, N, K, A, lda, B, ldb, C, ldc, INT_MAX);
}
void gemm_acc(int64_t M, int64_t N, int64_t K, const double* A, int64_t lda, const double* B, int64_t ldb,
              double* C, int64_t ldc) {
    gemm_split(M, N, K, A, lda, B, ldb, C, ldc, INT_MAX);
}
void gemm_acc_limited(int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
                      float* C, int64_t ldc, int64_t limit) {
    gemm_split(M, N, K, A, lda, B, ldb, C, ldc, std::max<int64_t>(1, std::min<int64_t>(limit, INT_MAX)));
}
void gemm_acc_limited(int64_t M, int64_t N, int64_t K, const double* A, int64_t lda, const double* B,
                      int64_t ldb, double* C, int64_t ldc, int64_t limit) {
    gemm_split(M, N, K, A, lda, B, ldb, C, ldc, std::max<int64_t>(1, std::min<int64_t>(limit, INT_MAX)));
}

// openblas_get_parallel(): 0 sequential, 1 pthreads, 2 OpenMP. Only the OpenMP build keeps a
// per-thread count; there openblas_set_num_threads_local is enough on its own.
bool per_thread_counts() {
    static const bool omp = openblas_get_parallel() == 2;
    return omp;
}

BlasThreads::BlasThreads(int n) : n_(n) {
    if (n_ <= 0) return;
    if (per_thread_counts()) {
        prev_ = openblas_set_num_threads_local(n_);
        return;
    }
    ThreadState& s = thread_state();
    std::unique_lock<std::mutex> lock(s.mu);
    s.cv.wait(lock, [&] { return s.active == 0 || s.current == n_; });
    if (s.active == 0) {
        s.saved = openblas_get_num_threads();
        if (s.saved != n_) openblas_set_num_threads(n_);
        s.current = n_;
    }
    ++s.active;
}

BlasThreads::~BlasThreads() {
    if (n_ <= 0) return;
    if (per_thread_counts()) {
        openblas_set_num_threads_local(prev_);
        return;
    }
    ThreadState& s = thread_state();
    std::lock_guard<std::mutex> lock(s.mu);
    if (--s.active == 0) {
        if (s.current != s.saved) openblas_set_num_threads(s.saved);
        s.cv.notify_all();
    }
}

// OpenBLAS hands tasks over with plain stores and barriers in code ThreadSanitizer does not
// see; tell it about the happens-before that gives (no code in other builds).
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define JCONV_TSAN_ACQUIRE(p) __tsan_acquire(p)
#define JCONV_TSAN_RELEASE(p) __tsan_release(p)
#else
#define JCONV_TSAN_ACQUIRE(p) ((void)0)
#define JCONV_TSAN_RELEASE(p) ((void)0)
#endif

namespace {
struct ServerTask {
    void (*fn)(void*);
    void* arg;
    bool worker;
};
void server_task(void* p) {
    JCONV_TSAN_ACQUIRE(p);
    const ServerTask* t = static_cast<const ServerTask*>(p);
    const bool prev = t_server_worker;
    t_server_worker = t->worker;
    t->fn(t->arg);
    t_server_worker = prev;
    JCONV_TSAN_RELEASE(p);
}
}  // namespace

bool blas_server_run(int n, void (*fn)(void*), void* args, int stride) {
    constexpr int kMax = 64;
    if (n < 1 || n > kMax || !gotoblas_pthread || !&::blas_num_threads || openblas_get_parallel() != 1) return false;
    if (n > ::blas_num_threads) return false;
    ServerTask tasks[kMax];
    for (int i = 0; i < n; ++i) {
        tasks[i] = ServerTask{fn, static_cast<char*>(args) + static_cast<ptrdiff_t>(i) * stride, i > 0};
        JCONV_TSAN_RELEASE(&tasks[i]);
    }
    gotoblas_pthread(n, reinterpret_cast<void*>(&server_task), tasks, static_cast<int>(sizeof(ServerTask)));
    for (int i = 0; i < n; ++i) JCONV_TSAN_ACQUIRE(&tasks[i]);
    return true;
}

const char* blas_config() { return openblas_get_config(); }
const char* blas_corename() { return openblas_get_corename(); }

int blas_num_threads() {
    if (per_thread_counts()) return openblas_get_num_threads();
    ThreadState& s = thread_state();
    std::lock_guard<std::mutex> lock(s.mu);
    return s.active > 0 ? s.saved : openblas_get_num_threads();
}

void blas_set_num_threads(int n) {
    if (per_thread_counts()) {
        openblas_set_num_threads(n);
        return;
    }
    ThreadState& s = thread_state();
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.active > 0) {
        // Takes effect when the running scopes end; they keep the count they asked for.
        s.saved = n;
    } else {
        openblas_set_num_threads(n);
    }
}

}  // namespace jconv
