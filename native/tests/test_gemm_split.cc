// The GEMM wrapper splits calls so every size and leading dimension handed to the 32-bit
// cblas interface fits. Real shapes beyond 2^31 cannot be allocated in a test, so the same
// splitting runs here with tiny limits (1..5) against a naive product, including leading
// dimensions above the limit (which force one-row blocks).
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "gemm_blas.h"

namespace {

template <class T>
int check(std::mt19937& rng, int cases) {
    std::uniform_real_distribution<double> dist(-1, 1);
    int failures = 0;
    for (int t = 0; t < cases; ++t) {
        const int64_t M = 1 + rng() % 9, N = 1 + rng() % 9, K = 1 + rng() % 9;
        const int64_t lda = K + rng() % 4, ldb = N + rng() % 4, ldc = N + rng() % 4;
        const int64_t limit = 1 + rng() % 5;
        std::vector<T> A(M * lda), B(K * ldb), C(M * ldc);
        for (auto& v : A) v = static_cast<T>(dist(rng));
        for (auto& v : B) v = static_cast<T>(dist(rng));
        for (auto& v : C) v = static_cast<T>(dist(rng));
        std::vector<double> want(C.begin(), C.end());
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N; ++j)
                for (int64_t k = 0; k < K; ++k) want[i * ldc + j] += double(A[i * lda + k]) * double(B[k * ldb + j]);
        jconv::gemm_acc_limited(M, N, K, A.data(), lda, B.data(), ldb, C.data(), ldc, limit);
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < ldc; ++j) {
                const double got = C[i * ldc + j];
                // Columns past N are padding of C and must be untouched (want holds their old value).
                const double tol = j < N ? 1e-5 * (K + 1) : 0;
                if (std::fabs(got - want[i * ldc + j]) > tol) {
                    if (failures < 5)
                        std::printf("FAIL: M=%lld N=%lld K=%lld lda=%lld ldb=%lld ldc=%lld limit=%lld at (%lld,%lld)\n",
                                    (long long)M, (long long)N, (long long)K, (long long)lda, (long long)ldb,
                                    (long long)ldc, (long long)limit, (long long)i, (long long)j);
                    ++failures;
                    i = M;
                    break;
                }
            }
    }
    return failures;
}

}  // namespace

int main() {
    std::mt19937 rng(3);
    const int cases = 1500;
    const int failures = check<float>(rng, cases) + check<double>(rng, cases);
    std::printf("test_gemm_split: %s, %d cases checked, %d failures\n", failures ? "FAIL" : "PASS", 2 * cases, failures);
    return failures ? 1 : 0;
}
