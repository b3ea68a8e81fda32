package org.jconv.backend.pure;

/**
 * "direct-small": problems too small for blocking to pay (at most {@link #MAX_MACS}
 * multiply-adds, rank 1 or 2, any channels, strides and borders), where the cost of a run is its
 * fixed overhead, not its arithmetic. Each input channel plane is extended by its pads once into
 * the workspace (border rule, fill and inserted zeros resolved there), then plain loops add
 * {@code w * plane[...]} tap by tap into one output row, with no border test and no copies. The 8x8 image of
 * the seed example runs in well under a microsecond this way, against about two through the
 * streaming loop of {@link DirectImage}.
 *
 * <pre>{@code
 * SmallDirect.INSTANCE.applies(problem);   // macs <= 32768, rank <= 2
 * }</pre>
 */
final class SmallDirect implements Algorithm {
    static final SmallDirect INSTANCE = new SmallDirect();
    /** Up to this many multiply-adds a problem counts as small. */
    static final long MAX_MACS = 1L << 15;

    private SmallDirect() {
    }

    @Override
    public String name() {
        return "direct-small";
    }

    @Override
    public boolean applies(Problem p) {
        if (!p.planar() || p.geometry.macs() > MAX_MACS) {
            return false;
        }
        AxisMap a1 = p.axis[1];
        AxisMap a2 = p.axis[2];
        long plane = span(a1) * span(a2);
        return plane * p.cg <= 1 << 16;
    }

    /** Padded coordinates read on an axis: those of the last output's last tap, plus one. */
    static long span(AxisMap a) {
        return (long) (a.out - 1) * a.stride + (long) (a.k - 1) * a.dilation + 1;
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return new Run(p, w);
    }

    private static final class Run extends Engine {
        private final float[] wF;
        private final double[] wD;
        private final float[] biasF;
        private final double[] biasD;
        private final int h;
        private final int wd;
        /** Per axis, the sample (or BORDER / ZERO) at each padded coordinate. */
        private final int[] src1;
        private final int[] src2;

        Run(Problem p, Weights w) {
            super(p);
            wF = w.canonicalF;
            wD = w.canonicalD;
            biasF = w.biasF;
            biasD = w.biasD;
            AxisMap a1 = p.axis[1];
            AxisMap a2 = p.axis[2];
            h = (int) span(a1);
            wd = (int) span(a2);
            src1 = new int[h];
            src2 = new int[wd];
            for (int u = 0; u < h; u++) {
                src1[u] = a1.sourceOf((long) u - a1.padBefore);
            }
            for (int u = 0; u < wd; u++) {
                src2[u] = a2.sourceOf((long) u - a2.padBefore);
            }
        }

        @Override
        int units() {
            return p.batch * p.groups;
        }

        @Override
        Workspace newWorkspace() {
            return Workspace.of(p, p.cg, h * wd, 1, p.axis[2].out, 0, 0);
        }

        @Override
        void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1) {
            Problem p = this.p;
            AxisMap a1 = p.axis[1];
            AxisMap a2 = p.axis[2];
            float fill = (float) p.fill;
            float[][] planes = ws.rowsF;
            int cIn = p.inChannels;
            int cOut = p.outChannels;
            // channels first: channel stride inSp, pixel stride 1; channels last: the reverse
            int chStride = p.channelsLast ? 1 : p.inSp;
            int pxStride = p.channelsLast ? cIn : 1;
            int outChStride = p.channelsLast ? 1 : p.outSp;
            int outPxStride = p.channelsLast ? cOut : 1;
            int k1 = a1.k;
            int k2 = a2.k;
            int s1 = a1.stride * wd;
            int s2 = a2.stride;
            int d1 = a1.dilation * wd;
            int d2 = a2.dilation;
            for (int u = u0; u < u1; u++) {
                int n = u / p.groups;
                int g = u % p.groups;
                for (int c = 0; c < p.cg; c++) {
                    float[] plane = planes[c];
                    int base = inOff + n * cIn * p.inSp + (g * p.cg + c) * chStride;
                    for (int y = 0, d = 0; y < h; y++) {
                        int v1 = src1[y];
                        for (int x = 0; x < wd; x++, d++) {
                            int v2 = src2[x];
                            if (v1 == AxisMap.BORDER || v2 == AxisMap.BORDER) {
                                plane[d] = fill;
                            } else if ((v1 | v2) < 0) {
                                plane[d] = 0f;
                            } else {
                                plane[d] = in[base + (v1 * a2.n + v2) * pxStride];
                            }
                        }
                    }
                }
                float[] acc = ws.tileF[0];
                int out2 = a2.out;
                for (int m = 0; m < p.og; m++) {
                    int o = g * p.og + m;
                    int w0 = o * p.cg * p.kSp;
                    float b = biasF == null ? 0f : biasF[o];
                    int dst = outOff + n * cOut * p.outSp + o * outChStride;
                    for (int i1 = 0; i1 < a1.out; i1++) {
                        // one output row at a time, tap by tap: independent sums, no add-latency chain
                        java.util.Arrays.fill(acc, 0, out2, b);
                        for (int c = 0, wc = w0; c < p.cg; c++) {
                            float[] plane = planes[c];
                            for (int r1 = 0, row = i1 * s1; r1 < k1; r1++, row += d1) {
                                for (int r2 = 0, x = row; r2 < k2; r2++, x += d2, wc++) {
                                    float wv = wF[wc];
                                    for (int i2 = 0, xi = x; i2 < out2; i2++, xi += s2) {
                                        acc[i2] += wv * plane[xi];
                                    }
                                }
                            }
                        }
                        for (int i2 = 0, q = dst + i1 * out2 * outPxStride; i2 < out2; i2++, q += outPxStride) {
                            out[q] = acc[i2];
                        }
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
            double[][] planes = ws.rowsD;
            int cIn = p.inChannels;
            int cOut = p.outChannels;
            // channels first: channel stride inSp, pixel stride 1; channels last: the reverse
            int chStride = p.channelsLast ? 1 : p.inSp;
            int pxStride = p.channelsLast ? cIn : 1;
            int outChStride = p.channelsLast ? 1 : p.outSp;
            int outPxStride = p.channelsLast ? cOut : 1;
            int k1 = a1.k;
            int k2 = a2.k;
            int s1 = a1.stride * wd;
            int s2 = a2.stride;
            int d1 = a1.dilation * wd;
            int d2 = a2.dilation;
            for (int u = u0; u < u1; u++) {
                int n = u / p.groups;
                int g = u % p.groups;
                for (int c = 0; c < p.cg; c++) {
                    double[] plane = planes[c];
                    int base = inOff + n * cIn * p.inSp + (g * p.cg + c) * chStride;
                    for (int y = 0, d = 0; y < h; y++) {
                        int v1 = src1[y];
                        for (int x = 0; x < wd; x++, d++) {
                            int v2 = src2[x];
                            if (v1 == AxisMap.BORDER || v2 == AxisMap.BORDER) {
                                plane[d] = fill;
                            } else if ((v1 | v2) < 0) {
                                plane[d] = 0f;
                            } else {
                                plane[d] = in[base + (v1 * a2.n + v2) * pxStride];
                            }
                        }
                    }
                }
                double[] acc = ws.tileD[0];
                int out2 = a2.out;
                for (int m = 0; m < p.og; m++) {
                    int o = g * p.og + m;
                    int w0 = o * p.cg * p.kSp;
                    double b = biasD == null ? 0f : biasD[o];
                    int dst = outOff + n * cOut * p.outSp + o * outChStride;
                    for (int i1 = 0; i1 < a1.out; i1++) {
                        // one output row at a time, tap by tap: independent sums, no add-latency chain
                        java.util.Arrays.fill(acc, 0, out2, b);
                        for (int c = 0, wc = w0; c < p.cg; c++) {
                            double[] plane = planes[c];
                            for (int r1 = 0, row = i1 * s1; r1 < k1; r1++, row += d1) {
                                for (int r2 = 0, x = row; r2 < k2; r2++, x += d2, wc++) {
                                    double wv = wD[wc];
                                    for (int i2 = 0, xi = x; i2 < out2; i2++, xi += s2) {
                                        acc[i2] += wv * plane[xi];
                                    }
                                }
                            }
                        }
                        for (int i2 = 0, q = dst + i1 * out2 * outPxStride; i2 < out2; i2++, q += outPxStride) {
                            out[q] = acc[i2];
                        }
                    }
                }
            }
        }
    }
}
