package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** JMH JSON in, markdown rows with medians in ms, ratios and target verdicts out. */
class ReportMainTest {
    private static String entry(String method, String caseId, String backend, int threads, double p50, String unit) {
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"org.jconv.bench.ConvBenchmark." + method + "\","
                + "\"mode\":\"sample\",\"threads\":1,\"forks\":1,\"warmupIterations\":2,\"warmupTime\":\"200 ms\","
                + "\"measurementIterations\":3,\"measurementTime\":\"300 ms\",\"params\":{\"caseId\":\"" + caseId + "\","
                + (backend == null ? "" : "\"backend\":\"" + backend + "\",") + "\"threads\":\"" + threads + "\"},"
                + "\"primaryMetric\":{\"score\":" + (p50 * 1.1) + ",\"scorePercentiles\":{\"0.0\":" + (p50 / 2)
                + ",\"50.0\":" + p50 + ",\"100.0\":" + (p50 * 3) + "},\"scoreUnit\":\"" + unit + "\"}}";
    }

    private static final String JSON = "[" + String.join(",",
            entry("convDirect", "r50_3x3_56", "native", 1, 7000, "us/op"),
            entry("convHeap", "r50_3x3_56", "native", 1, 7.5, "ms/op"),
            entry("convDirect", "r50_3x3_56", "java", 1, 50000, "us/op"),
            entry("gemm", "r50_3x3_56", null, 1, 6000, "us/op"),
            entry("convDirect", "seed8x8", "native", 1, 1.2, "us/op"),
            entry("convHeap", "seed8x8", "native", 1, 900, "ns/op"),
            entry("gemm", "seed8x8", null, 1, 0.3, "us/op")) + "]";

    @Test
    void mediansInMilliseconds() {
        ReportMain.Parsed p = new ReportMain.Parsed();
        ReportMain.parse(JSON, p);
        assertEquals(7.0, p.medians.get(new ReportMain.Key("convDirect", "r50_3x3_56", "native", 1)), 1e-12);
        assertEquals(7.5, p.medians.get(new ReportMain.Key("convHeap", "r50_3x3_56", "native", 1)), 1e-12);
        assertEquals(0.0009, p.medians.get(new ReportMain.Key("convHeap", "seed8x8", "native", 1)), 1e-15);
        assertEquals(6.0, p.medians.get(new ReportMain.Key("gemm", "r50_3x3_56", null, 1)), 1e-12);
        assertTrue(p.settings.contains("warm-up 2 x 200 ms"), p.settings);
    }

    @Test
    void rowsCarryRatiosAndVerdicts() {
        ReportMain.Parsed p = new ReportMain.Parsed();
        ReportMain.parse(JSON, p);
        String md = ReportMain.tables(Suite.bundled(), p, Map.of("r50_3x3_56/native", "im2col+gemm"));
        // 7.0 / 6.0 = 1.167 > 1.10: missed; headline (bold) is direct.
        assertTrue(md.contains("| r50_3x3_56 | native | 1 | im2col+gemm | **7.000** | 7.500 | 6.000 | **1.167** | 1.250 | 1.167 |"),
                md);
        assertTrue(md.contains("| ratio <= 1.10 | MISSED |"), md);
        // java: 50 ms <= 8 x 7 ms native.
        assertTrue(md.contains("| r50_3x3_56 | java | 1 |  | **50.00** | - | 6.000 | **8.333** | - | 8.333 |"), md);
        assertTrue(md.contains("| <= 8x native | met |"), md);
        // seed8x8's headline is heap: 0.9 us <= 1 us.
        assertTrue(md.contains("| seed8x8 | native | 1 |  | 0.001200 | **0.000900** | 0.000300 | 4.000 | **3.000** | 3.000 |"), md);
        assertTrue(md.contains("| <= 1 us (heap) | met |"), md);
        // seed8x8 on java has a GEMM but no conv (skipped by the quick profile): shown as not measured.
        assertTrue(md.contains("| seed8x8 | java | 1 |  | - | - | 0.000300 | - | - | - |"), md);
        assertTrue(md.contains("|  | not measured |"), md);
        assertEquals(4, md.lines().filter(l -> l.startsWith("| r50_3x3_56") || l.startsWith("| seed8x8")).count(), md);
    }

    @Test
    void narrowedRunsShowOnlyWhatWasAskedFor() {
        ReportMain.Parsed p = new ReportMain.Parsed();
        ReportMain.parse("[" + entry("convHeap", "seed8x8", "java", 2, 1.5, "us/op") + ","
                + entry("gemm", "seed8x8", null, 2, 0.5, "us/op") + "]", p);
        String md = ReportMain.tables(Suite.bundled(), p, Map.of());
        assertEquals(1, md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| case") && !l.startsWith("| ---"))
                .count(), md);
        assertTrue(md.contains("| seed8x8 | java | 2 |  | - | **0.001500** | 0.000500 | - | **3.000** |"), md);
    }
}
