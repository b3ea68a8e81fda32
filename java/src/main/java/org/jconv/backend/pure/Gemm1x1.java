package org.jconv.backend.pure;

/**
 * "gemm-1x1": a 1x1 kernel at stride 1 without pads (and without input dilation) reads every
 * input pixel once, in order, so im2col is the identity: the GEMM's B rows are the input channel
 * planes themselves, {@code out[n, g][Og, pixels] = W_g[Og, Cg] x in[n, g][Cg, pixels]}. The
 * planes are still copied tile by tile into row arrays (see {@link Gemm} for why the kernel needs
 * rows starting at index 0), one {@code System.arraycopy} per channel and tile: no index tables,
 * no border logic.
 *
 * <pre>{@code
 * if (Gemm1x1.INSTANCE.applies(problem)) { ... }
 * }</pre>
 */
final class Gemm1x1 implements Algorithm {
    static final Gemm1x1 INSTANCE = new Gemm1x1();

    private Gemm1x1() {
    }

    @Override
    public String name() {
        return "gemm-1x1";
    }

    @Override
    public boolean applies(Problem p) {
        for (AxisMap a : p.axis) {
            // out == n with k == 1, stride 1 and no pad before means no pad after either
            if (a.k != 1 || a.stride != 1 || a.padBefore != 0 || a.inputDilation != 1 || a.out != a.n) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return new Run(p, w, threads);
    }

    private static final class Run extends Engine {
        private final float[] wF;
        private final double[] wD;
        private final float[] biasF;
        private final double[] biasD;
        private final int pixels;
        private final int block;
        private final int tiles;
        private final int chunk;
        private final int chunks;

        Run(Problem p, Weights w, int threads) {
            super(p);
            wF = w.canonicalF == null ? null : Gemm.packF(w.canonicalF, p.groups, p.og, p.cg);
            wD = w.canonicalD == null ? null : Gemm.packD(w.canonicalD, p.groups, p.og, p.cg);
            biasF = w.biasF;
            biasD = w.biasD;
            pixels = Math.min(Tiling.pixels(), p.outSp);
            block = Math.min(p.cg, Math.max(4, Tiling.rowBudget() / pixels));
            tiles = (p.outSp + pixels - 1) / pixels;
            chunk = Tiling.channelChunk(p.og, (long) p.batch * p.groups * tiles, threads);
            chunks = (p.og + chunk - 1) / chunk;
        }

        @Override
        int units() {
            return Math.toIntExact((long) p.batch * p.groups * tiles * chunks);
        }

        @Override
        Workspace newWorkspace() {
            return Workspace.of(p, block, pixels, p.og, pixels, p.channelsLast ? p.inChannels * p.inSp : 0, 0);
        }

        @Override
        void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1) {
            Problem p = this.p;
            int cg = p.cg;
            int sp = p.outSp;
            float[][] rows = ws.rowsF;
            float[][] tile = ws.tileF;
            int image = -1;
            float[] x = in;
            int base = 0;
            for (int u = u0; u < u1; u++) {
                int o0 = (u % chunks) * chunk;
                int m = Math.min(chunk, p.og - o0);
                int rest = u / chunks;
                int p0 = (rest % tiles) * pixels;
                rest /= tiles;
                int g = rest % p.groups;
                int n = rest / p.groups;
                if (n != image) {
                    image = n;
                    if (p.channelsLast) {
                        TileIo.imageF(p, in, inOff, n, ws.imageF);
                        x = ws.imageF;
                    } else {
                        base = inOff + n * p.inChannels * sp;
                    }
                }
                int plane0 = base + g * cg * sp;
                int a0 = (g * p.og + o0) * cg;
                int nb = Math.min(pixels, sp - p0);
                Gemm.initF(tile, m, nb, biasF, g * p.og + o0);
                for (int c0 = 0; c0 < cg; c0 += block) {
                    int kb = Math.min(block, cg - c0);
                    for (int kk = 0; kk < kb; kk++) {
                        System.arraycopy(x, plane0 + (c0 + kk) * sp + p0, rows[kk], 0, nb);
                    }
                    Gemm.accumulateF(wF, a0, cg, c0, m, rows, kb, tile, nb);
                }
                TileIo.storeF(p, tile, m, g * p.og + o0, n, p0, nb, out, outOff);
            }
        }

        @Override
        void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1) {
            Problem p = this.p;
            int cg = p.cg;
            int sp = p.outSp;
            double[][] rows = ws.rowsD;
            double[][] tile = ws.tileD;
            int image = -1;
            double[] x = in;
            int base = 0;
            for (int u = u0; u < u1; u++) {
                int o0 = (u % chunks) * chunk;
                int m = Math.min(chunk, p.og - o0);
                int rest = u / chunks;
                int p0 = (rest % tiles) * pixels;
                rest /= tiles;
                int g = rest % p.groups;
                int n = rest / p.groups;
                if (n != image) {
                    image = n;
                    if (p.channelsLast) {
                        TileIo.imageD(p, in, inOff, n, ws.imageD);
                        x = ws.imageD;
                    } else {
                        base = inOff + n * p.inChannels * sp;
                    }
                }
                int plane0 = base + g * cg * sp;
                int a0 = (g * p.og + o0) * cg;
                int nb = Math.min(pixels, sp - p0);
                Gemm.initD(tile, m, nb, biasD, g * p.og + o0);
                for (int c0 = 0; c0 < cg; c0 += block) {
                    int kb = Math.min(block, cg - c0);
                    for (int kk = 0; kk < kb; kk++) {
                        System.arraycopy(x, plane0 + (c0 + kk) * sp + p0, rows[kk], 0, nb);
                    }
                    Gemm.accumulateD(wD, a0, cg, c0, m, rows, kb, tile, nb);
                }
                TileIo.storeD(p, tile, m, g * p.og + o0, n, p0, nb, out, outOff);
            }
        }
    }
}
