package org.jconv.backend.pure;

/**
 * Block sizes of the engines, in elements. A pixel tile of {@code pixels()} keeps one output row
 * of four channels (4 x 256 x 4 bytes) in L1 while the k loop runs, and a block of
 * {@code rowBudget() / pixels} im2col rows (256 KiB) in L2 while all output channels pass over it
 * (measured on r50_3x3_56 and dilated_3x3: 128 or 512 pixels, half or twice the budget are slower
 * or equal). Tests shrink them to force tile, block, band and segment boundaries at odd places.
 *
 * <pre>{@code
 * int nb = Math.min(Tiling.pixels(), problem.outSp);
 * }</pre>
 */
final class Tiling {
    static final int DEFAULT_PIXELS = 256;
    static final int DEFAULT_ROW_BUDGET = 64 * 1024;
    static final int DEFAULT_BAND = 2048;
    static final int DEFAULT_COLUMNS = 4096;
    static final int DEFAULT_STREAM_BUDGET = 1 << 18;

    private static volatile int pixels = DEFAULT_PIXELS;
    private static volatile int rowBudget = DEFAULT_ROW_BUDGET;
    private static volatile int band = DEFAULT_BAND;
    private static volatile int columns = DEFAULT_COLUMNS;
    private static volatile int streamBudget = DEFAULT_STREAM_BUDGET;

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

    /** Output columns per segment of {@link RowStream} (fewer for very tall or wide kernels). */
    static int columns() {
        return columns;
    }

    /** Elements of gathered rows per pass of {@link RowStream} (column taps per pass = budget / columns, at least 2). */
    static int streamBudget() {
        return streamBudget;
    }

    /**
     * Output channels per work unit of the GEMM engines: all {@code og} of a group when the other
     * unit dimensions ({@code baseUnits}: images x groups x pixel tiles) already give every thread
     * two units, else a multiple of 4 small enough that they do (each unit then repeats the im2col of
     * its tile: cheap next to the GEMM when channels are many, which is when tiles are few).
     */
    static int channelChunk(int og, long baseUnits, int threads) {
        if (threads <= 1 || baseUnits >= 2L * threads || og <= 4) {
            return og;
        }
        long chunks = Math.min((og + 3) / 4, (2L * threads + baseUnits - 1) / baseUnits);
        int chunk = (int) ((og + chunks - 1) / chunks);
        return Math.min(og, (chunk + 3) / 4 * 4);
    }

    /** Tests only: plans created afterwards use these sizes; zeros restore the defaults. */
    static void override(int pixelsPerTile, int rowBudgetElements, int bandElements, int columnsPerSegment,
            int streamBudgetElements) {
        streamBudget = streamBudgetElements > 0 ? streamBudgetElements : DEFAULT_STREAM_BUDGET;
        pixels = pixelsPerTile > 0 ? pixelsPerTile : DEFAULT_PIXELS;
        rowBudget = rowBudgetElements > 0 ? rowBudgetElements : DEFAULT_ROW_BUDGET;
        band = bandElements > 0 ? bandElements : DEFAULT_BAND;
        columns = columnsPerSegment > 0 ? columnsPerSegment : DEFAULT_COLUMNS;
    }
}
