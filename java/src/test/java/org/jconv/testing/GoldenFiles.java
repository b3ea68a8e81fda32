package org.jconv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jconv.Tensor;
import org.jconv.io.Npy;

/**
 * Access to the golden reference data in {@code testdata/golden} (format: FORMAT.md there), for
 * tests. The directory is the system property {@code jconv.golden.dir} when set, otherwise the
 * first of {@code testdata/golden}, {@code ../testdata/golden}, {@code ../../testdata/golden}
 * (relative to the working directory: the repository root or a module) that exists.
 *
 * <pre>{@code
 * Tensor x = GoldenFiles.read("seedA-keras-Conv2D-same-002.input.npy");   // [1, 8, 8, 1] float32
 * }</pre>
 */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    /** The golden directory. @throws IllegalStateException when none is found */
    public static Path dir() {
        String prop = System.getProperty("jconv.golden.dir");
        if (prop != null) {
            return Path.of(prop);
        }
        for (String candidate : new String[] {"testdata/golden", "../testdata/golden", "../../testdata/golden"}) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p.resolve("cases.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("golden data not found from " + Path.of("").toAbsolutePath()
                + "; set -Djconv.golden.dir=/path/to/testdata/golden");
    }

    /** Reads {@code name} (a file in {@link #dir()}) with {@link Npy#read(Path)}. */
    public static Tensor read(String name) {
        Path file = dir().resolve(name);
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
