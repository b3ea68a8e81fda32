package org.jconv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jconv bench}: a tiny run writes the JSON rows the issue specifies; mistakes exit with 2. */
class BenchCommandTest {
    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void quickRunWritesOneJsonRowPerCaseBackendAndThreads(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run(out, err, "bench", "--cases", "seed8x8", "--backends", "native,java", "--threads", "1",
                "--seconds", "0.05", "--json", json.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonArray rows = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        assertEquals(2, rows.size(), rows.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.get(i).getAsJsonObject();
            assertEquals("seed8x8", r.get("case").getAsString());
            assertEquals(1, r.get("threads").getAsInt());
            assertTrue(r.get("median_ms").getAsDouble() > 0 && r.get("gemm_ms").getAsDouble() > 0, r.toString());
            assertEquals(r.get("median_ms").getAsDouble() / r.get("gemm_ms").getAsDouble(), r.get("ratio").getAsDouble(),
                    1e-6 * r.get("ratio").getAsDouble() + 1e-9, r.toString());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("seed8x8"));
    }

    @Test
    void unknownCaseOrMissingDirectoryIsAUserMistake(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "bench", "--json", dir.resolve("no/such/dir/x.json").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).lines().count() <= 3, err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err2, "bench", "--backends", "cuda"));
    }
}
