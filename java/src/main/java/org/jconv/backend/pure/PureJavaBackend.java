package org.jconv.backend.pure;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.Operands;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.ConvGeometry;

/**
 * The fast pure-Java backend ({@code "java"}): what jconv runs where the native library cannot
 * load. Plans choose an algorithm per geometry (see {@link #plan}) and run blocked im2col+GEMM and
 * direct loops written so that HotSpot's C2 compiler vectorises them, with the kernel packed once
 * and all scratch memory reused, so that {@code run} allocates nothing after warm-up. Results
 * match the reference backend ({@link org.jconv.backend.JavaBackend}, the term-by-term oracle)
 * within the tolerance rule of the golden data; NaN and infinities propagate exactly as there.
 *
 * <p>Arithmetic: float32 plans compute and accumulate in float32, float64 plans in float64, as the
 * reference systems do (the oracle accumulates in float64). Every product of the definition is
 * computed, zeros included.
 *
 * <p>Threads: by default a run uses every core (its calling thread plus a process-wide team of
 * {@code cores - 1} workers), when the problem is large enough to be worth splitting.
 * {@link PlanOptions#threads(int)} caps a plan, {@link #setDefaultThreads(int)} changes the default.
 * The team helps one run at a time: concurrent runs (of one plan or several) that find it busy
 * compute on their own threads alone, so callers on every core never oversubscribe the machine.
 * Plans are safe to share; each run uses its own pooled workspaces (see {@link ConvPlan}). The
 * numbers do not depend on the thread count.
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).pad(1).build();
 * ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 64, 56, 56}, new int[] {64, 64, 3, 3});
 * Tensor kernel = Tensor.zeros(DType.FLOAT32, 64, 64, 3, 3);
 * try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(g, kernel, null)) {
 *     System.out.println(plan.algorithm());     // im2col+gemm
 *     float[] x = new float[64 * 56 * 56];
 *     float[] y = new float[64 * 56 * 56];
 *     plan.run(x, y);
 * }
 * }</pre>
 */
public final class PureJavaBackend implements Backend {
    /** The single instance. */
    public static final PureJavaBackend INSTANCE = new PureJavaBackend();

    private static volatile int defaultThreads = Runtime.getRuntime().availableProcessors();

    private PureJavaBackend() {
    }

    /** {@code "java"}. */
    @Override
    public String name() {
        return "java";
    }

    /**
     * Prepares a plan: canonical kernel (flip and layout applied once), the algorithm for this
     * geometry, workspace sizes. Algorithms, first match wins: {@code direct-small} (at most 32768
     * multiply-adds, rank 1 or 2), {@code direct-image} (C == O == 1,
     * rank 1 or 2, stride 1 down the rows), {@code depthwise-direct} (one input channel per group,
     * up to 4 outputs each, stride 1; channels last with one output each, any stride),
     * {@code gemm-1x1} (1x1, stride 1, no pads),
     * {@code im2col+gemm} (the rest);
     * {@code direct}, the reference loop, for a transposed convolution with taps over padding or
     * inserted zeros and a NaN or infinite weight. The kernel and bias are copied.
     *
     * @throws IllegalArgumentException if geometry, kernel or bias are null or do not fit each other
     */
    @Override
    public ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias) {
        return plan(geometry, kernel, bias, PlanOptions.DEFAULT);
    }

    /**
     * As {@link #plan(ConvGeometry, Tensor, Tensor)}, with at most {@code options.threads()}
     * threads per run (0: {@link #defaultThreads()}).
     *
     * @throws IllegalArgumentException if geometry, kernel, bias or options are null or do not fit
     */
    @Override
    public ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias, PlanOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use PlanOptions.DEFAULT)");
        }
        Operands.check(geometry, kernel, bias);
        Problem p = Problem.of(geometry);
        Weights w = Weights.of(geometry, kernel, bias);
        int threads = options.threads() == 0 ? defaultThreads : options.threads();
        return plan(p, w, Algorithms.choose(p, w), threads);
    }

    /** A plan with a given algorithm (tests force each algorithm where it applies). */
    static ConvPlan plan(Problem p, Weights w, Algorithm algorithm, int threads) {
        if (!algorithm.applies(p)) {
            throw new IllegalArgumentException(algorithm.name() + " does not apply to " + p.geometry.describe());
        }
        return new PurePlan(p.geometry, algorithm.name(), algorithm.prepare(p, w, threads), threads);
    }

    /**
     * Sets the number of threads a run of plans created afterwards may use when their options say 0
     * (the default); initially {@code Runtime.availableProcessors()}. Runs never use more threads
     * than cores.
     *
     * @throws IllegalArgumentException when {@code n} is not 1..1024
     */
    public static void setDefaultThreads(int n) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("threads must be 1..1024, got " + n);
        }
        defaultThreads = n;
    }

    /** The default thread count of new plans (see {@link #setDefaultThreads(int)}). */
    public static int defaultThreads() {
        return defaultThreads;
    }

    @Override
    public String toString() {
        return "PureJavaBackend[java]";
    }
}
