package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the bytedeco OpenBLAS does with concurrent callers, measured: its threading mode, how many
 * native threads exist while many Java threads run GEMM-sized convolutions at once, and the
 * throughput of one and of many callers under three policies: OpenBLAS on every core
 * (process-wide default), on one thread, and on every core with the plan capped at one thread
 * ({@link PlanOptions#threads(int)}). The figures are printed: they are the evidence for the thread
 * policy in the reliability report, and they depend on the machine and its load. What is asserted
 * holds anywhere: results are right under every policy, the default count is restored, and native
 * threads do not multiply with callers (OpenBLAS keeps one pool for the process).
 */
class BlasThreadingTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Seconds each measurement runs. */
    private static final double WINDOW = 0.2;

    @BeforeAll
    static void nativeLoads() {
        assertTrue(Backends.nativeAvailable(), () -> "needs the native backend: " + Backends.nativeLoadFailure());
    }

    /** Result of one measurement. */
    static final class Run {
        final int callers;
        final String policy;
        final int convs;
        final double seconds;
        final double cpuSeconds;
        final int maxThreads;

        Run(int callers, String policy, int convs, double seconds, double cpuSeconds, int maxThreads) {
            this.callers = callers;
            this.policy = policy;
            this.convs = convs;
            this.seconds = seconds;
            this.cpuSeconds = cpuSeconds;
            this.maxThreads = maxThreads;
        }

        double rate() {
            return convs / seconds;
        }

        @Override
        public String toString() {
            return String.format("%2d caller(s), %-24s %7.1f conv/s, CPU %.2f s in %.2f s wall (%.2f cores busy),"
                    + " process threads max %d", callers, policy + ":", rate(), cpuSeconds, seconds, cpuSeconds / seconds,
                    maxThreads);
        }
    }

    /** A GEMM-sized convolution with its oracle result. */
    private static final class Workload {
        final String name;
        final ConvGeometry geometry;
        final Tensor x;
        final Tensor w;
        final Tensor expected;
        final double atol;
        Workload(String name, int c, int hw, int o, SplittableRandom r) {
            this.name = name;
            ConvSpec spec = ConvSpec.builder(2).pad(1).build();
            this.x = RandomSpecs.randomTensor(r, DType.FLOAT32, 1, c, hw, hw);
            this.w = RandomSpecs.randomTensor(r, DType.FLOAT32, o, c, 3, 3);
            this.geometry = ConvGeometry.of(spec, x.shape(), w.shape());
            try (ConvPlan oracle = Backends.java().plan(geometry, w, null)) {
                this.expected = oracle.run(x);
            }
            this.atol = Tolerance.atol(geometry, x, w, null);
        }
    }

    @Test
    void concurrentCallersStayCorrectAndDoNotMultiplyNativeThreads() throws Exception {
        String config = Backends.nativeInfo();
        // openblas_get_config() names USE_OPENMP in an OpenMP build; otherwise this x86-64 build is pthreads
        String mode = config.contains("USE_OPENMP") ? "OpenMP" : "pthreads";
        int defaultThreads = Backends.nativeThreads();
        SplittableRandom r = new SplittableRandom(7);
        // im2col+GEMM of M=O, K=9C, N=HW: both above OpenBLAS's threading threshold
        Workload[] loads = {
            new Workload("3x3 32->32 on 48x48 (21 M multiply-adds)", 32, 48, 32, r),
            new Workload("3x3 64->64 on 56x56 (116 M multiply-adds)", 64, 56, 64, r),
        };
        int baseline = ProcessStats.threadCount();
        int callersMany = Math.max(8, 4 * CORES);
        List<String> lines = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            for (Workload load : loads) {
                // three policies: OpenBLAS on every core, on one thread process-wide, and on every core
                // by default with this plan capped at one thread (PlanOptions.threads(1))
                String[] names = {"OpenBLAS " + CORES + " threads", "OpenBLAS 1 thread", "plan capped at 1 thread"};
                int[] global = {CORES, 1, CORES};
                double[][] rate = new double[3][2];
                for (int t = 0; t < 3; t++) {
                    Backends.setNativeThreads(global[t]);
                    assertEquals(global[t], Backends.nativeThreads(), "the thread count must read back");
                    try (ConvPlan plan = Backends.nativeBackend().plan(load.geometry, load.w, null,
                            t == 2 ? PlanOptions.threads(1) : PlanOptions.DEFAULT)) {
                        measure(plan, load, 1, names[t], 0.05, failures); // warm-up: pool start, JIT
                        Run one = measure(plan, load, 1, names[t], WINDOW, failures);
                        Run many = measure(plan, load, callersMany, names[t], WINDOW, failures);
                        runs.add(one);
                        runs.add(many);
                        rate[t][0] = one.rate();
                        rate[t][1] = many.rate();
                        lines.add(load.name + ": " + one);
                        lines.add(load.name + ": " + many);
                    }
                }
                lines.add(String.format("%s: throughput relative to OpenBLAS on all %d cores: 1 thread x%.2f (one caller),"
                        + " x%.2f (%d callers); plan cap x%.2f, x%.2f", load.name, CORES, rate[1][0] / rate[0][0],
                        rate[1][1] / rate[0][1], callersMany, rate[2][0] / rate[0][0], rate[2][1] / rate[0][1]));
            }
        } finally {
            Backends.setNativeThreads(defaultThreads);
        }
        assertEquals(defaultThreads, Backends.nativeThreads(), "the default thread count must be restored");

        System.out.printf("BlasThreadingTest: %s (%s build); default threads %d; cores %d; process threads before %d%n", config,
                mode, defaultThreads, CORES, baseline);
        for (String line : lines) {
            System.out.println("  " + line);
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " wrong results, first: " + failures.peek());
        for (Run run : runs) {
            // one fixed pool of workers serves every caller: native threads do not grow with callers
            assertTrue(run.maxThreads <= baseline + run.callers + CORES + 4, () -> "native threads multiplied: " + run);
        }
    }

    /** Every caller runs {@code plan} until {@code seconds} have passed (at least once); returns the throughput. */
    private static Run measure(ConvPlan plan, Workload load, int callers, String policy, double window, Queue<String> failures)
            throws Exception {
        AtomicInteger convs = new AtomicInteger();
        Tensor x = load.x;
        Tensor expected = load.expected;
        double atol = load.atol;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxThreads = new AtomicInteger(ProcessStats.threadCount());
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                maxThreads.accumulateAndGet(ProcessStats.threadCount(), Math::max);
                ConcurrencyStressTest.sleep(1);
            }
        });
        sampler.start();
        CyclicBarrier start = new CyclicBarrier(callers + 1);
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Thread t = new Thread(() -> {
                float[] out = new float[expected.size()];
                try {
                    start.await();
                    long end = System.nanoTime() + (long) (window * 1e9);
                    do {
                        plan.run(x.floats(), out);
                        convs.incrementAndGet();
                    } while (System.nanoTime() < end);
                    var cmp = Tolerance.compare(expected, Tensor.of(out, expected.shape()), atol);
                    if (!cmp.ok()) {
                        failures.add(callers + " callers, " + policy + ": " + cmp.message());
                    }
                } catch (Throwable e) {
                    failures.add(e.toString());
                }
            });
            ts.add(t);
            t.start();
        }
        long cpu0 = ProcessStats.cpuTicks();
        start.await();
        long t0 = System.nanoTime();
        for (Thread t : ts) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcessStats.cpuTicks() - cpu0) / 100.0; // USER_HZ is 100 on Linux
        done.set(true);
        sampler.join();
        return new Run(callers, policy, convs.get(), seconds, cpu, maxThreads.get());
    }
}
