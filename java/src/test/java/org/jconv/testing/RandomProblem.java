package org.jconv.testing;

import org.jconv.Tensor;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;

/**
 * One generated convolution problem: a valid spec with operands in its layouts and dtype, and a
 * description that says how to regenerate it. Made by {@link RandomSpecs}.
 *
 * <pre>{@code
 * RandomProblem p = RandomSpecs.problem(42, 17);     // the same problem on every machine
 * Tensor y = Conv.run(p.spec(), p.input(), p.kernel(), p.bias(), Backends.java());
 * }</pre>
 */
public final class RandomProblem {
    private final long seed;
    private final int index;
    private final ConvSpec spec;
    private final ConvGeometry geometry;
    private final Tensor input;
    private final Tensor kernel;
    private final Tensor bias;

    RandomProblem(long seed, int index, ConvSpec spec, Tensor input, Tensor kernel, Tensor bias) {
        this.seed = seed;
        this.index = index;
        this.spec = spec;
        this.input = input;
        this.kernel = kernel;
        this.bias = bias;
        this.geometry = ConvGeometry.of(spec, input.shape(), kernel.shape());
    }

    /** The generator seed. */
    public long seed() { return seed; }

    /** The problem's index under that seed ({@code RandomSpecs.problem(seed(), index())} regenerates it). */
    public int index() { return index; }

    /** The spec. */
    public ConvSpec spec() { return spec; }

    /** The spec bound to the operand shapes. */
    public ConvGeometry geometry() { return geometry; }

    /** The input in the spec's layout and dtype. */
    public Tensor input() { return input; }

    /** The kernel in the spec's kernel layout and dtype. */
    public Tensor kernel() { return kernel; }

    /** The bias, or null. */
    public Tensor bias() { return bias; }

    /** The golden rule's atol for this problem ({@link Tolerance#atol(ConvGeometry, Tensor, Tensor, Tensor)}). */
    public double atol() {
        return Tolerance.atol(geometry, input, kernel, bias);
    }

    /**
     * E.g. {@code "RandomSpecs.problem(42, 17): input [2, 3, 5, 4], kernel [3, 3, 3, 2], bias: cross-correlation;
     * pads ..., -> output 2x3x2x2"}.
     */
    public String description() {
        return "RandomSpecs.problem(" + seed + ", " + index + "): input " + java.util.Arrays.toString(input.shape())
                + ", kernel " + java.util.Arrays.toString(kernel.shape()) + (bias == null ? ", no bias: " : ", bias: ")
                + geometry.describe();
    }

    @Override
    public String toString() {
        return description();
    }
}
