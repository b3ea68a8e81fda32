package org.jconv.backend.pure;

/**
 * Builds rows of the im2col matrix: for one input channel plane and one kernel tap, the values
 * the output pixels {@code [p0, p1)} multiply by that tap's weight, with the border rule, the
 * constant fill and inserted zeros resolved by the {@link AxisMap} tables. Every row is written
 * from index 0 of its own array, because C2 (JDK 17) vectorises a loop only when all its arrays
 * are indexed alike ({@code c[j] += a * b[j]}); rows at offsets inside one big array would leave
 * the GEMM scalar.
 *
 * <p>Interior stretches are copied with {@code System.arraycopy} (or a strided loop), only the
 * border outputs go through the tables. With unit strides and 'same'-width rows
 * ({@link Problem#contiguousRows()}) the interior of many output rows is a single copy.
 *
 * <pre>{@code
 * float[] row = new float[p1 - p0];
 * Im2col.rowF(problem, x, channel * problem.inSp, tap, p0, p1, row, (float) problem.fill);
 * }</pre>
 */
final class Im2col {
    private Im2col() {
    }

    /**
     * {@code dst[p - p0]} = the input value output pixel p (flat over the output axes) reads at
     * kernel tap {@code t} (flat over the kernel axes), for p in {@code [p0, p1)}; the channel plane
     * starts at {@code x[plane]} (channels first).
     */
    static void rowF(Problem pr, float[] x, int plane, int t, int p0, int p1, float[] dst, float fill) {
        AxisMap a0 = pr.axis[0];
        AxisMap a1 = pr.axis[1];
        AxisMap a2 = pr.axis[2];
        int r2 = t % a2.k;
        int r1 = (t / a2.k) % a1.k;
        int r0 = t / (a2.k * a1.k);
        int out1 = a1.out;
        int out2 = a2.out;
        int lo1 = a1.lo(r1);
        int hi1 = a1.hi(r1);
        int lo2 = a2.lo(r2);
        int hi2 = a2.hi(r2);
        boolean bulk = pr.contiguousRows() && lo2 < hi2;
        int p = p0;
        while (p < p1) {
            int i2 = p % out2;
            int row = p / out2;
            int i1 = row % out1;
            int i0 = row / out1;
            int rowStart = p - i2;
            int s0 = a0.source(i0, r0);
            if (bulk && s0 >= 0 && i1 >= lo1 && i1 < hi1) {
                // Output rows i1 .. hi1-1 read consecutive input rows, and an output row is as wide as
                // an input row: pixel q reads x[q + delta]. One copy, then the border columns.
                int runEnd = (int) Math.min(p1, rowStart + (long) (hi1 - i1) * out2);
                int delta = plane + (s0 * a1.n + a1.direct(i1, r1)) * a2.n + a2.direct(0, r2) - rowStart;
                int q0 = i2 < lo2 ? rowStart + lo2 : i2 < hi2 ? p : rowStart + out2 + lo2;
                int last = runEnd - 1;
                int ie = last % out2;
                int q1 = ie >= hi2 ? last - ie + hi2 : ie >= lo2 ? runEnd : last - ie - out2 + hi2;
                if (q0 < q1) {
                    System.arraycopy(x, q0 + delta, dst, q0 - p0, q1 - q0);
                }
                for (int rs = rowStart; rs < runEnd; rs += out2) {
                    int rowBase = plane + (s0 * a1.n + a1.direct(i1 + (rs - rowStart) / out2, r1)) * a2.n;
                    int from = Math.max(p, rs);
                    int to = Math.min(runEnd, rs + lo2);
                    if (from < to) {
                        segmentF(a2, r2, x, rowBase, from - rs, to - rs, dst, from - p0, fill);
                    }
                    from = Math.max(p, rs + hi2);
                    to = Math.min(runEnd, rs + out2);
                    if (from < to) {
                        segmentF(a2, r2, x, rowBase, from - rs, to - rs, dst, from - p0, fill);
                    }
                }
                p = runEnd;
                continue;
            }
            int end = Math.min(p1, rowStart + out2);
            int s1 = a1.source(i1, r1);
            if (s0 == AxisMap.BORDER || s1 == AxisMap.BORDER) {
                java.util.Arrays.fill(dst, p - p0, end - p0, fill);
            } else if (s0 == AxisMap.ZERO || s1 == AxisMap.ZERO) {
                zeroRowF(a2, r2, i2, i2 + end - p, dst, p - p0, fill);
            } else {
                segmentF(a2, r2, x, plane + (s0 * a1.n + s1) * a2.n, i2, i2 + end - p, dst, p - p0, fill);
            }
            p = end;
        }
    }

    /**
     * {@code dst[d + j - j0]} = the value output j of axis 2 reads at tap r2 in the input row that
     * starts at {@code x[rowBase]}, for j in {@code [j0, j1)}.
     */
    static void segmentF(AxisMap a2, int r2, float[] x, int rowBase, int j0, int j1, float[] dst, int d, float fill) {
        int lo = a2.lo(r2);
        int hi = a2.hi(r2);
        int e = Math.min(j1, lo);
        for (int j = j0; j < e; j++) {
            dst[d + j - j0] = tableF(a2, r2, x, rowBase, j, fill);
        }
        int m0 = Math.max(j0, lo);
        int m1 = Math.min(j1, hi);
        if (m0 < m1) {
            int src = rowBase + a2.direct(m0, r2);
            int s = a2.stride;
            if (s == 1) {
                System.arraycopy(x, src, dst, d + m0 - j0, m1 - m0);
            } else {
                for (int j = d + m0 - j0, jEnd = d + m1 - j0; j < jEnd; j++, src += s) {
                    dst[j] = x[src];
                }
            }
        }
        for (int j = Math.max(j0, hi); j < j1; j++) {
            dst[d + j - j0] = tableF(a2, r2, x, rowBase, j, fill);
        }
    }

    private static float tableF(AxisMap a2, int r2, float[] x, int rowBase, int j, float fill) {
        int v = a2.source(j, r2);
        return v >= 0 ? x[rowBase + v] : v == AxisMap.BORDER ? fill : 0f;
    }

    /** A row of inserted zeros: 0, except where axis 2 reads the constant border. */
    static void zeroRowF(AxisMap a2, int r2, int j0, int j1, float[] dst, int d, float fill) {
        for (int j = j0; j < j1; j++) {
            dst[d + j - j0] = a2.source(j, r2) == AxisMap.BORDER ? fill : 0f;
        }
    }

    /**
     * {@code dst[p - p0]} = the input value output pixel p (flat over the output axes) reads at
     * kernel tap {@code t} (flat over the kernel axes), for p in {@code [p0, p1)}; the channel plane
     * starts at {@code x[plane]} (channels first).
     */
    static void rowD(Problem pr, double[] x, int plane, int t, int p0, int p1, double[] dst, double fill) {
        AxisMap a0 = pr.axis[0];
        AxisMap a1 = pr.axis[1];
        AxisMap a2 = pr.axis[2];
        int r2 = t % a2.k;
        int r1 = (t / a2.k) % a1.k;
        int r0 = t / (a2.k * a1.k);
        int out1 = a1.out;
        int out2 = a2.out;
        int lo1 = a1.lo(r1);
        int hi1 = a1.hi(r1);
        int lo2 = a2.lo(r2);
        int hi2 = a2.hi(r2);
        boolean bulk = pr.contiguousRows() && lo2 < hi2;
        int p = p0;
        while (p < p1) {
            int i2 = p % out2;
            int row = p / out2;
            int i1 = row % out1;
            int i0 = row / out1;
            int rowStart = p - i2;
            int s0 = a0.source(i0, r0);
            if (bulk && s0 >= 0 && i1 >= lo1 && i1 < hi1) {
                // Output rows i1 .. hi1-1 read consecutive input rows, and an output row is as wide as
                // an input row: pixel q reads x[q + delta]. One copy, then the border columns.
                int runEnd = (int) Math.min(p1, rowStart + (long) (hi1 - i1) * out2);
                int delta = plane + (s0 * a1.n + a1.direct(i1, r1)) * a2.n + a2.direct(0, r2) - rowStart;
                int q0 = i2 < lo2 ? rowStart + lo2 : i2 < hi2 ? p : rowStart + out2 + lo2;
                int last = runEnd - 1;
                int ie = last % out2;
                int q1 = ie >= hi2 ? last - ie + hi2 : ie >= lo2 ? runEnd : last - ie - out2 + hi2;
                if (q0 < q1) {
                    System.arraycopy(x, q0 + delta, dst, q0 - p0, q1 - q0);
                }
                for (int rs = rowStart; rs < runEnd; rs += out2) {
                    int rowBase = plane + (s0 * a1.n + a1.direct(i1 + (rs - rowStart) / out2, r1)) * a2.n;
                    int from = Math.max(p, rs);
                    int to = Math.min(runEnd, rs + lo2);
                    if (from < to) {
                        segmentD(a2, r2, x, rowBase, from - rs, to - rs, dst, from - p0, fill);
                    }
                    from = Math.max(p, rs + hi2);
                    to = Math.min(runEnd, rs + out2);
                    if (from < to) {
                        segmentD(a2, r2, x, rowBase, from - rs, to - rs, dst, from - p0, fill);
                    }
                }
                p = runEnd;
                continue;
            }
            int end = Math.min(p1, rowStart + out2);
            int s1 = a1.source(i1, r1);
            if (s0 == AxisMap.BORDER || s1 == AxisMap.BORDER) {
                java.util.Arrays.fill(dst, p - p0, end - p0, fill);
            } else if (s0 == AxisMap.ZERO || s1 == AxisMap.ZERO) {
                zeroRowD(a2, r2, i2, i2 + end - p, dst, p - p0, fill);
            } else {
                segmentD(a2, r2, x, plane + (s0 * a1.n + s1) * a2.n, i2, i2 + end - p, dst, p - p0, fill);
            }
            p = end;
        }
    }

    /**
     * {@code dst[d + j - j0]} = the value output j of axis 2 reads at tap r2 in the input row that
     * starts at {@code x[rowBase]}, for j in {@code [j0, j1)}.
     */
    static void segmentD(AxisMap a2, int r2, double[] x, int rowBase, int j0, int j1, double[] dst, int d, double fill) {
        int lo = a2.lo(r2);
        int hi = a2.hi(r2);
        int e = Math.min(j1, lo);
        for (int j = j0; j < e; j++) {
            dst[d + j - j0] = tableD(a2, r2, x, rowBase, j, fill);
        }
        int m0 = Math.max(j0, lo);
        int m1 = Math.min(j1, hi);
        if (m0 < m1) {
            int src = rowBase + a2.direct(m0, r2);
            int s = a2.stride;
            if (s == 1) {
                System.arraycopy(x, src, dst, d + m0 - j0, m1 - m0);
            } else {
                for (int j = d + m0 - j0, jEnd = d + m1 - j0; j < jEnd; j++, src += s) {
                    dst[j] = x[src];
                }
            }
        }
        for (int j = Math.max(j0, hi); j < j1; j++) {
            dst[d + j - j0] = tableD(a2, r2, x, rowBase, j, fill);
        }
    }

    private static double tableD(AxisMap a2, int r2, double[] x, int rowBase, int j, double fill) {
        int v = a2.source(j, r2);
        return v >= 0 ? x[rowBase + v] : v == AxisMap.BORDER ? fill : 0f;
    }

    /** A row of inserted zeros: 0, except where axis 2 reads the constant border. */
    static void zeroRowD(AxisMap a2, int r2, int j0, int j1, double[] dst, int d, double fill) {
        for (int j = j0; j < j1; j++) {
            dst[d + j - j0] = a2.source(j, r2) == AxisMap.BORDER ? fill : 0f;
        }
    }
}
