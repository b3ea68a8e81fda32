package org.jconv.backend;

import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.Operands;
import org.jconv.spec.ConvGeometry;

/**
 * The reference backend ({@code Backends.reference()}): a direct evaluation of the canonical definition (see
 * {@link org.jconv.spec.ConvSpec}). It is the oracle every other backend is checked against (the fallback users
 * get is the faster {@code org.jconv.backend.pure} engine), so it is written to be obviously right first and
 * reasonably fast second.
 *
 * <p>Independence: it reads input and kernel in their own layouts by index arithmetic, applies the
 * flip by index and the border by {@link org.jconv.spec.BorderMode#sourceIndex}; it shares no code
 * with the native path's kernel preparation ({@link org.jconv.plan.CanonicalKernel}).
 *
 * <p>Accuracy: every product and sum is computed in float64, for float32 plans too, and a float32
 * result is rounded to float32 once at the end. Each output is therefore within about
 * {@code 2^-53 * taps * magnitude + 2^-24 * |y|} of the exact value, at least as accurate as any
 * reference system (which accumulate float32 data in float32).
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).pad(1).build();
 * ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 1, 4, 4}, new int[] {1, 1, 3, 3});
 * try (ConvPlan plan = JavaBackend.INSTANCE.plan(g, Tensor.of(new float[9], 1, 1, 3, 3), null)) {
 *     float[] y = new float[16];
 *     plan.run(new float[16], y);
 *     System.out.println(plan.algorithm());   // direct
 * }
 * }</pre>
 */
public final class JavaBackend implements Backend {
    /** The single instance (the backend holds no state). */
    public static final JavaBackend INSTANCE = new JavaBackend();

    private JavaBackend() {
    }

    /** {@code "reference"}. */
    @Override
    public String name() {
        return "reference";
    }

    /**
     * A plan evaluating the canonical definition directly. The kernel and bias are copied.
     *
     * @throws IllegalArgumentException if geometry, kernel or bias are null or do not fit each other
     */
    @Override
    public ConvPlan plan(ConvGeometry geometry, Tensor kernel, Tensor bias) {
        Operands.check(geometry, kernel, bias);
        DirectConvolution conv = new DirectConvolution(geometry, kernel, bias);
        return new DirectPlan(geometry, conv);
    }

    @Override
    public String toString() {
        return "JavaBackend[java, direct]";
    }

    /** The plan: validation is ConvPlan's, arithmetic is {@link DirectConvolution}'s. */
    private static final class DirectPlan extends ConvPlan {
        private final DirectConvolution conv;

        DirectPlan(ConvGeometry geometry, DirectConvolution conv) {
            super(geometry);
            this.conv = conv;
        }

        @Override
        public String backend() {
            return "reference";
        }

        @Override
        public String algorithm() {
            return "direct";
        }

        @Override
        protected void runF32(float[] input, float[] output) {
            conv.run(input, null, output, null);
        }

        @Override
        protected void runF64(double[] input, double[] output) {
            conv.run(null, input, null, output);
        }

        @Override
        public String toString() {
            return "ConvPlan[java, direct: " + geometry().describe() + "]";
        }
    }
}
