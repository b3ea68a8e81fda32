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
import org.jconv.nativelib.global.jconv;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvSpec;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the bytedeco OpenBLAS does with concurrent callers, measured: its threading mode, whether
 * its thread count is per caller or process-wide, how many native threads exist while many Java
 * threads call GEMM-sized convolutions at once, and the throughput of one and of many callers with
 * 1 and with all-cores OpenBLAS threads. The figures are printed (they are the evidence for the
 * thread policy in the reliability report); what is asserted is what must hold whatever the
 * machine: results are right under every setting, the count is restored, and native threads do
 * not multiply with callers.
 */
class BlasThreadingTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @BeforeAll
    static void nativeLoads() {
        assertTrue(Backends.nativeAvailable(), () -> "needs the native backend: " + Backends.nativeLoadFailure());
    }

    /** Result of one measurement. */
    static final class Run {
        final int callers;
        final int blasThreads;
        final int convs;
        final double seconds;
        final double cpuSeconds;
        final int maxThreads;

        Run(int callers, int blasThreads, int convs, double seconds, double cpuSeconds, int maxThreads) {
            this.callers = callers;
            this.blasThreads = blasThreads;
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
            return String.format("%2d caller(s) x OpenBLAS %d thread(s): %6.1f conv/s, CPU %.2f s in %.2f s wall (%.2f cores busy),"
                    + " process threads max %d", callers, blasThreads, rate(), cpuSeconds, seconds, cpuSeconds / seconds, maxThreads);
        }
    }

    @Test
    void concurrentCallersStayCorrectAndDoNotMultiplyNativeThreads() throws Exception {
        String config = jconv.jconv_blas_config().getString();
        // openblas_get_config() names USE_OPENMP in an OpenMP build; otherwise this x86-64 build is pthreads
        String mode = config.contains("USE_OPENMP") ? "OpenMP" : "pthreads";
        int defaultThreads = jconv.jconv_blas_num_threads();
        SplittableRandom r = new SplittableRandom(7);
        // 1x32x48x48, 3x3, 32 -> 32: one im2col+GEMM of M=32, K=288, N=2304 (21 M multiply-adds): above
        // OpenBLAS's threading threshold, small enough to run hundreds of times in a second
        ConvSpec spec = ConvSpec.builder(2).pad(1).build();
        Tensor x = RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 32, 48, 48);
        Tensor w = RandomSpecs.randomTensor(r, DType.FLOAT32, 32, 32, 3, 3);
        Tensor expected;
        try (ConvPlan oracle = Backends.java().plan(org.jconv.spec.ConvGeometry.of(spec, x.shape(), w.shape()), w, null)) {
            expected = oracle.run(x);
        }
        double atol = Tolerance.atol(org.jconv.spec.ConvGeometry.of(spec, x.shape(), w.shape()), x, w, null);
        int baseline = ProcessStats.threadCount();
        int callersMany = Math.max(8, 4 * CORES);
        List<Run> runs = new ArrayList<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        try (ConvPlan plan = Backends.nativeBackend().plan(org.jconv.spec.ConvGeometry.of(spec, x.shape(), w.shape()), w, null)) {
            plan.run(x); // warm-up: OpenBLAS starts its thread pool on the first threaded call
            for (int blas : new int[] {CORES, 1}) {
                jconv.jconv_blas_set_num_threads(blas);
                assertEquals(blas, jconv.jconv_blas_num_threads(), "the thread count must read back");
                runs.add(measure(plan, x, expected, atol, 1, blas, 60, failures));
                runs.add(measure(plan, x, expected, atol, callersMany, blas, 12, failures));
            }
        } finally {
            jconv.jconv_blas_set_num_threads(defaultThreads);
        }
        assertEquals(defaultThreads, jconv.jconv_blas_num_threads(), "the default thread count must be restored");

        StringBuilder sb = new StringBuilder();
        sb.append(String.format("BlasThreadingTest: %s (%s build); default threads %d; cores %d; process threads before %d%n",
                config, mode, defaultThreads, CORES, baseline));
        for (Run run : runs) {
            sb.append("  ").append(run).append('\n');
        }
        System.out.print(sb);
        assertTrue(failures.isEmpty(), () -> failures.size() + " wrong results, first: " + failures.peek());
        for (Run run : runs) {
            // one fixed pool of workers serves every caller: native threads do not grow with callers
            assertTrue(run.maxThreads <= baseline + run.callers + CORES + 4, () -> "native threads multiplied: " + run);
        }
    }

    private static Run measure(ConvPlan plan, Tensor x, Tensor expected, double atol, int callers, int blas, int perCaller,
            Queue<String> failures) throws Exception {
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
                    for (int i = 0; i < perCaller; i++) {
                        plan.run(x.floats(), out);
                    }
                    var cmp = Tolerance.compare(expected, Tensor.of(out, expected.shape()), atol);
                    if (!cmp.ok()) {
                        failures.add(callers + " callers, OpenBLAS " + blas + ": " + cmp.message());
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
        return new Run(callers, blas, callers * perCaller, seconds, cpu, maxThreads.get());
    }
}
