package org.jconv.backend.pure;

/**
 * "im2col+gemm", the general algorithm (any geometry but a transposed one with holes and a
 * non-finite weight, see {@link Algorithms}). Per image, group and tile of output pixels, channels
 * first: {@code tile[Og][pixels] = bias + W_g[Og][K] x col[K][pixels]}, with the im2col matrix
 * {@code col} built {@link Tiling#rowBudget()} rows at a time (a K block that stays in L2 while
 * every output channel passes over it). A channels-last image is first transposed into the
 * workspace, and the tile scattered back ({@link TileIo}).
 *
 * <pre>{@code
 * Engine e = Im2colGemm.INSTANCE.prepare(problem, weights, 1);
 * }</pre>
 */
final class Im2colGemm implements Algorithm {
    static final Im2colGemm INSTANCE = new Im2colGemm();

    private Im2colGemm() {
    }

    @Override
    public String name() {
        return "im2col+gemm";
    }

    @Override
    public boolean applies(Problem p) {
        return true;
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return new Run(p, w, threads, false);
    }

    /**
     * The engine, also {@link Gemm1x1}'s: with {@code identity} (a 1x1 kernel at stride 1, no pads)
     * row c of the im2col matrix is input plane c itself, copied with one {@code arraycopy}.
     */
    static final class Run extends Engine {
        private final float[] wF;
        private final double[] wD;
        private final float[] biasF;
        private final double[] biasD;
        private final int k;
        private final int pixels;
        private final int block;
        private final int tiles;
        /** Output channels of a group per unit: all of them, or a multiple of 4 when tiles are too few to share out. */
        private final int chunk;
        private final int chunks;
        private final boolean identity;

        Run(Problem p, Weights w, int threads, boolean identity) {
            super(p);
            this.identity = identity;
            k = p.k();
            wF = w.canonicalF == null ? null : Gemm.packF(w.canonicalF, p.groups, p.og, k);
            wD = w.canonicalD == null ? null : Gemm.packD(w.canonicalD, p.groups, p.og, k);
            biasF = w.biasF;
            biasD = w.biasD;
            pixels = Math.min(Tiling.pixels(), p.outSp);
            block = Math.min(k, Math.max(4, Tiling.rowBudget() / pixels));
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
            float fill = (float) p.fill;
            float[][] rows = ws.rowsF;
            float[][] tile = ws.tileF;
            int image = -1;
            float[] x = in;
            int base = 0;
            for (int u = u0; u < u1; u++) {
                int c0 = (u % chunks) * chunk;
                int m = Math.min(chunk, p.og - c0);
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
                        base = inOff + n * p.inChannels * p.inSp;
                    }
                }
                int plane0 = base + g * p.cg * p.inSp;
                int a0 = (g * p.og + c0) * k;
                int nb = Math.min(pixels, p.outSp - p0);
                Gemm.initF(tile, m, nb, biasF, g * p.og + c0);
                for (int k0 = 0; k0 < k; k0 += block) {
                    int kb = Math.min(block, k - k0);
                    for (int kk = 0; kk < kb; kk++) {
                        int row = k0 + kk;
                        if (identity) {
                            System.arraycopy(x, plane0 + row * p.inSp + p0, rows[kk], 0, nb);
                        } else {
                            int c = row / p.kSp;
                            Im2col.rowF(p, x, plane0 + c * p.inSp, row - c * p.kSp, p0, p0 + nb, rows[kk], fill);
                        }
                    }
                    Gemm.accumulateF(wF, a0, k, k0, m, rows, kb, tile, nb);
                }
                TileIo.storeF(p, tile, m, g * p.og + c0, n, p0, nb, out, outOff);
            }
        }

        @Override
        void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1) {
            Problem p = this.p;
            double fill = (double) p.fill;
            double[][] rows = ws.rowsD;
            double[][] tile = ws.tileD;
            int image = -1;
            double[] x = in;
            int base = 0;
            for (int u = u0; u < u1; u++) {
                int c0 = (u % chunks) * chunk;
                int m = Math.min(chunk, p.og - c0);
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
                        base = inOff + n * p.inChannels * p.inSp;
                    }
                }
                int plane0 = base + g * p.cg * p.inSp;
                int a0 = (g * p.og + c0) * k;
                int nb = Math.min(pixels, p.outSp - p0);
                Gemm.initD(tile, m, nb, biasD, g * p.og + c0);
                for (int k0 = 0; k0 < k; k0 += block) {
                    int kb = Math.min(block, k - k0);
                    for (int kk = 0; kk < kb; kk++) {
                        int row = k0 + kk;
                        if (identity) {
                            System.arraycopy(x, plane0 + row * p.inSp + p0, rows[kk], 0, nb);
                        } else {
                            int c = row / p.kSp;
                            Im2col.rowD(p, x, plane0 + c * p.inSp, row - c * p.kSp, p0, p0 + nb, rows[kk], fill);
                        }
                    }
                    Gemm.accumulateD(wD, a0, k, k0, m, rows, kb, tile, nb);
                }
                TileIo.storeD(p, tile, m, g * p.og + c0, n, p0, nb, out, outOff);
            }
        }
    }
}
