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

    /** {@code image[c * inSp + q] = in[inOff + (n * inSp + q) * C + c]}: image n of a channels-last input, channels first. */
    static void imageF(Problem p, float[] in, int inOff, int n, float[] image) {
        int c = p.inChannels;
        int sp = p.inSp;
        int src = inOff + n * sp * c;
        for (int q = 0; q < sp; q++, src += c) {
            for (int ch = 0, dst = q; ch < c; ch++, dst += sp) {
                image[dst] = in[src + ch];
            }
        }
    }

    /**
     * Writes tile rows {@code 0..m} (output channels {@code o0..o0+m}, pixels {@code p0..p0+nb} of
     * image n) into the output, in the problem's layout.
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
        for (int r = 0; r < m; r++) {
            float[] t = tile[r];
            for (int j = 0, dst = base + r; j < nb; j++, dst += oc) {
                out[dst] = t[j];
            }
        }
    }

    /** {@code image[c * inSp + q] = in[inOff + (n * inSp + q) * C + c]}: image n of a channels-last input, channels first. */
    static void imageD(Problem p, double[] in, int inOff, int n, double[] image) {
        int c = p.inChannels;
        int sp = p.inSp;
        int src = inOff + n * sp * c;
        for (int q = 0; q < sp; q++, src += c) {
            for (int ch = 0, dst = q; ch < c; ch++, dst += sp) {
                image[dst] = in[src + ch];
            }
        }
    }

    /**
     * Writes tile rows {@code 0..m} (output channels {@code o0..o0+m}, pixels {@code p0..p0+nb} of
     * image n) into the output, in the problem's layout.
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
        for (int r = 0; r < m; r++) {
            double[] t = tile[r];
            for (int j = 0, dst = base + r; j < nb; j++, dst += oc) {
                out[dst] = t[j];
            }
        }
    }
}
