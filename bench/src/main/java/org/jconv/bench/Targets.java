package org.jconv.bench;

import java.util.Map;

/**
 * The performance targets of issue 5, so the quick table and RESULTS.md can say "met" or "missed"
 * next to each figure. Ratios are jconv time / equivalent GEMM time in the same run; all targets
 * hold at 1 and 2 threads.
 *
 * <pre>{@code
 * Targets.describe("mbv2_dw_56", "native");                     // "ratio <= 0.45"
 * Targets.met("mbv2_dw_56", "native", 0.40, 0.38, Double.NaN);  // TRUE
 * }</pre>
 */
public final class Targets {
    /** Ratio limits of the native backend per case. */
    private static final Map<String, Double> NATIVE_RATIO = Map.of(
            "r50_conv1", 1.10,
            "r50_3x3_56", 1.10,
            "r50_3x3_14", 1.10,
            "r50_3x3_56_b8", 1.10,
            "dilated_3x3", 1.10,
            "r50_1x1_56", 1.05,
            "mbv2_dw_56", 0.45,
            "img512_k3_f64", 0.50,
            "img1024_k7", 0.20);
    /** seed8x8: at most 1 microsecond per call through a plan with heap arrays. */
    private static final String SEED = "seed8x8";
    private static final double SEED_MAX_MS = 0.001;
    /** The pure-Java backend on the layer cases: within this factor of native. */
    private static final double JAVA_MAX_FACTOR = 8.0;
    private static final java.util.Set<String> LAYER_CASES = java.util.Set.of(
            "r50_conv1", "r50_3x3_56", "r50_1x1_56", "r50_3x3_14", "r50_3x3_56_b8", "mbv2_dw_56", "dilated_3x3");

    private Targets() {
    }

    /** The target of (case, backend) in words, or "" when issue 5 sets none. */
    public static String describe(String caseId, String backend) {
        if ("native".equals(backend)) {
            if (SEED.equals(caseId)) {
                return "<= 1 us (heap)";
            }
            Double r = NATIVE_RATIO.get(caseId);
            return r == null ? "" : String.format(java.util.Locale.ROOT, "ratio <= %.2f", r);
        }
        if ("java".equals(backend) && LAYER_CASES.contains(caseId)) {
            return "<= 8x native";
        }
        return "";
    }

    /**
     * Whether a figure meets its target.
     *
     * @param medianMs       the headline median of (case, backend) in ms
     * @param ratio          that median over the GEMM median
     * @param nativeMedianMs the native backend's median for the same case and threads (for the
     *                       pure-Java target), NaN if unknown
     * @return TRUE or FALSE, or null when there is no target (or the native figure is missing)
     */
    public static Boolean met(String caseId, String backend, double medianMs, double ratio, double nativeMedianMs) {
        if ("native".equals(backend)) {
            if (SEED.equals(caseId)) {
                return medianMs <= SEED_MAX_MS;
            }
            Double r = NATIVE_RATIO.get(caseId);
            return r == null ? null : ratio <= r;
        }
        if ("java".equals(backend) && LAYER_CASES.contains(caseId) && !Double.isNaN(nativeMedianMs)) {
            return medianMs <= JAVA_MAX_FACTOR * nativeMedianMs;
        }
        return null;
    }

    /** "met", "MISSED" or "" for {@link #met}'s answer. */
    public static String verdict(Boolean met) {
        return met == null ? "" : met ? "met" : "MISSED";
    }
}
