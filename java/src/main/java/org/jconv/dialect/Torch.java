package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * PyTorch's convolutions for Java: {@code torch.nn.functional.conv1d/conv2d/conv3d} and
 * {@code conv_transpose1d/2d/3d} with their argument order and defaults, and {@code torch.nn.Conv2d}
 * with given weights ({@link TorchDialect} and {@link TorchTransposeDialect} have the rules). Input
 * NCW / NCHW / NCDHW (or unbatched, without N), weight {@code [O, C/groups, k...]} (transposed:
 * {@code [C_in, C_out/groups, k...]}), bias {@code [O]} or null; input, weight and bias must share a
 * dtype, as in torch. Runs on {@link Backends#preferred()}.
 *
 * <table>
 * <caption>Python and Java side by side</caption>
 * <tr><th>Python</th><th>Java</th></tr>
 * <tr><td>{@code F.conv2d(x, w)}</td><td>{@code Torch.conv2d(x, w, null)}</td></tr>
 * <tr><td>{@code F.conv2d(x, w, b, stride=2, padding=1)}</td><td>{@code Torch.conv2d(x, w, b, 2, 1, 1, 1)}</td></tr>
 * <tr><td>{@code F.conv2d(x, w, b, padding='same', dilation=2)}</td><td>{@code Torch.conv2d(x, w, b, 1, "same", 2, 1)}</td></tr>
 * <tr><td>{@code F.conv2d(x, w, stride=(2, 1), padding=(1, 0))}</td>
 *     <td>{@code Torch.conv2d(x, w, null, Params.builder().put("stride", new int[] {2, 1}).put("padding", new int[] {1, 0}).build())}</td></tr>
 * <tr><td>{@code nn.Conv2d(2, 3, 3, padding=1, padding_mode='reflect')} with weights w, b</td>
 *     <td>{@code Torch.nnConv2d(x, w, b, Params.builder().put("padding", 1).put("padding_mode", "reflect").build())}</td></tr>
 * <tr><td>{@code F.conv1d(x, w, b, padding='same', dilation=3)}</td><td>{@code Torch.conv1d(x, w, b, 1, "same", 3, 1)}</td></tr>
 * <tr><td>{@code F.conv3d(x, w, stride=2)}</td><td>{@code Torch.conv3d(x, w, null, 2, 0, 1, 1)}</td></tr>
 * <tr><td>{@code F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)}</td>
 *     <td>{@code Torch.convTranspose2d(x, w, b, 2, 1, 1, 1, 1)}</td></tr>
 * <tr><td>{@code F.conv_transpose1d(x, w, stride=3, padding=2, groups=2, dilation=2)}</td>
 *     <td>{@code Torch.convTranspose1d(x, w, null, 3, 2, 0, 2, 2)}</td></tr>
 * <tr><td>{@code F.conv_transpose3d(x, w, stride=(1, 2, 2), padding=(1, 0, 1))}</td>
 *     <td>{@code Torch.convTranspose3d(x, w, null, Params.builder().put("stride", new int[] {1, 2, 2}).put("padding", new int[] {1, 0, 1}).build())}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[1 * 3 * 32 * 32], 1, 3, 32, 32);
 * Tensor w = Tensor.of(new float[16 * 3 * 3 * 3], 16, 3, 3, 3);
 * Tensor y = Torch.conv2d(x, w, null, 1, "same", 1, 1);     // [1, 16, 32, 32]
 * Tensor up = Torch.convTranspose2d(y, Tensor.of(new float[16 * 8 * 4 * 4], 16, 8, 4, 4), null, 2, 1, 0, 1, 1);
 * // [1, 8, 64, 64]: (32-1)*2 - 2*1 + 4 = 64
 * }</pre>
 */
public final class Torch {
    private Torch() {
    }

    /** {@code F.conv2d(input, weight, bias)}: stride 1, padding 0, dilation 1, groups 1. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, Params.empty());
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)} with an int padding. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
            int groups) {
        return conv2d(input, weight, bias, params(stride, padding, dilation, groups));
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)} with padding 'same' or 'valid'. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, String padding, int dilation,
            int groups) {
        return conv2d(input, weight, bias, params(stride, padding, dilation, groups));
    }

    /** {@code F.conv2d(input, weight, bias, **params)}: keys stride, padding, dilation, groups. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return conv2d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #conv2d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchDialect.functional().translate(params, input, weight, bias).run(backend);
    }

    /**
     * {@code nn.Conv2d(**params)} with weight and bias set, applied to {@code input}: keys
     * in_channels, out_channels, kernel_size (optional, checked), stride, padding, dilation, groups,
     * bias (bool), padding_mode.
     */
    public static Tensor nnConv2d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return nnConv2d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #nnConv2d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor nnConv2d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchDialect.module().translate(params, input, weight, bias).run(backend);
    }

    // ------------------------------------------------------------------ conv1d, conv3d

    /** {@code F.conv1d(input, weight, bias)}: stride 1, padding 0, dilation 1, groups 1. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return conv1d(input, weight, bias, Params.empty());
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)} with an int padding. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
            int groups) {
        return conv1d(input, weight, bias, params(stride, padding, dilation, groups));
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)} with padding 'same' or 'valid'. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, String padding, int dilation,
            int groups) {
        return conv1d(input, weight, bias, params(stride, padding, dilation, groups));
    }

    /** {@code F.conv1d(input, weight, bias, **params)}: keys stride, padding, dilation, groups. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return conv1d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #conv1d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchDialect.conv1d().translate(params, input, weight, bias).run(backend);
    }

    /** {@code F.conv3d(input, weight, bias)}: stride 1, padding 0, dilation 1, groups 1. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return conv3d(input, weight, bias, Params.empty());
    }

    /** {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)} with an int padding. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
            int groups) {
        return conv3d(input, weight, bias, params(stride, padding, dilation, groups));
    }

    /** {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)} with padding 'same' or 'valid'. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int stride, String padding, int dilation,
            int groups) {
        return conv3d(input, weight, bias, params(stride, padding, dilation, groups));
    }

    /** {@code F.conv3d(input, weight, bias, **params)}: keys stride, padding, dilation, groups. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return conv3d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #conv3d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchDialect.conv3d().translate(params, input, weight, bias).run(backend);
    }

    // ------------------------------------------------------------------ conv_transpose1d/2d/3d

    /** {@code F.conv_transpose1d(input, weight, bias)}: stride 1, padding 0, output_padding 0, groups 1, dilation 1. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose1d(input, weight, bias, Params.empty());
    }

    /** {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding,
            int outputPadding, int groups, int dilation) {
        return convTranspose1d(input, weight, bias, transposeParams(stride, padding, outputPadding, groups, dilation));
    }

    /** {@code F.conv_transpose1d(input, weight, bias, **params)}: keys stride, padding, output_padding, groups, dilation. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return convTranspose1d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #convTranspose1d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchTransposeDialect.convTranspose1d().translate(params, input, weight, bias).run(backend);
    }

    /** {@code F.conv_transpose2d(input, weight, bias)}: stride 1, padding 0, output_padding 0, groups 1, dilation 1. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose2d(input, weight, bias, Params.empty());
    }

    /** {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding,
            int outputPadding, int groups, int dilation) {
        return convTranspose2d(input, weight, bias, transposeParams(stride, padding, outputPadding, groups, dilation));
    }

    /** {@code F.conv_transpose2d(input, weight, bias, **params)}: keys stride, padding, output_padding, groups, dilation. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return convTranspose2d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #convTranspose2d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchTransposeDialect.convTranspose2d().translate(params, input, weight, bias).run(backend);
    }

    /** {@code F.conv_transpose3d(input, weight, bias)}: stride 1, padding 0, output_padding 0, groups 1, dilation 1. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose3d(input, weight, bias, Params.empty());
    }

    /** {@code F.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, int stride, int padding,
            int outputPadding, int groups, int dilation) {
        return convTranspose3d(input, weight, bias, transposeParams(stride, padding, outputPadding, groups, dilation));
    }

    /** {@code F.conv_transpose3d(input, weight, bias, **params)}: keys stride, padding, output_padding, groups, dilation. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, Params params) {
        return convTranspose3d(input, weight, bias, params, Backends.preferred());
    }

    /** As {@link #convTranspose3d(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, Params params, Backend backend) {
        return TorchTransposeDialect.convTranspose3d().translate(params, input, weight, bias).run(backend);
    }

    private static Params transposeParams(int stride, int padding, int outputPadding, int groups, int dilation) {
        return Params.builder().put("stride", stride).put("padding", padding).put("output_padding", outputPadding)
                .put("groups", groups).put("dilation", dilation).build();
    }

    private static Params params(int stride, Object padding, int dilation, int groups) {
        return Params.builder().put("stride", stride).put("padding", padding).put("dilation", dilation)
                .put("groups", groups).build();
    }
}
