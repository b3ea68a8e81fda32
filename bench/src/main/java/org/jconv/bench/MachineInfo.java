package org.jconv.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.jconv.backend.Backends;
import org.jconv.nativelib.global.jconv;

/**
 * What a benchmark figure depends on besides the code: CPU, cores, JDK, the OpenBLAS actually
 * loaded (its build config and the core it dispatched to, as reported by the copy jconv links),
 * versions, date.
 *
 * <pre>{@code
 * MachineInfo m = MachineInfo.collect();
 * System.out.println(m.oneLine());
 * // AMD EPYC, 2 cores; OpenJDK 64-Bit Server VM 17.0.15; OpenBLAS 0.3.31 ... core Cooperlake; jconv 0.1.0-SNAPSHOT
 * }</pre>
 *
 * @param cpu             CPU model from /proc/cpuinfo ("unknown" elsewhere)
 * @param cores           processors available to the JVM
 * @param jdk             JVM name and runtime version
 * @param os              OS name, version and architecture
 * @param openblasConfig  {@code openblas_get_config()}, or why it is unknown
 * @param openblasCore    {@code openblas_get_corename()}
 * @param openblasThreads OpenBLAS's default thread count when this was collected
 * @param openblasCopies  distinct libopenblas files mapped into this process (should be 1)
 * @param versions        jconv, JMH, JavaCPP and bytedeco OpenBLAS versions of the build
 * @param date            ISO date and time
 * @param loadAverage     /proc/loadavg's 1, 5 and 15 minute load when collected ("unknown" elsewhere):
 *                        above the core count, other processes compete and ratios at 2 threads suffer
 */
public record MachineInfo(String cpu, int cores, String jdk, String os, String openblasConfig, String openblasCore,
        int openblasThreads, int openblasCopies, String versions, String date, String loadAverage) {

    /** Collects the facts of this JVM and machine (loads the native libraries). */
    public static MachineInfo collect() {
        int threads = ThreadSetting.current(); // also loads the bytedeco OpenBLAS
        String config;
        String core;
        if (Backends.nativeAvailable()) {
            config = jconv.jconv_blas_config().getString();
            core = jconv.jconv_blas_corename().getString();
        } else {
            config = "unknown (jconv native library unavailable)";
            core = "unknown";
        }
        return new MachineInfo(cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                config, core, threads, countOpenblasCopies(), buildVersions(),
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), readLoadAverage());
    }

    static String readLoadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "unknown";
    }

    /** Distinct libopenblas files mapped into this process (/proc/self/maps; -1 where unavailable). */
    static int countOpenblasCopies() {
        Path maps = Paths.get("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return -1;
        }
        try {
            TreeSet<String> files = new TreeSet<>();
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.substring(slash).contains("libopenblas")) {
                    files.add(line.substring(slash).trim());
                }
            }
            return files.size();
        } catch (IOException e) {
            return -1;
        }
    }

    static String buildVersions() {
        Properties p = new Properties();
        try (InputStream in = MachineInfo.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // leave unknown
        }
        return "jconv " + p.getProperty("jconv.version", "?") + ", JMH " + p.getProperty("jmh.version", "?")
                + ", JavaCPP " + p.getProperty("javacpp.version", "?") + ", bytedeco OpenBLAS "
                + p.getProperty("openblas.version", "?");
    }

    /** One line for progress output. */
    public String oneLine() {
        return cpu + ", " + cores + " cores; " + jdk + "; " + openblasConfig + ", core " + openblasCore + ", "
                + openblasThreads + " threads by default" + (openblasCopies == 1 ? "" : "; OpenBLAS copies loaded: "
                + openblasCopies) + "; " + versions + "; load average " + loadAverage;
    }

    /** Markdown bullet lines for the head of RESULTS.md. */
    public List<String> markdown() {
        return List.of(
                "- Machine: " + cpu + ", " + cores + " cores available to the JVM; " + os,
                "- JDK: " + jdk,
                "- OpenBLAS: `" + openblasConfig + "`, core `" + openblasCore + "`, " + openblasThreads
                        + " threads by default, " + openblasCopies + " copy loaded",
                "- Versions: " + versions,
                "- Date: " + date + "; load average (1, 5, 15 min) when the report was written: " + loadAverage);
    }
}
