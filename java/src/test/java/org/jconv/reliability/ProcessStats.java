package org.jconv.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says about this process, read from {@code /proc/self} (Linux): resident memory,
 * the number of threads (JVM and native alike, OpenBLAS's workers included) and CPU time. The
 * reliability tests use these figures because the JVM's own views (heap, {@code Thread.activeCount})
 * do not see native memory or threads that were never attached to the JVM.
 *
 * <pre>{@code
 * long rss = ProcessStats.rssBytes();          // VmRSS
 * int threads = ProcessStats.threadCount();     // entries of /proc/self/task
 * }</pre>
 */
final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path STAT = Path.of("/proc/self/stat");

    private ProcessStats() {
    }

    /** True where {@code /proc/self} can be read (Linux). */
    static boolean available() {
        return Files.isReadable(STATUS) && Files.isDirectory(TASKS);
    }

    /** Resident set size in bytes ({@code VmRSS} of /proc/self/status). */
    static long rssBytes() {
        return statusKiB("VmRSS:") * 1024;
    }

    /** Peak resident set size in bytes ({@code VmHWM}). */
    static long peakRssBytes() {
        return statusKiB("VmHWM:") * 1024;
    }

    /** Threads of the process right now. */
    static int threadCount() {
        String[] tasks = TASKS.toFile().list();
        if (tasks == null) {
            throw new IllegalStateException("cannot list " + TASKS);
        }
        return tasks.length;
    }

    /** User + system CPU time of the whole process, in clock ticks (usually 1/100 s). */
    static long cpuTicks() {
        try {
            String s = Files.readString(STAT);
            // the command name (field 2) may contain spaces: fields are counted after its ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long statusKiB(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(key + " not found in " + STATUS);
    }

    /** {@code 12.3 MB}. */
    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
