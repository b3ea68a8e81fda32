package org.jconv.backend.pure;

/**
 * The multiply-accumulate kernels: {@code c[r][j] += sum_k a[aOff + r*lda + k] * b[k][j]}, the
 * GEMM of im2col with the output tile ({@code c}, one array per output channel) and the im2col
 * rows ({@code b}, one array per row) each starting at index 0.
 *
 * <p>Why this shape: C2 (JDK 17) auto-vectorises {@code c[j] += w * b[j]} when every array in the
 * loop is indexed by the same {@code j}, and gives up as soon as one is offset ({@code b[j + off]}:
 * measured 6 GFLOPS instead of 35-50 on this machine's AVX-512). It also keeps no vector in a
 * register across iterations of an outer loop, so the kernel's cost is its loads and stores: four
 * output rows share each load of {@code b[k][j]} (one load of b, four loads and four stores of c per
 * four multiply-adds). Wider blocks (six or eight rows, or two k per pass) exceed C2's unrolling
 * budget ({@code LoopUnrollLimit}) and are not vectorised at all; those were measured at 9-13
 * GFLOPS. Rows left over after the blocks of four use a one-row kernel that takes four k per pass.
 * The weights are packed once per plan ({@link #packF}) so the kernel has few live values.
 *
 * <p>Every product is computed, zeros included: 0 * NaN must stay NaN, as in the definition.
 * float32 accumulates in float32 (mul, then add, each rounded: Java does not contract to FMA).
 *
 * <pre>{@code
 * float[] a = Gemm.packF(w, 1, 4, 9);            // W[4 x 9], once per plan
 * Gemm.accumulateF(a, 0, 9, 0, 4, col, 9, tile, 256); // tile[4 x 256] += W x col[9 x 256]
 * }</pre>
 */
final class Gemm {
    private Gemm() {
    }

    /**
     * The canonical kernel ({@code [G][Og][K]} row-major) packed for {@link #accumulateF}: per
     * group, each full panel of four output channels interleaved as {@code [K][4]}, so the four
     * weights of one k are adjacent; the remaining {@code Og % 4} rows stay row-major. Each group
     * keeps its {@code Og * K} span, so group g starts at {@code g * Og * K}.
     */
    static float[] packF(float[] w, int groups, int og, int k) {
        float[] packed = w.clone();
        int panels = og / 4;
        for (int g = 0; g < groups; g++) {
            int base = g * og * k;
            for (int q = 0; q < panels; q++) {
                int panel = base + q * 4 * k;
                for (int kk = 0; kk < k; kk++) {
                    for (int r = 0; r < 4; r++) {
                        packed[panel + 4 * kk + r] = w[panel + r * k + kk];
                    }
                }
            }
        }
        return packed;
    }

    /**
     * {@code c[r][j] += sum_{kk < kb} A[r][k0 + kk] * b[kk][j]} for {@code r < m}, {@code j < n},
     * where A is the {@code m x k} matrix packed by {@link #packF} at {@code a[aOff]}. {@code c}
     * and {@code b} rows hold at least {@code n} values.
     */
    static void accumulateF(float[] a, int aOff, int k, int k0, int m, float[][] b, int kb, float[][] c, int n) {
        int r = 0;
        for (; r + 3 < m; r += 4) {
            rows4F(a, aOff + r * k + 4 * k0, b, kb, c[r], c[r + 1], c[r + 2], c[r + 3], n);
        }
        for (; r < m; r++) {
            row1F(a, aOff + r * k + k0, b, kb, c[r], n);
        }
    }

    /**
     * Four output rows; the weights of k are {@code a[p + 4k .. p + 4k + 3]}. Few live values: an
     * unpacked A (four row offsets) made C2 spill the row pointers inside the j loop (27 instead of
     * 47 GFLOPS, measured).
     */
    private static void rows4F(float[] a, int p, float[][] b, int kb, float[] c0, float[] c1, float[] c2, float[] c3, int n) {
        for (int k = 0; k < kb; k++) {
            int q = p + 4 * k;
            float w0 = a[q];
            float w1 = a[q + 1];
            float w2 = a[q + 2];
            float w3 = a[q + 3];
            float[] bk = b[k];
            for (int j = 0; j < n; j++) {
                float x = bk[j];
                c0[j] += w0 * x;
                c1[j] += w1 * x;
                c2[j] += w2 * x;
                c3[j] += w3 * x;
            }
        }
    }

    /** One output row, four k per pass; the weights of k are {@code a[p + k]}. */
    private static void row1F(float[] a, int p, float[][] b, int kb, float[] c, int n) {
        int k = 0;
        for (; k + 3 < kb; k += 4) {
            float w0 = a[p + k];
            float w1 = a[p + k + 1];
            float w2 = a[p + k + 2];
            float w3 = a[p + k + 3];
            float[] b0 = b[k];
            float[] b1 = b[k + 1];
            float[] b2 = b[k + 2];
            float[] b3 = b[k + 3];
            for (int j = 0; j < n; j++) {
                c[j] += w0 * b0[j] + w1 * b1[j] + w2 * b2[j] + w3 * b3[j];
            }
        }
        for (; k < kb; k++) {
            float w = a[p + k];
            float[] bk = b[k];
            for (int j = 0; j < n; j++) {
                c[j] += w * bk[j];
            }
        }
    }

    /** {@code c[r][0..n) = bias[b0 + r]} (or 0 without bias) for {@code r < m}. */
    static void initF(float[][] c, int m, int n, float[] bias, int b0) {
        for (int r = 0; r < m; r++) {
            java.util.Arrays.fill(c[r], 0, n, bias == null ? 0f : bias[b0 + r]);
        }
    }

    /**
     * The canonical kernel ({@code [G][Og][K]} row-major) packed for {@link #accumulateD}: per
     * group, each full panel of four output channels interleaved as {@code [K][4]}, so the four
     * weights of one k are adjacent; the remaining {@code Og % 4} rows stay row-major. Each group
     * keeps its {@code Og * K} span, so group g starts at {@code g * Og * K}.
     */
    static double[] packD(double[] w, int groups, int og, int k) {
        double[] packed = w.clone();
        int panels = og / 4;
        for (int g = 0; g < groups; g++) {
            int base = g * og * k;
            for (int q = 0; q < panels; q++) {
                int panel = base + q * 4 * k;
                for (int kk = 0; kk < k; kk++) {
                    for (int r = 0; r < 4; r++) {
                        packed[panel + 4 * kk + r] = w[panel + r * k + kk];
                    }
                }
            }
        }
        return packed;
    }

    /**
     * {@code c[r][j] += sum_{kk < kb} A[r][k0 + kk] * b[kk][j]} for {@code r < m}, {@code j < n},
     * where A is the {@code m x k} matrix packed by {@link #packD} at {@code a[aOff]}. {@code c}
     * and {@code b} rows hold at least {@code n} values.
     */
    static void accumulateD(double[] a, int aOff, int k, int k0, int m, double[][] b, int kb, double[][] c, int n) {
        int r = 0;
        for (; r + 3 < m; r += 4) {
            rows4D(a, aOff + r * k + 4 * k0, b, kb, c[r], c[r + 1], c[r + 2], c[r + 3], n);
        }
        for (; r < m; r++) {
            row1D(a, aOff + r * k + k0, b, kb, c[r], n);
        }
    }

    /**
     * Four output rows; the weights of k are {@code a[p + 4k .. p + 4k + 3]}. Few live values: an
     * unpacked A (four row offsets) made C2 spill the row pointers inside the j loop (27 instead of
     * 47 GFLOPS, measured).
     */
    private static void rows4D(double[] a, int p, double[][] b, int kb, double[] c0, double[] c1, double[] c2, double[] c3, int n) {
        for (int k = 0; k < kb; k++) {
            int q = p + 4 * k;
            double w0 = a[q];
            double w1 = a[q + 1];
            double w2 = a[q + 2];
            double w3 = a[q + 3];
            double[] bk = b[k];
            for (int j = 0; j < n; j++) {
                double x = bk[j];
                c0[j] += w0 * x;
                c1[j] += w1 * x;
                c2[j] += w2 * x;
                c3[j] += w3 * x;
            }
        }
    }

    /** One output row, four k per pass; the weights of k are {@code a[p + k]}. */
    private static void row1D(double[] a, int p, double[][] b, int kb, double[] c, int n) {
        int k = 0;
        for (; k + 3 < kb; k += 4) {
            double w0 = a[p + k];
            double w1 = a[p + k + 1];
            double w2 = a[p + k + 2];
            double w3 = a[p + k + 3];
            double[] b0 = b[k];
            double[] b1 = b[k + 1];
            double[] b2 = b[k + 2];
            double[] b3 = b[k + 3];
            for (int j = 0; j < n; j++) {
                c[j] += w0 * b0[j] + w1 * b1[j] + w2 * b2[j] + w3 * b3[j];
            }
        }
        for (; k < kb; k++) {
            double w = a[p + k];
            double[] bk = b[k];
            for (int j = 0; j < n; j++) {
                c[j] += w * bk[j];
            }
        }
    }

    /** {@code c[r][0..n) = bias[b0 + r]} (or 0 without bias) for {@code r < m}. */
    static void initD(double[][] c, int m, int n, double[] bias, int b0) {
        for (int r = 0; r < m; r++) {
            java.util.Arrays.fill(c[r], 0, n, bias == null ? 0f : bias[b0 + r]);
        }
    }
}
