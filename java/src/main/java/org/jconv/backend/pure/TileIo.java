package org.jconv.backend.pure;

/**
 * Moving data between the caller's layout and the engine's: the engine computes channels first
 * (an output tile is one array per output channel over a run of pixels). A channels-last image is
 * transposed once per image into the workspace, so im2col copies contiguous channel planes in both
 * layouts, and a tile is scattered back into a channels-last output. Both transposes cost one pass
 * over the data, against C/G x taps multiply-adds per output value.
 *
 * <pre>{@code
 * TileIo.imageF(p, in, inOff, n, ws.imageF);          // NHWC image n -> [C][pixels]
 * TileIo.storeF(p, ws.tileF, og, o0, n, p0, nb, out, outOff);
 * }</pre>
 */
final class TileIo {
    private TileIo() {
    }

    /**
     * {@code image[c * inSp + q] = in[inOff + (n * inSp + q) * C + c]}: image n of a channels-last
     * input, channels first. Blocked (64 pixels x 16 channels) so reads and writes both stay in a
     * few cache lines.
     */
    static void imageF(Problem p, float[] in, int inOff, int n, float[] image) {
        int c = p.inChannels;
        int sp = p.inSp;
        int src0 = inOff + n * sp * c;
        for (int q0 = 0; q0 < sp; q0 += 64) {
            int q1 = Math.min(sp, q0 + 64);
            for (int c0 = 0; c0 < c; c0 += 16) {
                int c1 = Math.min(c, c0 + 16);
                for (int q = q0; q < q1; q++) {
                    int src = src0 + q * c;
                    for (int ch = c0; ch < c1; ch++) {
                        image[ch * sp + q] = in[src + ch];
                    }
                }
            }
        }
    }

    /**
     * Writes tile rows {@code 0..m} (output channels {@code o0..o0+m}, pixels {@code p0..p0+nb} of
     * image n) into the output, in the problem's layout; channels last pixel by pixel, so each
     * output cache line is written in one go.
     */
    static void storeF(Problem p, float[][] tile, int m, int o0, int n, int p0, int nb, float[] out, int outOff) {
        int sp = p.outSp;
        int oc = p.outChannels;
        if (!p.channelsLast) {
            int base = outOff + (n * oc + o0) * sp + p0;
            for (int r = 0; r < m; r++, base += sp) {
                System.arraycopy(tile[r], 0, out, base, nb);
            }
            return;
        }
        int base = outOff + (n * sp + p0) * oc + o0;
        for (int j = 0; j < nb; j++, base += oc) {
            for (int r = 0; r < m; r++) {
                out[base + r] = tile[r][j];
            }
        }
    }

    /**
     * {@code image[c * inSp + q] = in[inOff + (n * inSp + q) * C + c]}: image n of a channels-last
     * input, channels first. Blocked (64 pixels x 16 channels) so reads and writes both stay in a
     * few cache lines.
     */
    static void imageD(Problem p, double[] in, int inOff, int n, double[] image) {
        int c = p.inChannels;
        int sp = p.inSp;
        int src0 = inOff + n * sp * c;
        for (int q0 = 0; q0 < sp; q0 += 64) {
            int q1 = Math.min(sp, q0 + 64);
            for (int c0 = 0; c0 < c; c0 += 16) {
                int c1 = Math.min(c, c0 + 16);
                for (int q = q0; q < q1; q++) {
                    int src = src0 + q * c;
                    for (int ch = c0; ch < c1; ch++) {
                        image[ch * sp + q] = in[src + ch];
                    }
                }
            }
        }
    }

    /**
     * Writes tile rows {@code 0..m} (output channels {@code o0..o0+m}, pixels {@code p0..p0+nb} of
     * image n) into the output, in the problem's layout; channels last pixel by pixel, so each
     * output cache line is written in one go.
     */
    static void storeD(Problem p, double[][] tile, int m, int o0, int n, int p0, int nb, double[] out, int outOff) {
        int sp = p.outSp;
        int oc = p.outChannels;
        if (!p.channelsLast) {
            int base = outOff + (n * oc + o0) * sp + p0;
            for (int r = 0; r < m; r++, base += sp) {
                System.arraycopy(tile[r], 0, out, base, nb);
            }
            return;
        }
        int base = outOff + (n * sp + p0) * oc + o0;
        for (int j = 0; j < nb; j++, base += oc) {
            for (int r = 0; r < m; r++) {
                out[base + r] = tile[r][j];
            }
        }
    }
}
