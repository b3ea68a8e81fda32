package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.backend.pure.PureJavaBackend;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.Layout;
import org.jconv.testing.RandomProblem;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many Java threads (at least 8, and 4 per core) on the native backend at once (and on the fast
 * pure-Java backend, the fallback, for a quarter of the shared plans): shared plans run
 * concurrently by every thread, per-thread plans created, run and closed, small problems next to
 * GEMM-sized ones (which OpenBLAS runs on its own threads), plans with different GEMM thread caps,
 * arrays and direct buffers. Every result is compared with the oracle's. Then closing a plan while other threads run it: a run either
 * completes with the right numbers or throws {@link IllegalStateException}, never anything else,
 * and the process survives.
 */
class ConcurrencyStressTest {
    static final int THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final int CALLS_PER_THREAD = 400;
    private static final long SEED = 20261126L;
    private static final PlanOptions[] THREAD_CAPS = {PlanOptions.DEFAULT, PlanOptions.threads(1), PlanOptions.threads(2)};

    @BeforeAll
    static void nativeLoads() {
        assertTrue(Backends.nativeAvailable(), () -> "the stress test targets the native backend: " + Backends.nativeLoadFailure());
    }

    /** A problem with its oracle result, run many times. */
    static final class Job {
        final String name;
        final ConvGeometry geometry;
        final Tensor input;
        final Tensor kernel;
        final Tensor bias;
        final Tensor expected;
        final double atol;

        Job(String name, ConvSpec spec, Tensor input, Tensor kernel, Tensor bias) {
            this.name = name;
            this.geometry = ConvGeometry.of(spec, input.shape(), kernel.shape());
            this.input = input;
            this.kernel = kernel;
            this.bias = bias;
            try (ConvPlan oracle = Backends.java().plan(geometry, kernel, bias)) {
                this.expected = oracle.run(input);
            }
            this.atol = Tolerance.atol(geometry, input, kernel, bias);
        }

        static Job of(RandomProblem p) {
            return new Job(p.description(), p.spec(), p.input(), p.kernel(), p.bias());
        }
    }

    /** GEMM-sized convolutions (OpenBLAS threads these) next to random small ones. */
    static List<Job> sharedJobs() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<Job> jobs = new ArrayList<>();
        jobs.add(new Job("resnet-like 3x3 16->32 on 32x32", ConvSpec.builder(2).pad(1).build(),
                RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 16, 32, 32), RandomSpecs.randomTensor(r, DType.FLOAT32, 32, 16, 3, 3),
                RandomSpecs.randomTensor(r, DType.FLOAT32, 32)));
        jobs.add(new Job("1x1 64->64 on 24x24 NHWC", ConvSpec.builder(2).layout(Layout.NHWC)
                .kernelLayout(org.jconv.spec.KernelLayout.HWIO).build(),
                RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 24, 24, 64), RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 1, 64, 64),
                null));
        jobs.add(new Job("float64 5x5 stride 2 8->24 on 40x40", ConvSpec.builder(2).pad(2).stride(2).dtype(DType.FLOAT64).build(),
                RandomSpecs.randomTensor(r, DType.FLOAT64, 2, 8, 40, 40), RandomSpecs.randomTensor(r, DType.FLOAT64, 24, 8, 5, 5),
                null));
        jobs.add(new Job("depthwise 3x3 on 32 channels", ConvSpec.builder(2).pad(1).groups(32).build(),
                RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 32, 20, 20), RandomSpecs.randomTensor(r, DType.FLOAT32, 32, 1, 3, 3),
                null));
        for (RandomProblem p : RandomSpecs.problems(SEED, 12)) {
            jobs.add(Job.of(p));
        }
        return jobs;
    }

    @Test
    void manyThreadsOnSharedAndOwnPlansAllMatchTheOracle() throws Exception {
        Backend nat = Backends.nativeBackend();
        List<Job> jobs = sharedJobs();
        List<ConvPlan> shared = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            // GEMM thread caps 0 (OpenBLAS's default), 1 and 2 side by side: the core lets runs with equal
            // counts share OpenBLAS and makes a different count wait, which must neither deadlock nor mix
            Job j = jobs.get(i);
            // every fourth shared plan on the fast pure-Java backend (the fallback), whose worker team is shared too
            Backend b = i % 4 == 3 ? PureJavaBackend.INSTANCE : nat;
            shared.add(b.plan(j.geometry, j.kernel, j.bias, THREAD_CAPS[i % THREAD_CAPS.length]));
        }
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong calls = new AtomicLong();
        AtomicInteger maxThreads = new AtomicInteger();
        int baseline = ProcessStats.available() ? ProcessStats.threadCount() : -1;
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                if (baseline >= 0) {
                    maxThreads.accumulateAndGet(ProcessStats.threadCount(), Math::max);
                }
                sleep(2);
            }
        }, "thread-count sampler");
        sampler.start();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(SEED * 31 + id);
                try {
                    start.await();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        if (r.nextInt(3) != 0) {
                            int k = r.nextInt(jobs.size());
                            check(jobs.get(k), runShared(shared.get(k), jobs.get(k), r), "shared plan", failures);
                        } else {
                            Job j = Job.of(RandomSpecs.problem(SEED + 1 + id, i));
                            try (ConvPlan own = nat.plan(j.geometry, j.kernel, j.bias, THREAD_CAPS[r.nextInt(THREAD_CAPS.length)])) {
                                check(j, own.run(j.input), "own plan", failures);
                            }
                        }
                        calls.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add("thread " + id + ": " + e);
                }
            }, "stress-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        done.set(true);
        sampler.join();
        for (ConvPlan p : shared) {
            p.close();
        }
        System.out.printf("ConcurrencyStressTest: %d Java threads x %d calls = %d convolutions in %.2f s (%d shared plans,"
                + " a quarter of them pure-Java, the rest native; own native plans for a third of the calls);"
                + " process threads: %d before, at most %d during%n",
                THREADS, CALLS_PER_THREAD, calls.get(), seconds, shared.size(), baseline, maxThreads.get());
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        assertEquals((long) THREADS * CALLS_PER_THREAD, calls.get());
        if (baseline >= 0) {
            // OpenBLAS keeps one fixed pool (cores - 1 workers): callers must not multiply native threads
            int cores = Runtime.getRuntime().availableProcessors();
            assertTrue(maxThreads.get() <= baseline + THREADS + cores + 4, () -> "thread count grew from " + baseline
                    + " to " + maxThreads.get() + " with " + THREADS + " callers");
        }
    }

    /** Runs a shared plan with arrays or direct buffers, chosen at random. */
    private static Tensor runShared(ConvPlan plan, Job j, SplittableRandom r) {
        if (j.input.dtype() == DType.FLOAT32 && r.nextBoolean()) {
            int nIn = j.input.size();
            int nOut = (int) j.geometry.outputElements();
            FloatBuffer in = ByteBuffer.allocateDirect(nIn * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            FloatBuffer out = ByteBuffer.allocateDirect(nOut * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            in.put(j.input.floats()).flip();
            plan.run(in, out);
            Tensor y = Tensor.zeros(DType.FLOAT32, j.geometry.outputShape());
            out.get(y.floats());
            return y;
        }
        return plan.run(j.input);
    }

    private static void check(Job j, Tensor y, String how, Queue<String> failures) {
        var c = Tolerance.compare(j.expected, y, j.atol);
        if (!c.ok()) {
            failures.add(how + " " + j.name + ": " + c.message());
        }
    }

    @Test
    void closingWhileOtherThreadsRunGivesResultsOrIllegalStateException() throws Exception {
        Backend nat = Backends.nativeBackend();
        List<Job> jobs = sharedJobs().subList(0, 4);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong completed = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        int rounds = 60;
        int runners = 4;
        SplittableRandom r = new SplittableRandom(SEED);
        for (int round = 0; round < rounds; round++) {
            Job j = jobs.get(round % jobs.size());
            ConvPlan plan = (round % 3 == 2 ? PureJavaBackend.INSTANCE : nat).plan(j.geometry, j.kernel, j.bias);
            CountDownLatch started = new CountDownLatch(runners);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < runners; t++) {
                Thread w = new Thread(() -> {
                    started.countDown();
                    while (true) {
                        Tensor y;
                        try {
                            y = plan.run(j.input);
                        } catch (IllegalStateException e) {
                            if (!String.valueOf(e.getMessage()).contains("closed")) {
                                failures.add("IllegalStateException without 'closed': " + e);
                            }
                            refused.incrementAndGet();
                            return;
                        } catch (Throwable e) {
                            failures.add("run racing close threw " + e);
                            return;
                        }
                        completed.incrementAndGet();
                        check(j, y, "run racing close", failures);
                    }
                });
                ts.add(w);
                w.start();
            }
            started.await();
            sleep(r.nextInt(4)); // close at a random point: before, during or between runs
            plan.close();
            if (r.nextBoolean()) {
                plan.close(); // twice is fine
            }
            for (Thread w : ts) {
                w.join(30_000);
                if (w.isAlive()) {
                    failures.add("a runner did not stop after close");
                }
            }
            assertTrue(plan.isClosed());
        }
        System.out.printf("ConcurrencyStressTest: close racing %d runners, %d rounds: %d runs completed, %d refused as closed%n",
                runners, rounds, completed.get(), refused.get());
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
        assertEquals((long) rounds * runners, refused.get(), "every runner must end with IllegalStateException");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
