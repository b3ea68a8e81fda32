package org.jconv.bench;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.jconv.backend.Backends;
import org.jconv.nativelib.global.jconv;

/**
 * The thread count the benchmarks give the library (one calling thread; the library's own threads).
 *
 * <p>It sets OpenBLAS's process-wide count, which the GEMM baseline follows; the convolution side
 * gets the same count as its plan's {@code PlanOptions.threads(n)} ({@link ConvHarness}). It goes
 * through jconv's {@code jconv_blas_set_num_threads} when the native library is loaded (the same
 * OpenBLAS copy the baseline calls; that function also respects thread scopes of runs in flight),
 * and through bytedeco's {@code blas_set_num_threads} otherwise.
 *
 * <pre>{@code
 * int before = ThreadSetting.current();
 * ThreadSetting.apply(2);
 * try { ... } finally { ThreadSetting.apply(before); }
 * }</pre>
 */
public final class ThreadSetting {
    private ThreadSetting() {
    }

    /**
     * Sets the thread count for the following runs.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (Backends.nativeAvailable()) {
            jconv.jconv_blas_set_num_threads(threads);
        } else {
            openblas_nolapack.blas_set_num_threads(threads);
        }
    }

    /** OpenBLAS's current process-wide thread count (loads OpenBLAS). */
    public static int current() {
        if (Backends.nativeAvailable()) {
            return jconv.jconv_blas_num_threads();
        }
        // bytedeco only remembers what it was last asked to set (-1 before that).
        int n = openblas_nolapack.blas_get_num_threads();
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }
}
