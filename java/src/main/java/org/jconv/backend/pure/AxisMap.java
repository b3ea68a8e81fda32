package org.jconv.backend.pure;

import org.jconv.spec.BorderMode;

/**
 * One spatial axis of a convolution, resolved once per plan: which input sample every (output
 * position, tap) pair reads. Output {@code i} with tap {@code r} reads coordinate
 * {@code i*stride + r*dilation - padBefore} of the input extended by the pads (and, with an input
 * dilation, with zeros between samples); this table says which sample that is, or that it is the
 * constant border ({@link #BORDER}) or an inserted zero ({@link #ZERO}).
 *
 * <p>Besides the table, each tap has its <em>interior</em>: the outputs {@code [lo, hi)} that read
 * sample {@code i*stride + r*dilation - padBefore} itself, so a gather can copy them without a
 * lookup and handle only the few outputs outside through the table.
 *
 * <pre>{@code
 * AxisMap a = AxisMap.of(5, 3, 1, 1, 1, 1, 1, BorderMode.REFLECT);   // n 5, k 3, pads 1/1
 * a.source(0, 0);   // 1: coordinate -1 mirrors to sample 1
 * a.lo(0);          // 1: outputs from 1 on read their sample directly for tap 0
 * }</pre>
 */
final class AxisMap {
    /** Table mark: the constant border value (also the zero padding of a transposed convolution). */
    static final int BORDER = -1;
    /** Table mark: one of the zeros an input dilation inserts between samples. */
    static final int ZERO = -2;

    final int n;
    final int k;
    final int padBefore;
    final int stride;
    final int dilation;
    final int inputDilation;
    final int out;
    private final BorderMode border;
    /** Largest (outputs x taps) table kept; longer axes compute each entry when asked. */
    static final long MAX_TABLE = 1L << 22;

    /**
     * {@code src[i * k + r]}: the sample read by output i at tap r, or BORDER / ZERO; null for an
     * axis with more than {@link #MAX_TABLE} pairs (a 1-D correlation of two long signals would need
     * billions), whose entries are computed on demand.
     */
    private final int[] src;
    private final int[] lo;
    private final int[] hi;

    private AxisMap(int n, int k, int padBefore, int stride, int dilation, int inputDilation, int out,
            BorderMode border) {
        this.n = n;
        this.k = k;
        this.padBefore = padBefore;
        this.stride = stride;
        this.dilation = dilation;
        this.inputDilation = inputDilation;
        this.out = out;
        this.border = border;
        this.src = (long) out * k <= MAX_TABLE ? new int[out * k] : null;
        this.lo = new int[k];
        this.hi = new int[k];
        for (int r = 0; r < k; r++) {
            for (int i = 0; src != null && i < out; i++) {
                src[i * k + r] = sourceOf(coordinate(i, r));
            }
            if (inputDilation == 1) {
                // 0 <= i*s + off < n  <=>  ceil(-off / s) <= i <= floor((n - 1 - off) / s)
                long off = (long) r * dilation - padBefore;
                long l = Math.max(0, ceilDiv(-off, stride));
                long h = Math.min(out, Math.floorDiv(n - 1 - off, stride) + 1);
                lo[r] = (int) Math.min(l, out);
                hi[r] = (int) Math.max(lo[r], h);
            }
            // with inserted zeros there is no run of direct reads: lo == hi == 0, all through the table
        }
    }

    /** An axis of {@code n} samples, kernel {@code k}, giving {@code out} outputs. */
    static AxisMap of(int n, int k, int padBefore, int stride, int dilation, int inputDilation, int out,
            BorderMode border) {
        return new AxisMap(n, k, padBefore, stride, dilation, inputDilation, out, border);
    }

    /** A unit axis: one sample, one tap, one output (lower ranks are embedded in three axes). */
    static AxisMap unit() {
        return new AxisMap(1, 1, 0, 1, 1, 1, 1, BorderMode.CONSTANT);
    }

    /** The coordinate (in the padded, input-dilated axis, 0 = first sample) output i reads at tap r. */
    long coordinate(int i, int r) {
        return (long) i * stride + (long) r * dilation - padBefore;
    }

    /** The sample at coordinate {@code pos}, or BORDER / ZERO; the border rule of numpy.pad. */
    int sourceOf(long pos) {
        long dilatedLength = (long) (n - 1) * inputDilation + 1;
        if (pos >= 0 && pos < dilatedLength) {
            return pos % inputDilation == 0 ? (int) (pos / inputDilation) : ZERO;
        }
        int s = border.sourceIndex(pos, n);
        return s < 0 ? BORDER : s;
    }

    /** The sample output i reads at tap r, or BORDER / ZERO. */
    int source(int i, int r) {
        return src != null ? src[i * k + r] : sourceOf(coordinate(i, r));
    }

    /** First output whose tap r reads its sample directly (sample {@code i*stride + r*dilation - padBefore}). */
    int lo(int r) {
        return lo[r];
    }

    /** One past the last such output; {@code lo(r) <= hi(r)}, and the outputs outside read through the table. */
    int hi(int r) {
        return hi[r];
    }

    /** The direct sample index of output i at tap r, valid for {@code lo(r) <= i < hi(r)}. */
    int direct(int i, int r) {
        return (int) coordinate(i, r);
    }

    /** True when no output reads a border or an inserted zero at any tap. */
    boolean allInterior() {
        for (int r = 0; r < k; r++) {
            if (lo[r] != 0 || hi[r] != out) {
                return false;
            }
        }
        return true;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
