package org.jconv.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * The quick measurement behind {@code ./jconv bench}: for every case of a suite, backend and
 * thread count, the median time of one convolution and of its equivalent OpenBLAS GEMM
 * ({@link GemmBaseline}), timed interleaved in this process so their ratio holds on a noisy machine.
 * No JMH at run time; {@link ConvBenchmark} is the careful version of the same calls.
 *
 * <p>Method per (case, backend, threads): {@link ThreadSetting#apply}, warm up conv and GEMM
 * alternately for {@link Settings#warmupSeconds}, then take samples alternately (conv, GEMM, GEMM,
 * conv, ...), each sample timing enough back-to-back calls to last about
 * {@link Settings#sampleMillis} (so microsecond calls are not lost in timer noise), until
 * {@link Settings#measureSeconds} have passed and at least {@link Settings#minSamples} samples (3
 * when one call takes over half a second) of each exist. The figures are the medians of the
 * per-call sample times. Pure-Java rows at more than one thread time the two sides one after the
 * other instead ({@link #measureApart}): OpenBLAS's workers spin after each GEMM and would share
 * the cores with the pure-Java team. Data: direct buffers in and out, except seed8x8 (heap arrays: issue 5's
 * call-overhead target); see {@link Io#headline}.
 *
 * <pre>{@code
 * List<QuickBench.Result> rows = QuickBench.run(null, System.out);   // null: the bundled suite
 * QuickBench.writeJson(rows, Path.of("bench.json"));
 * // command line:
 * //   java -cp benchmarks.jar org.jconv.bench.QuickBench [SUITE.json] [--json OUT.json]
 * //        [--cases id,id] [--backends native,java] [--threads 1,2] [--seconds 0.6]
 * }</pre>
 */
public final class QuickBench {
    private QuickBench() {
    }

    /**
     * One measured row.
     *
     * @param caseId    the case id
     * @param backend   "native" or "java"
     * @param threads   the thread setting
     * @param medianMs  median time of one convolution (ms)
     * @param gemmMs    median time of the equivalent GEMM(s), measured interleaved (ms)
     * @param ratio     medianMs / gemmMs
     * @param io        the data hand-over measured ("direct" or "heap")
     * @param algorithm the plan's algorithm
     * @param bestRatio fastest conv sample over fastest GEMM sample: interference from other
     *                  processes only adds time, so on a busy machine this is the steadier figure
     */
    public record Result(String caseId, String backend, int threads, double medianMs, double gemmMs, double ratio,
            String io, String algorithm, double bestRatio) {
        /** The JSON object of the {@code --json} output (the keys of issue 5, in this order). */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", caseId);
            m.put("backend", backend);
            m.put("threads", threads);
            m.put("median_ms", medianMs);
            m.put("gemm_ms", gemmMs);
            m.put("ratio", ratio);
            return m;
        }
    }

    /**
     * What to measure and for how long. Defaults: every case, backends native and java, threads 1
     * and 2, 0.3 s warm-up and 0.6 s of samples per row (a full suite takes a few minutes, most of
     * it in the pure-Java backend's large cases).
     */
    public static final class Settings {
        List<String> cases;
        List<String> backends = List.of("native", "java");
        List<Integer> threads = List.of(1, 2);
        double warmupSeconds = 0.3;
        double measureSeconds = 0.6;
        int minSamples = 5;
        int maxSamples = 400;
        double sampleMillis = 2.0;

        /** Only these case ids (null: all). */
        public Settings cases(List<String> ids) {
            this.cases = ids == null ? null : List.copyOf(ids);
            return this;
        }

        /** Backends to measure, from "native" and "java". */
        public Settings backends(List<String> names) {
            for (String n : names) {
                if (!n.equals("native") && !n.equals("java")) {
                    throw new IllegalArgumentException("backend '" + n + "' is unknown: use native or java");
                }
            }
            this.backends = List.copyOf(names);
            return this;
        }

        /** Thread settings to measure. */
        public Settings threads(List<Integer> counts) {
            for (int t : counts) {
                if (t < 1) {
                    throw new IllegalArgumentException("threads must be >= 1, got " + t);
                }
            }
            this.threads = List.copyOf(counts);
            return this;
        }

        /** Warm-up and measuring time per row, in seconds. */
        public Settings durations(double warmup, double measure) {
            if (!(warmup >= 0) || !(measure > 0)) {
                throw new IllegalArgumentException("durations must be warmup >= 0 and measure > 0, got " + warmup + ", "
                        + measure);
            }
            this.warmupSeconds = warmup;
            this.measureSeconds = measure;
            return this;
        }
    }

    /** Measures every case of {@code suiteJson} (null: the bundled copy) with the default settings. */
    public static List<Result> run(Path suiteJson, PrintStream progress) {
        return run(Suite.loadOrBundled(suiteJson), progress, new Settings());
    }

    /** Measures {@code suite} with {@code settings}, printing one progress line per case and a table at the end. */
    public static List<Result> run(Suite suite, PrintStream progress, Settings settings) {
        PrintStream out = progress != null ? progress : new PrintStream(PrintStream.nullOutputStream());
        List<BenchCase> cases = new ArrayList<>();
        for (BenchCase c : suite.cases()) {
            if (settings.cases == null || settings.cases.contains(c.id())) {
                cases.add(c);
            }
        }
        if (settings.cases != null) {
            for (String id : settings.cases) {
                suite.byId(id); // throws naming the unknown id
            }
        }
        List<String> backends = new ArrayList<>(settings.backends);
        if (backends.contains("native") && !Backends.nativeAvailable()) {
            out.println("native backend unavailable (" + Backends.nativeLoadFailure() + "): measuring java only");
            backends.remove("native");
        }
        out.println(MachineInfo.collect().oneLine());
        int before = ThreadSetting.current();
        List<Result> results = new ArrayList<>();
        try {
            int i = 0;
            for (BenchCase c : cases) {
                i++;
                long t0 = System.nanoTime();
                List<Result> rows = measureCase(c, backends, settings);
                results.addAll(rows);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] %-14s %-28s", i, cases.size(),
                        c.id(), c.gemm().describe()));
                for (Result r : rows) {
                    line.append(String.format(Locale.ROOT, "  %s/%d %s ms (x%.2f)", r.backend(), r.threads(),
                            Fmt.ms(r.medianMs()), r.ratio()));
                }
                line.append(String.format(Locale.ROOT, "  [%.1f s]", (System.nanoTime() - t0) / 1e9));
                out.println(line);
            }
        } finally {
            ThreadSetting.apply(before);
        }
        out.println();
        out.print(table(results));
        return results;
    }

    private static List<Result> measureCase(BenchCase c, List<String> backends, Settings s) {
        List<Result> rows = new ArrayList<>();
        Io io = Io.headline(c);
        try (GemmBaseline gemm = GemmBaseline.create(c.gemm())) {
            for (String b : backends) {
                Backend backend = Backends.byName(b);
                for (int t : s.threads) {
                    ThreadSetting.apply(t);
                    // the plan gets the same thread count: both backends honour PlanOptions
                    try (ConvHarness h = ConvHarness.create(c, backend, t)) {
                        // OpenBLAS's idle workers spin for tens of milliseconds after each GEMM:
                        // interleaved with a multi-threaded pure-Java run they would take its
                        // second core, so pure-Java rows time the two sides one after the other.
                        double[] m = b.equals("java") && t > 1
                                ? measureApart(() -> h.run(io), gemm::run, s)
                                : measurePair(() -> h.run(io), gemm::run, s);
                        rows.add(new Result(c.id(), b, t, m[0], m[1], m[0] / m[1], io.label(), h.algorithm(),
                                m[2] / m[3]));
                    }
                }
            }
        }
        return rows;
    }

    /** {median a, median b, min a, min b} in ms per call, warmed up and sampled alternately. */
    static double[] measurePair(Runnable a, Runnable b, Settings s) {
        long warmEnd = System.nanoTime() + (long) (s.warmupSeconds * 1e9);
        double opA = timeOnce(a);
        double opB = timeOnce(b);
        while (System.nanoTime() < warmEnd) {
            opA = Math.min(opA, timeOnce(a));
            opB = Math.min(opB, timeOnce(b));
        }
        int repsA = reps(opA, s.sampleMillis);
        int repsB = reps(opB, s.sampleMillis);
        int min = Math.max(opA, opB) > 500 ? 3 : s.minSamples;
        double[] sa = new double[s.maxSamples];
        double[] sb = new double[s.maxSamples];
        int n = 0;
        long end = System.nanoTime() + (long) (s.measureSeconds * 1e9);
        while (n < s.maxSamples && (n < min || System.nanoTime() < end)) {
            // Alternate the order so neither side always runs right after the other.
            if ((n & 1) == 0) {
                sa[n] = sample(a, repsA);
                sb[n] = sample(b, repsB);
            } else {
                sb[n] = sample(b, repsB);
                sa[n] = sample(a, repsA);
            }
            n++;
        }
        return new double[] {median(sa, n), median(sb, n), min(sa, n), min(sb, n)};
    }

    /** As {@link #measurePair}, but all of a's warm-up and samples first, then all of b's. */
    static double[] measureApart(Runnable a, Runnable b, Settings s) {
        double[] ma = measureOne(a, s);
        double[] mb = measureOne(b, s);
        return new double[] {ma[0], mb[0], ma[1], mb[1]};
    }

    /** {median, min} in ms per call of r, warmed up and sampled alone. */
    private static double[] measureOne(Runnable r, Settings s) {
        long warmEnd = System.nanoTime() + (long) (s.warmupSeconds * 1e9);
        double op = timeOnce(r);
        while (System.nanoTime() < warmEnd) {
            op = Math.min(op, timeOnce(r));
        }
        int reps = reps(op, s.sampleMillis);
        int min = op > 500 ? 3 : s.minSamples;
        double[] v = new double[s.maxSamples];
        int n = 0;
        // as long as measurePair's two sides together, so a row takes the same time either way
        long end = System.nanoTime() + (long) (s.measureSeconds * 0.5e9);
        while (n < s.maxSamples && (n < min || System.nanoTime() < end)) {
            v[n++] = sample(r, reps);
        }
        return new double[] {median(v, n), min(v, n)};
    }

    private static double timeOnce(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static int reps(double opMs, double sampleMs) {
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(sampleMs / Math.max(opMs, 1e-6))));
    }

    private static double sample(Runnable r, int reps) {
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        return (System.nanoTime() - t) / 1e6 / reps;
    }

    private static double min(double[] v, int n) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, v[i]);
        }
        return m;
    }

    static double median(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /**
     * The results as a plain-text table with issue 5's targets (judged on the median ratio); "best"
     * is {@link Result#bestRatio}.
     */
    public static String table(List<Result> rows) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-14s %-7s %3s %-18s %-6s %11s %11s %7s %7s  %-16s %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "case", "backend", "thr", "algorithm", "io", "median ms", "gemm ms",
                "ratio", "best", "target", ""));
        for (Result r : rows) {
            double nativeMs = Double.NaN;
            for (Result o : rows) {
                if (o.caseId().equals(r.caseId()) && o.threads() == r.threads() && o.backend().equals("native")) {
                    nativeMs = o.medianMs();
                }
            }
            Boolean met = Targets.met(r.caseId(), r.backend(), r.medianMs(), r.ratio(), nativeMs);
            sb.append(String.format(Locale.ROOT, fmt, r.caseId(), r.backend(), r.threads(), r.algorithm(), r.io(),
                    Fmt.ms(r.medianMs()), Fmt.ms(r.gemmMs()), Fmt.ratio(r.ratio()), Fmt.ratio(r.bestRatio()),
                    Targets.describe(r.caseId(), r.backend()), Targets.verdict(met)));
        }
        return sb.toString();
    }

    /** Writes the rows as a JSON array of {case, backend, threads, median_ms, gemm_ms, ratio}. */
    public static void writeJson(List<Result> rows, Path file) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Result r : rows) {
            list.add(r.toJson());
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(list) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code QuickBench [SUITE.json] [--json OUT.json] [--cases a,b] [--backends native,java]
     * [--threads 1,2] [--seconds S]} ({@code S}: sampling time per row, default 0.6). Exit status 0
     * on success, 2 on a usage error.
     */
    public static void main(String[] args) {
        Path suite = null;
        Path json = null;
        Settings settings = new Settings();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json":
                        json = Paths.get(value(args, ++i, a));
                        break;
                    case "--cases":
                        settings.cases(List.of(value(args, ++i, a).split(",")));
                        break;
                    case "--backends":
                        settings.backends(List.of(value(args, ++i, a).split(",")));
                        break;
                    case "--threads":
                        List<Integer> t = new ArrayList<>();
                        for (String v : value(args, ++i, a).split(",")) {
                            t.add(Integer.parseInt(v.trim()));
                        }
                        settings.threads(t);
                        break;
                    case "--seconds":
                        settings.durations(settings.warmupSeconds, Double.parseDouble(value(args, ++i, a)));
                        break;
                    case "-h":
                    case "--help":
                        System.out.println("usage: QuickBench [SUITE.json] [--json OUT.json] [--cases id,id]"
                                + " [--backends native,java] [--threads 1,2] [--seconds MEASURE_PER_ROW]");
                        return;
                    default:
                        if (a.startsWith("-") || suite != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        suite = Paths.get(a);
                }
            }
            List<Result> rows = run(Suite.loadOrBundled(suite), System.out, settings);
            if (json != null) {
                writeJson(rows, json);
                System.out.println("wrote " + json);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("QuickBench: " + e.getMessage());
            System.exit(2);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
