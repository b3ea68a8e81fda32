package org.jconv.testing;

import java.util.Arrays;
import org.jconv.spec.BorderMode;

/**
 * {@code numpy.pad} of one axis, re-implemented the way numpy builds it: the pad areas are filled
 * iteratively, each pass copying (mirroring, wrapping) a chunk of what is already filled, as in
 * {@code numpy/lib/_arraypad_impl.py} ({@code _set_reflect_both}, {@code _set_wrap_both}). It is
 * deliberately a different formulation from {@link BorderMode#sourceIndex}'s closed-form periodic
 * index, so the two can be checked against each other, and it is what the test reference
 * convolution pads with.
 *
 * <pre>{@code
 * int[] src = NumpyPad.sourceIndices(BorderMode.SYMMETRIC, 4, 2, 2);
 * // [1, 0, 0, 1, 2, 3, 3, 2]   (np.pad([1, 2, 3, 4], 2, 'symmetric') = [2 1 1 2 3 4 4 3])
 * }</pre>
 */
public final class NumpyPad {
    private NumpyPad() {
    }

    /**
     * The source index of every position of the padded axis: {@code np.pad(np.arange(n), (before,
     * after), mode)}, with -1 where the constant mode fills in.
     */
    public static int[] sourceIndices(BorderMode mode, int n, int before, int after) {
        if (n < 1 || before < 0 || after < 0) {
            throw new IllegalArgumentException("n " + n + ", before " + before + ", after " + after);
        }
        int len = before + n + after;
        int[] p = new int[len];
        for (int i = 0; i < n; i++) {
            p[before + i] = i;
        }
        switch (mode) {
            case CONSTANT:
                Arrays.fill(p, 0, before, -1);
                Arrays.fill(p, before + n, len, -1);
                break;
            case EDGE:
                Arrays.fill(p, 0, before, 0);
                Arrays.fill(p, before + n, len, n - 1);
                break;
            case CIRCULAR:
                wrap(p, n, before, after);
                break;
            case REFLECT:
            case SYMMETRIC:
                if (n == 1) {
                    // numpy's legacy rule for a singleton axis: extend it with its only value
                    Arrays.fill(p, 0);
                } else {
                    int[] lr = {before, after};
                    while (lr[0] > 0 || lr[1] > 0) {
                        reflectPass(p, n, lr, mode == BorderMode.SYMMETRIC);
                    }
                }
                break;
            default:
                throw new AssertionError(mode);
        }
        return p;
    }

    /** {@code np.pad(values, (before, after), mode, constant_values=fill)} of a 1-D array. */
    public static double[] pad(double[] values, BorderMode mode, double fill, int before, int after) {
        int[] src = sourceIndices(mode, values.length, before, after);
        double[] out = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] < 0 ? fill : values[src[i]];
        }
        return out;
    }

    /** One pass of numpy's {@code _set_reflect_both}; {@code lr} = remaining (left, right) pads, updated. */
    private static void reflectPass(int[] p, int n, int[] lr, boolean includeEdge) {
        int left = lr[0];
        int right = lr[1];
        int len = p.length;
        int oldLength = len - right - left;
        int edgeOffset;
        if (includeEdge) {
            oldLength = oldLength / n * n; // only whole periods of the original
            edgeOffset = 1;
        } else {
            oldLength = (oldLength - 1) / (n - 1) * (n - 1) + 1;
            edgeOffset = 0;
            oldLength -= 1; // the edge sample is not part of the chunk
        }
        if (left > 0) {
            int chunk = Math.min(oldLength, left);
            int stop = left - edgeOffset;
            int start = stop + chunk;
            // padded[start:stop:-1] -> padded[left - chunk : left]
            int[] tmp = new int[chunk];
            for (int t = 0; t < chunk; t++) {
                tmp[t] = p[start - t];
            }
            System.arraycopy(tmp, 0, p, left - chunk, chunk);
            left -= chunk;
        }
        if (right > 0) {
            int chunk = Math.min(oldLength, right);
            int start = len - right + edgeOffset - 2; // python's -right + edge_offset - 2
            int[] tmp = new int[chunk];
            for (int t = 0; t < chunk; t++) {
                tmp[t] = p[start - t];
            }
            System.arraycopy(tmp, 0, p, len - right, chunk);
            right -= chunk;
        }
        lr[0] = left;
        lr[1] = right;
    }

    /** numpy's {@code _set_wrap_both}, repeated until both pad areas are filled. */
    private static void wrap(int[] p, int n, int left, int right) {
        int len = p.length;
        while (left > 0 || right > 0) {
            int period = (len - right - left) / n * n;
            int newLeft = 0;
            int newRight = 0;
            if (left > 0) {
                int end = left + period;
                int chunk = Math.min(period, left);
                int[] tmp = Arrays.copyOfRange(p, end - chunk, end);
                if (left > period) {
                    System.arraycopy(tmp, 0, p, left - period, chunk);
                    newLeft = left - period;
                } else {
                    System.arraycopy(tmp, 0, p, 0, chunk);
                }
            }
            if (right > 0) {
                int start = len - right - period;
                int chunk = Math.min(period, right);
                int[] tmp = Arrays.copyOfRange(p, start, start + chunk);
                System.arraycopy(tmp, 0, p, len - right, chunk);
                if (right > period) {
                    newRight = right - period;
                }
            }
            left = newLeft;
            right = newRight;
        }
    }
}
