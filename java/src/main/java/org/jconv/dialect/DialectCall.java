package org.jconv.dialect;

import java.util.Arrays;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;

/**
 * One dialect call translated into the canonical form: the spec, the operands in the spec's layouts
 * and dtype, and the shape the reference system gives its result. Run it on any backend, or ask it
 * to explain itself.
 *
 * <pre>{@code
 * DialectCall call = Dialects.forSystem("keras.layers.Conv2D").translate(params, x, w, b);
 * System.out.println(call.explain());
 * Tensor y = call.run();     // same numbers as Keras
 * }</pre>
 */
public final class DialectCall {
    private final String system;
    private final ConvSpec spec;
    private final Tensor input;
    private final Tensor kernel;
    private final Tensor bias;
    private final int[] outputShape;
    private final ConvGeometry geometry;
    private final String note;

    /**
     * @param system      the dialect's system name
     * @param spec        the canonical spec
     * @param input       input in {@code spec.layout()} and {@code spec.dtype()}, rank {@code spec.rank() + 2}
     * @param kernel      kernel in {@code spec.kernelLayout()} and {@code spec.dtype()}
     * @param bias        bias or null
     * @param outputShape the shape of the reference system's result; the canonical output (same
     *                    element order) is reshaped to it
     * @param note        an optional remark for {@link #explain()} (e.g. "scipy swapped the operands"), or null
     */
    public DialectCall(String system, ConvSpec spec, Tensor input, Tensor kernel, Tensor bias, int[] outputShape,
            String note) {
        this.system = system;
        this.spec = spec;
        this.input = input;
        this.kernel = kernel;
        this.bias = bias;
        this.geometry = ConvGeometry.of(spec, input.shape(), kernel.shape());
        // refuse at translation, not at run, what no backend could run (bias length, dtypes)
        org.jconv.plan.Operands.check(geometry, kernel, bias);
        if (Tensor.elementCount(outputShape) != geometry.outputElements()) {
            throw new IllegalArgumentException("output shape " + Arrays.toString(outputShape) + " does not hold the "
                    + geometry.outputElements() + " elements of the canonical output " + Arrays.toString(geometry.outputShape()));
        }
        this.outputShape = outputShape.clone();
        this.note = note;
    }

    /** The system name of the dialect that made this call. */
    public String system() { return system; }

    /** The canonical spec. */
    public ConvSpec spec() { return spec; }

    /** The spec bound to the operands' shapes. */
    public ConvGeometry geometry() { return geometry; }

    /** The input, in the spec's layout and dtype. */
    public Tensor input() { return input; }

    /** The kernel, in the spec's kernel layout and dtype. */
    public Tensor kernel() { return kernel; }

    /** The bias, or null. */
    public Tensor bias() { return bias; }

    /** The shape of the result as the reference system returns it. */
    public int[] outputShape() { return outputShape.clone(); }

    /** Runs on the preferred backend. */
    public Tensor run() {
        return run(Backends.preferred());
    }

    /** Runs on {@code backend}; the result has {@link #outputShape()}. */
    public Tensor run(Backend backend) {
        try (ConvPlan plan = backend.plan(geometry, kernel, bias)) {
            return plan.run(input).reshape(outputShape);
        }
    }

    /** One line: the system, then the canonical form and the output shape. */
    public String explain() {
        StringBuilder sb = new StringBuilder(system).append(": ").append(geometry.describe());
        if (!Arrays.equals(outputShape, geometry.outputShape())) {
            sb.append(" (returned as ");
            for (int i = 0; i < outputShape.length; i++) {
                sb.append(i > 0 ? "x" : "").append(outputShape[i]);
            }
            sb.append(')');
        }
        if (note != null) {
            sb.append("; ").append(note);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return explain();
    }
}
