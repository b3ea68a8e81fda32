package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.testing.Comparison;

/**
 * The definitions of SEMANTICS.md written out term by term, in float64, for any spatial rank, on
 * channels-first arrays: the transposed convolution as the scatter the references compute (section
 * 3.1), and the ordinary zero-padded cross-correlation (section 1). They share nothing with the
 * dialects (no pads, heads or layouts are computed here: the caller passes them, computed from the
 * systems' rules in the test) nor with the backends (no input dilation, no offset tables). Slow; for
 * small problems.
 *
 * <pre>{@code
 * Tensor y = Definitions.scatter(x, w, null, 1, new int[] {2}, new int[] {1}, new int[] {1}, new int[] {8});
 * }</pre>
 */
final class Definitions {
    private Definitions() {
    }

    /**
     * Transposed convolution by its definition: {@code full[i*s + r*d] += x[i] * w[r]} per axis, then
     * {@code y[o] = full[o + head]} for {@code 0 <= o < out} (positions outside the scatter are 0), plus bias.
     *
     * @param x [N, C_in, n...]
     * @param w [C_in, C_out/groups, k...] (torch's and ONNX's layout)
     * @return [N, C_out, out...] in float64
     */
    static Tensor scatter(Tensor x, Tensor w, Tensor bias, int groups, int[] s, int[] d, int[] head, int[] out) {
        int r = s.length;
        int batch = x.shape(0);
        int cin = x.shape(1);
        int cinG = cin / groups;
        int coutG = w.shape(1);
        int cout = coutG * groups;
        int[] xShape = x.shape();
        int[] wShape = w.shape();
        int[] yShape = new int[r + 2];
        yShape[0] = batch;
        yShape[1] = cout;
        System.arraycopy(out, 0, yShape, 2, r);
        double[] y = new double[(int) Tensor.elementCount(yShape)];
        int[] yi = new int[r + 2];
        for (int xf = 0; xf < x.size(); xf++) {
            int[] xi = Comparison.coordinates(xShape, xf); // [n, ci, i...]
            int g = xi[1] / cinG;
            for (int wf = 0; wf < w.size(); wf++) {
                int[] wi = Comparison.coordinates(wShape, wf); // [ci, co, t...]
                if (wi[0] != xi[1]) {
                    continue;
                }
                boolean inside = true;
                for (int a = 0; a < r && inside; a++) {
                    int pos = xi[a + 2] * s[a] + wi[a + 2] * d[a] - head[a];
                    inside = pos >= 0 && pos < out[a];
                    yi[a + 2] = pos;
                }
                if (!inside) {
                    continue;
                }
                yi[0] = xi[0];
                yi[1] = g * coutG + wi[1];
                y[flat(yShape, yi)] += x.get(xf) * w.get(wf);
            }
        }
        return withBias(y, yShape, bias);
    }

    /**
     * Cross-correlation with zero pads: {@code y[n, o, i...] = b[o] + sum_c sum_t x~[n, g*C/G + c, i*s + t*d] * w[o, c, t]}.
     *
     * @param x [N, C, n...]
     * @param w [O, C/groups, k...]
     * @return [N, O, out...] in float64
     */
    static Tensor correlate(Tensor x, Tensor w, Tensor bias, int groups, int[] before, int[] after, int[] s, int[] d) {
        int r = s.length;
        int batch = x.shape(0);
        int c = x.shape(1);
        int o = w.shape(0);
        int cg = c / groups;
        int og = o / groups;
        int[] yShape = new int[r + 2];
        yShape[0] = batch;
        yShape[1] = o;
        for (int a = 0; a < r; a++) {
            int dk = d[a] * (w.shape(a + 2) - 1) + 1;
            yShape[a + 2] = (x.shape(a + 2) + before[a] + after[a] - dk) / s[a] + 1;
        }
        double[] y = new double[(int) Tensor.elementCount(yShape)];
        int[] wShape = w.shape();
        int[] xi = new int[r + 2];
        for (int yf = 0; yf < y.length; yf++) {
            int[] yi = Comparison.coordinates(yShape, yf);
            double acc = 0;
            for (int wf = 0; wf < w.size(); wf++) {
                int[] wi = Comparison.coordinates(wShape, wf); // [o, c, t...]
                if (wi[0] != yi[1]) {
                    continue;
                }
                boolean inside = true;
                for (int a = 0; a < r && inside; a++) {
                    int pos = yi[a + 2] * s[a] + wi[a + 2] * d[a] - before[a];
                    inside = pos >= 0 && pos < x.shape(a + 2);
                    xi[a + 2] = pos;
                }
                if (inside) {
                    xi[0] = yi[0];
                    xi[1] = (yi[1] / og) * cg + wi[1];
                    acc += x.get(flat(x.shape(), xi)) * w.get(wf);
                }
            }
            y[yf] = acc;
        }
        return withBias(y, yShape, bias);
    }

    private static Tensor withBias(double[] y, int[] shape, Tensor bias) {
        if (bias != null) {
            int per = 1;
            for (int a = 2; a < shape.length; a++) {
                per *= shape[a];
            }
            for (int f = 0; f < y.length; f++) {
                y[f] += bias.get((f / per) % shape[1]);
            }
        }
        return Tensor.of(y, shape);
    }

    private static int flat(int[] shape, int[] idx) {
        int f = 0;
        for (int a = 0; a < shape.length; a++) {
            f = f * shape[a] + idx[a];
        }
        return f;
    }
}
