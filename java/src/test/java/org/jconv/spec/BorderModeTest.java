package org.jconv.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jconv.testing.NumpyPad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BorderMode#sourceIndex} against numpy.pad: the facts of SEMANTICS.md 1.2, numpy outputs
 * for wide pads, and numpy's own iterative algorithm ({@link NumpyPad}) on a grid of sizes.
 */
class BorderModeTest {

    /** {@code values} extended by (before, after) through {@link BorderMode#sourceIndex}. */
    static double[] extend(BorderMode mode, double fill, double[] values, int before, int after) {
        double[] out = new double[before + values.length + after];
        for (int p = 0; p < out.length; p++) {
            int s = mode.sourceIndex(p - before, values.length);
            out[p] = s < 0 ? fill : values[s];
        }
        return out;
    }

    static Stream<Arguments> semanticsTable() {
        // SEMANTICS.md 1.2: [1 2 3 4] extended by 2 on each side
        return Stream.of(
                Arguments.of(BorderMode.CONSTANT, new double[] {0, 0, 1, 2, 3, 4, 0, 0}),
                Arguments.of(BorderMode.REFLECT, new double[] {3, 2, 1, 2, 3, 4, 3, 2}),
                Arguments.of(BorderMode.SYMMETRIC, new double[] {2, 1, 1, 2, 3, 4, 4, 3}),
                Arguments.of(BorderMode.EDGE, new double[] {1, 1, 1, 2, 3, 4, 4, 4}),
                Arguments.of(BorderMode.CIRCULAR, new double[] {3, 4, 1, 2, 3, 4, 1, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semanticsTable")
    void semanticsTableOfOneToFourPaddedByTwo(BorderMode mode, double[] expected) {
        assertArrayEquals(expected, extend(mode, 0, new double[] {1, 2, 3, 4}, 2, 2));
    }

    static Stream<Arguments> numpyOutputs() {
        // np.pad(...) outputs, numpy 2.4.6 (periodic for any width, as numpy 1.24.2 of SEMANTICS.md [C3])
        return Stream.of(
                Arguments.of(BorderMode.SYMMETRIC, new double[] {1, 2, 3}, 7, 7,
                        new double[] {1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3}),
                Arguments.of(BorderMode.CIRCULAR, new double[] {1, 2, 3}, 9, 9,
                        new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}),
                Arguments.of(BorderMode.REFLECT, new double[] {1, 2, 3}, 5, 6,
                        new double[] {2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1}),
                Arguments.of(BorderMode.REFLECT, new double[] {1, 2}, 5, 4,
                        new double[] {2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}),
                Arguments.of(BorderMode.REFLECT, new double[] {5}, 3, 2, new double[] {5, 5, 5, 5, 5, 5}),
                Arguments.of(BorderMode.SYMMETRIC, new double[] {5}, 3, 2, new double[] {5, 5, 5, 5, 5, 5}),
                Arguments.of(BorderMode.CIRCULAR, new double[] {5}, 3, 2, new double[] {5, 5, 5, 5, 5, 5}),
                Arguments.of(BorderMode.EDGE, new double[] {5}, 3, 2, new double[] {5, 5, 5, 5, 5, 5}),
                Arguments.of(BorderMode.EDGE, new double[] {1, 2, 3}, 4, 1, new double[] {1, 1, 1, 1, 1, 2, 3, 3}),
                Arguments.of(BorderMode.CONSTANT, new double[] {1, 2, 3}, 1, 4, new double[] {7, 1, 2, 3, 7, 7, 7, 7}));
    }

    @ParameterizedTest(name = "{0} of {1} padded ({2}, {3})")
    @MethodSource("numpyOutputs")
    void numpyPadOutputs(BorderMode mode, double[] values, int before, int after, double[] expected) {
        assertArrayEquals(expected, extend(mode, 7, values, before, after));
        assertArrayEquals(expected, NumpyPad.pad(values, mode, 7, before, after), "the test's NumpyPad itself");
    }

    static Stream<Arguments> modesAndSizes() {
        List<Arguments> list = new ArrayList<>();
        for (BorderMode mode : BorderMode.values()) {
            for (int n = 1; n <= 7; n++) {
                list.add(Arguments.of(mode, n));
            }
        }
        return list.stream();
    }

    /** Every (before, after) in 0..3n+4 against numpy's iterative construction. */
    @ParameterizedTest(name = "{0}, n = {1}")
    @MethodSource("modesAndSizes")
    void matchesNumpysIterativeAlgorithm(BorderMode mode, int n) {
        int max = 3 * n + 4;
        for (int before = 0; before <= max; before++) {
            for (int after = 0; after <= max; after++) {
                int[] expected = NumpyPad.sourceIndices(mode, n, before, after);
                int[] actual = new int[expected.length];
                for (int p = 0; p < actual.length; p++) {
                    actual[p] = mode.sourceIndex(p - before, n);
                }
                assertArrayEquals(expected, actual, mode + " n=" + n + " pads (" + before + ", " + after + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void insideTheInputIsTheIdentity(BorderMode mode) {
        for (int n = 1; n <= 5; n++) {
            for (int i = 0; i < n; i++) {
                assertEquals(i, mode.sourceIndex(i, n));
            }
        }
    }

    static Stream<BorderMode> modes() {
        return Stream.of(BorderMode.values());
    }

    @Test
    void farPositionsDoNotOverflow() {
        long far = 3L * Integer.MAX_VALUE;
        assertEquals(-1, BorderMode.CONSTANT.sourceIndex(far, 5));
        assertEquals(4, BorderMode.EDGE.sourceIndex(far, 5));
        assertEquals(0, BorderMode.EDGE.sourceIndex(-far, 5));
        assertEquals((int) Math.floorMod(far, 5L), BorderMode.CIRCULAR.sourceIndex(far, 5));
        assertEquals((int) Math.floorMod(-far, 5L), BorderMode.CIRCULAR.sourceIndex(-far, 5));
        // symmetric has period 2n: far and far mod 2n read the same sample
        assertEquals(BorderMode.SYMMETRIC.sourceIndex(Math.floorMod(far, 10L), 5), BorderMode.SYMMETRIC.sourceIndex(far, 5));
        assertEquals(BorderMode.REFLECT.sourceIndex(Math.floorMod(far, 8L), 5), BorderMode.REFLECT.sourceIndex(far, 5));
    }

    @Test
    void displayNames() {
        assertEquals("reflect", BorderMode.REFLECT.displayName());
        assertEquals("symmetric", BorderMode.SYMMETRIC.displayName());
        assertEquals("edge", BorderMode.EDGE.displayName());
        assertEquals("circular", BorderMode.CIRCULAR.displayName());
    }
}
