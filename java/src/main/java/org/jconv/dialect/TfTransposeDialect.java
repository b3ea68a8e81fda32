package org.jconv.dialect;

import java.util.Arrays;
import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.Layout;

/**
 * TensorFlow's {@code tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding='SAME',
 * data_format='NHWC', dilations=None)} (SEMANTICS.md section 3.1): the Conv2DBackpropInput op, i.e.
 * the gradient of the forward {@code tf.nn.conv2d} whose input has {@code output_shape}. Input NHWC
 * (or NCHW), filters HWOI {@code [kH, kW, C_out, C_in]} (output channels first, the reverse of a
 * forward TF filter), no groups, no bias.
 *
 * <ul>
 * <li>Per axis, {@code head} is that forward convolution's before-pad computed on the output size
 *     {@code out}: 'SAME' {@code floor(T/2)} with {@code T = max((ceil(out/s)-1)s + dk - out, 0)} (the
 *     extra crop at the end), 'VALID' 0, explicit {@code [[0, 0], [t, b], [l, r], [0, 0]]}: t / l.</li>
 * <li>TF accepts {@code output_shape} only when the forward convolution maps it back to the input
 *     size, e.g. 'SAME': {@code (n-1)s < out <= ns}. Otherwise TF 2.18 raises
 *     "Conv2DCustomBackpropInput: Size of out_backprop doesn't match computed" with oneDNN off and,
 *     with oneDNN on (its x86 default), aborts the whole process; jconv refuses with TF's message.</li>
 * <li>{@code strides}/{@code dilations}: an int, a list of 1, of 2, or of 4 in data-format order.</li>
 * </ul>
 *
 * <pre>{@code
 * Params p = Params.builder().put("output_shape", new int[] {1, 8, 10, 2}).put("strides", 2)
 *         .put("padding", "SAME").build();
 * DialectCall call = TfTransposeDialect.conv2dTranspose().translate(p, x, filters, null); // x [1, 4, 5, 3], filters [3, 3, 2, 3]
 * }</pre>
 */
public final class TfTransposeDialect implements Dialect {
    /** {@code "tf.nn.conv2d_transpose"}. */
    public static final String CONV2D_TRANSPOSE = "tf.nn.conv2d_transpose";

    /** The op whose words TF's refusals use. */
    static final String OP = "Conv2DCustomBackpropInput";

    private static final List<String> KEYS = List.of("output_shape", "strides", "padding", "data_format", "dilations");
    private static final TfTransposeDialect INSTANCE = new TfTransposeDialect();

    private TfTransposeDialect() {
    }

    /** {@code tf.nn.conv2d_transpose}. */
    public static TfTransposeDialect conv2dTranspose() {
        return INSTANCE;
    }

    @Override
    public String system() {
        return CONV2D_TRANSPOSE;
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor filters, Tensor bias) {
        Checks.operands(system(), params, input, filters);
        final int rank = 2;
        String sys = CONV2D_TRANSPOSE;
        params.requireKnown(sys, KEYS);
        if (bias != null) {
            throw new IllegalArgumentException(sys + " takes no bias; add it with tf.nn.bias_add (or use"
                    + " keras.layers.Conv2DTranspose with use_bias=True)");
        }
        for (String required : List.of("output_shape", "strides")) {
            if (!params.has(required)) {
                throw new IllegalArgumentException(sys + ": " + required + " is required (" + sys
                        + "(input, filters, output_shape, strides, ...) has no default for it)");
            }
        }
        Layout layout = TfDialect.dataFormat(sys, params, rank, false);
        Checks.requireRank(sys, "input", input, rank + 2, Checks.inputAxes(layout, rank));
        Checks.requireRank(sys, "filters", filters, rank + 2, "[kH, kW, output_channels, in_channels]");
        DType dtype = Checks.sameDType(sys, "InvalidArgumentError: cannot compute Conv2DBackpropInput as input"
                + " #1(zero-based) was expected to be a " + TfDialect.tfName(input.dtype()) + " tensor but is a "
                + TfDialect.tfName(filters.dtype()) + " tensor", input, filters, null);
        int[] stride = TfDialect.convInts(sys, params, "strides", layout, rank);
        int[] dilation = params.isAbsentOrNone("dilations") ? Checks.ones(rank)
                : TfDialect.convInts(sys, params, "dilations", layout, rank);
        Checks.requireAtLeast(sys, "strides", stride, 1, "InvalidArgumentError: strides must be >= 1");
        Checks.requireAtLeast(sys, "dilations", dilation, 1, "InvalidArgumentError: Dilated rates should be larger than 0.");

        int[] outputShape = params.getIntList("output_shape", rank + 2, null);
        boolean last = layout == Layout.NHWC;
        int channelAxis = last ? rank + 1 : 1;
        int c = Checks.inputChannels(input, layout, rank);
        if (filters.shape(rank + 1) != c) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: " + OP + ": filter and out_backprop must have the"
                    + " same out_depth (filters.shape[3] = " + filters.shape(rank + 1) + ", the input has " + c
                    + " channels)");
        }
        if (outputShape[0] != input.shape(0)) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: " + OP + ": input and out_backprop must have the same"
                    + " batch size (output_shape " + Params.repr(Checks.toList(outputShape)) + ", input batch "
                    + input.shape(0) + ")");
        }
        int cout = outputShape[channelAxis];
        if (cout != filters.shape(rank)) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: " + OP + ": input depth must be evenly divisible by"
                    + " filter depth (output_shape has " + cout + " channels, filters.shape[2] is " + filters.shape(rank)
                    + "; tf.nn.conv2d_transpose has no groups, so they must be equal)");
        }
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            out[a] = outputShape[last ? a + 1 : a + 2];
            if (out[a] < 1) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: output_shape "
                        + Params.repr(Checks.toList(outputShape)) + " has a spatial size below 1");
            }
        }
        int[] n = Checks.inputSpatial(input, layout, rank);
        int[] k = Arrays.copyOfRange(filters.shape(), 0, rank);
        AxisPads[] forward = forwardPads(sys, params, "SAME", layout, out, k, stride, dilation);
        TransposedAxis[] axes = tfAxes(sys, forward, layout, n, out, k, stride, dilation,
                "(TensorFlow 2.18 with oneDNN, its x86 default, aborts the whole process here instead of raising)");
        String padding = params.isString("padding") || !params.has("padding")
                ? "'" + params.getString("padding", "SAME") + "'" : "explicit";
        return Transposed.call(sys, input, layout, Transposed.kernelFromHWOI(filters), Transposed.HWOI_WORDS, null, 1,
                stride, dilation, axes, dtype, outputShape.clone(), "head = the before-pad of the forward " + padding
                + " convolution of the output " + Checks.joinX(out));
    }

    /**
     * The pads of the forward convolution whose gradient this is, per axis, computed on the output
     * size {@code out}: 'SAME', 'VALID' or explicit pairs (data-format order).
     */
    static AxisPads[] forwardPads(String sys, Params params, String dflt, Layout layout, int[] out, int[] k, int[] s,
            int[] d) {
        int rank = out.length;
        AxisPads[] pads = new AxisPads[rank];
        if (params.isString("padding") || !params.has("padding")) {
            String p = params.getString("padding", dflt);
            for (int a = 0; a < rank; a++) {
                switch (p) {
                    case "SAME":
                        pads[a] = AxisPads.tfSame(out[a], k[a], s[a], d[a]);
                        break;
                    case "VALID":
                        pads[a] = AxisPads.NONE;
                        break;
                    default:
                        throw TfDialect.badPaddingString(sys, p, rank);
                }
            }
            return pads;
        }
        return TfDialect.explicitPads(sys, params, layout, rank);
    }

    /**
     * (head, out) per axis from the forward pads, refusing what TF refuses: an output size the
     * forward convolution does not map back to the input size {@code n}. Shared with Keras
     * Conv2DTranspose, which computes {@code out} itself and then runs this op.
     *
     * @param aside what to add to TF's message (e.g. that oneDNN aborts the process)
     */
    static TransposedAxis[] tfAxes(String sys, AxisPads[] forward, Layout layout, int[] n, int[] out, int[] k, int[] s,
            int[] d, String aside) {
        int rank = n.length;
        TransposedAxis[] axes = new TransposedAxis[rank];
        for (int a = 0; a < rank; a++) {
            long computed = TransposedAxis.forwardOut(out[a], forward[a], k[a], s[a], d[a]);
            if (computed != n[a]) {
                int spatialDim = layout == Layout.NHWC ? a + 1 : a + 2;
                throw new DialectRefusal(sys + ": InvalidArgumentError: " + OP + ": Size of out_backprop doesn't match"
                        + " computed: actual = " + n[a] + ", computed = " + computed + " spatial_dim: " + spatialDim
                        + " input: " + out[a] + " filter: " + k[a] + " output: " + n[a] + " stride: " + s[a]
                        + " dilation: " + d[a] + " (the forward convolution of the output size " + out[a] + " with pads "
                        + forward[a] + " gives " + computed + " samples, not the input's " + n[a] + ") " + aside);
            }
            axes[a] = TransposedAxis.tf(forward[a], out[a]);
        }
        return axes;
    }

    @Override
    public String toString() {
        return "TfTransposeDialect[" + CONV2D_TRANSPOSE + "]";
    }
}
