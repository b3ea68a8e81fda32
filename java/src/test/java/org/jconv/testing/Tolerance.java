package org.jconv.testing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;

/**
 * Tolerances derived from the arithmetic, by the rule of the golden data (testdata/golden/FORMAT.md):
 * <pre>
 *   atol      = 16 * u * sqrt(taps + 1) * magnitude          u = 2^-24 (float32), 2^-53 (float64)
 *   magnitude = max(max|input|, |fill|) * (max over output channels of sum|kernel taps|) + max|bias|
 * </pre>
 * {@code magnitude} bounds every partial sum of every output, so any summation order (direct,
 * im2col+GEMM blocking, FMA) is within {@code atol} of the exact value; a semantic error (a pad row
 * misplaced, a flip forgotten) is of order {@code magnitude / taps}, far above it. The comparison
 * is absolute, {@code |actual - expected| <= atol (+ rtol * |expected|)}, and treats NaN == NaN and
 * equal infinities as equal, so NaN/Inf propagation is checked exactly.
 *
 * <pre>{@code
 * double atol = Tolerance.atol(geometry, input, kernel, bias);
 * Tolerance.compare(expected, actual, atol).assertOk(problem.description());
 * }</pre>
 */
public final class Tolerance {
    private Tolerance() {
    }

    /** {@code 16 * u * sqrt(taps + 1) * magnitude} (not rounded). */
    public static double atol(DType dtype, long taps, double magnitude) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        if (taps < 0) {
            throw new IllegalArgumentException("taps must be >= 0, got " + taps);
        }
        return 16 * dtype.unitRoundoff() * Math.sqrt(taps + 1.0) * magnitude;
    }

    /** The atol of a convolution on these operands: {@code atol(dtype, g.taps(), magnitude(...))}. */
    public static double atol(ConvGeometry g, Tensor input, Tensor kernel, Tensor bias) {
        return atol(g.spec().dtype(), g.taps(), magnitude(g, input, kernel, bias));
    }

    /** The golden generator's rounding of atol: up to 3 significant digits (2.1164e-5 becomes 2.12e-5). */
    public static double roundUp3(double atol) {
        if (atol == 0 || !Double.isFinite(atol)) {
            return atol;
        }
        return new BigDecimal(atol).round(new MathContext(3, RoundingMode.CEILING)).doubleValue();
    }

    /** {@code maxInput * maxKernelChannelSum + maxBias}: the rule with its three numbers given. */
    public static double magnitude(double maxAbsInput, double maxKernelChannelSum, double maxAbsBias) {
        return maxAbsInput * maxKernelChannelSum + maxAbsBias;
    }

    /**
     * The rule's magnitude for a convolution: {@code max|input|} (and {@code |borderValue|} when a
     * constant border with a non-zero pad can be read) times the largest sum of {@code |w|} over
     * the taps of one output channel (read in the spec's kernel layout), plus {@code max|bias|}.
     * Non-finite values are left out: they are compared exactly, not within a tolerance.
     */
    public static double magnitude(ConvGeometry g, Tensor input, Tensor kernel, Tensor bias) {
        ConvSpec spec = g.spec();
        double maxIn = maxAbsFinite(input);
        if (spec.borderMode() == BorderMode.CONSTANT && hasPad(spec) && Double.isFinite(spec.borderValue())) {
            maxIn = Math.max(maxIn, Math.abs(spec.borderValue()));
        }
        int o = g.outChannels();
        double[] sums = new double[o];
        long perChannel = kernel.size() / o;
        for (int i = 0; i < kernel.size(); i++) {
            // OIHW: output channel outermost; HWIO and HWCM ([k..., C, M], o = c*M + m): innermost
            int oc = spec.kernelLayout() == KernelLayout.OIHW ? (int) (i / perChannel) : i % o;
            double v = Math.abs(kernel.get(i));
            if (Double.isFinite(v)) {
                sums[oc] += v;
            }
        }
        double maxSum = 0;
        for (double s : sums) {
            maxSum = Math.max(maxSum, s);
        }
        return magnitude(maxIn, maxSum, bias == null ? 0 : maxAbsFinite(bias));
    }

    private static boolean hasPad(ConvSpec spec) {
        for (int a = 0; a < spec.rank(); a++) {
            if (spec.padBefore(a) > 0 || spec.padAfter(a) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Largest finite {@code |x|} (0 for none). */
    public static double maxAbsFinite(Tensor t) {
        double m = 0;
        for (int i = 0, n = t.size(); i < n; i++) {
            double v = Math.abs(t.get(i));
            if (Double.isFinite(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** {@link #compare(Tensor, Tensor, double, double)} with {@code rtol = 0} (the golden rule). */
    public static Comparison compare(Tensor expected, Tensor actual, double atol) {
        return compare(expected, actual, atol, 0);
    }

    /**
     * Elementwise {@code |actual - expected| <= atol + rtol * |expected|}, in float64, over tensors of
     * equal shape (dtypes may differ). NaN equals NaN and an infinity equals the same infinity; any
     * other pair with a non-finite value fails.
     */
    public static Comparison compare(Tensor expected, Tensor actual, double atol, double rtol) {
        if (expected == null || actual == null) {
            throw new IllegalArgumentException("expected and actual must not be null");
        }
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("atol " + atol + " and rtol " + rtol + " must be >= 0");
        }
        int[] es = expected.shape();
        int[] as = actual.shape();
        if (!Arrays.equals(es, as)) {
            return new Comparison(es, as, 0, 0, 0, -1, Double.NaN, Double.NaN, atol, rtol);
        }
        long failures = 0;
        long first = -1;
        double maxErr = 0;
        double fe = Double.NaN;
        double fa = Double.NaN;
        int n = expected.size();
        for (int i = 0; i < n; i++) {
            double e = expected.get(i);
            double a = actual.get(i);
            double err;
            boolean pass;
            if (Double.isFinite(e) && Double.isFinite(a)) {
                err = Math.abs(a - e);
                pass = err <= atol + rtol * Math.abs(e);
            } else {
                // Double.compare: NaN == NaN, +Inf == +Inf, -Inf == -Inf, nothing else
                pass = Double.compare(e, a) == 0;
                err = pass ? 0 : Double.POSITIVE_INFINITY;
            }
            maxErr = Math.max(maxErr, err);
            if (!pass) {
                if (failures == 0) {
                    first = i;
                    fe = e;
                    fa = a;
                }
                failures++;
            }
        }
        return new Comparison(es, as, n, failures, maxErr, first, fe, fa, atol, rtol);
    }

    /** {@code compare(expected, actual, atol).assertOk(context)}. */
    public static void assertClose(Tensor expected, Tensor actual, double atol, String context) {
        compare(expected, actual, atol).assertOk(context);
    }
}
