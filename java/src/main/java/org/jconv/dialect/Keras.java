package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * Keras's {@code Conv1D}, {@code Conv2D}, {@code Conv3D}, {@code DepthwiseConv2D} and
 * {@code Conv2DTranspose} layers for Java, applied with given weights ({@link KerasDialect} and
 * {@link KerasTransposeDialect} have the rules): input channels last ('channels_last', the default)
 * or first, kernel as Keras stores it ({@code [k..., C/groups, filters]}; depthwise
 * {@code [kH, kW, C, depth_multiplier]}; transposed {@code [kH, kW, filters, C]}), bias or null.
 * 'same' puts the extra pad at the end (TensorFlow's rule). Runs on {@link Backends#preferred()}.
 *
 * <table>
 * <caption>Python and Java side by side</caption>
 * <tr><th>Python</th><th>Java</th></tr>
 * <tr><td>{@code Conv2D(f, k, padding='same')(x)}, weights {@code [kernel, bias]}</td>
 *     <td>{@code Keras.conv2d(x, kernel, bias, "same")}</td></tr>
 * <tr><td>{@code Conv2D(f, k, strides=2, padding='same', use_bias=False)(x)}</td>
 *     <td>{@code Keras.conv2d(x, kernel, null, "same", 2)}</td></tr>
 * <tr><td>{@code Conv2D(f, k, dilation_rate=2, groups=2, data_format='channels_first')(x)}</td>
 *     <td>{@code Keras.conv2d(x, kernel, bias, Params.builder().put("dilation_rate", 2).put("groups", 2).put("data_format", "channels_first").build())}</td></tr>
 * <tr><td>{@code DepthwiseConv2D(3, depth_multiplier=2, padding='same')(x)}</td>
 *     <td>{@code Keras.depthwiseConv2d(x, kernel, bias, "same", 1)}</td></tr>
 * <tr><td>{@code Conv1D(f, 3, padding='causal')(x)}</td><td>{@code Keras.conv1d(x, kernel, bias, "causal")}</td></tr>
 * <tr><td>{@code Conv1D(f, 2, padding='causal', dilation_rate=4, use_bias=False)(x)}</td>
 *     <td>{@code Keras.conv1d(x, kernel, null, Params.builder().put("padding", "causal").put("dilation_rate", 4).build())}</td></tr>
 * <tr><td>{@code Conv3D(f, 3, strides=2, padding='same')(x)}</td><td>{@code Keras.conv3d(x, kernel, bias, "same", 2)}</td></tr>
 * <tr><td>{@code Conv2DTranspose(f, 3, strides=2, padding='same')(x)}</td>
 *     <td>{@code Keras.conv2dTranspose(x, kernel, bias, "same", 2)}</td></tr>
 * <tr><td>{@code Conv2DTranspose(f, 3, strides=2, padding='same', output_padding=1)(x)}</td>
 *     <td>{@code Keras.conv2dTranspose(x, kernel, bias, "same", 2, 1)}</td></tr>
 * </table>
 *
 * <pre>{@code
 * // the seed question: Keras Conv2D(1, 3, padding='same', use_bias=False) on image[None, :, :, None]
 * Tensor y = Keras.conv2d(Tensor.of(image).reshape(1, 8, 8, 1), Tensor.of(kernel).reshape(3, 3, 1, 1), null, "same");
 * // a decoder's upsampling layer: Conv2DTranspose(2, 3, strides=2, padding='same') doubles H and W
 * Tensor up = Keras.conv2dTranspose(y, Tensor.of(new float[3 * 3 * 2 * 1], 3, 3, 2, 1), null, "same", 2);  // [1, 16, 16, 2]
 * }</pre>
 */
public final class Keras {
    private Keras() {
    }

    /** {@code Conv2D(filters, kernel_size, padding=padding)}: stride 1. */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, String padding) {
        return conv2d(x, kernel, bias, padding, 1);
    }

    /** {@code Conv2D(filters, kernel_size, strides=strides, padding=padding)}. */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, String padding, int strides) {
        return conv2d(x, kernel, bias, Params.builder().put("padding", padding).put("strides", strides).build());
    }

    /** {@code Conv2D(**params)}: keys filters, kernel_size, strides, padding, data_format, dilation_rate, groups, use_bias. */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Params params) {
        return conv2d(x, kernel, bias, params, Backends.preferred());
    }

    /** As {@link #conv2d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Params params, Backend backend) {
        return KerasDialect.conv2D().translate(params, x, kernel, bias).run(backend);
    }

    /** {@code DepthwiseConv2D(kernel_size, strides=strides, padding=padding)}. */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, Tensor bias, String padding, int strides) {
        return depthwiseConv2d(x, kernel, bias, Params.builder().put("padding", padding).put("strides", strides).build());
    }

    /** {@code DepthwiseConv2D(**params)}: keys kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, use_bias. */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, Tensor bias, Params params) {
        return depthwiseConv2d(x, kernel, bias, params, Backends.preferred());
    }

    /** As {@link #depthwiseConv2d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, Tensor bias, Params params, Backend backend) {
        return KerasDialect.depthwiseConv2D().translate(params, x, kernel, bias).run(backend);
    }

    /** {@code Conv1D(filters, kernel_size, padding=padding)}: stride 1; padding 'valid', 'same' or 'causal'. */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, String padding) {
        return conv1d(x, kernel, bias, padding, 1);
    }

    /** {@code Conv1D(filters, kernel_size, strides=strides, padding=padding)}. */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, String padding, int strides) {
        return conv1d(x, kernel, bias, Params.builder().put("padding", padding).put("strides", strides).build());
    }

    /** {@code Conv1D(**params)}: keys filters, kernel_size, strides, padding, data_format, dilation_rate, groups, use_bias. */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, Params params) {
        return conv1d(x, kernel, bias, params, Backends.preferred());
    }

    /** As {@link #conv1d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, Params params, Backend backend) {
        return KerasDialect.conv1D().translate(params, x, kernel, bias).run(backend);
    }

    /** {@code Conv3D(filters, kernel_size, padding=padding)}: stride 1. */
    public static Tensor conv3d(Tensor x, Tensor kernel, Tensor bias, String padding) {
        return conv3d(x, kernel, bias, padding, 1);
    }

    /** {@code Conv3D(filters, kernel_size, strides=strides, padding=padding)}. */
    public static Tensor conv3d(Tensor x, Tensor kernel, Tensor bias, String padding, int strides) {
        return conv3d(x, kernel, bias, Params.builder().put("padding", padding).put("strides", strides).build());
    }

    /** {@code Conv3D(**params)}: keys filters, kernel_size, strides, padding, data_format, dilation_rate, groups, use_bias. */
    public static Tensor conv3d(Tensor x, Tensor kernel, Tensor bias, Params params) {
        return conv3d(x, kernel, bias, params, Backends.preferred());
    }

    /** As {@link #conv3d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv3d(Tensor x, Tensor kernel, Tensor bias, Params params, Backend backend) {
        return KerasDialect.conv3D().translate(params, x, kernel, bias).run(backend);
    }

    /** {@code Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding)}: output_padding None. */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, Tensor bias, String padding, int strides) {
        return conv2dTranspose(x, kernel, bias, Params.builder().put("padding", padding).put("strides", strides).build());
    }

    /** {@code Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding, output_padding=outputPadding)}. */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, Tensor bias, String padding, int strides,
            int outputPadding) {
        return conv2dTranspose(x, kernel, bias, Params.builder().put("padding", padding).put("strides", strides)
                .put("output_padding", outputPadding).build());
    }

    /**
     * {@code Conv2DTranspose(**params)}: keys filters, kernel_size, strides, padding, output_padding
     * (absent or null = None), data_format, dilation_rate, use_bias.
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, Tensor bias, Params params) {
        return conv2dTranspose(x, kernel, bias, params, Backends.preferred());
    }

    /** As {@link #conv2dTranspose(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, Tensor bias, Params params, Backend backend) {
        return KerasTransposeDialect.conv2DTranspose().translate(params, x, kernel, bias).run(backend);
    }
}
