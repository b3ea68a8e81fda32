package org.jconv.dialect;

import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;

/**
 * One spatial axis of a transposed convolution, reduced to the two numbers of SEMANTICS.md
 * section 3.1, and every framework's rule for them. With {@code n} input samples, stride {@code s},
 * dilation {@code d} and {@code dk = d(k-1) + 1}:
 * <pre>
 *   full scatter:  full[i*s + r*d] += x[i] * w[r]       (length (n-1)s + dk; positions past it are 0)
 *   output:        y[o] = full[o + head],  0 &lt;= o &lt; out  (+ bias)
 *   canonical:     input dilated by s, pads (dk-1-head, out+head-(n-1)s-1) (negative = crop),
 *                  kernel flipped, stride 1, dilation d
 * </pre>
 * Every transposed dialect computes {@code (head, out)} per axis with one of the rules below and
 * hands them to the one shared conversion into the canonical form; the rules are per axis, so they
 * serve rank 1, 2 and 3 alike.
 *
 * <pre>{@code
 * TransposedAxis.torch(4, 3, 2, 1, 1, 1);            // (1, 8): conv_transpose, stride 2, padding 1, output_padding 1
 * TransposedAxis.tf(AxisPads.tfSame(8, 3, 2, 1), 8); // (0, 8): TF/Keras 'SAME' crops the extra at the end
 * TransposedAxis.onnxSame(4, 2, 3, 1, 0, true);      // (0, 11): ONNX Runtime clamps a negative total to 0
 * }</pre>
 *
 * @param head how many samples of the full scatter are cropped at the start ({@code >= 0})
 * @param out  the output length ({@code >= 1})
 */
public record TransposedAxis(int head, int out) {

    /** A head below 0 or an output shorter than 1 is no transposed convolution. */
    public TransposedAxis {
        if (head < 0) {
            throw new IllegalArgumentException("head must be >= 0, got " + head);
        }
        if (out < 1) {
            throw new IllegalArgumentException("output length must be >= 1, got " + out);
        }
    }

    /** The length of the full scatter, {@code (n-1)s + d(k-1) + 1}. */
    public static long scatterLength(int n, int k, int s, int d) {
        return (long) (n - 1) * s + AxisPads.dilated(k, d);
    }

    // ------------------------------------------------------------------ PyTorch

    /** PyTorch's output length {@code (n-1)s - 2p + d(k-1) + op + 1}; may be below 1 (torch refuses). */
    public static long torchOut(int n, int k, int s, int d, int padding, int outputPadding) {
        return scatterLength(n, k, s, d) - 2L * padding + outputPadding;
    }

    /** PyTorch conv_transpose1d/2d/3d: head = padding, out = {@link #torchOut}. */
    public static TransposedAxis torch(int n, int k, int s, int d, int padding, int outputPadding) {
        return new TransposedAxis(padding, toInt(torchOut(n, k, s, d, padding, outputPadding)));
    }

    // ------------------------------------------------------------------ TensorFlow and Keras

    /**
     * tf.nn.conv2d_transpose: the gradient of the forward convolution of an input of length
     * {@code out} with pads {@code forward} (SAME, VALID or explicit, computed on {@code out}), so
     * {@code head = forward.before()}. TF accepts it only when {@link #forwardOut} maps {@code out}
     * back to {@code n}; the caller checks.
     */
    public static TransposedAxis tf(AxisPads forward, int out) {
        return new TransposedAxis(forward.before(), out);
    }

    /** The forward convolution's output length on {@code out} samples: {@code floor((out + pads - dk)/s) + 1}. */
    public static long forwardOut(int out, AxisPads forward, int k, int s, int d) {
        return Math.floorDiv((long) out + forward.total() - AxisPads.dilated(k, d), s) + 1;
    }

    /**
     * Keras's output size ({@code compute_conv_transpose_output_shape}; Keras 2's
     * {@code deconv_output_length} gives the same): 'valid' {@code (n-1)s + max(dk, s)} or
     * {@code (n-1)s + dk + op}; 'same' {@code n*s} or {@code (n-1)s + dk%2 + op}.
     *
     * @param outputPadding null for Keras's {@code output_padding=None}
     */
    public static long kerasOut(int n, int k, int s, int d, boolean same, Integer outputPadding) {
        long dk = AxisPads.dilated(k, d);
        if (outputPadding == null) {
            return same ? (long) n * s : (long) (n - 1) * s + Math.max(dk, s);
        }
        long pad = same ? dk / 2 : 0;
        return (long) (n - 1) * s + dk - 2 * pad + outputPadding;
    }

    // ------------------------------------------------------------------ ONNX (the table of SEMANTICS.md 3.1, as ONNX Runtime 1.22 computes it)

    /** ONNX's {@code full = (n-1)s + op + dk}: the scatter with output_padding appended at the end. */
    public static long onnxFull(int n, int k, int s, int d, int outputPadding) {
        return scatterLength(n, k, s, d) + outputPadding;
    }

    /**
     * {@code output_shape} given: {@code T = full - out} (the caller refuses {@code out > full}),
     * head {@code floor(T/2)} for SAME_UPPER, {@code ceil(T/2)} otherwise (the extra crop at the beginning).
     */
    public static TransposedAxis onnxOutputShape(long full, int out, boolean sameUpper) {
        long t = full - out;
        if (t < 0) {
            throw new IllegalArgumentException("output_shape " + out + " exceeds the full output " + full);
        }
        return new TransposedAxis(toInt(sameUpper ? t / 2 : t - t / 2), out);
    }

    /**
     * SAME_UPPER / SAME_LOWER without output_shape: {@code T = max(full - n*s, 0)} (ONNX Runtime clamps
     * a negative T, so the output is {@code full}, not the spec's {@code n*s}, when {@code dk + op < s}),
     * head {@code floor(T/2)} (upper) or {@code ceil(T/2)} (lower), out {@code full - T}.
     */
    public static TransposedAxis onnxSame(int n, int k, int s, int d, int outputPadding, boolean upper) {
        long full = onnxFull(n, k, s, d, outputPadding);
        long t = Math.max(full - (long) n * s, 0);
        return new TransposedAxis(toInt(upper ? t / 2 : t - t / 2), toInt(full - t));
    }

    /** VALID: head 0, out = full. */
    public static TransposedAxis onnxValid(int n, int k, int s, int d, int outputPadding) {
        return new TransposedAxis(0, toInt(onnxFull(n, k, s, d, outputPadding)));
    }

    /** NOTSET with {@code pads}: head = the begin pad, out = {@code full - begin - end} (the caller refuses out &lt; 1). */
    public static TransposedAxis onnxPads(long full, int begin, int end) {
        return new TransposedAxis(begin, toInt(full - begin - end));
    }

    // ------------------------------------------------------------------ the canonical form

    /** The canonical pad before the input-dilated input: {@code dk - 1 - head} (negative: a crop). */
    public int padBefore(int k, int d) {
        return toInt(AxisPads.dilated(k, d) - 1 - head);
    }

    /** The canonical pad after the input-dilated input: {@code out + head - (n-1)s - 1} (negative: a crop). */
    public int padAfter(int n, int s) {
        return toInt((long) out + head - (long) (n - 1) * s - 1);
    }

    /** The (head, out) of axis {@code axis} of a canonical transposed convolution (input dilation = stride). */
    public static TransposedAxis of(ConvGeometry g, int axis) {
        ConvSpec spec = g.spec();
        int k = g.kernelSize()[axis];
        return new TransposedAxis(toInt(AxisPads.dilated(k, spec.dilation(axis)) - 1 - spec.padBefore(axis)),
                g.outSize()[axis]);
    }

    static int toInt(long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("size " + v + " does not fit in an int");
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return "(head " + head + ", out " + out + ")";
    }
}
