package org.jconv.backend.pure;

import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.CanonicalKernel;
import org.jconv.spec.ConvGeometry;

/**
 * The operands a plan is prepared with: the kernel as the caller gave it (spec layout), the same
 * kernel in canonical form {@code [O, C/G, taps]} with the flip applied (what the engines read;
 * row {@code o} of group {@code g} is the GEMM's A row), and the bias; as arrays of the plan's dtype.
 *
 * <pre>{@code
 * Weights w = Weights.of(geometry, kernel, bias);
 * float[] a = w.canonicalF;    // [O][C/G * taps], row-major
 * }</pre>
 */
final class Weights {
    final Tensor kernel;
    final Tensor bias;
    final float[] canonicalF;
    final double[] canonicalD;
    final float[] biasF;
    final double[] biasD;
    /** True when some weight is NaN or infinite. */
    final boolean nonFinite;

    private Weights(ConvGeometry g, Tensor kernel, Tensor bias) {
        this.kernel = kernel;
        this.bias = bias;
        Tensor c = CanonicalKernel.of(g, kernel);
        boolean f32 = g.spec().dtype() == DType.FLOAT32;
        canonicalF = f32 ? c.floats().clone() : null;
        canonicalD = f32 ? null : c.doubles().clone();
        biasF = bias == null || !f32 ? null : bias.floats().clone();
        biasD = bias == null || f32 ? null : bias.doubles().clone();
        boolean nf = false;
        for (int i = 0, n = c.size(); i < n && !nf; i++) {
            nf = !Double.isFinite(c.get(i));
        }
        nonFinite = nf;
    }

    static Weights of(ConvGeometry g, Tensor kernel, Tensor bias) {
        return new Weights(g, kernel, bias);
    }
}
