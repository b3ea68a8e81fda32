package org.jconv.dialect;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.Layout;

/**
 * {@code keras.layers.Conv2DTranspose(filters, kernel_size, strides=1, padding='valid',
 * output_padding=None, data_format=None, dilation_rate=1, use_bias=True)} with given weights
 * (SEMANTICS.md section 3.1): kernel HWOI {@code [kH, kW, filters, C_in]}, no groups, input NHWC
 * ('channels_last', the default) or NCHW.
 *
 * <p>Keras first computes the output size per axis, then runs tf.nn.conv2d_transpose with it and
 * {@code padding.upper()} ({@link TfTransposeDialect}: the crop is TF's):
 * <table>
 * <caption>output size</caption>
 * <tr><th>padding</th><th>output_padding None</th><th>output_padding op</th></tr>
 * <tr><td>'valid'</td><td>{@code (n-1)s + max(dk, s)}</td><td>{@code (n-1)s + dk + op}</td></tr>
 * <tr><td>'same'</td><td>{@code n*s}</td><td>{@code (n-1)s + dk%2 + op}</td></tr>
 * </table>
 * 'same' crops the extra at the end ({@code Conv2DTranspose(3, strides=2, padding='same')} has head
 * 0), which is why the usual PyTorch port {@code conv_transpose2d(stride=2, padding=1,
 * output_padding=1)} (head 1) is shifted by one pixel ({@link Recipes}).
 *
 * <ul>
 * <li>jconv refuses {@code output_padding >= strides} (Keras >= 3.14 does in its constructor; older
 *     Keras leaves it to the op) and {@code strides > 1} together with {@code dilation_rate > 1}.</li>
 * <li>A size TF does not accept is refused with TF's message (e.g. an even dilated kernel, 'same'
 *     and {@code output_padding=0}).</li>
 * <li>dtype: the kernel's (the layer's weights); the input is cast to it. The bias is added per output channel.</li>
 * </ul>
 *
 * <pre>{@code
 * Params p = Params.builder().put("filters", 2).put("kernel_size", 3).put("strides", 2).put("padding", "same").build();
 * Tensor y = KerasTransposeDialect.conv2DTranspose().translate(p, x, kernel, bias).run();  // x [1, 4, 5, 3] -> [1, 8, 10, 2]
 * }</pre>
 */
public final class KerasTransposeDialect implements Dialect {
    /** {@code "keras.layers.Conv2DTranspose"}. */
    public static final String CONV2D_TRANSPOSE = "keras.layers.Conv2DTranspose";

    private static final List<String> KEYS = List.of("filters", "kernel_size", "strides", "padding", "output_padding",
            "data_format", "dilation_rate", "use_bias");
    private static final KerasTransposeDialect INSTANCE = new KerasTransposeDialect();

    private KerasTransposeDialect() {
    }

    /** {@code keras.layers.Conv2DTranspose}. */
    public static KerasTransposeDialect conv2DTranspose() {
        return INSTANCE;
    }

    @Override
    public String system() {
        return CONV2D_TRANSPOSE;
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor kernel, Tensor bias) {
        Checks.operands(system(), params, input, kernel);
        final int rank = 2;
        String sys = CONV2D_TRANSPOSE;
        params.requireKnown(sys, KEYS);
        Layout layout = KerasDialect.dataFormat(sys, params);
        String padding = params.getString("padding", "valid").toLowerCase(Locale.ROOT);
        if (!padding.equals("same") && !padding.equals("valid")) {
            throw new DialectRefusal(sys + ": ValueError: The `padding` argument must be a list/tuple or one of"
                    + " {'valid', 'same'}. Received: " + padding);
        }
        boolean same = padding.equals("same");
        int[] strides = KerasDialect.tuple(sys, params, "strides", rank, false);
        int[] dilation = KerasDialect.tuple(sys, params, "dilation_rate", rank, false);
        KerasDialect.refuseStridedDilation(sys, strides, dilation);
        int[] outputPadding = params.isAbsentOrNone("output_padding") ? null
                : KerasDialect.tuple(sys, params, "output_padding", rank, true);
        if (outputPadding != null) {
            for (int a = 0; a < rank; a++) {
                if (outputPadding[a] >= strides[a]) {
                    throw new DialectRefusal(sys + ": ValueError: `output_padding` must be strictly less than `strides`."
                            + " Received output_padding=" + Checks.tuple(outputPadding) + ", strides="
                            + Checks.tuple(strides) + " (Keras >= 3.14 refuses it in the constructor; older Keras"
                            + " passes the size on to TensorFlow's op, which refuses it too, except output_padding ="
                            + " strides with an even dilated kernel in 'same')");
                }
            }
        }
        if (params.has("filters") && params.getInt("filters", 1) <= 0) {
            throw new DialectRefusal(sys + ": ValueError: Invalid value for argument `filters`. Expected a strictly"
                    + " positive value. Received filters=" + params.getInt("filters", 1) + ".");
        }

        Checks.requireRank(sys, "input", input, rank + 2, Checks.inputAxes(layout, rank));
        Checks.requireRank(sys, "kernel", kernel, rank + 2, "[kH, kW, filters, C_in]");
        Checks.requireVector(sys, "bias", bias);
        int[] k = Arrays.copyOfRange(kernel.shape(), 0, rank);
        KerasDialect.checkKernelSize(sys, params, k, kernel);
        int c = Checks.inputChannels(input, layout, rank);
        int filters = params.has("filters") ? params.getInt("filters", 1) : kernel.shape(rank);
        if (kernel.shape(rank) != filters || kernel.shape(rank + 1) != c) {
            throw new IllegalArgumentException(sys + ": the kernel array of shape " + Checks.shape(kernel.shape())
                    + " does not fit filters=" + filters + " on an input with " + c + " channels (expected [" + k[0]
                    + ", " + k[1] + ", " + filters + ", " + c + "]: output channels before input channels)");
        }
        KerasDialect.checkUseBias(sys, params, bias);

        int[] n = Checks.inputSpatial(input, layout, rank);
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            long o = TransposedAxis.kerasOut(n[a], k[a], strides[a], dilation[a], same,
                    outputPadding == null ? null : outputPadding[a]);
            if (o < 1) {
                throw new DialectRefusal(sys + ": ValueError: the output size " + o + " on spatial axis " + a
                        + " is not positive");
            }
            out[a] = TransposedAxis.toInt(o);
        }
        String upper = same ? "SAME" : "VALID";
        AxisPads[] forward = new AxisPads[rank];
        for (int a = 0; a < rank; a++) {
            forward[a] = same ? AxisPads.tfSame(out[a], k[a], strides[a], dilation[a]) : AxisPads.NONE;
        }
        TransposedAxis[] axes = TfTransposeDialect.tfAxes(sys, forward, layout, n, out, k, strides, dilation,
                "(Keras computed the output size " + Checks.joinX(out) + " for padding=" + Params.repr(padding)
                        + ", output_padding=" + (outputPadding == null ? "None" : Checks.tuple(outputPadding))
                        + "; TensorFlow 2.18 with oneDNN, its x86 default, aborts the whole process here)");

        DType dtype = kernel.dtype();
        Tensor x = input.to(dtype);
        Tensor b = bias == null ? null : bias.to(dtype);
        int[] shape = layout == Layout.NHWC ? new int[] {x.shape(0), out[0], out[1], filters}
                : new int[] {x.shape(0), filters, out[0], out[1]};
        String why = "output size " + Checks.joinX(out) + " by Keras's rule (padding=" + Params.repr(padding)
                + ", output_padding=" + (outputPadding == null ? "None" : Checks.tuple(outputPadding))
                + "), then tf.nn.conv2d_transpose(padding='" + upper + "'): head = the before-pad of the forward '" + upper
                + "' convolution of the output" + (input.dtype() != dtype ? "; the input is cast to the layer's dtype "
                + dtype.numpyName() : "");
        return Transposed.call(sys, x, layout, Transposed.kernelFromHWOI(kernel), Transposed.HWOI_WORDS, b, 1, strides,
                dilation, axes, dtype, shape, why);
    }

    @Override
    public String toString() {
        return "KerasTransposeDialect[" + CONV2D_TRANSPOSE + "]";
    }
}
