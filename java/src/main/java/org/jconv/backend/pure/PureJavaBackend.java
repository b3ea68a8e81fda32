package org.jconv.backend.pure;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.Operands;
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
 * <p>Threads: a run is computed by the calling thread; plans are safe to share, and concurrent runs
 * each use their own pooled workspace (see {@link ConvPlan}).
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
    /** The single instance (the backend holds no state). */
    public static final PureJavaBackend INSTANCE = new PureJavaBackend();

    private PureJavaBackend() {
    }

    /** {@code "java"}. */
    @Override
    public String name() {
        return "java";
    }

    /**
     * Prepares a plan: canonical kernel (flip and layout applied once), the algorithm for this
     * geometry, workspace sizes. Algorithms, first match wins: {@code direct-image} (C == O == 1,
     * stride 1), {@code depthwise-direct} (one input channel per group, up to 4 outputs each,
     * stride 1), {@code gemm-1x1} (1x1, stride 1, no pads), {@code im2col+gemm} (the rest);
     * {@code direct}, the reference loop, for a transposed convolution with taps over padding or
     * inserted zeros and a NaN or infinite weight. The kernel and bias are copied.
     *
     * @throws IllegalArgumentException if geometry, kernel or bias are null or do not fit each other
     */
    @Override
    public ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias) {
        Operands.check(geometry, kernel, bias);
        Problem p = Problem.of(geometry);
        Weights w = Weights.of(geometry, kernel, bias);
        return plan(p, w, Algorithms.choose(p, w));
    }

    /** A plan with a given algorithm (tests force each algorithm where it applies). */
    static ConvPlan plan(Problem p, Weights w, Algorithm algorithm) {
        if (!algorithm.applies(p)) {
            throw new IllegalArgumentException(algorithm.name() + " does not apply to " + p.geometry.describe());
        }
        return new PurePlan(p.geometry, algorithm.name(), algorithm.prepare(p, w));
    }

    @Override
    public String toString() {
        return "PureJavaBackend[java]";
    }
}
