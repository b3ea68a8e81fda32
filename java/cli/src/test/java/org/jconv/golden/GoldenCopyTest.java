package org.jconv.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The golden data kept in the repository is the shared reference copy, and the CLI's seed copy is a part of it. */
class GoldenCopyTest {

    static TreeSet<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void repositoryCopyEqualsTheSharedGoldenData() throws IOException {
        Path shared = TestRepo.sharedGolden();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no shared golden folder at " + shared);
        Path ours = TestRepo.golden();
        assertEquals(names(shared), names(ours), "file lists of " + shared + " and " + ours);
        for (String n : names(shared)) {
            assertArrayEquals(Files.readAllBytes(shared.resolve(n)), Files.readAllBytes(ours.resolve(n)),
                    n + " differs between " + shared + " and " + ours);
        }
    }

    @Test
    void seedResourcesAreCopiesOfTheGoldenSeedCases() throws IOException {
        JsonObject seed;
        try (InputStream in = GoldenCopyTest.class.getResourceAsStream("/org/jconv/cli/seed/cases.json")) {
            assertNotNull(in, "seed cases.json on the class path");
            seed = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        List<JsonObject> golden = GoldenDirs.cases();
        int n = 0;
        for (JsonElement e : seed.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String id = c.get("id").getAsString();
            JsonObject twin = golden.stream().filter(g -> g.get("id").getAsString().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " is not in testdata/golden/cases.json"));
            assertEquals(twin, c, id);
            for (String file : List.of(c.getAsJsonObject("inputs").get("input").getAsString(),
                    c.getAsJsonObject("inputs").get("kernel").getAsString(), c.get("expected").getAsString())) {
                try (InputStream in = GoldenCopyTest.class.getResourceAsStream("/org/jconv/cli/seed/" + file)) {
                    assertNotNull(in, file);
                    assertArrayEquals(Files.readAllBytes(TestRepo.golden().resolve(file)), in.readAllBytes(), file);
                }
            }
            n++;
        }
        assertEquals(4, n, "seed A has four cases");
    }
}
