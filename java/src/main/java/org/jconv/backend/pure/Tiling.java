package org.jconv.backend.pure;

/**
 * Block sizes of the engines, in elements. A pixel tile of {@code pixels()} keeps one output row
 * of four channels (4 x 256 x 4 bytes) in L1 while the k loop runs, and a block of
 * {@code rowBudget() / pixels} im2col rows (256 KiB) in L2 while all output channels pass over it.
 * Tests shrink them to force tile and block boundaries at odd places.
 *
 * <pre>{@code
 * int nb = Math.min(Tiling.pixels(), problem.outSp);
 * }</pre>
 */
final class Tiling {
    static final int DEFAULT_PIXELS = 256;
    static final int DEFAULT_ROW_BUDGET = 64 * 1024;
    static final int DEFAULT_BAND = 2048;

    private static volatile int pixels = DEFAULT_PIXELS;
    private static volatile int rowBudget = DEFAULT_ROW_BUDGET;
    private static volatile int band = DEFAULT_BAND;

    private Tiling() {
    }

    /** Output pixels per GEMM tile. */
    static int pixels() {
        return pixels;
    }

    /** Elements of im2col rows per K block (rows = budget / pixels, at least 4). */
    static int rowBudget() {
        return rowBudget;
    }

    /** Elements per band of the direct plane algorithms (at least one padded row). */
    static int band() {
        return band;
    }

    /** Tests only: plans created afterwards use these sizes; zeros restore the defaults. */
    static void override(int pixelsPerTile, int rowBudgetElements, int bandElements) {
        pixels = pixelsPerTile > 0 ? pixelsPerTile : DEFAULT_PIXELS;
        rowBudget = rowBudgetElements > 0 ? rowBudgetElements : DEFAULT_ROW_BUDGET;
        band = bandElements > 0 ? bandElements : DEFAULT_BAND;
    }
}
