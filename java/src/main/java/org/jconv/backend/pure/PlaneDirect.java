package org.jconv.backend.pure;

/**
 * The direct loop of {@link DepthwiseDirect}: convolutions whose groups each read one input
 * channel (C/G == 1), at stride 1. Per image and channel, the input plane is
 * first extended by its pads into the workspace, once: the border rule, the constant fill and
 * inserted zeros are resolved there and nowhere else. Output pixels are then computed in the padded
 * plane's own coordinates, rows as wide as a padded row, so tap {@code t} of every pixel of a band
 * of rows reads the padded plane at one fixed offset: its operand row is a single
 * {@code System.arraycopy}, with no border test anywhere in the interior loop. The few extra
 * columns per row this computes (a padded row is {@code (k-1)*dilation} wider than an output row)
 * are dropped when the band is stored.
 *
 * <p>Why copy at all: C2 (JDK 17) does not vectorise {@code y[j] += w * x[j + off]}; it does
 * vectorise {@code y[j] += w0*s0[j] + ... + w3*s3[j]} over arrays indexed alike ({@link Gemm}).
 * Taps go four at a time through L1: four copies, one accumulation pass.
 *
 * <pre>{@code
 * Engine e = new PlaneDirect(problem, weights);   // via DepthwiseDirect
 * }</pre>
 */
final class PlaneDirect extends Engine {
    /** Largest padded plane (elements) a workspace holds: 16 MiB of float32; larger planes go to im2col+gemm. */
    static final long MAX_PLANE = 1L << 22;

    private final float[] wF;
    private final double[] wD;
    private final float[] biasF;
    private final double[] biasD;
    /** Padded lengths per axis: out + (k-1)*dilation, the coordinates [-padBefore, -padBefore + length) that are read. */
    private final int[] len = new int[Problem.AXES];
    /** Per axis, the sample (or BORDER / ZERO) at each padded coordinate. */
    private final int[][] src = new int[Problem.AXES][];
    /** Offset of each tap in the padded plane. */
    private final int[] tapOffset;
    /** The padded plane plus the slack the last row's extra columns read. */
    private final int planeSize;
    /** Output rows per band. */
    private final int bandRows;

    /** True when the problem has stride 1 everywhere and a padded plane of reasonable size. */
    static boolean fits(Problem p) {
        long size = 1;
        for (AxisMap a : p.axis) {
            if (a.stride != 1) {
                return false;
            }
            size *= a.out + (long) (a.k - 1) * a.dilation;
        }
        AxisMap a2 = p.axis[2];
        return size + (long) (a2.k - 1) * a2.dilation <= MAX_PLANE;
    }

    PlaneDirect(Problem p, Weights w) {
        super(p);
        wF = w.canonicalF == null ? null : Gemm.packF(w.canonicalF, p.groups, p.og, p.kSp);
        wD = w.canonicalD == null ? null : Gemm.packD(w.canonicalD, p.groups, p.og, p.kSp);
        biasF = w.biasF;
        biasD = w.biasD;
        for (int a = 0; a < Problem.AXES; a++) {
            AxisMap ax = p.axis[a];
            len[a] = ax.out + (ax.k - 1) * ax.dilation;
            src[a] = new int[len[a]];
            for (int u = 0; u < len[a]; u++) {
                src[a][u] = ax.sourceOf((long) u - ax.padBefore);
            }
        }
        AxisMap a0 = p.axis[0];
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        tapOffset = new int[p.kSp];
        for (int r0 = 0, t = 0; r0 < a0.k; r0++) {
            for (int r1 = 0; r1 < a1.k; r1++) {
                for (int r2 = 0; r2 < a2.k; r2++, t++) {
                    tapOffset[t] = ((r0 * a0.dilation) * len[1] + r1 * a1.dilation) * len[2] + r2 * a2.dilation;
                }
            }
        }
        planeSize = len[0] * len[1] * len[2] + (a2.k - 1) * a2.dilation;
        bandRows = Math.max(1, Math.min(a1.out, Tiling.band() / len[2]));
    }

    @Override
    int units() {
        return p.batch * p.groups;
    }

    @Override
    Workspace newWorkspace() {
        int band = bandRows * len[2];
        return Workspace.of(p, 4, band, p.og, band, p.channelsLast ? p.inChannels * p.inSp : 0, planeSize);
    }

    @Override
    void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1) {
        Problem p = this.p;
        float fill = (float) p.fill;
        float[] plane = ws.planeF;
        float[][] rows = ws.rowsF;
        float[][] tile = ws.tileF;
        int l1 = len[1];
        int l2 = len[2];
        int out1 = p.axis[1].out;
        int out2 = p.axis[2].out;
        int kSp = p.kSp;
        int image = -1;
        float[] x = in;
        int base = 0;
        for (int u = u0; u < u1; u++) {
            int n = u / p.groups;
            int g = u % p.groups;
            if (n != image) {
                image = n;
                if (p.channelsLast) {
                    TileIo.imageF(p, in, inOff, n, ws.imageF);
                    x = ws.imageF;
                } else {
                    base = inOff + n * p.inChannels * p.inSp;
                }
            }
            padF(x, base + g * p.inSp, plane, fill);
            int a0 = g * p.og * kSp;
            for (int i0 = 0; i0 < p.axis[0].out; i0++) {
                for (int i1 = 0; i1 < out1; i1 += bandRows) {
                    int rowsHere = Math.min(bandRows, out1 - i1);
                    int q0 = (i0 * l1 + i1) * l2;
                    int nb = rowsHere * l2;
                    Gemm.initF(tile, p.og, nb, biasF, g * p.og);
                    for (int t0 = 0; t0 < kSp; t0 += 4) {
                        int tb = Math.min(4, kSp - t0);
                        for (int v = 0; v < tb; v++) {
                            System.arraycopy(plane, q0 + tapOffset[t0 + v], rows[v], 0, nb);
                        }
                        Gemm.accumulateF(wF, a0, kSp, t0, p.og, rows, tb, tile, nb);
                    }
                    storeF(tile, g, n, (i0 * out1 + i1) * out2, rowsHere, out, outOff);
                }
            }
        }
    }

    /** Extends the channel plane at {@code x[plane0]} by its pads into {@code dst}. */
    private void padF(float[] x, int plane0, float[] dst, float fill) {
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        int[] s0 = src[0];
        int[] s1 = src[1];
        int[] s2 = src[2];
        int l2 = len[2];
        // axis 2 reads sample u - padBefore directly on [lo, hi) unless samples are spread by an input dilation
        int lo = 0;
        int hi = 0;
        if (a2.inputDilation == 1) {
            lo = Math.max(0, Math.min(l2, a2.padBefore));
            hi = Math.max(lo, Math.min(l2, a2.padBefore + a2.n));
        }
        int d = 0;
        for (int u0 = 0; u0 < len[0]; u0++) {
            for (int u1 = 0; u1 < len[1]; u1++, d += l2) {
                int v0 = s0[u0];
                int v1 = s1[u1];
                if (v0 == AxisMap.BORDER || v1 == AxisMap.BORDER) {
                    java.util.Arrays.fill(dst, d, d + l2, fill);
                } else if (v0 == AxisMap.ZERO || v1 == AxisMap.ZERO) {
                    for (int u2 = 0; u2 < l2; u2++) {
                        dst[d + u2] = s2[u2] == AxisMap.BORDER ? fill : 0f;
                    }
                } else {
                    int row = plane0 + (v0 * a1.n + v1) * a2.n;
                    for (int u2 = 0; u2 < lo; u2++) {
                        int v = s2[u2];
                        dst[d + u2] = v >= 0 ? x[row + v] : v == AxisMap.BORDER ? fill : 0f;
                    }
                    if (lo < hi) {
                        System.arraycopy(x, row + lo - a2.padBefore, dst, d + lo, hi - lo);
                    }
                    for (int u2 = hi; u2 < l2; u2++) {
                        int v = s2[u2];
                        dst[d + u2] = v >= 0 ? x[row + v] : v == AxisMap.BORDER ? fill : 0f;
                    }
                }
            }
        }
    }

    /** Stores {@code rowsHere} output rows of a band (tile rows are padded-row wide) from output pixel {@code px}. */
    private void storeF(float[][] tile, int g, int n, int px, int rowsHere, float[] out, int outOff) {
        Problem p = this.p;
        int l2 = len[2];
        int out2 = p.axis[2].out;
        int oc = p.outChannels;
        for (int m = 0; m < p.og; m++) {
            float[] t = tile[m];
            int o = g * p.og + m;
            if (!p.channelsLast) {
                int dst = outOff + (n * oc + o) * p.outSp + px;
                for (int r = 0; r < rowsHere; r++, dst += out2) {
                    System.arraycopy(t, r * l2, out, dst, out2);
                }
            } else {
                int dst = outOff + (n * p.outSp + px) * oc + o;
                for (int r = 0; r < rowsHere; r++) {
                    for (int j = 0, s = r * l2; j < out2; j++, s++, dst += oc) {
                        out[dst] = t[s];
                    }
                }
            }
        }
    }

    @Override
    void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1) {
        Problem p = this.p;
        double fill = (double) p.fill;
        double[] plane = ws.planeD;
        double[][] rows = ws.rowsD;
        double[][] tile = ws.tileD;
        int l1 = len[1];
        int l2 = len[2];
        int out1 = p.axis[1].out;
        int out2 = p.axis[2].out;
        int kSp = p.kSp;
        int image = -1;
        double[] x = in;
        int base = 0;
        for (int u = u0; u < u1; u++) {
            int n = u / p.groups;
            int g = u % p.groups;
            if (n != image) {
                image = n;
                if (p.channelsLast) {
                    TileIo.imageD(p, in, inOff, n, ws.imageD);
                    x = ws.imageD;
                } else {
                    base = inOff + n * p.inChannels * p.inSp;
                }
            }
            padD(x, base + g * p.inSp, plane, fill);
            int a0 = g * p.og * kSp;
            for (int i0 = 0; i0 < p.axis[0].out; i0++) {
                for (int i1 = 0; i1 < out1; i1 += bandRows) {
                    int rowsHere = Math.min(bandRows, out1 - i1);
                    int q0 = (i0 * l1 + i1) * l2;
                    int nb = rowsHere * l2;
                    Gemm.initD(tile, p.og, nb, biasD, g * p.og);
                    for (int t0 = 0; t0 < kSp; t0 += 4) {
                        int tb = Math.min(4, kSp - t0);
                        for (int v = 0; v < tb; v++) {
                            System.arraycopy(plane, q0 + tapOffset[t0 + v], rows[v], 0, nb);
                        }
                        Gemm.accumulateD(wD, a0, kSp, t0, p.og, rows, tb, tile, nb);
                    }
                    storeD(tile, g, n, (i0 * out1 + i1) * out2, rowsHere, out, outOff);
                }
            }
        }
    }

    /** Extends the channel plane at {@code x[plane0]} by its pads into {@code dst}. */
    private void padD(double[] x, int plane0, double[] dst, double fill) {
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        int[] s0 = src[0];
        int[] s1 = src[1];
        int[] s2 = src[2];
        int l2 = len[2];
        // axis 2 reads sample u - padBefore directly on [lo, hi) unless samples are spread by an input dilation
        int lo = 0;
        int hi = 0;
        if (a2.inputDilation == 1) {
            lo = Math.max(0, Math.min(l2, a2.padBefore));
            hi = Math.max(lo, Math.min(l2, a2.padBefore + a2.n));
        }
        int d = 0;
        for (int u0 = 0; u0 < len[0]; u0++) {
            for (int u1 = 0; u1 < len[1]; u1++, d += l2) {
                int v0 = s0[u0];
                int v1 = s1[u1];
                if (v0 == AxisMap.BORDER || v1 == AxisMap.BORDER) {
                    java.util.Arrays.fill(dst, d, d + l2, fill);
                } else if (v0 == AxisMap.ZERO || v1 == AxisMap.ZERO) {
                    for (int u2 = 0; u2 < l2; u2++) {
                        dst[d + u2] = s2[u2] == AxisMap.BORDER ? fill : 0f;
                    }
                } else {
                    int row = plane0 + (v0 * a1.n + v1) * a2.n;
                    for (int u2 = 0; u2 < lo; u2++) {
                        int v = s2[u2];
                        dst[d + u2] = v >= 0 ? x[row + v] : v == AxisMap.BORDER ? fill : 0f;
                    }
                    if (lo < hi) {
                        System.arraycopy(x, row + lo - a2.padBefore, dst, d + lo, hi - lo);
                    }
                    for (int u2 = hi; u2 < l2; u2++) {
                        int v = s2[u2];
                        dst[d + u2] = v >= 0 ? x[row + v] : v == AxisMap.BORDER ? fill : 0f;
                    }
                }
            }
        }
    }

    /** Stores {@code rowsHere} output rows of a band (tile rows are padded-row wide) from output pixel {@code px}. */
    private void storeD(double[][] tile, int g, int n, int px, int rowsHere, double[] out, int outOff) {
        Problem p = this.p;
        int l2 = len[2];
        int out2 = p.axis[2].out;
        int oc = p.outChannels;
        for (int m = 0; m < p.og; m++) {
            double[] t = tile[m];
            int o = g * p.og + m;
            if (!p.channelsLast) {
                int dst = outOff + (n * oc + o) * p.outSp + px;
                for (int r = 0; r < rowsHere; r++, dst += out2) {
                    System.arraycopy(t, r * l2, out, dst, out2);
                }
            } else {
                int dst = outOff + (n * p.outSp + px) * oc + o;
                for (int r = 0; r < rowsHere; r++) {
                    for (int j = 0, s = r * l2; j < out2; j++, s++, dst += oc) {
                        out[dst] = t[s];
                    }
                }
            }
        }
    }
}
