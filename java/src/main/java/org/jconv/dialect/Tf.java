package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * TensorFlow's {@code tf.nn.conv1d}, {@code conv2d}, {@code conv3d}, {@code depthwise_conv2d} and
 * {@code conv2d_transpose} for Java ({@link TfDialect} and {@link TfTransposeDialect} have the rules):
 * input channels last (or first with {@code data_format='NCW'/'NCHW'/'NCDHW'}), filters
 * {@code [k..., C/groups, O]} or, depthwise, {@code [kH, kW, C, M]}, transposed {@code [kH, kW, C_out, C_in]};
 * 'SAME' puts the extra pad at the end. Runs on {@link Backends#preferred()}.
 *
 * <table>
 * <caption>Python and Java side by side</caption>
 * <tr><th>Python</th><th>Java</th></tr>
 * <tr><td>{@code tf.nn.conv2d(x, f, strides=2, padding='SAME')}</td><td>{@code Tf.conv2d(x, f, 2, "SAME")}</td></tr>
 * <tr><td>{@code tf.nn.conv2d(x, f, 1, [[0, 0], [1, 2], [0, 3], [0, 0]])}</td>
 *     <td>{@code Tf.conv2d(x, f, Params.builder().put("strides", 1).put("padding", new int[][] {{0, 0}, {1, 2}, {0, 3}, {0, 0}}).build())}</td></tr>
 * <tr><td>{@code tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], 'SAME')}</td>
 *     <td>{@code Tf.depthwiseConv2d(x, f, new int[] {1, 2, 2, 1}, "SAME")}</td></tr>
 * <tr><td>{@code tf.nn.conv1d(x, f, stride=2, padding='SAME')}</td><td>{@code Tf.conv1d(x, f, 2, "SAME")}</td></tr>
 * <tr><td>{@code tf.nn.conv3d(x, f, strides=[1, 2, 2, 2, 1], padding='VALID')}</td>
 *     <td>{@code Tf.conv3d(x, f, new int[] {1, 2, 2, 2, 1}, "VALID")}</td></tr>
 * <tr><td>{@code tf.nn.conv2d_transpose(x, f, [1, 8, 10, 2], strides=2, padding='SAME')}</td>
 *     <td>{@code Tf.conv2dTranspose(x, f, new int[] {1, 8, 10, 2}, 2, "SAME")}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[8 * 8 * 3], 1, 8, 8, 3);       // NHWC
 * Tensor f = Tensor.of(new float[3 * 3 * 3 * 4], 3, 3, 3, 4);    // HWIO
 * Tensor y = Tf.conv2d(x, f, 2, "SAME");                         // [1, 4, 4, 4]
 * }</pre>
 */
public final class Tf {
    private Tf() {
    }

    /** {@code tf.nn.conv2d(input, filters, strides, padding)} with 'SAME' or 'VALID'. */
    public static Tensor conv2d(Tensor input, Tensor filters, int strides, String padding) {
        return conv2d(input, filters, Params.builder().put("strides", strides).put("padding", padding).build());
    }

    /** {@code tf.nn.conv2d(input, filters, **params)}: keys strides, padding, data_format, dilations. */
    public static Tensor conv2d(Tensor input, Tensor filters, Params params) {
        return conv2d(input, filters, params, Backends.preferred());
    }

    /** As {@link #conv2d(Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv2d(Tensor input, Tensor filters, Params params, Backend backend) {
        return TfDialect.conv2d().translate(params, input, filters, null).run(backend);
    }

    /** {@code tf.nn.depthwise_conv2d(input, filter, strides, padding)}; strides a list of 4. */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, int[] strides, String padding) {
        return depthwiseConv2d(input, filter, Params.builder().put("strides", strides).put("padding", padding).build());
    }

    /** {@code tf.nn.depthwise_conv2d(input, filter, **params)}: keys strides, padding, data_format, dilations. */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, Params params) {
        return depthwiseConv2d(input, filter, params, Backends.preferred());
    }

    /** As {@link #depthwiseConv2d(Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor depthwiseConv2d(Tensor input, Tensor filter, Params params, Backend backend) {
        return TfDialect.depthwiseConv2d().translate(params, input, filter, null).run(backend);
    }

    /** {@code tf.nn.conv1d(input, filters, stride, padding)} with 'SAME' or 'VALID'; input NWC, filters {@code [k, C/G, O]}. */
    public static Tensor conv1d(Tensor input, Tensor filters, int stride, String padding) {
        return conv1d(input, filters, Params.builder().put("stride", stride).put("padding", padding).build());
    }

    /** {@code tf.nn.conv1d(input, filters, **params)}: keys stride, padding, data_format, dilations. */
    public static Tensor conv1d(Tensor input, Tensor filters, Params params) {
        return conv1d(input, filters, params, Backends.preferred());
    }

    /** As {@link #conv1d(Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv1d(Tensor input, Tensor filters, Params params, Backend backend) {
        return TfDialect.conv1d().translate(params, input, filters, null).run(backend);
    }

    /** {@code tf.nn.conv3d(input, filters, strides, padding)}; strides a list of 5 in data-format order. */
    public static Tensor conv3d(Tensor input, Tensor filters, int[] strides, String padding) {
        return conv3d(input, filters, Params.builder().put("strides", strides).put("padding", padding).build());
    }

    /** {@code tf.nn.conv3d(input, filters, **params)}: keys strides, padding, data_format, dilations. */
    public static Tensor conv3d(Tensor input, Tensor filters, Params params) {
        return conv3d(input, filters, params, Backends.preferred());
    }

    /** As {@link #conv3d(Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv3d(Tensor input, Tensor filters, Params params, Backend backend) {
        return TfDialect.conv3d().translate(params, input, filters, null).run(backend);
    }

    /**
     * {@code tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding)}; filters
     * {@code [kH, kW, C_out, C_in]}, output_shape in data-format order.
     */
    public static Tensor conv2dTranspose(Tensor input, Tensor filters, int[] outputShape, int strides, String padding) {
        return conv2dTranspose(input, filters, Params.builder().put("output_shape", outputShape).put("strides", strides)
                .put("padding", padding).build());
    }

    /** {@code tf.nn.conv2d_transpose(input, filters, **params)}: keys output_shape, strides, padding, data_format, dilations. */
    public static Tensor conv2dTranspose(Tensor input, Tensor filters, Params params) {
        return conv2dTranspose(input, filters, params, Backends.preferred());
    }

    /** As {@link #conv2dTranspose(Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv2dTranspose(Tensor input, Tensor filters, Params params, Backend backend) {
        return TfTransposeDialect.conv2dTranspose().translate(params, input, filters, null).run(backend);
    }
}
