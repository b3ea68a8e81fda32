package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harness hands the case's data to the plan correctly both ways: the direct-buffer and the
 * heap-array runs both give the pure-Java oracle's output (within the tolerance of FORMAT.md's
 * rule) on every available backend, and the direct output buffer has exactly the output's size.
 */
class ConvHarnessTest {
    static Stream<Arguments> cases() {
        List<BenchCase> cases = List.of(
                Suite.bundled().byId("seed8x8"),
                BenchCase.image("img_full_f64", DType.FLOAT64, 9, 7, 4, 3, "full", "fill"),
                BenchCase.image("img_same_symm", DType.FLOAT32, 11, 6, 5, 2, "same", "symm"),
                BenchCase.layer("layer_grouped", DType.FLOAT32, 2, 4, 9, 7, 6, 3, 3, 2, 1, 1, 2),
                BenchCase.layer("layer_dilated_f64", DType.FLOAT64, 1, 3, 10, 10, 5, 3, 3, 1, 2, 2, 1));
        List<Arguments> args = new ArrayList<>();
        for (BenchCase c : cases) {
            args.add(Arguments.of(c.id(), c, "java"));
            if (Backends.nativeAvailable()) {
                args.add(Arguments.of(c.id(), c, "native"));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void directAndHeapRunsAgreeWithTheOracle(String id, BenchCase c, String backendName) {
        Backend backend = Backends.byName(backendName);
        double[] expected;
        try (ConvHarness oracle = ConvHarness.create(c, Backends.java())) {
            oracle.runHeap();
            expected = oracle.heapOutput();
        }
        try (ConvHarness h = ConvHarness.create(c, backend)) {
            assertEquals(backendName, h.backend());
            h.runDirect();
            h.runHeap();
            double[] direct = h.directOutput();
            double[] heap = h.heapOutput();
            assertEquals(c.geometry().outputElements(), direct.length, "direct output buffer size");
            double atol = atol(c);
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(expected[i] - heap[i]) <= atol,
                        id + " heap output[" + i + "] = " + heap[i] + ", oracle " + expected[i] + " (atol " + atol + ")");
                assertTrue(Math.abs(expected[i] - direct[i]) <= atol,
                        id + " direct output[" + i + "] = " + direct[i] + ", oracle " + expected[i] + " (atol " + atol + ")");
            }
        }
    }

    /** FORMAT.md: 16 * u * sqrt(taps + 1) * magnitude, magnitude = max|x| * max_o sum|w[o]|. */
    private static double atol(BenchCase c) {
        Tensor x = c.input();
        Tensor w = c.kernel();
        int[] ks = c.kernelShape();
        int taps = ks[1] * ks[2] * ks[3];
        double maxX = 0;
        long nx = c.geometry().inputElements();
        for (int i = 0; i < nx; i++) {
            maxX = Math.max(maxX, Math.abs(c.dtype() == DType.FLOAT32 ? x.floats()[i] : x.doubles()[i]));
        }
        double maxW = 0;
        for (int o = 0; o < ks[0]; o++) {
            double s = 0;
            for (int t = 0; t < taps; t++) {
                int i = o * taps + t;
                s += Math.abs(c.dtype() == DType.FLOAT32 ? w.floats()[i] : w.doubles()[i]);
            }
            maxW = Math.max(maxW, s);
        }
        return 16 * c.dtype().unitRoundoff() * Math.sqrt(taps + 1) * maxX * maxW;
    }
}
