package org.jconv.backend.pure;

/**
 * The direct loop of {@link DirectImage}: single-channel planes (rank 1 or 2) with stride 1 down
 * the rows. Input rows stream through once, in order: each padded input row y is gathered once per
 * column tap r2 into a row array (the border rule, the fill and inserted zeros are resolved in that
 * gather, interior stretches are one {@code System.arraycopy}), and those k2 rows update every
 * output row they reach, {@code out[y - r1*d1] += sum_r2 w[r1][r2] * shifted[r2]} for all r1 at
 * once: a GEMM with the output rows as M, the column taps as K and the row as N ({@link Gemm}).
 * Each gathered row thus serves k1 output rows: a copy per k1 multiply-adds instead of one per
 * multiply-add. The output rows in flight live in a ring of {@code (k1-1)*d1 + 1} row arrays, each
 * stored once complete; kernel rows that reach no output row (above the first or below the last)
 * write to a scratch row. Rows longer than {@link Tiling#columns()} are done in column segments,
 * and very wide kernels a block of column taps at a time, so the workspace stays small whatever
 * the image and kernel widths (a 1-D 'full' correlation of two 50 000-sample signals included).
 *
 * <pre>{@code
 * Engine e = new RowStream(problem, weights);   // via DirectImage
 * }</pre>
 */
final class RowStream extends Engine {
    private final float[] wF;
    private final double[] wD;
    private final float[] biasF;
    private final double[] biasD;
    /** Output rows in flight. */
    private final int ring;
    /** Output rows of an image per unit; each unit also gathers the (k1-1)*d1 input rows before its first. */
    private final int chunk;
    private final int chunks;
    private final int columns;
    private final int segments;
    /** Column taps gathered and applied per pass (all of them unless the kernel is very wide). */
    private final int block;

    RowStream(Problem p, Weights w, int threads) {
        super(p);
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        // the ring of a segment stays within about a million values, the gathered rows of a pass within the budget
        int tall = (a1.k - 1) * a1.dilation + 2;
        columns = Math.min(a2.out, Math.min(Tiling.columns(), Math.max(256, (1 << 20) / tall)));
        block = Math.min(a2.k, Math.max(2, Tiling.streamBudget() / columns));
        segments = (a2.out + columns - 1) / columns;
        long base = (long) p.batch * segments;
        int wanted = threads <= 1 || base >= 2L * threads ? 1 : (int) Math.min(a1.out, (2L * threads + base - 1) / base);
        chunk = (a1.out + wanted - 1) / wanted;
        chunks = (a1.out + chunk - 1) / chunk;
        ring = (a1.k - 1) * a1.dilation + 1;
        // canonical [1][1][k1][k2] is W[r1][r2]: output rows are the GEMM's M, column taps its K
        wF = w.canonicalF == null ? null : Gemm.packF(w.canonicalF, 1, a1.k, a2.k);
        wD = w.canonicalD == null ? null : Gemm.packD(w.canonicalD, 1, a1.k, a2.k);
        biasF = w.biasF;
        biasD = w.biasD;
    }

    /**
     * Rank 1 or 2, one input and one output channel, unit stride down the rows, and a dilated kernel
     * height small enough that the ring of output rows stays small and streaming every input row in
     * between is not mostly wasted.
     */
    static boolean fits(Problem p) {
        AxisMap a1 = p.axis[1];
        long tall = (long) (a1.k - 1) * a1.dilation;
        return p.inChannels == 1 && p.outChannels == 1 && p.planar() && a1.stride == 1
                && tall < 4096 && tall <= 4L * a1.out + 256;
    }

    @Override
    int units() {
        return Math.toIntExact((long) p.batch * chunks * segments);
    }

    @Override
    Workspace newWorkspace() {
        // tile: the ring of output rows plus one scratch row; rows: the gathered rows of one pass
        return Workspace.of(p, block, columns, ring + 1, columns, 0, 0, p.axis[1].k);
    }

    @Override
    void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1) {
        Problem p = this.p;
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        float fill = (float) p.fill;
        float[][] shifted = ws.rowsF;
        float[][] outRows = ws.tileF;
        float[] scratch = outRows[ring];
        float[][] target = ws.refsF;
        int out2 = a2.out;
        int k1 = a1.k;
        int k2 = a2.k;
        int d1 = a1.dilation;
        float b = biasF == null ? 0f : biasF[0];
        for (int u = u0; u < u1; u++) {
            int j0 = (u % segments) * columns;
            int nj = Math.min(columns, out2 - j0);
            int rest = u / segments;
            // output rows [first, last) of image n; input rows y = i + r1*d1 (padded coordinates)
            int first = (rest % chunks) * chunk;
            int last = Math.min(a1.out, first + chunk);
            int n = rest / chunks;
            int plane = inOff + n * p.inSp;
            int outPlane = outOff + n * p.outSp + j0;
            for (int y = first, yEnd = last + (k1 - 1) * d1; y < yEnd; y++) {
                if (y < last) {
                    java.util.Arrays.fill(outRows[y % ring], 0, nj, b);
                }
                int src = a1.sourceOf((long) y - a1.padBefore);
                for (int r1 = 0; r1 < k1; r1++) {
                    int i = y - r1 * d1;
                    target[r1] = i >= first && i < last ? outRows[i % ring] : scratch;
                }
                for (int t0 = 0; t0 < k2; t0 += block) {
                    int tb = Math.min(block, k2 - t0);
                    for (int v = 0; v < tb; v++) {
                        if (src == AxisMap.BORDER) {
                            java.util.Arrays.fill(shifted[v], 0, nj, fill);
                        } else if (src == AxisMap.ZERO) {
                            Im2col.zeroRowF(a2, t0 + v, j0, j0 + nj, shifted[v], 0, fill);
                        } else {
                            Im2col.segmentF(a2, t0 + v, in, plane + src * a2.n, j0, j0 + nj, shifted[v], 0, fill);
                        }
                    }
                    Gemm.accumulateF(wF, 0, k2, t0, k1, shifted, tb, target, nj);
                }
                int done = y - (k1 - 1) * d1;
                if (done >= first) {
                    System.arraycopy(outRows[done % ring], 0, out, outPlane + done * out2, nj);
                }
            }
        }
    }

    @Override
    void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1) {
        Problem p = this.p;
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        double fill = (double) p.fill;
        double[][] shifted = ws.rowsD;
        double[][] outRows = ws.tileD;
        double[] scratch = outRows[ring];
        double[][] target = ws.refsD;
        int out2 = a2.out;
        int k1 = a1.k;
        int k2 = a2.k;
        int d1 = a1.dilation;
        double b = biasD == null ? 0f : biasD[0];
        for (int u = u0; u < u1; u++) {
            int j0 = (u % segments) * columns;
            int nj = Math.min(columns, out2 - j0);
            int rest = u / segments;
            // output rows [first, last) of image n; input rows y = i + r1*d1 (padded coordinates)
            int first = (rest % chunks) * chunk;
            int last = Math.min(a1.out, first + chunk);
            int n = rest / chunks;
            int plane = inOff + n * p.inSp;
            int outPlane = outOff + n * p.outSp + j0;
            for (int y = first, yEnd = last + (k1 - 1) * d1; y < yEnd; y++) {
                if (y < last) {
                    java.util.Arrays.fill(outRows[y % ring], 0, nj, b);
                }
                int src = a1.sourceOf((long) y - a1.padBefore);
                for (int r1 = 0; r1 < k1; r1++) {
                    int i = y - r1 * d1;
                    target[r1] = i >= first && i < last ? outRows[i % ring] : scratch;
                }
                for (int t0 = 0; t0 < k2; t0 += block) {
                    int tb = Math.min(block, k2 - t0);
                    for (int v = 0; v < tb; v++) {
                        if (src == AxisMap.BORDER) {
                            java.util.Arrays.fill(shifted[v], 0, nj, fill);
                        } else if (src == AxisMap.ZERO) {
                            Im2col.zeroRowD(a2, t0 + v, j0, j0 + nj, shifted[v], 0, fill);
                        } else {
                            Im2col.segmentD(a2, t0 + v, in, plane + src * a2.n, j0, j0 + nj, shifted[v], 0, fill);
                        }
                    }
                    Gemm.accumulateD(wD, 0, k2, t0, k1, shifted, tb, target, nj);
                }
                int done = y - (k1 - 1) * d1;
                if (done >= first) {
                    System.arraycopy(outRows[done % ring], 0, out, outPlane + done * out2, nj);
                }
            }
        }
    }
}
