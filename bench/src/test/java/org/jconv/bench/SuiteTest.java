package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The suite's cases translate into the canonical form and the equivalent GEMM issue 5 fixes. */
class SuiteTest {
    private final Suite suite = Suite.bundled();

    /**
     * Expected output shape and GEMM per case, worked out by hand from suite.json: out = floor((in +
     * 2p - d(k-1) - 1)/s) + 1 for layers, H+R-1 ('full') or H ('same') for images.
     */
    static Stream<Arguments> expected() {
        return Stream.of(
                Arguments.of("seed8x8", new int[] {1, 1, 8, 8}, 1, 64, 9, 1),
                Arguments.of("img512_k3_f64", new int[] {1, 1, 512, 512}, 1, 512 * 512, 9, 1),
                Arguments.of("img1024_k7", new int[] {1, 1, 1024, 1024}, 1, 1024 * 1024, 49, 1),
                Arguments.of("img512_k31", new int[] {1, 1, 542, 542}, 1, 542 * 542, 961, 1),
                Arguments.of("r50_conv1", new int[] {1, 64, 112, 112}, 64, 112 * 112, 3 * 49, 1),
                Arguments.of("r50_3x3_56", new int[] {1, 64, 56, 56}, 64, 56 * 56, 64 * 9, 1),
                Arguments.of("r50_1x1_56", new int[] {1, 64, 56, 56}, 64, 56 * 56, 256, 1),
                Arguments.of("r50_3x3_14", new int[] {1, 256, 14, 14}, 256, 14 * 14, 256 * 9, 1),
                Arguments.of("r50_3x3_56_b8", new int[] {8, 64, 56, 56}, 64, 56 * 56, 64 * 9, 8),
                Arguments.of("mbv2_dw_56", new int[] {1, 144, 56, 56}, 1, 56 * 56, 9, 144),
                Arguments.of("dilated_3x3", new int[] {1, 128, 64, 64}, 128, 64 * 64, 128 * 9, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void outputShapeAndGemm(String id, int[] outShape, int m, int n, int k, int count) {
        BenchCase c = suite.byId(id);
        assertArrayEquals(outShape, c.geometry().outputShape(), id);
        GemmShape g = c.gemm();
        assertEquals(m, g.m(), id + " M");
        assertEquals(n, g.n(), id + " N");
        assertEquals(k, g.k(), id + " K");
        assertEquals(count, g.count(), id + " GEMM count");
        assertEquals(c.dtype(), g.dtype());
        assertEquals(2.0 * m * n * k * count, c.flops(), 0.0);
    }

    @Test
    void everySuiteCaseHasAnExpectation() {
        assertEquals(suite.ids(), expected().map(a -> (String) a.get()[0]).toList(),
                "suite.json changed: add the new case's expected shapes to SuiteTest");
    }

    @Test
    void imageCasesAreScipyConvolve2d() {
        // 'same' with convolve2d puts floor(R/2) on top (SEMANTICS.md section 2); an even kernel shows it.
        ConvSpec even = BenchCase.image("e", DType.FLOAT32, 10, 10, 4, 2, "same", "symm").spec();
        assertArrayEquals(new int[] {2, 1}, even.padBefore());
        assertArrayEquals(new int[] {1, 0}, even.padAfter());
        assertTrue(even.flip());
        assertEquals(BorderMode.SYMMETRIC, even.borderMode());

        ConvSpec full = suite.byId("img512_k31").spec();
        assertArrayEquals(new int[] {30, 30}, full.padBefore());
        assertArrayEquals(new int[] {30, 30}, full.padAfter());
        assertEquals(BorderMode.CONSTANT, full.borderMode());
        assertEquals(0.0, full.borderValue());
        assertEquals(DType.FLOAT64, full.dtype());
    }

    @Test
    void layerCasesAreCrossCorrelation() {
        ConvSpec s = suite.byId("dilated_3x3").spec();
        assertFalse(s.flip());
        assertArrayEquals(new int[] {2, 2}, s.padBefore());
        assertArrayEquals(new int[] {2, 2}, s.dilation());
        assertEquals(144, suite.byId("mbv2_dw_56").spec().groups());
        assertArrayEquals(new int[] {144, 1, 3, 3}, suite.byId("mbv2_dw_56").kernelShape());
    }

    @Test
    void dataIsDeterministicAndBounded() {
        BenchCase c = suite.byId("r50_3x3_14");
        float[] a = c.input().floats();
        assertArrayEquals(a, c.input().floats());
        float bound = (float) (1 / Math.sqrt(256 * 9));
        for (float w : c.kernel().floats()) {
            assertTrue(Math.abs(w) <= bound, "kernel value " + w + " above " + bound);
        }
        boolean differs = false;
        for (int i = 1; i < a.length && !differs; i++) {
            differs = a[i] != a[0];
        }
        assertTrue(differs, "input is constant");
    }

    @Test
    void malformedSuitesNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Suite.parse(
                "{\"cases\":[{\"id\":\"x\",\"kind\":\"layer\",\"dtype\":\"float32\",\"N\":1}]}"));
        assertTrue(e.getMessage().contains("case x") && e.getMessage().contains("'C'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Suite.parse(
                "{\"cases\":[{\"id\":\"y\",\"kind\":\"image\",\"dtype\":\"float32\",\"H\":4,\"W\":4,\"R\":3,\"S\":3,"
                        + "\"mode\":\"valid\",\"boundary\":\"fill\"}]}"));
        assertTrue(e.getMessage().contains("mode 'valid'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> suite.byId("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
