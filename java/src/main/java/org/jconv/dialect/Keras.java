package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * Keras's {@code Conv2D} and {@code DepthwiseConv2D} layers for Java, applied with given weights
 * ({@link KerasDialect} has the rules): input NHWC ('channels_last', the default) or NCHW,
 * kernel as Keras stores it ({@code [kH, kW, C/groups, filters]}; depthwise
 * {@code [kH, kW, C, depth_multiplier]}), bias or null. 'same' puts the extra pad at the
 * bottom/right (TensorFlow's rule). Runs on {@link Backends#preferred()}.
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
 * </table>
 *
 * <pre>{@code
 * // the seed question: Keras Conv2D(1, 3, padding='same', use_bias=False) on image[None, :, :, None]
 * Tensor y = Keras.conv2d(Tensor.of(image).reshape(1, 8, 8, 1), Tensor.of(kernel).reshape(3, 3, 1, 1), null, "same");
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
}
