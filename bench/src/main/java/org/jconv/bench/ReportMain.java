package org.jconv.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;

/**
 * Turns JMH's JSON ({@code -rf json}) from {@link ConvBenchmark} into {@code bench/RESULTS.md}: one
 * row per case x backend x threads with the median conv time (direct buffers and heap arrays), the
 * median GEMM time of the same run, the ratios and issue 5's target, under a header naming the
 * machine, JDK, OpenBLAS build, versions, date and JMH settings.
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar org.jconv.bench.ReportMain \
 *      --out bench/RESULTS.md --profile quick bench/results/jmh-quick-20260101-1200.json
 * }</pre>
 *
 * <p>Several JSON files may be given (later ones win for the same benchmark and parameters). The
 * machine facts are collected by this process, so run it on the machine that ran JMH, right after.
 */
public final class ReportMain {
    private ReportMain() {
    }

    /** A median from JMH: benchmark method, case, backend (null for gemm), threads. */
    record Key(String method, String caseId, String backend, int threads) {
    }

    /** Medians and minima (ms) per key, plus the run settings of the first entry. */
    static final class Parsed {
        final Map<Key, Double> medians = new HashMap<>();
        final Map<Key, Double> minima = new HashMap<>();
        String settings = "";
        String jmhVersion = "";
    }

    /** Reads JMH JSON text into medians in milliseconds. */
    static void parse(String json, Parsed into) {
        JsonElement root = JsonParser.parseString(json);
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException("JMH JSON must be an array of benchmark results");
        }
        JsonArray arr = root.getAsJsonArray();
        for (JsonElement e : arr) {
            JsonObject o = e.getAsJsonObject();
            String bench = o.get("benchmark").getAsString();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            JsonObject params = o.has("params") ? o.getAsJsonObject("params") : new JsonObject();
            if (!params.has("caseId") || !params.has("threads")) {
                continue; // not one of ours
            }
            String backend = params.has("backend") ? params.get("backend").getAsString() : null;
            JsonObject metric = o.getAsJsonObject("primaryMetric");
            double value;
            JsonObject pct = metric.has("scorePercentiles") ? metric.getAsJsonObject("scorePercentiles") : null;
            if (pct != null && pct.has("50.0")) {
                value = pct.get("50.0").getAsDouble();
            } else {
                value = metric.get("score").getAsDouble();
            }
            double unit = toMillis(metric.get("scoreUnit").getAsString());
            Key key = new Key(method, params.get("caseId").getAsString(), backend, params.get("threads").getAsInt());
            into.medians.put(key, value * unit);
            if (pct != null && pct.has("0.0")) {
                into.minima.put(key, pct.get("0.0").getAsDouble() * unit);
            }
            if (into.settings.isEmpty()) {
                into.settings = String.format(Locale.ROOT, "mode %s, %d fork(s), warm-up %d x %s, measurement %d x %s",
                        o.get("mode").getAsString(), o.get("forks").getAsInt(), o.get("warmupIterations").getAsInt(),
                        o.get("warmupTime").getAsString(), o.get("measurementIterations").getAsInt(),
                        o.get("measurementTime").getAsString());
                into.jmhVersion = o.has("jmhVersion") ? o.get("jmhVersion").getAsString() : "";
            }
        }
    }

    static double toMillis(String unit) {
        switch (unit) {
            case "s/op": return 1e3;
            case "ms/op": return 1;
            case "us/op": return 1e-3;
            case "ns/op": return 1e-6;
            default: throw new IllegalArgumentException("unexpected JMH score unit '" + unit + "'");
        }
    }

    /** The markdown tables for {@code suite} from parsed medians; {@code algorithms} maps "case/backend" to the plan's algorithm. */
    static String tables(Suite suite, Parsed p, Map<String, String> algorithms) {
        StringBuilder sb = new StringBuilder();
        sb.append("| case | backend | threads | algorithm | conv direct (ms) | conv heap (ms) | GEMM (ms) "
                + "| ratio direct | ratio heap | best ratio | GEMM GFLOP/s | target | |\n");
        sb.append("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        Set<Integer> threads = new LinkedHashSet<>();
        Set<String> backends = new LinkedHashSet<>();
        for (Key k : p.medians.keySet()) {
            threads.add(k.threads());
            if (k.backend() != null) {
                backends.add(k.backend());
            }
        }
        List<Integer> ts = new ArrayList<>(threads);
        ts.sort(null);
        for (BenchCase c : suite.cases()) {
            for (String backend : List.of("native", "java")) {
                if (!backends.contains(backend)) {
                    continue; // a run narrowed to the other backend
                }
                for (int t : ts) {
                    double direct = get(p, "convDirect", c.id(), backend, t);
                    double heap = get(p, "convHeap", c.id(), backend, t);
                    double gemm = get(p, "gemm", c.id(), null, t);
                    if (Double.isNaN(direct) && Double.isNaN(heap) && Double.isNaN(gemm)) {
                        continue; // a run narrowed to other cases
                    }
                    String headMethod = Io.headline(c) == Io.HEAP ? "convHeap" : "convDirect";
                    double headline = Io.headline(c) == Io.HEAP ? heap : direct;
                    double best = get(p.minima, headMethod, c.id(), backend, t) / get(p.minima, "gemm", c.id(), null, t);
                    double nativeMs = get(p, Io.headline(c) == Io.HEAP ? "convHeap" : "convDirect", c.id(), "native", t);
                    Boolean met = Double.isNaN(headline) ? null
                            : Targets.met(c.id(), backend, headline, headline / gemm, nativeMs);
                    String gflops = Double.isNaN(gemm) ? "-"
                            : String.format(Locale.ROOT, "%.1f", c.gemm().flops() / (gemm * 1e-3) / 1e9);
                    sb.append("| ").append(c.id())
                            .append(" | ").append(backend)
                            .append(" | ").append(t)
                            .append(" | ").append(algorithms.getOrDefault(c.id() + "/" + backend, ""))
                            .append(" | ").append(mark(Fmt.ms(direct), Io.headline(c) == Io.DIRECT))
                            .append(" | ").append(mark(Fmt.ms(heap), Io.headline(c) == Io.HEAP))
                            .append(" | ").append(Fmt.ms(gemm))
                            .append(" | ").append(mark(Fmt.ratio(direct / gemm), Io.headline(c) == Io.DIRECT))
                            .append(" | ").append(mark(Fmt.ratio(heap / gemm), Io.headline(c) == Io.HEAP))
                            .append(" | ").append(Fmt.ratio(best))
                            .append(" | ").append(gflops)
                            .append(" | ").append(Targets.describe(c.id(), backend))
                            .append(" | ").append(Double.isNaN(direct) && Double.isNaN(heap) ? "not measured"
                                    : Targets.verdict(met))
                            .append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    private static String mark(String s, boolean headline) {
        return headline && !s.equals("-") ? "**" + s + "**" : s;
    }

    private static double get(Parsed p, String method, String caseId, String backend, int threads) {
        return get(p.medians, method, caseId, backend, threads);
    }

    private static double get(Map<Key, Double> m, String method, String caseId, String backend, int threads) {
        Double v = m.get(new Key(method, caseId, backend, threads));
        return v == null ? Double.NaN : v;
    }

    /** The algorithm each backend's plan picks per case ("case/backend" -> name); empty entries where planning fails. */
    static Map<String, String> algorithms(Suite suite) {
        Map<String, String> m = new HashMap<>();
        for (BenchCase c : suite.cases()) {
            for (String b : List.of("native", "java")) {
                if (b.equals("native") && !Backends.nativeAvailable()) {
                    continue;
                }
                try (ConvPlan plan = org.jconv.Conv.plan(c.spec(), c.inputShape(), c.kernel(), null, Backends.byName(b))) {
                    m.put(c.id() + "/" + b, plan.algorithm());
                } catch (RuntimeException e) {
                    m.put(c.id() + "/" + b, "?");
                }
            }
        }
        return m;
    }

    /** The whole RESULTS.md text. */
    static String render(Suite suite, Parsed p, MachineInfo machine, Map<String, String> algorithms, String profile,
            List<String> sources, List<String> notes) {
        StringBuilder sb = new StringBuilder();
        sb.append("# jconv benchmark results\n\n");
        sb.append("Generated by `bench/run.sh").append(profile.isEmpty() ? "" : " " + profile)
                .append("` (JMH, `org.jconv.bench.ConvBenchmark`) from ").append(String.join(", ", sources))
                .append(". Do not edit by hand: rerun the script.\n\n");
        for (String line : machine.markdown()) {
            sb.append(line).append('\n');
        }
        for (String note : notes) {
            sb.append("- ").append(note).append('\n');
        }
        sb.append("- JMH: ").append(p.settings).append(p.jmhVersion.isEmpty() ? "" : " (JMH " + p.jmhVersion + ")")
                .append('\n');
        sb.append("\nAll times are JMH sample-time medians of one call, in ms. **ratio** = conv time / time of the "
                + "equivalent OpenBLAS GEMM measured in the same run (per image and group one GEMM with M = K/groups, "
                + "N = OH*OW, K = C/groups*R*S, on direct memory; `GemmBaseline`). The headline (bold) is direct "
                + "buffers in and out, except seed8x8 (heap arrays: a call-overhead case). **best ratio** = fastest "
                + "headline call / fastest GEMM call: other processes only add time, so on a busy machine it is the "
                + "steadier figure (targets are judged on the median ratio). Threads: the library's "
                + "thread setting with one calling thread: the plan's `PlanOptions.threads(n)` for both backends, and "
                + "OpenBLAS's count for the GEMM baseline (`ThreadSetting`). Targets are issue 5's; the java target is 8x the native "
                + "time of the same case and threads. \"not measured\": the quick profile skips trials whose "
                + "single call exceeds 2 s (the pure-Java backend on the largest cases); the full profile runs all.\n\n");
        sb.append(tables(suite, p, algorithms));
        sb.append("\nRerun: `bench/run.sh quick` (a few minutes) or `bench/run.sh full`; quick numbers without JMH: "
                + "`java -cp bench/target/benchmarks.jar org.jconv.bench.QuickBench`.\n");
        return sb.toString();
    }

    /**
     * {@code ReportMain [--suite suite.json] [--out RESULTS.md] [--profile NAME] [--note TEXT]...
     * JMH.json...}: writes the report ({@code --out}, default stdout); each {@code --note} becomes a
     * line of the header (run.sh records the load average before and after the run).
     */
    public static void main(String[] args) throws IOException {
        Path suitePath = null;
        Path out = null;
        String profile = "";
        List<String> notes = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--suite":
                    suitePath = Paths.get(args[++i]);
                    break;
                case "--out":
                    out = Paths.get(args[++i]);
                    break;
                case "--profile":
                    profile = args[++i];
                    break;
                case "--note":
                    notes.add(args[++i]);
                    break;
                default:
                    inputs.add(Paths.get(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            System.err.println("usage: ReportMain [--suite suite.json] [--out RESULTS.md] [--profile NAME] [--note TEXT]..."
                    + " JMH.json...");
            System.exit(2);
        }
        Suite suite = Suite.loadOrBundled(suitePath);
        Parsed p = new Parsed();
        List<String> sources = new ArrayList<>();
        for (Path in : inputs) {
            try {
                parse(Files.readString(in, StandardCharsets.UTF_8), p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + in, e);
            }
            sources.add("`" + in.getFileName() + "`");
        }
        String md = render(suite, p, MachineInfo.collect(), algorithms(suite), profile, sources, notes);
        if (out == null) {
            System.out.print(md);
        } else {
            Files.writeString(out, md, StandardCharsets.UTF_8);
            System.out.println("wrote " + out);
        }
    }
}
