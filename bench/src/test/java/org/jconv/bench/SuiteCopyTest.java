package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * bench/suite.json is a copy of the project's shared workload {@code shared/bench/suite.json} (the
 * {@code shared} folder beside the repository root). When the shared file exists, the copy must
 * equal it; elsewhere (a plain clone) the test is skipped.
 */
class SuiteCopyTest {
    /** The repository root: {@code -Djconv.root} (set by the parent pom), else this module's parent. */
    static Path repositoryRoot() {
        String prop = System.getProperty("jconv.root");
        if (prop != null && !prop.isEmpty() && Files.isDirectory(Paths.get(prop, "bench"))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        return Paths.get("").toAbsolutePath().getParent();
    }

    @Test
    void copyEqualsTheSharedSuite() throws IOException {
        Path root = repositoryRoot();
        Path shared = root.resolveSibling("shared").resolve("bench").resolve("suite.json");
        assumeTrue(Files.isRegularFile(shared), "no shared suite at " + shared);
        Path copy = root.resolve("bench").resolve("suite.json");
        assertEquals(normalize(Files.readString(shared, StandardCharsets.UTF_8)),
                normalize(Files.readString(copy, StandardCharsets.UTF_8)),
                copy + " differs from " + shared + ": copy the shared file over it");
    }

    @Test
    void bundledSuiteIsTheRepositoryCopy() throws IOException {
        Path copy = repositoryRoot().resolve("bench").resolve("suite.json");
        assumeTrue(Files.isRegularFile(copy), "no bench/suite.json under " + repositoryRoot());
        assertEquals(Suite.load(copy).ids(), Suite.bundled().ids());
    }

    private static String normalize(String s) {
        return s.replace("\r\n", "\n");
    }
}
