package org.jconv.golden;

import java.util.Arrays;
import org.jconv.Tensor;

/**
 * How closely an output matches the expected one under the golden rule ({@code FORMAT.md}):
 * elementwise {@code |actual - expected| <= atol + rtol * |expected|}, compared in float64; NaN
 * matches NaN and an infinity matches the same infinity.
 *
 * <pre>{@code
 * Agreement a = Agreement.of(actual, expected, 2.12e-5, 0);
 * if (!a.within()) System.out.println("max_abs_err=" + a.maxAbsErr() + " at " + Arrays.toString(a.worstIndex()));
 * }</pre>
 */
public final class Agreement {
    private final double maxAbsErr;
    private final int worst;
    private final int[] shape;
    private final int violations;

    private Agreement(double maxAbsErr, int worst, int[] shape, int violations) {
        this.maxAbsErr = maxAbsErr;
        this.worst = worst;
        this.shape = shape;
        this.violations = violations;
    }

    /**
     * Compares two tensors of the same element count (shapes are the caller's business).
     *
     * @throws IllegalArgumentException if the element counts differ
     */
    public static Agreement of(Tensor actual, Tensor expected, double atol, double rtol) {
        if (actual.size() != expected.size()) {
            throw new IllegalArgumentException("actual has " + actual.size() + " elements, expected " + expected.size());
        }
        double max = 0;
        int worst = -1;
        int bad = 0;
        for (int i = 0, n = actual.size(); i < n; i++) {
            double a = actual.get(i);
            double e = expected.get(i);
            if (a == e || (Double.isNaN(a) && Double.isNaN(e))) {
                continue;
            }
            // a NaN or infinity where a finite value (or the other infinity) was expected: err is NaN or infinite
            double err = Math.abs(a - e);
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            if (!(err <= atol + rtol * Math.abs(e))) {
                bad++;
            }
            if (err > max || worst < 0) {
                max = err;
                worst = i;
            }
        }
        return new Agreement(max, worst, expected.shape(), bad);
    }

    /** True when every element is within the tolerance. */
    public boolean within() {
        return violations == 0;
    }

    /** Largest |actual - expected| (0 when equal; infinite when a NaN or infinity does not match). */
    public double maxAbsErr() {
        return maxAbsErr;
    }

    /** Number of elements outside the tolerance. */
    public int violations() {
        return violations;
    }

    /** The index (in the expected shape) of the largest error, or null when all are equal. */
    public int[] worstIndex() {
        if (worst < 0) {
            return null;
        }
        int[] idx = new int[shape.length];
        int rem = worst;
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = shape[a] == 0 ? 0 : rem % shape[a];
            rem = shape[a] == 0 ? rem : rem / shape[a];
        }
        return idx;
    }

    @Override
    public String toString() {
        return "max_abs_err=" + maxAbsErr + (worst < 0 ? "" : " at " + Arrays.toString(worstIndex())) + ", "
                + violations + " outside the tolerance";
    }
}
