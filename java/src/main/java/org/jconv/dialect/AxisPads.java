package org.jconv.dialect;

/**
 * The pads of one spatial axis, {@code (before, after)}, and every framework's rule for computing
 * them (SEMANTICS.md section 8). Rules are per axis, so they serve rank 1, 2 and 3 alike: a 2-D
 * dialect calls them once with {@code n = H, k = R} (top, bottom) and once with
 * {@code n = W, k = S} (left, right).
 *
 * <pre>{@code
 * AxisPads.tfSame(8, 3, 2, 1);     // (0, 1): TF/Keras 'SAME' puts the extra at the end
 * AxisPads.tfSame(7, 3, 2, 1);     // (1, 1)
 * AxisPads.scipySame(4, true);     // (2, 1): convolve2d 'same', even kernel: extra at the top/left
 * AxisPads.theanoHalf(8, 1);       // (4, 4): 'half' is symmetric, so an even kernel gives n + 1
 * AxisPads.causal(3, 2);           // (4, 0): Keras Conv1D 'causal' pads only the past
 * }</pre>
 *
 * @param before pad before the first sample (top, left)
 * @param after  pad after the last sample (bottom, right)
 */
public record AxisPads(int before, int after) {
    /** No padding. */
    public static final AxisPads NONE = new AxisPads(0, 0);

    /** Pads must be non-negative. */
    public AxisPads {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("pads must be >= 0, got (" + before + ", " + after + ")");
        }
    }

    /** {@code (p, p)}. */
    public static AxisPads symmetric(int p) {
        return new AxisPads(p, p);
    }

    /** Total padding {@code before + after}. */
    public int total() {
        return before + after;
    }

    /** The dilated kernel size {@code d(k-1)+1}. */
    public static long dilated(int k, int d) {
        return (long) d * (k - 1) + 1;
    }

    /**
     * TensorFlow / Keras 'SAME' (and ONNX SAME_UPPER), SEMANTICS.md section 4: {@code out = ceil(n/s)},
     * {@code total = max((out-1)s + (k-1)d + 1 - n, 0)}, before = floor(total/2), the extra at the end.
     */
    public static AxisPads tfSame(int n, int k, int s, int d) {
        long t = sameTotal(n, k, s, d);
        return new AxisPads(toInt(t / 2), toInt(t - t / 2));
    }

    /** ONNX SAME_LOWER, SEMANTICS.md section 6: the TF total with the extra at the beginning. */
    public static AxisPads onnxSameLower(int n, int k, int s, int d) {
        long t = sameTotal(n, k, s, d);
        return new AxisPads(toInt(t - t / 2), toInt(t / 2));
    }

    /** {@code T(n, k, s, d)} of SEMANTICS.md section 8; a negative total (only when dk &lt; s) counts as 0. */
    public static long sameTotal(int n, int k, int s, int d) {
        long out = ((long) n + s - 1) / s;
        return Math.max((out - 1) * s + dilated(k, d) - n, 0);
    }

    /**
     * PyTorch {@code padding='same'} (stride 1 only), SEMANTICS.md section 3: total {@code d(k-1)},
     * before = floor(total/2), the extra at the end.
     */
    public static AxisPads torchSame(int k, int d) {
        long t = dilated(k, d) - 1;
        return new AxisPads(toInt(t / 2), toInt(t - t / 2));
    }

    /** Theano 'half', SEMANTICS.md section 5: {@code (floor(dk/2), floor(dk/2))}, symmetric even for even dk. */
    public static AxisPads theanoHalf(int k, int d) {
        return symmetric(toInt(dilated(k, d) / 2));
    }

    /**
     * Keras Conv1D {@code padding='causal'}, SEMANTICS.md section 3.1: {@code (d(k-1), 0)}, all on the
     * left, then 'valid': output {@code j} reads samples {@code j*s - d(k-1) .. j*s} only, never a later one.
     */
    public static AxisPads causal(int k, int d) {
        return new AxisPads(toInt(dilated(k, d) - 1), 0);
    }

    /** 'full' (scipy, Theano): {@code (dk-1, dk-1)}: every output that touches the input. */
    public static AxisPads full(int k, int d) {
        return symmetric(toInt(dilated(k, d) - 1));
    }

    /**
     * scipy 'same', SEMANTICS.md section 2, of the (already flipped) kernel: convolve2d
     * {@code (floor(k/2), floor((k-1)/2))} (extra at the top/left), correlate2d
     * {@code (floor((k-1)/2), floor(k/2))} (extra at the bottom/right).
     */
    public static AxisPads scipySame(int k, boolean convolve) {
        return convolve ? new AxisPads(k / 2, (k - 1) / 2) : new AxisPads((k - 1) / 2, k / 2);
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pad " + v + " exceeds " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** Splits per-axis pads into the {@code (before[], after[])} arrays of {@code ConvSpec.Builder.pads}. */
    static int[][] split(AxisPads[] axes) {
        int[] b = new int[axes.length];
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            b[i] = axes[i].before;
            a[i] = axes[i].after;
        }
        return new int[][] {b, a};
    }

    @Override
    public String toString() {
        return "(" + before + ", " + after + ")";
    }
}
