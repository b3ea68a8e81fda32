package org.jconv.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.Comparison;
import org.jconv.testing.GoldenFiles;
import org.jconv.testing.Layouts;
import org.jconv.testing.NumpyPad;
import org.jconv.testing.PaddedReference;
import org.jconv.testing.RandomProblem;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure-Java backend, the oracle: hand-computed and scipy-computed examples, the seed golden
 * cases, NaN/Inf propagation, invariants over {@link RandomSpecs}, and plan behaviour.
 */
class JavaBackendTest {
    static final JavaBackend JAVA = JavaBackend.INSTANCE;
    /** Seed of the random problems; change it to explore, keep it fixed in the build. */
    static final long SEED = 20240601L;

    static Tensor run(ConvSpec spec, Tensor input, Tensor kernel, Tensor bias) {
        ConvGeometry g = ConvGeometry.of(spec, input.shape(), kernel.shape());
        try (ConvPlan plan = JAVA.plan(g, kernel, bias)) {
            return plan.run(input);
        }
    }

    static Tensor tensor(DType dt, double[] values, int... shape) {
        Tensor t = Tensor.zeros(dt, shape);
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        assertEquals(t.size(), values.length, "test data size");
        return t;
    }

    static double[] seq(int n, double start) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i;
        }
        return v;
    }

    static double[] values(Tensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.get(i);
        }
        return v;
    }

    /** Small integers: every product and sum is exact in both dtypes, so the results are exact. */
    static void assertExact(double[] expected, Tensor actual, int... shape) {
        assertArrayEquals(shape, actual.shape(), "output shape");
        assertArrayEquals(expected, values(actual), 0.0);
    }

    static final double[] A3X3 = seq(9, 1); // [[1 2 3] [4 5 6] [7 8 9]]

    @Nested
    class HandComputed {
        @ParameterizedTest
        @EnumSource(DType.class)
        void validCrossCorrelationOfA3x3ImageWithA2x2Kernel(DType dt) {
            // [[1*1+2*2+4*3+5*4, 2*1+3*2+5*3+6*4], [4+10+21+32, 5+12+24+36]]
            ConvSpec spec = ConvSpec.builder(2).dtype(dt).build();
            Tensor y = run(spec, tensor(dt, A3X3, 1, 1, 3, 3), tensor(dt, new double[] {1, 2, 3, 4}, 1, 1, 2, 2), null);
            assertExact(new double[] {37, 47, 67, 77}, y, 1, 1, 2, 2);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void scipyConvolve2dFullIsAFlipWithPadsKMinusOne(DType dt) {
            // scipy.signal.convolve2d(arange(1, 10).reshape(3, 3), [[1, 2], [3, 4]], 'full'), by hand and by scipy
            ConvSpec spec = ConvSpec.builder(2).flip(true).pad(1).dtype(dt).build();
            Tensor y = run(spec, tensor(dt, A3X3, 1, 1, 3, 3), tensor(dt, new double[] {1, 2, 3, 4}, 1, 1, 2, 2), null);
            assertExact(new double[] {
                1, 4, 7, 6,
                7, 23, 33, 24,
                19, 53, 63, 42,
                21, 52, 59, 36}, y, 1, 1, 4, 4);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void constantBorderValueTakesPartInEveryProduct(DType dt) {
            // scipy.signal.correlate2d([[1, 2], [3, 4]], ones((2, 2)), 'full', fillvalue=10)
            ConvSpec spec = ConvSpec.builder(2).pad(1).border(BorderMode.CONSTANT, 10).dtype(dt).build();
            Tensor y = run(spec, tensor(dt, new double[] {1, 2, 3, 4}, 1, 1, 2, 2),
                    tensor(dt, new double[] {1, 1, 1, 1}, 1, 1, 2, 2), null);
            assertExact(new double[] {31, 23, 32, 24, 10, 26, 33, 27, 34}, y, 1, 1, 3, 3);
        }

        @Test
        void scipySymmAndWrapBoundaries() {
            // scipy 1.17.1 outputs: correlate2d(a, [[1, 2], [3, 4]], 'same', boundary=...): pads (0, 1) per axis
            ConvSpec same = ConvSpec.builder(2).pads(0, 1, 0, 1).dtype(DType.FLOAT64).build();
            Tensor a = tensor(DType.FLOAT64, A3X3, 1, 1, 3, 3);
            Tensor k = tensor(DType.FLOAT64, new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
            assertExact(new double[] {37, 47, 51, 67, 77, 81, 76, 86, 90},
                    run(same.toBuilder().border(BorderMode.SYMMETRIC).build(), a, k, null), 1, 1, 3, 3);
            assertExact(new double[] {37, 47, 39, 67, 77, 69, 34, 44, 36},
                    run(same.toBuilder().border(BorderMode.CIRCULAR).build(), a, k, null), 1, 1, 3, 3);
            // convolve2d(a, [[1, 0, 2], [0, -1, 0], [3, 0, 1]], 'same', 'symm') and ('full', 'wrap')
            Tensor k3 = tensor(DType.FLOAT64, new double[] {1, 0, 2, 0, -1, 0, 3, 0, 1}, 1, 1, 3, 3);
            ConvSpec conv = ConvSpec.builder(2).flip(true).dtype(DType.FLOAT64).build();
            assertExact(new double[] {19, 22, 24, 25, 28, 30, 34, 37, 39},
                    run(conv.toBuilder().pad(1).border(BorderMode.SYMMETRIC).build(), a, k3, null), 1, 1, 3, 3);
            assertExact(new double[] {
                13, 22, 19, 13, 22,
                40, 49, 46, 40, 49,
                22, 31, 28, 22, 31,
                13, 22, 19, 13, 22,
                40, 49, 46, 40, 49}, run(conv.toBuilder().pad(2).border(BorderMode.CIRCULAR).build(), a, k3, null),
                    1, 1, 5, 5);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void strideAndDilation(DType dt) {
            // x[a, b] = 5a + b; y[i, j] = x[2i, 2j] + 10 x[2i, 2j+2] + 100 x[2i+2, 2j] + 1000 x[2i+2, 2j+2]
            ConvSpec spec = ConvSpec.builder(2).stride(2).dilation(2).dtype(dt).build();
            Tensor y = run(spec, tensor(dt, seq(25, 0), 1, 1, 5, 5), tensor(dt, new double[] {1, 10, 100, 1000}, 1, 1, 2, 2),
                    null);
            assertExact(new double[] {13020, 15242, 24130, 26352}, y, 1, 1, 2, 2);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void groupsDoNotMixChannels(DType dt) {
            // 2 groups of 1x1 kernels; outputs 0, 1 read x0 only, outputs 2, 3 read x1 only:
            // y0 = 2 x0 + 1, y1 = 0 x0 + 1, y2 = 3 x1 - 1, y3 = -x1
            ConvSpec spec = ConvSpec.builder(2).groups(2).dtype(dt).build();
            Tensor x = tensor(dt, new double[] {1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2);
            Tensor w = tensor(dt, new double[] {2, 0, 3, -1}, 4, 1, 1, 1);
            Tensor b = tensor(dt, new double[] {1, 1, -1, 0}, 4);
            assertExact(new double[] {3, 5, 7, 9, 1, 1, 1, 1, 29, 59, 89, 119, -10, -20, -30, -40},
                    run(spec, x, w, b), 1, 4, 2, 2);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void depthwiseHwcmWithMultiplierTwoAndBias(DType dt) {
            // NHWC 1x3x3x2; ch0 = 1..9, ch1 = [[1 0 2] [0 3 0] [4 0 5]]
            double[] ch0 = A3X3;
            double[] ch1 = {1, 0, 2, 0, 3, 0, 4, 0, 5};
            double[] x = new double[18];
            for (int p = 0; p < 9; p++) {
                x[2 * p] = ch0[p];
                x[2 * p + 1] = ch1[p];
            }
            // HWCM [2, 2, 2, 2]: (c0, m0) top-left, (c0, m1) bottom-right, (c1, m0) sum, (c1, m1) left minus right
            double[][] taps = { // [c*M + m][r*2 + q]
                {1, 0, 0, 0}, {0, 0, 0, 1}, {1, 1, 1, 1}, {1, -1, 0, 0}};
            double[] w = new double[16];
            for (int o = 0; o < 4; o++) {
                for (int t = 0; t < 4; t++) {
                    w[t * 4 + o] = taps[o][t]; // [r, q, c, m] flat = ((r*2 + q)*2 + c)*2 + m = t*4 + (c*2 + m)
                }
            }
            ConvSpec spec = ConvSpec.builder(2).groups(2).layout(Layout.NHWC).kernelLayout(KernelLayout.HWCM).dtype(dt).build();
            Tensor y = run(spec, tensor(dt, x, 1, 3, 3, 2), tensor(dt, w, 2, 2, 2, 2),
                    tensor(dt, new double[] {0.5, -1, 0, 2}, 4));
            // per output pixel (i, j): [tl + 0.5, br - 1, sum, diff + 2]
            assertExact(new double[] {
                1.5, 4, 4, 3,     2.5, 5, 5, 0,
                4.5, 7, 7, -1,    5.5, 8, 8, 5}, y, 1, 2, 2, 4);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void nhwcGivesTheTransposedNchwResult(DType dt) {
            ConvSpec nchw = ConvSpec.builder(2).pads(1, 0, 0, 2).stride(1, 2).border(BorderMode.EDGE).dtype(dt).build();
            Tensor x = tensor(dt, seq(2 * 3 * 4, -7), 1, 2, 3, 4);
            Tensor w = tensor(dt, seq(3 * 2 * 2 * 3, -10), 3, 2, 2, 3);
            Tensor b = tensor(dt, new double[] {1, 2, 3}, 3);
            Tensor yFirst = run(nchw, x, w, b);
            Tensor yLast = run(nchw.toBuilder().layout(Layout.NHWC).build(), Layouts.toChannelsLast(x), w, b);
            assertArrayEquals(new int[] {1, 3, 3, 2}, yFirst.shape()); // H: 3+1-2+1, W: (4+2-3)/2+1
            assertArrayEquals(values(yFirst), values(Layouts.toChannelsFirst(yLast)), 0.0);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void rank1CausalAndReflect(DType dt) {
            Tensor x = tensor(dt, new double[] {1, 2, 3, 4, 5}, 1, 1, 5);
            // Keras Conv1D 'causal', k = 3: pads (2, 0); y[j] = x[j-2] - x[j]
            ConvSpec causal = ConvSpec.builder(1).pads(new int[] {2}, new int[] {0}).dtype(dt).build();
            assertExact(new double[] {-1, -2, -2, -2, -2}, run(causal, x, tensor(dt, new double[] {1, 0, -1}, 1, 1, 3), null),
                    1, 1, 5);
            // reflect pad 1: [2 1 2 3 4 5 4]; kernel [1, 10], dilation 2, stride 2: xp[2i] + 10 xp[2i+2]
            ConvSpec reflect = ConvSpec.builder(1).pad(1).border(BorderMode.REFLECT).dilation(2).stride(2).dtype(dt).build();
            assertExact(new double[] {22, 42, 44}, run(reflect, x, tensor(dt, new double[] {1, 10}, 1, 1, 2), null), 1, 1, 3);
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void rank3FlipWithEdgePadding(DType dt) {
            // x[d, h, w] = 1 + 4d + 2h + w; kernel [100, 1] on D, flipped -> taps [1, 100]; edge pad 1 in front
            // y[0] = x[0] + 100 x[0] (the pad repeats x[0]), y[1] = x[0] + 100 x[1]
            ConvSpec spec = ConvSpec.builder(3).flip(true).pads(new int[] {1, 0, 0}, new int[] {0, 0, 0})
                    .border(BorderMode.EDGE).dtype(dt).build();
            Tensor y = run(spec, tensor(dt, seq(8, 1), 1, 1, 2, 2, 2), tensor(dt, new double[] {100, 1}, 1, 1, 2, 1, 1), null);
            assertExact(new double[] {101, 202, 303, 404, 501, 602, 703, 804}, y, 1, 1, 2, 2, 2);
        }

        @Test
        void float32ResultIsTheFloat64SumRoundedOnce() {
            // 1 + 2^-24 + 2^-24: float32 accumulation gives 1 (each addition rounds back), float64 1 + 2^-23 (exact in float32)
            float e = 0x1p-24f;
            ConvSpec spec = ConvSpec.builder(1).build();
            Tensor y = run(spec, Tensor.of(new float[] {1, e, e}, 1, 1, 3), Tensor.of(new float[] {1, 1, 1}, 1, 1, 3), null);
            assertEquals(1 + 0x1p-23f, y.floats()[0]);
        }
    }

    @Nested
    class Golden {
        /** seedA-keras-Conv2D-same-002: Conv2D(1, 3, padding='same'), NHWC/HWIO, stride 1: pads (1, 1) per axis. */
        @Test
        void seedAKerasConv2DSame() {
            String id = "seedA-keras-Conv2D-same-002";
            Tensor x = GoldenFiles.read(id + ".input.npy");
            Tensor w = GoldenFiles.read(id + ".kernel.npy");
            Tensor expected = GoldenFiles.read(id + ".expected.npy");
            assertArrayEquals(new int[] {1, 8, 8, 1}, x.shape());
            assertArrayEquals(new int[] {3, 3, 1, 1}, w.shape());
            ConvSpec spec = ConvSpec.builder(2).pad(1).layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO).build();
            check(id, spec, x, w, expected, 2.12e-05, 9, 7.0174);
        }

        /** seedA-scipy-correlate2d-same-003: correlate2d(image, kernel, 'same'), 3x3: pads (1, 1); arrays are HW. */
        @Test
        void seedAScipyCorrelate2dSame() {
            String id = "seedA-scipy-correlate2d-same-003";
            Tensor x = GoldenFiles.read(id + ".input.npy");
            Tensor w = GoldenFiles.read(id + ".kernel.npy");
            Tensor expected = GoldenFiles.read(id + ".expected.npy");
            assertArrayEquals(new int[] {8, 8}, x.shape());
            assertArrayEquals(new int[] {3, 3}, w.shape());
            ConvSpec spec = ConvSpec.builder(2).pad(1).build();
            Tensor y = check(id, spec, x.reshape(1, 1, 8, 8), w.reshape(1, 1, 3, 3), expected.reshape(1, 1, 8, 8),
                    2.12e-05, 9, 7.0174);
            // SEMANTICS.md 7: Keras Conv2D 'same' (stride 1) = correlate2d 'same'; the seed uses the same image
            Tensor keras = GoldenFiles.read("seedA-keras-Conv2D-same-002.expected.npy");
            Tolerance.compare(keras.reshape(1, 1, 8, 8), y, 2.12e-05).assertOk("Keras vs scipy seed A");
        }

        private Tensor check(String id, ConvSpec spec, Tensor x, Tensor w, Tensor expected, double caseAtol, long caseTaps,
                double caseMagnitude) {
            ConvGeometry g = ConvGeometry.of(spec, x.shape(), w.shape());
            assertEquals(caseTaps, g.taps(), "taps");
            double magnitude = Tolerance.magnitude(g, x, w, null);
            assertEquals(caseMagnitude, magnitude, 1e-4 * caseMagnitude, "tolerance_basis.magnitude");
            double atol = Tolerance.atol(spec.dtype(), g.taps(), magnitude);
            assertEquals(caseAtol, Tolerance.roundUp3(atol), 0.0, "the case's atol follows FORMAT.md's rule");
            Tensor y = run(spec, x, w, null);
            Comparison c = Tolerance.compare(expected, y, caseAtol);
            c.assertOk(id);
            // the oracle is far inside the tolerance: float32 rounding of each output only
            assertTrue(c.maxAbsError() < caseAtol / 4, () -> id + ": " + c.message());
            return y;
        }
    }

    @Nested
    class NonFinite {
        @ParameterizedTest
        @EnumSource(DType.class)
        void nanInTheKernelPoisonsEdgeWindowsThroughZeroPadding(DType dt) {
            // the NaN tap of the top-left output reads the zero pad: 0 * NaN = NaN, as in torch/TF/scipy
            ConvSpec spec = ConvSpec.builder(2).pad(1).dtype(dt).build();
            double[] k = {Double.NaN, 1, 1, 1, 1, 1, 1, 1, 1};
            Tensor y = run(spec, tensor(dt, A3X3, 1, 1, 3, 3), tensor(dt, k, 1, 1, 3, 3), null);
            for (int i = 0; i < y.size(); i++) {
                assertTrue(Double.isNaN(y.get(i)), "output " + i + " = " + y.get(i));
            }
        }

        @ParameterizedTest
        @EnumSource(DType.class)
        void infinityInTheKernelTimesZeroPadIsNaN(DType dt) {
            // tap (0, 0) = +Inf reads x~[i-1, j-1]: the zero pad on row 0 and column 0 (NaN), the input elsewhere (+Inf)
            ConvSpec spec = ConvSpec.builder(2).pad(1).dtype(dt).build();
            double[] k = {Double.POSITIVE_INFINITY, 0, 0, 0, 1, 0, 0, 0, 0};
            Tensor y = run(spec, tensor(dt, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3), tensor(dt, k, 1, 1, 3, 3),
                    null);
            double nan = Double.NaN;
            double inf = Double.POSITIVE_INFINITY;
            assertArrayEquals(new double[] {nan, nan, nan, nan, inf, inf, nan, inf, inf}, values(y), 0.0);
        }

        static Stream<Arguments> nanWindows() {
            return Stream.of(
                    Arguments.of(BorderMode.CONSTANT, 1, 1, 1, 1),
                    Arguments.of(BorderMode.CONSTANT, 2, 1, 0, 2),
                    Arguments.of(BorderMode.CONSTANT, 1, 2, 2, 1),
                    Arguments.of(BorderMode.CONSTANT, 3, 2, 3, 0),
                    Arguments.of(BorderMode.CIRCULAR, 1, 1, 4, 5),
                    Arguments.of(BorderMode.SYMMETRIC, 2, 1, 6, 3),
                    Arguments.of(BorderMode.REFLECT, 1, 2, 2, 3),
                    Arguments.of(BorderMode.EDGE, 1, 1, 3, 3));
        }

        /** A NaN sample poisons exactly the outputs whose window reads it (in the input or through the border). */
        @ParameterizedTest(name = "{0}, stride {1}, dilation {2}, pads ({3}, {4})")
        @MethodSource("nanWindows")
        void nanInTheInputPoisonsExactlyTheWindowsReadingIt(BorderMode mode, int s, int d, int before, int after) {
            int h = 6;
            int w = 7;
            int nanRow = 2;
            int nanCol = 3;
            double[] x = seq(h * w, 1);
            x[nanRow * w + nanCol] = Double.NaN;
            ConvSpec spec = ConvSpec.builder(2).pads(before, after, after, before).border(mode, 0.5).stride(s).dilation(d)
                    .dtype(DType.FLOAT64).build();
            double[] k = {1, -1, 2, 0, 3, 1, -2, 1, 0}; // includes a zero tap: 0 * NaN is NaN too
            Tensor y = run(spec, tensor(DType.FLOAT64, x, 1, 1, h, w), tensor(DType.FLOAT64, k, 1, 1, 3, 3), null);
            // which padded rows/columns hold the NaN sample, by numpy.pad's construction
            int[] rows = NumpyPad.sourceIndices(mode, h, before, after);
            int[] cols = NumpyPad.sourceIndices(mode, w, after, before);
            int oh = y.shape(2);
            int ow = y.shape(3);
            int poisoned = 0;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    boolean reads = false;
                    for (int r = 0; r < 3; r++) {
                        for (int q = 0; q < 3; q++) {
                            reads |= rows[i * s + r * d] == nanRow && cols[j * s + q * d] == nanCol;
                        }
                    }
                    double v = y.get(i * ow + j);
                    assertEquals(reads, Double.isNaN(v), "output (" + i + ", " + j + ") = " + v);
                    assertTrue(reads || Double.isFinite(v));
                    poisoned += reads ? 1 : 0;
                }
            }
            assertTrue(poisoned > 0 && poisoned < oh * ow, "the case must have both kinds of output: " + poisoned);
        }
    }

    @Nested
    class Invariants {
        static final int MANY = 1500;
        static final int SOME = 300;

        static Stream<RandomProblem> many() {
            return RandomSpecs.stream(SEED, MANY);
        }

        static Stream<RandomProblem> some() {
            return RandomSpecs.stream(SEED + 1, SOME);
        }

        /** The oracle against a second formulation (explicit numpy.pad, CanonicalKernel, channels-first loops). */
        @ParameterizedTest(name = "{0}")
        @MethodSource("many")
        void matchesThePaddedReference(RandomProblem p) {
            Tensor y = run(p.spec(), p.input(), p.kernel(), p.bias());
            Tensor expected = PaddedReference.run(p.spec(), p.input(), p.kernel(), p.bias());
            Tolerance.compare(expected, y, p.atol()).assertOk(p.description());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("some")
        void otherInputLayoutGivesTheTransposedResult(RandomProblem p) {
            ConvSpec spec = p.spec();
            Layout other = spec.layout() == Layout.NCHW ? Layout.NHWC : Layout.NCHW;
            Tensor y = run(spec, p.input(), p.kernel(), p.bias());
            Tensor y2 = run(spec.toBuilder().layout(other).build(), Layouts.toLayout(p.input(), spec.layout(), other),
                    p.kernel(), p.bias());
            Tolerance.compare(y, Layouts.toLayout(y2, other, spec.layout()), p.atol()).assertOk(p.description());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("some")
        void everyKernelLayoutGivesTheSameResult(RandomProblem p) {
            ConvSpec spec = p.spec();
            Tensor y = run(spec, p.input(), p.kernel(), p.bias());
            Tensor oihw = Layouts.kernelToOIHW(p.kernel(), spec.kernelLayout());
            for (KernelLayout kl : KernelLayout.values()) {
                boolean depthwise = spec.groups() == p.geometry().inChannels();
                if (kl == KernelLayout.HWCM && !depthwise) {
                    continue;
                }
                Tensor w = Layouts.kernelFromOIHW(oihw, kl, p.geometry().inChannels());
                Tensor y2 = run(spec.toBuilder().kernelLayout(kl).build(), p.input(), w, p.bias());
                Tolerance.compare(y, y2, p.atol()).assertOk(kl + ": " + p.description());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("some")
        void flipEqualsCorrelationWithTheRotatedKernel(RandomProblem p) {
            ConvSpec spec = p.spec();
            Tensor y = run(spec, p.input(), p.kernel(), p.bias());
            Tensor rotated = rotate(p.kernel(), spec.kernelLayout(), spec.rank());
            Tensor y2 = run(spec.toBuilder().flip(!spec.flip()).build(), p.input(), rotated, p.bias());
            Tolerance.compare(y, y2, p.atol()).assertOk(p.description());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("some")
        void groupsEqualSeparateConvolutionsPerGroup(RandomProblem p) {
            ConvSpec spec = p.spec();
            ConvGeometry g = p.geometry();
            int groups = spec.groups();
            int cg = g.inChannels() / groups;
            int og = g.outChannels() / groups;
            Tensor x = Layouts.toLayout(p.input(), spec.layout(), Layout.NCHW);
            Tensor w = Layouts.kernelToOIHW(p.kernel(), spec.kernelLayout());
            Tensor y = Layouts.toLayout(run(spec, p.input(), p.kernel(), p.bias()), spec.layout(), Layout.NCHW);
            ConvSpec one = spec.toBuilder().groups(1).layout(Layout.NCHW).kernelLayout(KernelLayout.OIHW).build();
            Tensor assembled = Tensor.zeros(spec.dtype(), y.shape());
            for (int grp = 0; grp < groups; grp++) {
                Tensor xs = channelBlock(x, grp * cg, cg);
                Tensor ws = channelBlock(w.reshape(prepend(1, w.shape())), grp * og, og);
                Tensor ws0 = ws.reshape(Arrays.copyOfRange(ws.shape(), 1, ws.rank()));
                Tensor bs = p.bias() == null ? null : channelBlock(p.bias().reshape(1, g.outChannels()), grp * og, og)
                        .reshape(og);
                Tensor part = run(one, xs, ws0, bs);
                place(part, assembled, grp * og);
            }
            Tolerance.compare(y, assembled, p.atol()).assertOk(p.description());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("some")
        void float32IsTheFloat64ResultRoundedOnce(RandomProblem p) {
            ConvSpec spec = p.spec();
            ConvSpec s32 = spec.toBuilder().dtype(DType.FLOAT32).build();
            ConvSpec s64 = spec.toBuilder().dtype(DType.FLOAT64).build();
            // float32 operands: widened exactly, so both plans sum the same products in the same order
            Tensor x = p.input().to(DType.FLOAT32);
            Tensor w = p.kernel().to(DType.FLOAT32);
            Tensor b = p.bias() == null ? null : p.bias().to(DType.FLOAT32);
            Tensor y32 = run(s32, x, w, b);
            Tensor y64 = run(s64, x.to(DType.FLOAT64), w.to(DType.FLOAT64), b == null ? null : b.to(DType.FLOAT64));
            assertArrayEquals(y64.to(DType.FLOAT32).floats(), y32.floats(), p.description());
        }

        @Test
        void theGeneratorCoversWhatItPromises() {
            List<RandomProblem> ps = RandomSpecs.problems(SEED, MANY);
            boolean[] rank = new boolean[4];
            boolean[] border = new boolean[BorderMode.values().length];
            boolean[] kernelLayout = new boolean[KernelLayout.values().length];
            boolean wide = false;
            boolean nonZeroFill = false;
            boolean asymmetric = false;
            boolean multiplier = false;
            boolean grouped = false;
            boolean kernelLarger = false;
            boolean[] dtype = new boolean[2];
            boolean[] layout = new boolean[2];
            boolean[] flip = new boolean[2];
            boolean[] bias = new boolean[2];
            int maxStride = 0;
            int maxDilation = 0;
            int maxBatch = 0;
            for (RandomProblem p : ps) {
                ConvSpec s = p.spec();
                ConvGeometry g = p.geometry();
                rank[s.rank()] = true;
                border[s.borderMode().ordinal()] = true;
                kernelLayout[s.kernelLayout().ordinal()] = true;
                dtype[s.dtype().ordinal()] = true;
                layout[s.layout().ordinal()] = true;
                flip[s.flip() ? 1 : 0] = true;
                bias[p.bias() == null ? 0 : 1] = true;
                nonZeroFill |= s.borderMode() == BorderMode.CONSTANT && s.borderValue() != 0;
                multiplier |= s.kernelLayout() == KernelLayout.HWCM && g.outChannels() > g.inChannels();
                grouped |= s.groups() > 1 && g.inChannels() / s.groups() > 1;
                maxBatch = Math.max(maxBatch, g.batch());
                for (int a = 0; a < s.rank(); a++) {
                    wide |= s.borderMode() != BorderMode.REFLECT && s.padBefore(a) > g.inSize()[a];
                    asymmetric |= s.padBefore(a) != s.padAfter(a);
                    kernelLarger |= g.kernelSize()[a] > g.inSize()[a];
                    maxStride = Math.max(maxStride, s.stride(a));
                    maxDilation = Math.max(maxDilation, s.dilation(a));
                    if (s.borderMode() == BorderMode.REFLECT) {
                        assertTrue(s.padBefore(a) < g.inSize()[a] && s.padAfter(a) < g.inSize()[a], p.description());
                    }
                }
            }
            assertTrue(rank[1] && rank[2] && rank[3]);
            for (boolean[] seen : List.of(border, kernelLayout, dtype, layout, flip, bias)) {
                for (boolean b : seen) {
                    assertTrue(b);
                }
            }
            assertTrue(wide && nonZeroFill && asymmetric && multiplier && grouped && kernelLarger);
            assertEquals(3, maxStride);
            assertEquals(3, maxDilation);
            assertEquals(3, maxBatch);
        }

        @Test
        void theGeneratorIsDeterministic() {
            RandomProblem a = RandomSpecs.problem(7, 123);
            RandomProblem b = RandomSpecs.problem(7, 123);
            assertEquals(a.spec(), b.spec());
            assertEquals(a.description(), b.description());
            assertArrayEquals(values(a.input()), values(b.input()), 0.0);
            assertArrayEquals(values(a.kernel()), values(b.kernel()), 0.0);
            assertEquals(RandomSpecs.problems(7, 124).get(123).description(), a.description());
        }
    }

    /** The kernel rotated 180 degrees in every spatial axis, in its own layout. */
    static Tensor rotate(Tensor k, KernelLayout kl, int rank) {
        int[] shape = k.shape();
        int first = kl == KernelLayout.OIHW ? 2 : 0;
        Tensor out = Tensor.zeros(k.dtype(), shape);
        for (int f = 0; f < k.size(); f++) {
            int[] idx = Comparison.coordinates(shape, f);
            for (int a = first; a < first + rank; a++) {
                idx[a] = shape[a] - 1 - idx[a];
            }
            out.set(Layouts.flat(shape, idx), k.get(f));
        }
        return out;
    }

    /** Channels {@code [start, start + count)} of axis 1 of {@code t}. */
    static Tensor channelBlock(Tensor t, int start, int count) {
        int[] shape = t.shape();
        int[] outShape = shape.clone();
        outShape[1] = count;
        Tensor out = Tensor.zeros(t.dtype(), outShape);
        for (int f = 0; f < out.size(); f++) {
            int[] idx = Comparison.coordinates(outShape, f);
            idx[1] += start;
            out.set(f, t.get(Layouts.flat(shape, idx)));
        }
        return out;
    }

    /** Writes {@code part} (channels first) into channels {@code [start, ...)} of {@code whole}. */
    static void place(Tensor part, Tensor whole, int start) {
        int[] ps = part.shape();
        int[] ws = whole.shape();
        for (int f = 0; f < part.size(); f++) {
            int[] idx = Comparison.coordinates(ps, f);
            idx[1] += start;
            whole.set(Layouts.flat(ws, idx), part.get(f));
        }
    }

    static int[] prepend(int v, int[] a) {
        int[] r = new int[a.length + 1];
        r[0] = v;
        System.arraycopy(a, 0, r, 1, a.length);
        return r;
    }

    @Nested
    class PlanBehaviour {
        final ConvSpec spec = ConvSpec.builder(2).pad(1).build();
        final ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 2, 4, 4}, new int[] {3, 2, 3, 3});
        final Tensor kernel = tensor(DType.FLOAT32, seq(54, -20), 3, 2, 3, 3);
        final Tensor bias = tensor(DType.FLOAT32, new double[] {1, 2, 3}, 3);

        @Test
        void namesAndGeometry() {
            assertEquals("reference", JAVA.name());
            try (ConvPlan plan = JAVA.plan(g, kernel, bias)) {
                assertEquals("reference", plan.backend());
                assertEquals("direct", plan.algorithm());
                assertSame(g, plan.geometry());
                assertFalse(plan.isClosed());
            }
        }

        @Test
        void runningAClosedPlanThrowsIllegalState() {
            ConvPlan plan = JAVA.plan(g, kernel, bias);
            plan.close();
            plan.close(); // idempotent
            assertTrue(plan.isClosed());
            assertThrows(IllegalStateException.class, () -> plan.run(new float[32], new float[48]));
            assertThrows(IllegalStateException.class, () -> plan.run(Tensor.zeros(DType.FLOAT32, 1, 2, 4, 4)));
            ConvPlan plan64 = JAVA.plan(ConvGeometry.of(spec.toBuilder().dtype(DType.FLOAT64).build(), new int[] {1, 2, 4, 4},
                    new int[] {3, 2, 3, 3}), kernel.to(DType.FLOAT64), null);
            plan64.close();
            assertThrows(IllegalStateException.class, () -> plan64.run(new double[32], new double[48]));
        }

        static Stream<Arguments> badRuns() {
            return Stream.of(
                    Arguments.of("input too short", (PlanCall) p -> p.run(new float[31], new float[48]), "input", "31"),
                    Arguments.of("input too long", (PlanCall) p -> p.run(new float[33], new float[48]), "input", "33"),
                    Arguments.of("output too short", (PlanCall) p -> p.run(new float[32], new float[47]), "output", "47"),
                    Arguments.of("null input", (PlanCall) p -> p.run((float[]) null, new float[48]), "input", "null"),
                    Arguments.of("null output", (PlanCall) p -> p.run(new float[32], null), "output", "null"),
                    Arguments.of("float64 arrays to a float32 plan", (PlanCall) p -> p.run(new double[32], new double[48]),
                            "float32", "float64"),
                    Arguments.of("null tensor", (PlanCall) p -> p.run((Tensor) null), "input", "null"),
                    Arguments.of("tensor of another shape", (PlanCall) p -> p.run(Tensor.zeros(DType.FLOAT32, 1, 2, 4, 5)),
                            "input shape", "[1, 2, 4, 5]"),
                    Arguments.of("tensor of another dtype", (PlanCall) p -> p.run(Tensor.zeros(DType.FLOAT64, 1, 2, 4, 4)),
                            "dtype", "float64"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badRuns")
        void badArgumentsAreRefusedNamingTheValue(String what, PlanCall call, String name, String value) {
            try (ConvPlan plan = JAVA.plan(g, kernel, bias)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.run(plan));
                assertTrue(e.getMessage().contains(name) && e.getMessage().contains(value), e.getMessage());
            }
        }

        @Test
        void float64PlanRefusesFloat32Arrays() {
            ConvGeometry g64 = ConvGeometry.of(spec.toBuilder().dtype(DType.FLOAT64).build(), new int[] {1, 2, 4, 4},
                    new int[] {3, 2, 3, 3});
            try (ConvPlan plan = JAVA.plan(g64, kernel.to(DType.FLOAT64), bias.to(DType.FLOAT64))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> plan.run(new float[32], new float[48]));
                assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
            }
        }

        static Stream<Arguments> badPlans() {
            ConvSpec spec = ConvSpec.builder(2).pad(1).build();
            ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 2, 4, 4}, new int[] {3, 2, 3, 3});
            Tensor k = Tensor.zeros(DType.FLOAT32, 3, 2, 3, 3);
            return Stream.of(
                    Arguments.of("null geometry", (Executable) () -> JAVA.plan(null, k, null), "geometry", "null"),
                    Arguments.of("null kernel", (Executable) () -> JAVA.plan(g, null, null), "kernel", "null"),
                    Arguments.of("kernel of another shape", (Executable) () -> JAVA.plan(g, Tensor.zeros(DType.FLOAT32, 3, 2, 3, 2),
                            null), "kernel shape", "[3, 2, 3, 2]"),
                    Arguments.of("kernel of another dtype", (Executable) () -> JAVA.plan(g, k.to(DType.FLOAT64), null),
                            "kernel dtype", "float64"),
                    Arguments.of("bias of another length", (Executable) () -> JAVA.plan(g, k, Tensor.zeros(DType.FLOAT32, 4)),
                            "bias shape", "[4]"),
                    Arguments.of("bias of rank 2", (Executable) () -> JAVA.plan(g, k, Tensor.zeros(DType.FLOAT32, 1, 3)),
                            "bias shape", "[1, 3]"),
                    Arguments.of("bias of another dtype", (Executable) () -> JAVA.plan(g, k, Tensor.zeros(DType.FLOAT64, 3)),
                            "bias dtype", "float64"),
                    Arguments.of("input larger than a Java array", (Executable) () -> JAVA.plan(ConvGeometry.of(spec,
                            new int[] {1, 1, 50000, 50000}, new int[] {1, 1, 1, 1}), Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1),
                            null), "input shape [1, 1, 50000, 50000]", "2500000000"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badPlans")
        void badOperandsAreRefusedNamingTheValue(String what, Executable call, String name, String value) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains(value), e.getMessage());
        }

        @Test
        void kernelAndBiasAreCopiedAtPlanTime() {
            Tensor k = kernel.copy();
            Tensor b = bias.copy();
            Tensor x = tensor(DType.FLOAT32, seq(32, 0), 1, 2, 4, 4);
            try (ConvPlan plan = JAVA.plan(g, k, b)) {
                Tensor before = plan.run(x);
                Arrays.fill(k.floats(), 100f);
                Arrays.fill(b.floats(), 100f);
                assertArrayEquals(before.floats(), plan.run(x).floats());
            }
        }

        @Test
        void outputIsFullyOverwrittenAndInputUntouched() {
            float[] x = new float[32];
            for (int i = 0; i < x.length; i++) {
                x[i] = i - 10;
            }
            float[] xCopy = x.clone();
            float[] y = new float[48];
            Arrays.fill(y, Float.NaN); // poison: any element the plan forgets stays NaN
            try (ConvPlan plan = JAVA.plan(g, kernel, bias)) {
                plan.run(x, y);
            }
            for (int i = 0; i < y.length; i++) {
                assertTrue(Float.isFinite(y[i]), "output " + i + " was not written");
            }
            assertArrayEquals(xCopy, x);
        }

        @Test
        void concurrentRunsAgree() throws Exception {
            RandomProblem p = RandomSpecs.problems(SEED, 40).stream()
                    .filter(q -> q.geometry().outputElements() > 50 && q.spec().dtype() == DType.FLOAT64).findFirst()
                    .orElseThrow();
            try (ConvPlan plan = JAVA.plan(p.geometry(), p.kernel(), p.bias())) {
                Tensor expected = plan.run(p.input());
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<Tensor>> futures = new ArrayList<>();
                    for (int t = 0; t < 16; t++) {
                        futures.add(pool.submit(() -> plan.run(p.input())));
                    }
                    for (Future<Tensor> f : futures) {
                        assertArrayEquals(expected.doubles(), f.get().doubles(), 0.0);
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    /** A call on a plan, for parameterized refusals. */
    @FunctionalInterface
    interface PlanCall {
        void run(ConvPlan plan);
    }
}
