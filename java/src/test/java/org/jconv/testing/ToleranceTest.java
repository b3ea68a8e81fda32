package org.jconv.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared test utilities themselves: {@link Tolerance}, {@link Comparison}. */
class ToleranceTest {
    private static final Pattern DTYPE = Pattern.compile("\"dtype\":\\s*\"(float32|float64)\"");
    private static final Pattern ATOL = Pattern.compile("\"atol\":\\s*([0-9.eE+-]+)");
    private static final Pattern TAPS = Pattern.compile("\"taps\":\\s*([0-9]+)");
    private static final Pattern MAGNITUDE = Pattern.compile("\"magnitude\":\\s*([0-9.eE+-]+)");

    /** (id, dtype, taps, magnitude, atol) of every golden case with an expected output. */
    static Stream<Arguments> goldenTolerances() throws IOException {
        String json = Files.readString(GoldenFiles.dir().resolve("cases.json"));
        List<Arguments> list = new ArrayList<>();
        String[] chunks = json.split("\"id\":\\s*\"");
        for (int i = 1; i < chunks.length; i++) {
            String c = chunks[i];
            String id = c.substring(0, c.indexOf('"'));
            Matcher atol = ATOL.matcher(c);
            if (!atol.find()) {
                continue; // an error case
            }
            Matcher dt = DTYPE.matcher(c);
            Matcher taps = TAPS.matcher(c);
            Matcher mag = MAGNITUDE.matcher(c);
            assertTrue(dt.find() && taps.find() && mag.find(), id);
            list.add(Arguments.of(id, DType.parse(dt.group(1)), Long.parseLong(taps.group(1)),
                    Double.parseDouble(mag.group(1)), Double.parseDouble(atol.group(1))));
        }
        assertTrue(list.size() > 200, "golden cases found: " + list.size());
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenTolerances")
    void atolReproducesTheGoldenGenerator(String id, DType dtype, long taps, double magnitude, double atol) {
        assertEquals(atol, Tolerance.roundUp3(Tolerance.atol(dtype, taps, magnitude)), 0.0);
    }

    @Test
    void atolFormula() {
        assertEquals(16 * 0x1p-24 * Math.sqrt(10) * 7.0174, Tolerance.atol(DType.FLOAT32, 9, 7.0174), 0.0);
        assertEquals(16 * 0x1p-53 * 2 * 1.5, Tolerance.atol(DType.FLOAT64, 3, 1.5), 0.0);
        assertEquals(2.12e-5, Tolerance.roundUp3(2.1164e-5), 0.0);
        assertEquals(1.01e-3, Tolerance.roundUp3(1.0001e-3), 0.0);
        assertEquals(0.125, Tolerance.roundUp3(0.125), 0.0); // exact binary values with 3 digits stay
        // the ceiling is of the exact binary value: the double nearest 1e-3 lies just above it
        assertEquals(1.01e-3, Tolerance.roundUp3(1.0e-3), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Tolerance.atol(DType.FLOAT32, -1, 1));
    }

    @Test
    void magnitudeReadsTheKernelInItsLayout() {
        // OIHW [2, 1, 1, 2]: channel 0 taps {1, -2} (sum 3), channel 1 taps {4, 0.5} (sum 4.5)
        Tensor oihw = Tensor.of(new double[] {1, -2, 4, 0.5}, 2, 1, 1, 2);
        Tensor x = Tensor.of(new double[] {0.5, -3, 2}, 1, 1, 1, 3);
        Tensor bias = Tensor.of(new double[] {0.25, -1}, 2);
        ConvSpec spec = ConvSpec.builder(2).dtype(DType.FLOAT64).build();
        ConvGeometry g = ConvGeometry.of(spec, x.shape(), oihw.shape());
        assertEquals(3 * 4.5 + 1, Tolerance.magnitude(g, x, oihw, bias), 0.0);

        Tensor hwio = Layouts.kernelFromOIHW(oihw, KernelLayout.HWIO, 1);
        ConvSpec specHwio = spec.toBuilder().kernelLayout(KernelLayout.HWIO).build();
        assertEquals(3 * 4.5 + 1, Tolerance.magnitude(ConvGeometry.of(specHwio, x.shape(), hwio.shape()), x, hwio, bias), 0.0);

        Tensor hwcm = Layouts.kernelFromOIHW(oihw, KernelLayout.HWCM, 1);
        ConvSpec specHwcm = spec.toBuilder().kernelLayout(KernelLayout.HWCM).build();
        assertEquals(3 * 4.5 + 1, Tolerance.magnitude(ConvGeometry.of(specHwcm, x.shape(), hwcm.shape()), x, hwcm, bias), 0.0);

        // a constant border of 10 can be read only with a pad
        ConvSpec fill = spec.toBuilder().border(BorderMode.CONSTANT, 10).build();
        assertEquals(3 * 4.5, Tolerance.magnitude(ConvGeometry.of(fill, x.shape(), oihw.shape()), x, oihw, null), 0.0);
        ConvSpec padded = fill.toBuilder().pads(0, 0, 1, 0).build();
        assertEquals(10 * 4.5, Tolerance.magnitude(ConvGeometry.of(padded, x.shape(), oihw.shape()), x, oihw, null), 0.0);
    }

    @Test
    void compareTreatsEqualNonFiniteValuesAsEqual() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Tensor e = Tensor.of(new double[] {1, nan, inf, -inf, 0.0}, 5);
        Tensor a = Tensor.of(new double[] {1 + 1e-9, nan, inf, -inf, -0.0}, 5);
        Comparison c = Tolerance.compare(e, a, 1e-8);
        assertTrue(c.ok(), c.message());
        assertEquals(5, c.checked());
        assertEquals(1e-9, c.maxAbsError(), 1e-15);
    }

    static Stream<Arguments> mismatches() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                Arguments.of(1.0, nan), Arguments.of(nan, 1.0), Arguments.of(inf, -inf), Arguments.of(inf, 1e308),
                Arguments.of(nan, inf), Arguments.of(1.0, 1.0 + 2e-8));
    }

    @ParameterizedTest(name = "expected {0}, actual {1}")
    @MethodSource("mismatches")
    void compareReportsTheFirstFailureWithCoordinates(double expected, double actual) {
        Tensor e = Tensor.of(new double[] {0, 0, 0, 0, 0, expected, 0, 0, expected, 0, 0, 0}, 2, 3, 2);
        Tensor a = Tensor.of(new double[] {0, 0, 0, 0, 0, actual, 0, 0, actual, 0, 0, 0}, 2, 3, 2);
        Comparison c = Tolerance.compare(e, a, 1e-8);
        assertFalse(c.ok());
        assertEquals(2, c.failures());
        assertEquals(5, c.firstFailureIndex());
        assertArrayEquals(new int[] {0, 2, 1}, c.firstFailureCoordinates());
        assertTrue(c.message().contains("first at [0, 2, 1]"), c.message());
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(c.firstExpected()));
        AssertionError err = assertThrows(AssertionError.class, () -> c.assertOk("ctx"));
        assertTrue(err.getMessage().startsWith("ctx: 2 of 12 elements"), err.getMessage());
    }

    @Test
    void compareFailsOnShapeMismatchAndHonoursRtol() {
        Comparison c = Tolerance.compare(Tensor.zeros(DType.FLOAT32, 2, 3), Tensor.zeros(DType.FLOAT32, 3, 2), 1);
        assertFalse(c.ok());
        assertTrue(c.message().contains("[3, 2]") && c.message().contains("[2, 3]"), c.message());

        Tensor e = Tensor.of(new double[] {100}, 1);
        Tensor a = Tensor.of(new double[] {101}, 1);
        assertFalse(Tolerance.compare(e, a, 0.5).ok());
        assertTrue(Tolerance.compare(e, a, 0.5, 0.006).ok());
        // dtypes may differ: a float32 result against a float64 reference
        assertTrue(Tolerance.compare(Tensor.of(new double[] {0.1}, 1), Tensor.of(new float[] {0.1f}, 1), 2e-9).ok());
    }
}
