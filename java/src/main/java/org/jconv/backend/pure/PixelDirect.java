package org.jconv.backend.pure;

/**
 * The channels-last direct loop of {@link DepthwiseDirect} (one output channel per input channel):
 * the channel vector is the vector. Each input pixel's C channels are copied once into their own
 * array, each tap's C weights are one array (packed once), and every output pixel accumulates
 * {@code acc[c] += w_t[c] * x_src(t)[c]} over its taps, three taps per pass (with four, the loop
 * exceeds what C2 unrolls and is not vectorised: 6 instead of 25 GFLOPS, measured), all arrays
 * indexed by the same c (the loop C2 vectorises; see {@link Gemm}). A tap over the border reads a shared
 * array of the fill value, over an inserted zero one of zeros, and a mirrored or wrapped tap simply
 * the mirrored pixel's array: no padded copy, no border branch in the channel loop. The output
 * pixel is one {@code System.arraycopy} into its place, so channels last costs no transposition.
 *
 * <pre>{@code
 * Engine e = new PixelDirect(problem, weights);   // via DepthwiseDirect, NHWC, multiplier 1
 * }</pre>
 */
final class PixelDirect extends Engine {
    /** {@code w[t][c]}: the weights of tap t, one array per tap (indexed like the pixel arrays). */
    private final float[][] wF;
    private final double[][] wD;
    private final float[] biasF;
    private final double[] biasD;

    PixelDirect(Problem p, Weights w) {
        super(p);
        int c = p.inChannels;
        int taps = p.kSp;
        // canonical [C][1][taps] -> [taps][C]: the weights of one tap over all channels, in their own array
        if (w.canonicalF != null) {
            wF = new float[taps][c];
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < taps; t++) {
                    wF[t][ch] = w.canonicalF[ch * taps + t];
                }
            }
            wD = null;
        } else {
            wD = new double[taps][c];
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < taps; t++) {
                    wD[t][ch] = w.canonicalD[ch * taps + t];
                }
            }
            wF = null;
        }
        biasF = w.biasF;
        biasD = w.biasD;
    }

    /** Channels last, one output channel per input channel, enough channels to fill vectors. */
    static boolean fits(Problem p) {
        return p.channelsLast && p.cg == 1 && p.og == 1 && p.inChannels >= 8;
    }

    @Override
    int units() {
        return Math.toIntExact((long) p.batch * p.axis[0].out * p.axis[1].out);
    }

    @Override
    Workspace newWorkspace() {
        // rows: every input pixel of an image, then the fill and zero vectors; tile: the accumulator;
        // refs: the operands of one pass
        int c = p.inChannels;
        Workspace ws = Workspace.of(p, p.inSp + 2, c, 1, c, 0, 0, 3);
        if (p.dtype == org.jconv.DType.FLOAT32) {
            java.util.Arrays.fill(ws.rowsF[p.inSp], (float) p.fill);
        } else {
            java.util.Arrays.fill(ws.rowsD[p.inSp], p.fill);
        }
        return ws;
    }

    @Override
    void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1) {
        Problem p = this.p;
        AxisMap a0 = p.axis[0];
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        int c = p.inChannels;
        int taps = p.kSp;
        int k1 = a1.k;
        int k2 = a2.k;
        float[][] pixels = ws.rowsF;
        float[] fillRow = pixels[p.inSp];
        float[] zeroRow = pixels[p.inSp + 1];
        float[] acc = ws.tileF[0];
        float[][] ops = ws.refsF;
        int rowsPerImage = a0.out * a1.out;
        int image = -1;
        for (int u = u0; u < u1; u++) {
            int n = u / rowsPerImage;
            int row = u % rowsPerImage;
            int i0 = row / a1.out;
            int i1 = row % a1.out;
            if (n != image) {
                image = n;
                for (int q = 0, src = inOff + n * p.inSp * c; q < p.inSp; q++, src += c) {
                    System.arraycopy(in, src, pixels[q], 0, c);
                }
            }
            int dst = outOff + ((n * a0.out + i0) * a1.out + i1) * a2.out * c;
            for (int i2 = 0; i2 < a2.out; i2++, dst += c) {
                if (biasF == null) {
                    java.util.Arrays.fill(acc, 0, c, 0f);
                } else {
                    System.arraycopy(biasF, 0, acc, 0, c);
                }
                for (int t0 = 0; t0 < taps; t0 += 3) {
                    int tb = Math.min(3, taps - t0);
                    for (int v = 0; v < tb; v++) {
                        int t = t0 + v;
                        int r2 = t % k2;
                        int r1 = (t / k2) % k1;
                        int r0 = t / (k2 * k1);
                        int s0 = a0.source(i0, r0);
                        int s1 = a1.source(i1, r1);
                        int s2 = a2.source(i2, r2);
                        if (s0 == AxisMap.BORDER || s1 == AxisMap.BORDER || s2 == AxisMap.BORDER) {
                            ops[v] = fillRow;
                        } else if ((s0 | s1 | s2) < 0) {
                            ops[v] = zeroRow;
                        } else {
                            ops[v] = pixels[(s0 * a1.n + s1) * a2.n + s2];
                        }
                    }
                    accumulateF(acc, wF, t0, ops, tb, c);
                }
                System.arraycopy(acc, 0, out, dst, c);
            }
        }
    }

    /** {@code acc[ch] += sum_{v < tb} w[t0 + v][ch] * ops[v][ch]}. */
    private static void accumulateF(float[] acc, float[][] w, int t0, float[][] ops, int tb, int c) {
        if (tb == 3) {
            float[] x0 = ops[0];
            float[] x1 = ops[1];
            float[] x2 = ops[2];
            float[] w0 = w[t0];
            float[] w1 = w[t0 + 1];
            float[] w2 = w[t0 + 2];
            for (int ch = 0; ch < c; ch++) {
                acc[ch] += w0[ch] * x0[ch] + w1[ch] * x1[ch] + w2[ch] * x2[ch];
            }
            return;
        }
        for (int v = 0; v < tb; v++) {
            float[] x = ops[v];
            float[] wv = w[t0 + v];
            for (int ch = 0; ch < c; ch++) {
                acc[ch] += wv[ch] * x[ch];
            }
        }
    }

    @Override
    void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1) {
        Problem p = this.p;
        AxisMap a0 = p.axis[0];
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        int c = p.inChannels;
        int taps = p.kSp;
        int k1 = a1.k;
        int k2 = a2.k;
        double[][] pixels = ws.rowsD;
        double[] fillRow = pixels[p.inSp];
        double[] zeroRow = pixels[p.inSp + 1];
        double[] acc = ws.tileD[0];
        double[][] ops = ws.refsD;
        int rowsPerImage = a0.out * a1.out;
        int image = -1;
        for (int u = u0; u < u1; u++) {
            int n = u / rowsPerImage;
            int row = u % rowsPerImage;
            int i0 = row / a1.out;
            int i1 = row % a1.out;
            if (n != image) {
                image = n;
                for (int q = 0, src = inOff + n * p.inSp * c; q < p.inSp; q++, src += c) {
                    System.arraycopy(in, src, pixels[q], 0, c);
                }
            }
            int dst = outOff + ((n * a0.out + i0) * a1.out + i1) * a2.out * c;
            for (int i2 = 0; i2 < a2.out; i2++, dst += c) {
                if (biasD == null) {
                    java.util.Arrays.fill(acc, 0, c, 0f);
                } else {
                    System.arraycopy(biasD, 0, acc, 0, c);
                }
                for (int t0 = 0; t0 < taps; t0 += 3) {
                    int tb = Math.min(3, taps - t0);
                    for (int v = 0; v < tb; v++) {
                        int t = t0 + v;
                        int r2 = t % k2;
                        int r1 = (t / k2) % k1;
                        int r0 = t / (k2 * k1);
                        int s0 = a0.source(i0, r0);
                        int s1 = a1.source(i1, r1);
                        int s2 = a2.source(i2, r2);
                        if (s0 == AxisMap.BORDER || s1 == AxisMap.BORDER || s2 == AxisMap.BORDER) {
                            ops[v] = fillRow;
                        } else if ((s0 | s1 | s2) < 0) {
                            ops[v] = zeroRow;
                        } else {
                            ops[v] = pixels[(s0 * a1.n + s1) * a2.n + s2];
                        }
                    }
                    accumulateD(acc, wD, t0, ops, tb, c);
                }
                System.arraycopy(acc, 0, out, dst, c);
            }
        }
    }

    /** {@code acc[ch] += sum_{v < tb} w[t0 + v][ch] * ops[v][ch]}. */
    private static void accumulateD(double[] acc, double[][] w, int t0, double[][] ops, int tb, int c) {
        if (tb == 3) {
            double[] x0 = ops[0];
            double[] x1 = ops[1];
            double[] x2 = ops[2];
            double[] w0 = w[t0];
            double[] w1 = w[t0 + 1];
            double[] w2 = w[t0 + 2];
            for (int ch = 0; ch < c; ch++) {
                acc[ch] += w0[ch] * x0[ch] + w1[ch] * x1[ch] + w2[ch] * x2[ch];
            }
            return;
        }
        for (int v = 0; v < tb; v++) {
            double[] x = ops[v];
            double[] wv = w[t0 + v];
            for (int ch = 0; ch < c; ch++) {
                acc[ch] += wv[ch] * x[ch];
            }
        }
    }
}
