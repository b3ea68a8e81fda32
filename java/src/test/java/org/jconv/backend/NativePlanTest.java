package org.jconv.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.Layout;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native plan's run: no Java heap allocation after warm-up on every entry point (heap arrays by
 * critical access and by copies, direct buffers, JavaCPP pointers, heap buffers wrapping whole
 * arrays), for every native algorithm, both
 * dtypes and layouts, each checked against the oracle; and {@link ZeroCopy}'s validation.
 */
class NativePlanTest {
    /** Every algorithm of native/src/plan.cc's kAlgorithms; the cases below must reach each. */
    private static final Set<String> NATIVE_ALGORITHMS =
            Set.of("direct-image", "depthwise-direct", "gemm-1x1", "gemm+col2im", "im2col+gemm");
    private static final Set<String> reached = new TreeSet<>();

    @BeforeAll
    static void nativeLoads() {
        assertTrue(Backends.nativeAvailable(), () -> "native backend must load in the test build: "
                + Backends.nativeLoadFailure());
    }

    @AfterAll
    static void everyAlgorithmWasReached() {
        assertEquals(new TreeSet<>(NATIVE_ALGORITHMS), reached, "algorithms the allocation cases reached");
    }

    record Case(String algorithm, ConvGeometry g, Tensor input, Tensor kernel, Tensor bias) {
        @Override
        public String toString() {
            return algorithm + " " + g.spec().dtype().numpyName() + " " + g.spec().layout() + " in "
                    + java.util.Arrays.toString(g.inputShape());
        }
    }

    static Stream<Arguments> perAlgorithm() {
        List<Arguments> list = new ArrayList<>();
        for (DType dt : DType.values()) {
            for (Layout layout : Layout.values()) {
                list.add(Arguments.of(problem("direct-image", spec(dt, layout).pad(1).border(BorderMode.SYMMETRIC), 2, 1, 1, 1, 70, 3)));
                list.add(Arguments.of(problem("depthwise-direct", spec(dt, layout).pad(1), 1, 6, 6, 6, 40, 3)));
                list.add(Arguments.of(problem("gemm-1x1", spec(dt, layout), 2, 12, 8, 1, 30, 1)));
                list.add(Arguments.of(problem("im2col+gemm", spec(dt, layout).pad(1).stride(2), 1, 5, 7, 1, 40, 3)));
                list.add(Arguments.of(problem("gemm+col2im", spec(dt, layout).pad(1).inputDilation(2).transposed(true),
                        1, 3, 2, 1, 12, 3)));
            }
        }
        return list.stream();
    }

    private static ConvSpec.Builder spec(DType dt, Layout layout) {
        return ConvSpec.builder(2).dtype(dt).layout(layout);
    }

    /** {@code n} images of {@code c} channels {@code size x size}, {@code o} outputs, {@code k x k} kernel. */
    private static Case problem(String algorithm, ConvSpec.Builder b, int n, int c, int o, int groups, int size, int k) {
        ConvSpec spec = b.groups(groups).build();
        SplittableRandom rnd = new SplittableRandom(c * 131 + o * 17 + size);
        int[] in = spec.layout() == Layout.NCHW ? new int[] {n, c, size, size} : new int[] {n, size, size, c};
        int[] ks = spec.kernelLayout().name().startsWith("OI")
                ? new int[] {o, c / groups, k, k}
                : new int[] {k, k, c / groups, o};
        Tensor kernel = RandomSpecs.randomTensor(rnd, spec.dtype(), ks);
        ConvGeometry g = ConvGeometry.of(spec, in, ks);
        return new Case(algorithm, g, RandomSpecs.randomTensor(rnd, spec.dtype(), in), kernel,
                RandomSpecs.randomTensor(rnd, spec.dtype(), o));
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        mx.setThreadAllocatedMemoryEnabled(true);
        return mx;
    }

    /** Bytes the calling thread allocates in 100 calls of r, the least of 3 rounds (a late JIT compile may touch one). */
    private static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean mx = threadBean();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3 && least != 0; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                r.run();
            }
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private static NativeConvPlan plan(Case c, boolean critical) {
        String before = System.getProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY);
        System.setProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY, Boolean.toString(critical));
        try {
            ConvPlan p = Backends.nativeBackend().plan(c.g, c.kernel, c.bias);
            assertTrue(p instanceof NativeConvPlan, "native backend gave " + p.getClass());
            NativeConvPlan plan = (NativeConvPlan) p;
            assertEquals(critical, plan.criticalArrays());
            return plan;
        } finally {
            if (before == null) {
                System.clearProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY);
            } else {
                System.setProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY, before);
            }
        }
    }

    private static Tensor expected(Case c) {
        try (ConvPlan oracle = JavaBackend.INSTANCE.plan(c.g, c.kernel, c.bias)) {
            return oracle.run(c.input);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("perAlgorithm")
    void runAllocatesNothingAfterWarmUpOnAnyEntryPoint(Case c) {
        Tensor expected = expected(c);
        double atol = Tolerance.atol(c.g, c.input, c.kernel, c.bias);
        boolean f32 = c.g.spec().dtype() == DType.FLOAT32;
        int nIn = (int) c.g.inputElements();
        int nOut = (int) c.g.outputElements();
        for (boolean critical : new boolean[] {true, false}) {
            String what = c + (critical ? " [critical arrays]" : " [copied arrays]");
            try (NativeConvPlan plan = plan(c, critical)) {
                assertEquals(c.algorithm, plan.algorithm(), c.toString());
                reached.add(plan.algorithm());
                Tensor yHeap = Tensor.zeros(c.g.spec().dtype(), c.g.outputShape());
                ByteBuffer inBytes = ByteBuffer.allocateDirect(nIn * 8).order(ByteOrder.nativeOrder());
                ByteBuffer outBytes = ByteBuffer.allocateDirect(nOut * 8).order(ByteOrder.nativeOrder());
                FloatBuffer inF = inBytes.asFloatBuffer();
                FloatBuffer outF = outBytes.asFloatBuffer();
                DoubleBuffer inD = inBytes.asDoubleBuffer();
                DoubleBuffer outD = outBytes.asDoubleBuffer();
                try (FloatPointer inFP = new FloatPointer(f32 ? nIn : 1);
                     FloatPointer outFP = new FloatPointer(f32 ? nOut : 1);
                     DoublePointer inDP = new DoublePointer(f32 ? 1 : nIn);
                     DoublePointer outDP = new DoublePointer(f32 ? 1 : nOut)) {
                    if (f32) {
                        inF.put(c.input.floats()).flip();
                        outF.limit(nOut);
                        inFP.put(c.input.floats());
                    } else {
                        inD.put(c.input.doubles()).flip();
                        outD.limit(nOut);
                        inDP.put(c.input.doubles());
                    }
                    Runnable heap = f32 ? () -> plan.run(c.input.floats(), yHeap.floats())
                            : () -> plan.run(c.input.doubles(), yHeap.doubles());
                    Runnable direct = f32 ? () -> plan.run(inF, outF) : () -> plan.run(inD, outD);
                    Runnable pointers = f32 ? () -> ZeroCopy.run(plan, inFP, outFP) : () -> ZeroCopy.run(plan, inDP, outDP);
                    Tensor yWrapped = Tensor.zeros(c.g.spec().dtype(), c.g.outputShape());
                    FloatBuffer inWF = f32 ? FloatBuffer.wrap(c.input.floats()) : null;
                    FloatBuffer outWF = f32 ? FloatBuffer.wrap(yWrapped.floats()) : null;
                    DoubleBuffer inWD = f32 ? null : DoubleBuffer.wrap(c.input.doubles());
                    DoubleBuffer outWD = f32 ? null : DoubleBuffer.wrap(yWrapped.doubles());
                    Runnable wrapped = f32 ? () -> plan.run(inWF, outWF) : () -> plan.run(inWD, outWD);
                    for (int i = 0; i < 200; i++) { // warm-up: pooled workspaces, JIT
                        heap.run();
                        direct.run();
                        pointers.run();
                        wrapped.run();
                    }
                    assertEquals(0, allocatedBy(heap), what + ": bytes allocated by 100 runs on heap arrays");
                    assertEquals(0, allocatedBy(direct), what + ": bytes allocated by 100 runs on direct buffers");
                    assertEquals(0, allocatedBy(pointers), what + ": bytes allocated by 100 runs on JavaCPP pointers");
                    assertEquals(0, allocatedBy(wrapped), what + ": bytes allocated by 100 runs on buffers wrapping arrays");
                    Tolerance.assertClose(expected, yWrapped, atol, what + " buffers wrapping arrays");

                    Tolerance.assertClose(expected, yHeap, atol, what + " heap arrays");
                    Tensor yDirect = Tensor.zeros(c.g.spec().dtype(), c.g.outputShape());
                    Tensor yPointer = Tensor.zeros(c.g.spec().dtype(), c.g.outputShape());
                    if (f32) {
                        outF.duplicate().get(yDirect.floats());
                        outFP.get(yPointer.floats());
                    } else {
                        outD.duplicate().get(yDirect.doubles());
                        outDP.get(yPointer.doubles());
                    }
                    Tolerance.assertClose(expected, yDirect, atol, what + " direct buffers");
                    Tolerance.assertClose(expected, yPointer, atol, what + " JavaCPP pointers");
                }
            }
        }
    }

    @Test
    void heapArraysAreCopiedBeforeJdk22UnlessForced() {
        String before = System.getProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY);
        try {
            System.clearProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY);
            if (Runtime.version().feature() < 22) {
                assertFalse(NativeConvPlan.criticalArraysSetting(), "auto on JDK " + Runtime.version().feature());
            }
            System.setProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY, " TRUE ");
            assertTrue(NativeConvPlan.criticalArraysSetting());
            System.setProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY, "false");
            assertFalse(NativeConvPlan.criticalArraysSetting());
        } finally {
            if (before == null) {
                System.clearProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY);
            } else {
                System.setProperty(NativeConvPlan.CRITICAL_ARRAYS_PROPERTY, before);
            }
        }
    }

    /** The class Javadoc's example of {@link ZeroCopy}, as written there. */
    @Test
    void zeroCopyJavadocExample() {
        ConvSpec spec = ConvSpec.builder(2).pad(1).build();   // NCHW, OIHW, cross-correlation
        int[] kernelShape = {16, 3, 3, 3};
        Tensor kernel = Tensor.of(new float[16 * 3 * 3 * 3], kernelShape);
        try (ConvPlan plan = Conv.plan(spec, new int[] {1, 3, 32, 32}, kernel, null);
             FloatPointer x = new FloatPointer(3 * 32 * 32);
             FloatPointer y = new FloatPointer(16 * 32 * 32)) {
            ConvGeometry g = plan.geometry();
            x.put(new float[(int) g.inputElements()]);   // or memory filled by native code
            ZeroCopy.run(plan, x, y);   // y now holds the output, in the plan's layout
        }
    }

    @Test
    void zeroCopyMatchesTheOracleAtAPositionOnBothBackends() {
        Case c = problem("im2col+gemm", spec(DType.FLOAT32, Layout.NCHW).pad(1), 1, 4, 5, 1, 9, 3);
        Tensor expected = expected(c);
        int nIn = (int) c.g.inputElements();
        int nOut = (int) c.g.outputElements();
        for (Backend b : List.of(Backends.nativeBackend(), Backends.java())) {
            try (ConvPlan plan = b.plan(c.g, c.kernel, c.bias);
                 FloatPointer in = new FloatPointer(nIn + 5);
                 FloatPointer out = new FloatPointer(nOut + 7)) {
                in.position(5).put(c.input.floats());
                out.position(3);
                ZeroCopy.run(plan, in, out);
                Tensor y = Tensor.zeros(DType.FLOAT32, c.g.outputShape());
                out.get(y.floats());
                Tolerance.assertClose(expected, y, Tolerance.atol(c.g, c.input, c.kernel, c.bias),
                        b.name() + " through ZeroCopy at positions 5 and 3");
                assertEquals(5, in.position(), "input position unchanged");
                assertEquals(3, out.position(), "output position unchanged");
            }
        }
    }

    @Test
    void zeroCopyRefusesBadPointersNamingThem() {
        Case c = problem("im2col+gemm", spec(DType.FLOAT32, Layout.NCHW).pad(1), 1, 4, 5, 1, 9, 3);
        int nIn = (int) c.g.inputElements();
        int nOut = (int) c.g.outputElements();
        try (ConvPlan plan = Backends.nativeBackend().plan(c.g, c.kernel, c.bias);
             FloatPointer in = new FloatPointer(nIn);
             FloatPointer out = new FloatPointer(nOut);
             FloatPointer small = new FloatPointer(nOut - 1);
             DoublePointer din = new DoublePointer(nIn);
             DoublePointer dout = new DoublePointer(nOut)) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(null, in, out)), "plan");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, null, out)), "input");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, in, null)), "output");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, new FloatPointer(), out)),
                    "input");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, in, small)),
                    "output holds " + (nOut - 1));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, din, dout)), "float64");
            // a pointer of unknown size, as native code hands them out
            FloatPointer unknown = new FloatPointer(in);
            unknown.limit(0);
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, unknown, out)),
                    "no known size");
            // the output inside the input's range
            FloatPointer whole = new FloatPointer(nIn + nOut);
            try {
                FloatPointer overlapping = new FloatPointer(whole).position(1).limit(nIn + nOut);
                assertMessage(assertThrows(IllegalArgumentException.class, () -> ZeroCopy.run(plan, whole, overlapping)),
                        "overlap");
            } finally {
                whole.close();
            }
            plan.close();
            assertThrows(IllegalStateException.class, () -> ZeroCopy.run(plan, in, out));
        }
    }

    private static void assertMessage(Throwable t, String part) {
        assertTrue(t.getMessage() != null && t.getMessage().contains(part),
                () -> "message '" + t.getMessage() + "' should contain '" + part + "'");
    }
}
