package org.jconv.bench;

import java.util.concurrent.TimeUnit;
import org.jconv.backend.Backends;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every case of suite.json, on the native and pure-Java backends at 1 and 2 threads, each next to
 * its equivalent OpenBLAS GEMM ({@link GemmBaseline}) measured in the same JMH run:
 * <ul>
 * <li>{@code convDirect}: plan.run on direct buffers (the headline figure);</li>
 * <li>{@code convHeap}: plan.run on heap arrays (the headline for seed8x8);</li>
 * <li>{@code gemm}: the baseline, with the same {@code caseId} and {@code threads}.</li>
 * </ul>
 * Sample-time mode: each operation is timed, so the JSON carries the median ({@code p0.50}) that
 * {@link ReportMain} divides. The annotations hold the full profile; {@code bench/run.sh quick}
 * overrides them on the command line.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar ConvBenchmark -p caseId=r50_3x3_56 -p threads=1 -rf json
 * }</pre>
 *
 * <p>A case added to suite.json must be added to {@link ConvState#caseId} too (JMH needs the values
 * at compile time); {@code ConvBenchmarkParamsTest} fails until it is.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class ConvBenchmark {

    /** A plan for (case, backend, threads), created once per trial. */
    @State(Scope.Benchmark)
    public static class ConvState {
        @Param({"seed8x8", "img512_k3_f64", "img1024_k7", "img512_k31", "r50_conv1", "r50_3x3_56", "r50_1x1_56",
                "r50_3x3_14", "r50_3x3_56_b8", "mbv2_dw_56", "dilated_3x3"})
        public String caseId;

        @Param({"native", "java"})
        public String backend;

        @Param({"1", "2"})
        public int threads;

        ConvHarness harness;

        @Setup(Level.Trial)
        public void setup() {
            ThreadSetting.apply(threads);
            harness = ConvHarness.create(Suite.bundled().byId(caseId), Backends.byName(backend), threads);
            skipIfTooSlow(harness, threads);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            harness.close();
        }
    }

    /** System property: the longest one call may take (seconds) before the trial is skipped; unset = no limit. */
    public static final String MAX_OP_SECONDS = "jconv.bench.maxOpSeconds";

    /**
     * Bounds the quick profile ({@code run.sh quick} sets {@value #MAX_OP_SECONDS}=2): JMH runs at
     * least one call per iteration, so a pure-Java run of the largest cases (seconds per call) would
     * dominate the quick run. A call is timed here, and a second one when the first (which includes
     * JIT compilation) is over the limit but within twice it; when the faster is still over the
     * limit, the trial fails with a message saying so, JMH goes on with the next one, and
     * RESULTS.md shows the row as not measured. The full profile sets no limit.
     */
    static void skipIfTooSlow(ConvHarness h, int threads) {
        String limit = System.getProperty(MAX_OP_SECONDS);
        if (limit == null || limit.isEmpty()) {
            return;
        }
        double max = Double.parseDouble(limit);
        double s = timeOneCall(h);
        if (s > max && s <= 2 * max) {
            s = Math.min(s, timeOneCall(h));
        }
        if (s > max) {
            h.close();
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "skipped: one call of %s on %s (%d threads) took %.2f s, more than -D%s=%s", h.benchCase().id(),
                    h.backend(), threads, s, MAX_OP_SECONDS, limit));
        }
    }

    private static double timeOneCall(ConvHarness h) {
        long t = System.nanoTime();
        h.runDirect();
        return (System.nanoTime() - t) / 1e9;
    }

    /** The GEMM baseline for (case, threads); its operands are allocated once per trial. */
    @State(Scope.Benchmark)
    public static class GemmState {
        @Param({"seed8x8", "img512_k3_f64", "img1024_k7", "img512_k31", "r50_conv1", "r50_3x3_56", "r50_1x1_56",
                "r50_3x3_14", "r50_3x3_56_b8", "mbv2_dw_56", "dilated_3x3"})
        public String caseId;

        @Param({"1", "2"})
        public int threads;

        GemmBaseline gemm;

        @Setup(Level.Trial)
        public void setup() {
            ThreadSetting.apply(threads);
            gemm = GemmBaseline.create(Suite.bundled().byId(caseId).gemm());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            gemm.close();
        }
    }

    /** The convolution on direct buffers in and out. */
    @Benchmark
    public void convDirect(ConvState s) {
        s.harness.runDirect();
    }

    /** The convolution on heap arrays in and out. */
    @Benchmark
    public void convHeap(ConvState s) {
        s.harness.runHeap();
    }

    /** The equivalent OpenBLAS GEMM(s). */
    @Benchmark
    public void gemm(GemmState s) {
        s.gemm.run();
    }
}
