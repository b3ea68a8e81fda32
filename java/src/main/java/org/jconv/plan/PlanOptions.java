package org.jconv.plan;

/**
 * Tunables of a plan that do not change its numbers. Immutable.
 *
 * <pre>{@code
 * ConvPlan plan = Conv.plan(spec, shape, kernel, bias, Backends.preferred(), PlanOptions.threads(1));
 * }</pre>
 *
 * <p>Threads: {@code 0} (the default) lets the native backend use OpenBLAS's process-wide thread
 * count, which is all cores unless {@code OPENBLAS_NUM_THREADS} or
 * {@link org.jconv.backend.Backends#setNativeThreads(int)} says otherwise; {@code n > 0} caps the
 * GEMM of this plan's runs at {@code n} threads (useful when the caller already runs one
 * convolution per core). The direct fast paths run on the calling thread.
 */
public final class PlanOptions {
    /** No overrides: library defaults. */
    public static final PlanOptions DEFAULT = new PlanOptions(0);

    private final int threads;

    private PlanOptions(int threads) {
        this.threads = threads;
    }

    /**
     * Options with a thread cap.
     *
     * @param n 0 for the default, or the number of threads (1..1024) a run may use
     * @throws IllegalArgumentException when {@code n} is negative or above 1024
     */
    public static PlanOptions threads(int n) {
        if (n < 0 || n > 1024) {
            throw new IllegalArgumentException("threads must be 0 (default) or 1..1024, got " + n);
        }
        return n == 0 ? DEFAULT : new PlanOptions(n);
    }

    /** The thread cap, 0 for the default. */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "PlanOptions[threads=" + (threads == 0 ? "default" : threads) + "]";
    }
}
