package org.jconv.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jconv.Tensor;
import org.junit.jupiter.api.Test;

/** The golden comparison rule: |a - e| <= atol + rtol * |e| in float64, NaN matching NaN. */
class AgreementTest {
    static Tensor t(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void toleranceIsInclusiveAndAbsolutePlusRelative() {
        assertTrue(Agreement.of(t(1.0 + 1e-3), t(1.0), 1e-3, 0).within());
        assertFalse(Agreement.of(t(1.0 + 2e-3), t(1.0), 1e-3, 0).within());
        // rtol adds rtol * |expected|
        assertTrue(Agreement.of(t(102.0), t(100.0), 1.0, 0.01).within());
        assertFalse(Agreement.of(t(102.1), t(100.0), 1.0, 0.01).within());
    }

    @Test
    void nanMatchesNanAndInfinityItself() {
        Agreement a = Agreement.of(t(Double.NaN, Double.POSITIVE_INFINITY, -0.0), t(Double.NaN, Double.POSITIVE_INFINITY, 0.0), 0, 0);
        assertTrue(a.within());
        assertEquals(0, a.maxAbsErr());
        assertNull(a.worstIndex());
    }

    @Test
    void nanOrInfinityWhereANumberWasExpectedFails() {
        Agreement a = Agreement.of(t(1, Double.NaN), t(1, 2), 1e9, 0);
        assertFalse(a.within());
        assertEquals(Double.POSITIVE_INFINITY, a.maxAbsErr());
        assertArrayEquals(new int[] {1}, a.worstIndex());
        assertFalse(Agreement.of(t(Double.NEGATIVE_INFINITY), t(Double.POSITIVE_INFINITY), 1e9, 0).within());
        assertFalse(Agreement.of(t(3), t(Double.NaN), 1e9, 0).within());
    }

    @Test
    void worstIndexIsInTheExpectedShape() {
        Tensor e = Tensor.zeros(org.jconv.DType.FLOAT32, 2, 3);
        Tensor a = e.copy();
        a.set(5, 0.25);
        a.set(1, 0.125);
        Agreement g = Agreement.of(a, e, 0.1, 0);
        assertEquals(2, g.violations());
        assertEquals(0.25, g.maxAbsErr());
        assertArrayEquals(new int[] {1, 2}, g.worstIndex());
    }

    @Test
    void float32IsComparedInFloat64() {
        float f = 0.1f;
        assertFalse(Agreement.of(Tensor.of(new float[] {f}, 1), t(0.1), 1e-12, 0).within());
        assertTrue(Agreement.of(Tensor.of(new float[] {f}, 1), t((double) f), 0, 0).within());
    }
}
