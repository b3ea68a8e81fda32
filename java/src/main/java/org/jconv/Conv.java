package org.jconv;

import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;

/**
 * Entry points for the canonical convolution. Framework-flavoured entry points live in
 * {@code org.jconv.dialect} (scipy, Keras/TensorFlow, Theano, PyTorch, ONNX); they all end here.
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).pad(1).build();              // 3x3 'same', cross-correlation
 * Tensor x = Tensor.zeros(DType.FLOAT32, 1, 3, 32, 32);            // NCHW
 * Tensor w = Tensor.zeros(DType.FLOAT32, 16, 3, 3, 3);             // OIHW
 * Tensor y = Conv.run(spec, x, w, null);                           // [1, 16, 32, 32]
 * }</pre>
 */
public final class Conv {
    private Conv() {
    }

    /** Runs one convolution on the preferred backend ({@link Backends#preferred()}). */
    public static Tensor run(ConvSpec spec, Tensor input, Tensor kernel, Tensor bias) {
        return run(spec, input, kernel, bias, Backends.preferred());
    }

    /** Runs one convolution on {@code backend}. {@code bias} may be null. */
    public static Tensor run(ConvSpec spec, Tensor input, Tensor kernel, Tensor bias, Backend backend) {
        if (input == null) {
            throw new IllegalArgumentException("input must not be null");
        }
        try (ConvPlan plan = plan(spec, input.shape(), kernel, bias, backend)) {
            return plan.run(input);
        }
    }

    /** A plan on the preferred backend. */
    public static ConvPlan plan(ConvSpec spec, int[] inputShape, Tensor kernel, Tensor bias) {
        return plan(spec, inputShape, kernel, bias, Backends.preferred());
    }

    /** A plan on {@code backend} for inputs of {@code inputShape} (in the spec's layout). */
    public static ConvPlan plan(ConvSpec spec, int[] inputShape, Tensor kernel, Tensor bias, Backend backend) {
        return plan(spec, inputShape, kernel, bias, backend, PlanOptions.DEFAULT);
    }

    /** A plan on {@code backend} with tunables such as a thread cap ({@link PlanOptions}). */
    public static ConvPlan plan(ConvSpec spec, int[] inputShape, Tensor kernel, Tensor bias, Backend backend,
            PlanOptions options) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        return backend.plan(ConvGeometry.of(spec, inputShape, kernel.shape()), kernel, bias, options);
    }
}
