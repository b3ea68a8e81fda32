package org.jconv.golden;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the tests find the repository: the system property {@code jconv.root} (set by the build),
 * else the nearest folder above the working directory that holds {@code testdata/}.
 *
 * <pre>{@code
 * Path golden = TestRepo.golden();    // <root>/testdata/golden
 * }</pre>
 */
public final class TestRepo {
    private TestRepo() {
    }

    /** The repository root. */
    public static Path root() {
        String prop = System.getProperty("jconv.root");
        if (prop != null && !prop.isEmpty() && Files.isDirectory(Paths.get(prop, "testdata"))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata"))) {
                return p;
            }
        }
        throw new IllegalStateException("no folder holding testdata/ above " + Paths.get("").toAbsolutePath()
                + "; set -Djconv.root=/path/to/the/repository");
    }

    /** {@code <root>/testdata/golden}: the copy of the golden data kept in the repository. */
    public static Path golden() {
        return root().resolve("testdata").resolve("golden");
    }

    /** {@code shared/golden} beside the repository root (the reference copy), whether it exists or not. */
    public static Path sharedGolden() {
        Path parent = root().getParent();
        return (parent == null ? root() : parent).resolve("shared").resolve("golden");
    }
}
