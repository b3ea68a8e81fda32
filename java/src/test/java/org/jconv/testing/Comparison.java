package org.jconv.testing;

import java.util.Arrays;

/**
 * The outcome of an elementwise comparison ({@link Tolerance#compare}): whether it passed, the
 * largest absolute difference, how many elements failed, and the first failing element with its
 * coordinates, so a failure message says where, not only that.
 *
 * <pre>{@code
 * Comparison c = Tolerance.compare(expected, actual, 1e-5);
 * c.assertOk("keras same 3x3");
 * // AssertionError: keras same 3x3: 2 of 64 elements differ by more than atol 1.00e-05;
 * //   first at [0, 3, 7, 0]: expected 1.25, actual 1.5 (|diff| 0.25); max |diff| 0.25
 * }</pre>
 */
public final class Comparison {
    private final int[] expectedShape;
    private final int[] actualShape;
    private final long checked;
    private final long failures;
    private final double maxAbsError;
    private final long firstFailure;
    private final double firstExpected;
    private final double firstActual;
    private final double atol;
    private final double rtol;

    Comparison(int[] expectedShape, int[] actualShape, long checked, long failures, double maxAbsError,
            long firstFailure, double firstExpected, double firstActual, double atol, double rtol) {
        this.expectedShape = expectedShape.clone();
        this.actualShape = actualShape.clone();
        this.checked = checked;
        this.failures = failures;
        this.maxAbsError = maxAbsError;
        this.firstFailure = firstFailure;
        this.firstExpected = firstExpected;
        this.firstActual = firstActual;
        this.atol = atol;
        this.rtol = rtol;
    }

    /** True when the shapes are equal and every element is within tolerance. */
    public boolean ok() {
        return shapesMatch() && failures == 0;
    }

    /** True when expected and actual have the same shape. */
    public boolean shapesMatch() {
        return Arrays.equals(expectedShape, actualShape);
    }

    /** Elements compared (0 when the shapes differ). */
    public long checked() {
        return checked;
    }

    /** Elements outside tolerance. */
    public long failures() {
        return failures;
    }

    /**
     * Largest {@code |actual - expected|} over the compared elements; pairs of equal non-finite
     * values (NaN and NaN, +Inf and +Inf) count as 0, any other pair involving a non-finite value
     * as +Infinity.
     */
    public double maxAbsError() {
        return maxAbsError;
    }

    /** Flat (row-major) index of the first failing element, or -1. */
    public long firstFailureIndex() {
        return firstFailure;
    }

    /** Coordinates of the first failing element, e.g. {@code [0, 3, 7, 0]}, or null when none failed. */
    public int[] firstFailureCoordinates() {
        return firstFailure < 0 ? null : coordinates(expectedShape, firstFailure);
    }

    /** Expected value at the first failure (NaN when none failed). */
    public double firstExpected() {
        return firstExpected;
    }

    /** Actual value at the first failure (NaN when none failed). */
    public double firstActual() {
        return firstActual;
    }

    /** One readable paragraph: "ok (...)" or what differed and where. */
    public String message() {
        if (!shapesMatch()) {
            return "shape " + Arrays.toString(actualShape) + " differs from the expected shape "
                    + Arrays.toString(expectedShape);
        }
        String tol = String.format("atol %.3g", atol) + (rtol == 0 ? "" : String.format(" + rtol %.3g", rtol));
        if (failures == 0) {
            return String.format("ok: %d elements within %s; max |diff| %.3g", checked, tol, maxAbsError);
        }
        return String.format("%d of %d elements differ by more than %s; first at %s: expected %s, actual %s"
                + " (|diff| %.3g); max |diff| %.3g", failures, checked, tol,
                Arrays.toString(firstFailureCoordinates()), firstExpected, firstActual,
                Math.abs(firstActual - firstExpected), maxAbsError);
    }

    /**
     * Throws an {@link AssertionError} (JUnit reports it as a failure) unless {@link #ok()}.
     *
     * @param context what was compared, prefixed to the message
     */
    public void assertOk(String context) {
        if (!ok()) {
            throw new AssertionError(context + ": " + message());
        }
    }

    /** Row-major coordinates of flat index {@code i} in {@code shape}. */
    public static int[] coordinates(int[] shape, long i) {
        int[] c = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            c[a] = (int) (i % shape[a]);
            i /= shape[a];
        }
        return c;
    }

    @Override
    public String toString() {
        return message();
    }
}
