package org.jconv.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
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
import org.jconv.spec.Layout;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan behaviour: no allocation after warm-up (per algorithm, dtype and entry point), concurrent
 * runs on one plan, buffers sharing memory, closing, and the backend's name.
 */
class PurePlanTest {
    /** One small problem per algorithm, both dtypes, channels first and last. */
    static Stream<Arguments> perAlgorithm() {
        List<Arguments> list = new ArrayList<>();
        for (DType dt : DType.values()) {
            for (Layout layout : Layout.values()) {
                list.add(Arguments.of("direct-small", problem(spec(dt, layout).pad(1).border(BorderMode.SYMMETRIC), 1, 2, 3, 1, 8, 3)));
                list.add(Arguments.of("direct-image",
                        problem(spec(dt, layout).pad(1).border(BorderMode.SYMMETRIC), 2, 1, 1, 1, 70, 3)));
                list.add(Arguments.of("depthwise-direct", problem(spec(dt, layout).pad(1), 1, 6, 6, 6, 40, 3)));
                // channels last, multiplier 1, enough channels: the pixel-vector loop, at stride 2
                // (channels first, stride 2 depthwise goes to im2col+gemm)
                list.add(Arguments.of(layout == Layout.NHWC ? "depthwise-direct" : "im2col+gemm",
                        problem(spec(dt, layout).pad(1).stride(2), 1, 12, 12, 12, 60, 3)));
                list.add(Arguments.of("gemm-1x1", problem(spec(dt, layout), 2, 12, 8, 1, 30, 1)));
                list.add(Arguments.of("im2col+gemm", problem(spec(dt, layout).pad(1).stride(2), 1, 5, 7, 1, 40, 3)));
                PureCase transposed = problem(spec(dt, layout).pad(1).inputDilation(2).transposed(true), 1, 3, 2, 1, 6, 3);
                transposed.kernel.set(0, Double.POSITIVE_INFINITY); // a non-finite weight over holes: the reference
                list.add(Arguments.of("direct", transposed));
            }
        }
        return list.stream();
    }

    private static ConvSpec.Builder spec(DType dt, Layout layout) {
        return ConvSpec.builder(2).dtype(dt).layout(layout);
    }

    /** {@code n} images of {@code c} channels {@code size x size}, {@code o} outputs, {@code k x k} kernel. */
    static PureCase problem(ConvSpec.Builder b, int n, int c, int o, int groups, int size, int k) {
        ConvSpec spec = b.groups(groups).build();
        SplittableRandom rnd = new SplittableRandom(c * 131 + o * 17 + size);
        int[] in = PureCase.inputShape(spec.layout(), n, c, new int[] {size, size});
        int[] ks = PureCase.kernelShape(spec.kernelLayout(), o, c, groups, new int[] {k, k});
        return new PureCase("PurePlanTest.problem", spec, RandomSpecs.randomTensor(rnd, spec.dtype(), in),
                RandomSpecs.randomTensor(rnd, spec.dtype(), ks), RandomSpecs.randomTensor(rnd, spec.dtype(), o));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("perAlgorithm")
    void runAllocatesNothingAfterWarmUp(String algorithm, PureCase c) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        mx.setThreadAllocatedMemoryEnabled(true);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            assertEquals(algorithm, plan.algorithm(), c.description);
            Tensor expected = OracleCheck.expected(c);
            int nIn = c.input.size();
            int nOut = (int) c.geometry.outputElements();
            boolean f32 = c.spec.dtype() == DType.FLOAT32;
            Tensor y = Tensor.zeros(c.spec.dtype(), c.geometry.outputShape());
            ByteBuffer inBytes = ByteBuffer.allocateDirect(nIn * 8).order(ByteOrder.nativeOrder());
            ByteBuffer outBytes = ByteBuffer.allocateDirect(nOut * 8).order(ByteOrder.nativeOrder());
            FloatBuffer inF = inBytes.asFloatBuffer();
            FloatBuffer outF = outBytes.asFloatBuffer();
            DoubleBuffer inD = inBytes.asDoubleBuffer();
            DoubleBuffer outD = outBytes.asDoubleBuffer();
            if (f32) {
                inF.put(c.input.floats()).flip();
                outF.limit(nOut);
            } else {
                inD.put(c.input.doubles()).flip();
                outD.limit(nOut);
            }
            Runnable heap = f32 ? () -> plan.run(c.input.floats(), y.floats()) : () -> plan.run(c.input.doubles(), y.doubles());
            Runnable direct = f32 ? () -> plan.run(inF, outF) : () -> plan.run(inD, outD);
            for (int i = 0; i < 200; i++) { // warm-up: workspaces, staging arrays, JIT
                heap.run();
                direct.run();
            }
            // a run that allocates does so in every round; a late JIT recompilation may touch one round
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 3 && allocated != 0; round++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100; i++) {
                    heap.run();
                    direct.run();
                }
                allocated = mx.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, algorithm + ": 100 runs on heap arrays and 100 on direct buffers allocated "
                    + allocated + " bytes (in each of 3 rounds)");
            Tolerance.assertClose(expected, y, c.atol(), c.description + " [" + algorithm + ", after the runs]");
        }
    }

    @Test
    void concurrentRunsOnOnePlanAreIndependent() throws Exception {
        // large enough that runs overlap: several tiles and K blocks per run
        PureCase c = problem(ConvSpec.builder(2).pad(1), 1, 16, 12, 1, 24, 3);
        int threads = 4;
        int runsEach = 25;
        SplittableRandom rnd = new SplittableRandom(7);
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Tensor x = RandomSpecs.randomTensor(rnd, DType.FLOAT32, c.input.shape());
            inputs.add(x);
            expected.add(OracleCheck.expected(new PureCase("thread " + t, c.spec, x, c.kernel, c.bias)));
        }
        double atol = c.atol();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int r = 0; r < runsEach; r++) {
                        Tensor y = OracleCheck.heap(plan, inputs.get(id));
                        Tolerance.assertClose(expected.get(id), y, atol, "thread " + id + ", run " + r);
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertEquals(threads * runsEach, total);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Big enough to be split: r50_3x3_56 with fewer channels, and the other algorithms' shapes. */
    static Stream<Arguments> teamProblems() {
        return Stream.of(
                Arguments.of("im2col+gemm", problem(ConvSpec.builder(2).pad(1), 1, 32, 32, 1, 56, 3)),
                Arguments.of("im2col+gemm", problem(ConvSpec.builder(2).pad(1).layout(Layout.NHWC).dtype(DType.FLOAT64), 1, 64, 64, 1, 14, 3)),
                Arguments.of("gemm-1x1", problem(ConvSpec.builder(2), 2, 64, 32, 1, 28, 1)),
                Arguments.of("depthwise-direct", problem(ConvSpec.builder(2).pad(1), 2, 64, 64, 64, 56, 3)),
                Arguments.of("depthwise-direct", problem(ConvSpec.builder(2).pad(1).layout(Layout.NHWC), 1, 96, 96, 96, 56, 3)),
                Arguments.of("direct-image", problem(ConvSpec.builder(2).pad(3).border(BorderMode.SYMMETRIC), 1, 1, 1, 1, 300, 7)));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("teamProblems")
    void teamRunsMatchTheOracleAndAllocateNothing(String algorithm, PureCase c) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "needs two cores for the team");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias, org.jconv.plan.PlanOptions.threads(2))) {
            assertEquals(algorithm, plan.algorithm());
            assertEquals(2, ((PurePlan) plan).threads(), "the plan should use the team");
            OracleCheck.allEntryPoints(plan, c, expected);
            Tensor y = Tensor.zeros(c.spec.dtype(), c.geometry.outputShape());
            Runnable run = c.spec.dtype() == DType.FLOAT32 ? () -> plan.run(c.input.floats(), y.floats())
                    : () -> plan.run(c.input.doubles(), y.doubles());
            for (int i = 0; i < 20; i++) {
                run.run();
            }
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 3 && allocated != 0; round++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20; i++) {
                    run.run();
                }
                allocated = mx.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, "team runs allocated on the calling thread (in each of 3 rounds)");
            Tolerance.assertClose(expected, y, c.atol(), c.description + " [team]");
            // four callers contend for the team: whoever does not get it computes alone
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Tensor>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        Tensor last = null;
                        for (int r = 0; r < 5; r++) {
                            last = OracleCheck.heap(plan, c.input);
                        }
                        return last;
                    }));
                }
                for (Future<Tensor> f : results) {
                    Tolerance.assertClose(expected, f.get(), c.atol(), c.description + " [contended team]");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void threadOptionsCapThePlan() {
        PureCase big = problem(ConvSpec.builder(2).pad(1), 1, 32, 32, 1, 56, 3);
        PureCase tiny = problem(ConvSpec.builder(2).pad(1), 1, 1, 1, 1, 30, 3);
        try (ConvPlan one = PureJavaBackend.INSTANCE.plan(big.geometry, big.kernel, null, org.jconv.plan.PlanOptions.threads(1));
             ConvPlan small = PureJavaBackend.INSTANCE.plan(tiny.geometry, tiny.kernel, null)) {
            assertEquals(1, ((PurePlan) one).threads());
            assertEquals(1, ((PurePlan) small).threads(), "a tiny problem is not worth waking the team");
        }
        assertThrows(IllegalArgumentException.class, () -> PureJavaBackend.setDefaultThreads(0));
        assertThrows(IllegalArgumentException.class,
                () -> PureJavaBackend.INSTANCE.plan(big.geometry, big.kernel, null, null));
    }

    @Test
    void longSignalsNeedNoPerPairTables() {
        // scipy 'full' correlation of two 2100-sample signals: 4199 x 2100 (output, tap) pairs, more
        // than AxisMap keeps as a table; the engine must compute them, not refuse or overflow
        for (DType dt : DType.values()) {
            ConvSpec spec = ConvSpec.builder(1).pad(2099).dtype(dt).build();
            SplittableRandom rnd = new SplittableRandom(2100);
            PureCase c = new PureCase("full 2100 x 2100", spec, RandomSpecs.randomTensor(rnd, dt, 1, 1, 2100),
                    RandomSpecs.randomTensor(rnd, dt, 1, 1, 2100), null);
            assertTrue((long) c.geometry.outSize()[0] * 2100 > AxisMap.MAX_TABLE);
            Tensor expected = OracleCheck.expected(c);
            try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, null)) {
                assertEquals("direct-image", plan.algorithm());
                OracleCheck.allEntryPoints(plan, c, expected);
            }
        }
        // and 50 000 x 50 000 (2.5e9 pairs) plans
        ConvSpec spec = ConvSpec.builder(1).pad(49_999).build();
        ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 1, 50_000}, new int[] {1, 1, 50_000});
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(g, Tensor.zeros(DType.FLOAT32, 1, 1, 50_000), null)) {
            assertEquals(99_999, plan.geometry().outSize()[0]);
        }
    }

    @Test
    void heapBuffersSharingOneArrayAreSafe() {
        // input and output are slices of one array, overlapping: the input must be read before it is overwritten
        PureCase c = problem(ConvSpec.builder(2).pad(1), 1, 2, 2, 1, 6, 3);
        Tensor expected = OracleCheck.expected(c);
        int n = c.input.size();
        float[] shared = new float[n + 4];
        System.arraycopy(c.input.floats(), 0, shared, 4, n);
        FloatBuffer in = FloatBuffer.wrap(shared, 4, n).slice();
        FloatBuffer out = FloatBuffer.wrap(shared, 0, n).slice();
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            plan.run(in, out);
        }
        Tensor y = Tensor.zeros(DType.FLOAT32, c.geometry.outputShape());
        System.arraycopy(shared, 0, y.floats(), 0, n);
        Tolerance.assertClose(expected, y, c.atol(), "overlapping heap buffers");
    }

    @Test
    void closedPlanRefusesToRun() {
        PureCase c = problem(ConvSpec.builder(2), 1, 1, 1, 1, 4, 3);
        ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias);
        plan.close();
        plan.close(); // idempotent
        assertTrue(plan.isClosed());
        assertThrows(IllegalStateException.class, () -> plan.run(c.input.floats(), new float[4]));
    }

    @Test
    void backendIsNamedJavaAndCopiesTheKernel() {
        assertEquals("java", PureJavaBackend.INSTANCE.name());
        PureCase c = problem(ConvSpec.builder(2).pad(1), 1, 3, 4, 1, 8, 3);
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            assertEquals("java", plan.backend());
            c.kernel.set(0, 100); // the plan holds its own copy
            c.bias.set(0, 100);
            Tolerance.assertClose(expected, plan.run(c.input), c.atol(), "kernel changed after planning");
        }
    }

    @Test
    void badOperandsAreRefusedWithTheirNames() {
        ConvSpec spec = ConvSpec.builder(2).build();
        ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 2, 5, 5}, new int[] {3, 2, 3, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PureJavaBackend.INSTANCE.plan(g, Tensor.zeros(DType.FLOAT32, 3, 2, 2, 2), null));
        assertTrue(e.getMessage().contains("kernel shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PureJavaBackend.INSTANCE.plan(g, Tensor.zeros(DType.FLOAT32, 3, 2, 3, 3), Tensor.zeros(DType.FLOAT32, 2)));
        assertTrue(e.getMessage().contains("bias shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PureJavaBackend.INSTANCE.plan(g, Tensor.zeros(DType.FLOAT64, 3, 2, 3, 3), null));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
    }
}
