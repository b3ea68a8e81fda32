package org.jconv.testing;

import org.jconv.Tensor;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * Layout conversions for tests, written as numpy users would ({@code transpose}, {@code reshape}),
 * for any spatial rank 1..3. Each returns a new tensor.
 *
 * <pre>{@code
 * Tensor nchw = Layouts.toChannelsFirst(nhwc);                      // x.transpose(0, 3, 1, 2)
 * Tensor oihw = Layouts.kernelToOIHW(hwio, KernelLayout.HWIO);      // w.transpose(3, 2, 0, 1)
 * }</pre>
 */
public final class Layouts {
    private Layouts() {
    }

    /** {@code [N, spatial..., C]} to {@code [N, C, spatial...]}. */
    public static Tensor toChannelsFirst(Tensor x) {
        int rr = x.rank();
        int[] axes = new int[rr];
        axes[0] = 0;
        axes[1] = rr - 1;
        for (int a = 2; a < rr; a++) {
            axes[a] = a - 1;
        }
        return x.transpose(axes);
    }

    /** {@code [N, C, spatial...]} to {@code [N, spatial..., C]}. */
    public static Tensor toChannelsLast(Tensor x) {
        int rr = x.rank();
        int[] axes = new int[rr];
        axes[0] = 0;
        for (int a = 1; a < rr - 1; a++) {
            axes[a] = a + 1;
        }
        axes[rr - 1] = 1;
        return x.transpose(axes);
    }

    /** {@code x} (in layout {@code from}) in layout {@code to}. */
    public static Tensor toLayout(Tensor x, Layout from, Layout to) {
        if (from == to) {
            return x.copy();
        }
        return to == Layout.NCHW ? toChannelsFirst(x) : toChannelsLast(x);
    }

    /** A kernel in {@code from} layout as {@code [O, C/G, k...]} (OIHW); no flip. */
    public static Tensor kernelToOIHW(Tensor w, KernelLayout from) {
        int rr = w.rank();
        int r = rr - 2;
        int[] s = w.shape();
        switch (from) {
            case OIHW:
                return w.copy();
            case HWIO: { // [k..., I, O] -> transpose(r+1, r, 0..r-1)
                int[] axes = new int[rr];
                axes[0] = r + 1;
                axes[1] = r;
                for (int a = 0; a < r; a++) {
                    axes[a + 2] = a;
                }
                return w.transpose(axes);
            }
            default: { // HWCM [k..., C, M] -> reshape(k..., C*M).transpose(r, 0..r-1) -> [C*M, 1, k...]
                int[] flat = new int[r + 1];
                System.arraycopy(s, 0, flat, 0, r);
                flat[r] = s[r] * s[r + 1];
                int[] axes = new int[r + 1];
                axes[0] = r;
                for (int a = 0; a < r; a++) {
                    axes[a + 1] = a;
                }
                Tensor t = w.reshape(flat).transpose(axes);
                int[] out = new int[rr];
                out[0] = flat[r];
                out[1] = 1;
                System.arraycopy(s, 0, out, 2, r);
                return t.reshape(out);
            }
        }
    }

    /**
     * An OIHW kernel {@code [O, C/G, k...]} in layout {@code to}. For {@link KernelLayout#HWCM}
     * (depthwise, C/G == 1) {@code channels} is C (= groups); M = O / C.
     */
    public static Tensor kernelFromOIHW(Tensor w, KernelLayout to, int channels) {
        int rr = w.rank();
        int r = rr - 2;
        int[] s = w.shape();
        switch (to) {
            case OIHW:
                return w.copy();
            case HWIO: { // transpose(2..r+1, 1, 0)
                int[] axes = new int[rr];
                for (int a = 0; a < r; a++) {
                    axes[a] = a + 2;
                }
                axes[r] = 1;
                axes[r + 1] = 0;
                return w.transpose(axes);
            }
            default: {
                if (s[1] != 1 || s[0] % channels != 0) {
                    throw new IllegalArgumentException("kernel " + java.util.Arrays.toString(s)
                            + " is not depthwise for " + channels + " channels");
                }
                int[] vec = new int[r + 1];
                vec[0] = s[0];
                System.arraycopy(s, 2, vec, 1, r);
                int[] axes = new int[r + 1];
                for (int a = 0; a < r; a++) {
                    axes[a] = a + 1;
                }
                axes[r] = 0;
                Tensor t = w.reshape(vec).transpose(axes); // [k..., O]
                int[] out = new int[rr];
                System.arraycopy(s, 2, out, 0, r);
                out[r] = channels;
                out[r + 1] = s[0] / channels;
                return t.reshape(out);
            }
        }
    }

    /** Row-major flat index of {@code idx} in {@code shape}. */
    public static int flat(int[] shape, int... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index rank " + idx.length + " != shape rank " + shape.length);
        }
        int f = 0;
        for (int a = 0; a < shape.length; a++) {
            if (idx[a] < 0 || idx[a] >= shape[a]) {
                throw new IndexOutOfBoundsException("index " + java.util.Arrays.toString(idx) + " outside "
                        + java.util.Arrays.toString(shape));
            }
            f = f * shape[a] + idx[a];
        }
        return f;
    }
}
