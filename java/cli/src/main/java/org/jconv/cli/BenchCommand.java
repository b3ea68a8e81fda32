package org.jconv.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jconv.bench.QuickBench;
import org.jconv.bench.Suite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jconv bench [SUITE.json] [--json OUT.json]}: the benchmark workload in quick mode, each case
 * timed next to the equivalent OpenBLAS GEMM in the same process (the same measurement code as the
 * JMH suite in {@code bench/}, without JMH's forks).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Quick benchmark: each case of the suite on the native and the Java backend, at 1 and 2 "
                + "threads, with the time of the equivalent OpenBLAS GEMM measured in the same run and the "
                + "ratio conv/GEMM. Default suite: the repository's bench/suite.json (bundled).",
            "For publishable numbers use the JMH suite: bench/run.sh full."},
        footer = {"", "Example:", "  jconv bench --json bench.json --cases r50_3x3_56,mbv2_dw_56 --threads 1"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE.json", description = "Workload file (suite.json format).")
    Path suite;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Also write a JSON array: {case, backend, threads, median_ms, gemm_ms, ratio} per row.")
    Path json;

    @Option(names = "--cases", split = ",", paramLabel = "ID", description = "Only these case ids.")
    List<String> cases;

    @Option(names = "--backends", split = ",", paramLabel = "NAME", description = "native and/or java (default both).")
    List<String> backends;

    @Option(names = "--threads", split = ",", paramLabel = "N", description = "Thread settings (default 1,2).")
    List<Integer> threads;

    @Option(names = "--seconds", paramLabel = "S", description = "Sampling time per row (default 0.6).")
    Double seconds;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (suite != null && !Files.isReadable(suite)) {
            throw new UserError("cannot read the suite file " + suite);
        }
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UserError("the directory of --json " + json + " does not exist");
            }
        }
        QuickBench.Settings settings = new QuickBench.Settings();
        try {
            if (cases != null) {
                settings.cases(cases);
            }
            if (backends != null) {
                settings.backends(backends);
            }
            if (threads != null) {
                settings.threads(threads);
            }
            if (seconds != null) {
                settings.durations(0.3, seconds);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Suite s;
        try {
            s = Suite.loadOrBundled(suite);
        } catch (RuntimeException e) {
            throw new UserError("cannot use " + suite + " as a suite: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintStream progress = new PrintStream(new LineForwarder(out), true, StandardCharsets.UTF_8);
        List<QuickBench.Result> rows = QuickBench.run(s, progress, settings);
        progress.flush();
        if (json != null) {
            QuickBench.writeJson(rows, json);
            out.println("wrote " + json);
        }
        out.flush();
        return Main.OK;
    }

    /** Forwards a PrintStream's bytes to picocli's writer line by line (tests capture that writer). */
    private static final class LineForwarder extends java.io.OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineForwarder(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                out.println(line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void flush() {
            if (line.size() > 0) {
                out.print(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            out.flush();
        }
    }
}
