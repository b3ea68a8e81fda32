package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.dialect.DialectRefusal;
import org.jconv.dialect.Dialects;
import org.jconv.dialect.Params;
import org.jconv.dialect.Scipy;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.Comparison;
import org.jconv.testing.Layouts;
import org.jconv.testing.NumpyPad;
import org.jconv.testing.PaddedReference;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and Inf at the edges, on the oracle and on every native algorithm (direct-image,
 * depthwise-direct, gemm-1x1, im2col+gemm), every border mode, both dtypes and both layouts. As in
 * the reference systems, padded values take part in the products:
 * <ul>
 * <li>a NaN in the input poisons exactly the outputs whose window reads it (a mirrored or wrapped
 *     border can read it several times, from several windows);</li>
 * <li>a NaN in the kernel poisons every output of its channel, windows over zero padding included
 *     ({@code 0 * NaN = NaN}; no tap over the border is skipped);</li>
 * <li>{@code Inf * 0 = NaN}: infinities in the input or the kernel give the IEEE results of
 *     {@link PaddedReference}, which pads like numpy and multiplies everything.</li>
 * </ul>
 * And float64 is never silently downcast: a float64 tensor given to a float32 plan is refused, and
 * the dialects promote (or refuse) as their systems do.
 */
class NanInfPropagationTest {
    private static final Set<String> ALGORITHMS = new TreeSet<>();

    /** One geometry per native algorithm, plus the border, dtype and layout to run it with. */
    static final class Case {
        final String algorithm;
        final int c;
        final int o;
        final int groups;
        final int k;
        final int stride;
        final int pad;
        final BorderMode border;
        final double fill;
        final DType dtype;
        final Layout layout;

        Case(String algorithm, int c, int o, int groups, int k, int stride, int pad, BorderMode border, double fill,
                DType dtype, Layout layout) {
            this.algorithm = algorithm;
            this.c = c;
            this.o = o;
            this.groups = groups;
            this.k = k;
            this.stride = stride;
            this.pad = pad;
            this.border = border;
            this.fill = fill;
            this.dtype = dtype;
            this.layout = layout;
        }

        ConvSpec spec() {
            return ConvSpec.builder(2).pad(pad).stride(stride).border(border, fill).groups(groups).layout(layout)
                    .kernelLayout(layout == Layout.NCHW ? KernelLayout.OIHW : KernelLayout.HWIO).dtype(dtype).build();
        }

        @Override
        public String toString() {
            return algorithm + ", " + (border == BorderMode.CONSTANT ? "constant " + fill : border.displayName()) + ", "
                    + dtype.numpyName() + ", " + layout;
        }
    }

    static Stream<Case> cases() {
        List<Case> list = new ArrayList<>();
        for (DType dt : DType.values()) {
            for (Layout l : Layout.values()) {
                list.add(new Case("gemm-1x1", 3, 4, 1, 1, 1, 0, BorderMode.CONSTANT, 0, dt, l));
                for (BorderMode b : BorderMode.values()) {
                    for (double fill : b == BorderMode.CONSTANT ? new double[] {0, 1.5} : new double[] {0}) {
                        list.add(new Case("direct-image", 1, 1, 1, 3, 1, 2, b, fill, dt, l));
                        list.add(new Case("depthwise-direct", 3, 6, 3, 3, 1, 1, b, fill, dt, l));
                        list.add(new Case("im2col+gemm", 2, 3, 1, 3, 2, 2, b, fill, dt, l));
                    }
                }
            }
        }
        return list.stream();
    }

    /** Input [N=2, C, 5, 6] and kernel [O, C/G, k, k] in NCHW/OIHW, finite, away from zero. */
    private static Tensor[] operands(Case c, SplittableRandom r) {
        Tensor x = RandomSpecs.randomTensor(r, c.dtype, 2, c.c, 5, 6);
        Tensor w = RandomSpecs.randomTensor(r, c.dtype, c.o, c.c / c.groups, c.k, c.k);
        for (Tensor t : new Tensor[] {x, w}) {
            for (int i = 0; i < t.size(); i++) {
                t.set(i, 0.25 + Math.abs(t.get(i))); // positive: an infinity keeps its sign, only 0 * Inf makes NaN
            }
        }
        return new Tensor[] {x, w};
    }

    /** Runs in the case's layout, takes NCHW operands and returns the NCHW output. */
    private static Tensor run(Case c, Backend b, Tensor x, Tensor w) {
        ConvSpec spec = c.spec();
        Tensor xl = c.layout == Layout.NCHW ? x : Layouts.toChannelsLast(x);
        Tensor wl = c.layout == Layout.NCHW ? w : Layouts.kernelFromOIHW(w, KernelLayout.HWIO, c.c);
        try (ConvPlan plan = b.plan(ConvGeometry.of(spec, xl.shape(), wl.shape()), wl, null)) {
            if (b.name().equals("native")) {
                synchronized (ALGORITHMS) {
                    ALGORITHMS.add(plan.algorithm());
                }
                assertEquals(c.algorithm, plan.algorithm(), "the case must exercise the algorithm it is named after");
            }
            Tensor y = plan.run(xl);
            return c.layout == Layout.NCHW ? y : Layouts.toChannelsFirst(y);
        }
    }

    private static List<Backend> backends() {
        return List.of(Backends.java(), Backends.nativeBackend());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void nanInTheInputPoisonsExactlyTheWindowsThatReadIt(Case c) {
        SplittableRandom r = new SplittableRandom(c.toString().hashCode());
        Tensor[] xw = operands(c, r);
        Tensor x = xw[0];
        int n0 = r.nextInt(2);
        int c0 = r.nextInt(c.c);
        int h0 = r.nextInt(5);
        int w0 = r.nextInt(6);
        x.set(((n0 * c.c + c0) * 5 + h0) * 6 + w0, Double.NaN);
        for (Backend b : backends()) {
            Tensor y = run(c, b, x, xw[1]);
            int[] s = y.shape();
            boolean[] rows = readers(c, 5, h0);
            boolean[] cols = readers(c, 6, w0);
            int og = c.o / c.groups;
            int groupOfC0 = c0 / (c.c / c.groups);
            for (int i = 0; i < y.size(); i++) {
                int[] p = Comparison.coordinates(s, i);
                boolean poisoned = p[0] == n0 && p[1] / og == groupOfC0 && rows[p[2]] && cols[p[3]];
                if (Double.isNaN(y.get(i)) != poisoned) {
                    throw new AssertionError(b.name() + " " + c + ": output " + java.util.Arrays.toString(p) + " is " + y.get(i)
                            + (poisoned ? " but its window reads the NaN at " : " but its window does not read the NaN at ")
                            + java.util.Arrays.toString(new int[] {n0, c0, h0, w0}));
                }
            }
        }
    }

    /** Per output position along one axis: does its window read input sample {@code s0} (border included)? */
    private static boolean[] readers(Case c, int n, int s0) {
        int[] src = NumpyPad.sourceIndices(c.border, n, c.pad, c.pad); // padded position -> input sample, -1: constant
        int out = (src.length - c.k) / c.stride + 1;
        boolean[] reads = new boolean[out];
        for (int i = 0; i < out; i++) {
            for (int t = 0; t < c.k; t++) {
                reads[i] |= src[i * c.stride + t] == s0;
            }
        }
        return reads;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void nanInTheKernelPoisonsItsWholeChannelPaddingIncluded(Case c) {
        SplittableRandom r = new SplittableRandom(31 * c.toString().hashCode());
        Tensor[] xw = operands(c, r);
        Tensor w = xw[1];
        int o0 = r.nextInt(c.o);
        int perO = w.size() / c.o;
        w.set(o0 * perO + r.nextInt(perO), Double.NaN); // any tap: corner taps read the padding at the edges
        for (Backend b : backends()) {
            Tensor y = run(c, b, xw[0], w);
            int[] s = y.shape();
            for (int i = 0; i < y.size(); i++) {
                int[] p = Comparison.coordinates(s, i);
                if (Double.isNaN(y.get(i)) != (p[1] == o0)) {
                    throw new AssertionError(b.name() + " " + c + ": output " + java.util.Arrays.toString(p) + " is " + y.get(i)
                            + "; a NaN weight of output channel " + o0 + " must poison that channel, and only it");
                }
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void infinitiesGiveTheIeeeResultsOfTheReference(Case c) {
        SplittableRandom r = new SplittableRandom(17 * c.toString().hashCode());
        for (int variant = 0; variant < 2; variant++) {
            Tensor[] xw = operands(c, r);
            Tensor x = xw[0];
            Tensor w = xw[1];
            if (variant == 0) { // Inf in the input, zero weights: Inf * 0 = NaN where a zero tap reads it
                x.set(r.nextInt(x.size()), Double.POSITIVE_INFINITY);
                x.set(r.nextInt(x.size()), Double.NEGATIVE_INFINITY);
                w.set(r.nextInt(w.size()), 0.0);
            } else { // Inf in the kernel, zeros in the input: Inf * 0 = NaN, over the zero padding too
                w.set(r.nextInt(w.size()), Double.POSITIVE_INFINITY);
                for (int i = 0; i < x.size(); i += 3) {
                    x.set(i, 0.0);
                }
            }
            Tensor xl = c.layout == Layout.NCHW ? x : Layouts.toChannelsLast(x);
            Tensor wl = c.layout == Layout.NCHW ? w : Layouts.kernelFromOIHW(w, KernelLayout.HWIO, c.c);
            Tensor ref = PaddedReference.run(c.spec(), xl, wl, null);
            Tensor expected = c.layout == Layout.NCHW ? ref : Layouts.toChannelsFirst(ref);
            double atol = Tolerance.atol(ConvGeometry.of(c.spec(), xl.shape(), wl.shape()), xl, wl, null);
            boolean nonFinite = false;
            for (int i = 0; i < expected.size(); i++) {
                nonFinite |= !Double.isFinite(expected.get(i));
            }
            assertTrue(nonFinite, "the case must produce non-finite outputs");
            for (Backend b : backends()) {
                Tolerance.assertClose(expected, run(c, b, x, w), atol, b.name() + " " + c + " variant " + variant);
            }
        }
    }

    // ------------------------------------------------------------------------------ transposed form

    /** A transposed convolution in canonical form: input dilation s, pads (dk - 1 - head, tail), transposed flag. */
    static Stream<Object[]> transposedCases() {
        List<Object[]> list = new ArrayList<>();
        for (int rank = 1; rank <= 2; rank++) {
            for (int s = 1; s <= 3; s++) {
                for (int head = 0; head <= 1; head++) {
                    list.add(new Object[] {rank, s, head, s % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32,
                        head == 0 ? Layout.NCHW : Layout.NHWC});
                }
            }
        }
        return list.stream();
    }

    /**
     * In a transposed convolution the pads and the zeros between input samples are not values but
     * the absence of a product (the scatter PyTorch, TensorFlow and ONNX Runtime compute): a NaN
     * weight poisons exactly the outputs its scatter reaches, on the oracle and on the native core.
     */
    @ParameterizedTest(name = "[{index}] rank {0}, stride {1}, crop {2}, {3}, {4}")
    @MethodSource("transposedCases")
    void aNanWeightOfATransposedConvolutionPoisonsExactlyItsScatter(int rank, int s, int head, DType dt, Layout layout) {
        SplittableRandom r = new SplittableRandom(rank * 100 + s * 10 + head);
        int k = 3;
        int n = 4;
        int c = 2;
        int o = 3;
        int[] before = new int[rank];
        int[] after = new int[rank];
        int[] id = new int[rank];
        java.util.Arrays.fill(before, k - 1 - head);
        java.util.Arrays.fill(after, k - 3 - head); // head 1: a negative pad, a crop of the scatter
        java.util.Arrays.fill(id, s);
        ConvSpec spec = ConvSpec.builder(rank).pads(before, after).inputDilation(id).transposed(true).layout(layout)
                .kernelLayout(layout == Layout.NCHW ? KernelLayout.OIHW : KernelLayout.HWIO).dtype(dt).build();
        int[] xShape = new int[rank + 2];
        java.util.Arrays.fill(xShape, n);
        xShape[0] = 1;
        xShape[1] = c;
        int[] wShape = new int[rank + 2];
        java.util.Arrays.fill(wShape, k);
        wShape[0] = o;
        wShape[1] = c;
        Tensor x = RandomSpecs.randomTensor(r, dt, xShape);
        Tensor w = RandomSpecs.randomTensor(r, dt, wShape);
        int o0 = r.nextInt(o);
        int c0 = r.nextInt(c);
        int[] tap = new int[rank];
        int flat = o0 * c + c0;
        for (int a = 0; a < rank; a++) {
            tap[a] = r.nextInt(k);
            flat = flat * k + tap[a];
        }
        w.set(flat, Double.NaN);
        Tensor bias = RandomSpecs.randomTensor(r, dt, o);
        Tensor xl = layout == Layout.NCHW ? x : Layouts.toChannelsLast(x);
        Tensor wl = layout == Layout.NCHW ? w : Layouts.kernelFromOIHW(w, KernelLayout.HWIO, c);
        ConvGeometry g = ConvGeometry.of(spec, xl.shape(), wl.shape());
        int[] out = g.outSize();
        for (Backend b : backends()) {
            Tensor y;
            try (ConvPlan plan = b.plan(g, wl, bias)) {
                y = plan.run(xl);
            }
            Tensor ycf = layout == Layout.NCHW ? y : Layouts.toChannelsFirst(y);
            for (int i = 0; i < ycf.size(); i++) {
                int[] p = Comparison.coordinates(ycf.shape(), i);
                boolean reached = p[1] == o0;
                for (int a = 0; a < rank; a++) {
                    // the NaN tap reads dilated-input position q: a product only on an actual sample
                    long q = (long) p[2 + a] + tap[a] - before[a];
                    long length = (long) (n - 1) * s + 1;
                    reached &= q >= 0 && q < length && q % s == 0;
                }
                if (Double.isNaN(ycf.get(i)) != reached) {
                    throw new AssertionError(b.name() + ": output " + java.util.Arrays.toString(p) + " of " + java.util.Arrays.toString(out)
                            + " is " + ycf.get(i) + (reached ? ", but the NaN weight's scatter reaches it"
                            : ", but the NaN weight's scatter does not reach it (padding or an inserted zero)"));
                }
            }
        }
    }

    @AfterAll
    static void everyNativeAlgorithmWasChecked() {
        if (!ALGORITHMS.isEmpty()) { // empty when only the dtype tests were selected
            assertEquals(Set.of("direct-image", "depthwise-direct", "gemm-1x1", "im2col+gemm"), ALGORITHMS);
        }
    }

    // ------------------------------------------------------------------------------ no silent downcast

    @Test
    void float64DataIsNeverSilentlyRunInFloat32() {
        SplittableRandom r = new SplittableRandom(3);
        ConvSpec f32 = ConvSpec.builder(2).pad(1).build();
        Tensor x64 = RandomSpecs.randomTensor(r, DType.FLOAT64, 1, 2, 5, 5);
        Tensor w32 = RandomSpecs.randomTensor(r, DType.FLOAT32, 3, 2, 3, 3);
        for (Backend b : backends()) {
            // a float64 input on a float32 plan: refused, not rounded
            try (ConvPlan plan = Conv.plan(f32, x64.shape(), w32, null, b)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan.run(x64));
                assertTrue(e.getMessage().contains("float64"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> plan.run(x64.doubles(), new double[(int) plan.geometry()
                        .outputElements()]));
            }
            // a float64 kernel for a float32 spec: refused too
            assertThrows(IllegalArgumentException.class, () -> Conv.run(f32, x64.to(DType.FLOAT32), w32.to(DType.FLOAT64), null, b));
        }
        // a float64 computation keeps float64 precision: a product that float32 would round differently
        ConvSpec f64 = ConvSpec.builder(1).dtype(DType.FLOAT64).build();
        double tiny = 1 + 0x1p-40;
        for (Backend b : backends()) {
            Tensor y = Conv.run(f64, Tensor.of(new double[] {tiny, tiny}, 1, 1, 2), Tensor.of(new double[] {tiny}, 1, 1, 1), null, b);
            assertEquals(tiny * tiny, y.get(0), 0, b.name() + ": float64 result rounded to float32?");
        }
    }

    @Test
    void dialectsPromoteOrRefuseMixedDtypesAsTheirSystems() {
        Tensor image = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        double w = 1 + 0x1p-40; // not representable in float32
        Tensor kernel = Tensor.of(new double[] {w}, 1, 1);
        for (Backend b : backends()) {
            // scipy (numpy): float32 x float64 -> float64, computed in float64
            Tensor y = Scipy.correlate2d(image, kernel, "valid", "fill", 0, b);
            assertEquals(DType.FLOAT64, y.dtype(), "numpy's result type of float32 and float64 is float64");
            assertEquals(4 * w, y.get(3), 0, b.name() + ": promoted computation lost float64 precision");
        }
        // torch: input and weight must share a dtype
        Tensor x = Tensor.zeros(DType.FLOAT32, 1, 1, 3, 3);
        Tensor k64 = Tensor.zeros(DType.FLOAT64, 1, 1, 1, 1);
        assertThrows(DialectRefusal.class, () -> Dialects.forSystem("torch.nn.functional.conv2d").translate(Params.empty(), x,
                k64, null));
    }
}
