package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jconv.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QuickBench's timing arithmetic, its rows, and the --json format of issue 5. */
class QuickBenchTest {
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void mediansArePerCallTimes() {
        QuickBench.Settings s = new QuickBench.Settings().durations(0.02, 0.05);
        // 5 us and 300 us calls: the first is repeated many times per sample, the second about 7 times.
        double[] m = QuickBench.measurePair(() -> spin(5_000), () -> spin(300_000), s);
        assertTrue(m[0] >= 0.005 && m[0] < 0.05, "median of a 5 us call: " + m[0] + " ms");
        assertTrue(m[1] >= 0.3 && m[1] < 3, "median of a 300 us call: " + m[1] + " ms");
        assertTrue(m[2] >= 0.005 && m[2] <= m[0], "fastest 5 us sample " + m[2] + " vs median " + m[0]);
        assertTrue(m[3] >= 0.3 && m[3] <= m[1], "fastest 300 us sample " + m[3] + " vs median " + m[1]);
    }

    @Test
    void apartMediansArePerCallTimes() {
        QuickBench.Settings s = new QuickBench.Settings().durations(0.02, 0.05);
        double[] m = QuickBench.measureApart(() -> spin(300_000), () -> spin(5_000), s);
        assertTrue(m[0] >= 0.3 && m[0] < 3, "median of a 300 us call: " + m[0] + " ms");
        assertTrue(m[1] >= 0.005 && m[1] < 0.05, "median of a 5 us call: " + m[1] + " ms");
        assertTrue(m[2] >= 0.3 && m[2] <= m[0], "fastest 300 us sample " + m[2] + " vs median " + m[0]);
        assertTrue(m[3] >= 0.005 && m[3] <= m[1], "fastest 5 us sample " + m[3] + " vs median " + m[1]);
    }

    @Test
    void median() {
        assertEquals(2.0, QuickBench.median(new double[] {3, 1, 2, 99}, 3));
        assertEquals(2.5, QuickBench.median(new double[] {4, 1, 3, 2}, 4));
    }

    @Test
    void rowsAndJson(@TempDir Path dir) throws IOException {
        List<String> backends = new ArrayList<>(List.of("java"));
        if (Backends.nativeAvailable()) {
            backends.add(0, "native");
        }
        QuickBench.Settings s = new QuickBench.Settings().cases(List.of("seed8x8")).backends(backends)
                .threads(List.of(1, 2)).durations(0.01, 0.02);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<QuickBench.Result> rows = QuickBench.run(Suite.bundled(), new PrintStream(progress, true,
                StandardCharsets.UTF_8), s);
        assertEquals(backends.size() * 2, rows.size());
        for (QuickBench.Result r : rows) {
            assertEquals("seed8x8", r.caseId());
            assertEquals("heap", r.io());
            assertTrue(r.medianMs() > 0 && r.gemmMs() > 0, r.toString());
            assertEquals(r.medianMs() / r.gemmMs(), r.ratio(), 1e-12);
            assertTrue(r.bestRatio() > 0, r.toString());
        }
        String text = progress.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[1/1] seed8x8"), text);
        assertTrue(text.contains("median ms"), "no final table:\n" + text);

        Path json = dir.resolve("out/bench.json");
        QuickBench.writeJson(rows, json);
        JsonArray arr = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        assertEquals(rows.size(), arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonObject o = arr.get(i).getAsJsonObject();
            assertEquals(List.of("case", "backend", "threads", "median_ms", "gemm_ms", "ratio"),
                    new ArrayList<>(o.keySet()));
            QuickBench.Result r = rows.get(i);
            assertEquals(r.caseId(), o.get("case").getAsString());
            assertEquals(r.backend(), o.get("backend").getAsString());
            assertEquals(r.threads(), o.get("threads").getAsInt());
            assertEquals(r.medianMs(), o.get("median_ms").getAsDouble());
            assertEquals(r.gemmMs(), o.get("gemm_ms").getAsDouble());
            assertEquals(r.ratio(), o.get("ratio").getAsDouble());
        }
    }
}
