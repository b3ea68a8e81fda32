package org.jconv.dialect;

import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;

/**
 * The ONNX {@code Conv} and {@code ConvTranspose} operators for Java ({@link OnnxDialect} and
 * {@link OnnxTransposeDialect} have the rules), on 1-D, 2-D and 3-D inputs: X {@code [N, C, spatial...]},
 * W {@code [M, C/group, k...]} (ConvTranspose: {@code [C, M/group, k...]}), B {@code [M]} or null;
 * attributes as ONNX stores them (lists). Runs on {@link Backends#preferred()}.
 *
 * <table>
 * <caption>ONNX and Java side by side</caption>
 * <tr><th>ONNX node</th><th>Java</th></tr>
 * <tr><td>{@code Conv(X, W, B)}</td><td>{@code Onnx.conv(X, W, B)}</td></tr>
 * <tr><td>{@code Conv(X, W, auto_pad="SAME_LOWER", strides=[2, 2])}</td>
 *     <td>{@code Onnx.conv(X, W, null, "SAME_LOWER", null, new int[] {2, 2})}</td></tr>
 * <tr><td>{@code Conv(X, W, B, pads=[0, 1, 2, 0])}</td><td>{@code Onnx.conv(X, W, B, "NOTSET", new int[] {0, 1, 2, 0}, null)}</td></tr>
 * <tr><td>{@code Conv(X, W, B, dilations=[2, 2], group=2)}</td>
 *     <td>{@code Onnx.conv(X, W, B, Params.builder().put("dilations", new int[] {2, 2}).put("group", 2).build())}</td></tr>
 * <tr><td>{@code Conv(X, W, pads=[2, 1], strides=[2])} on X {@code [N, C, W]}</td>
 *     <td>{@code Onnx.conv(X, W, null, "NOTSET", new int[] {2, 1}, new int[] {2})}</td></tr>
 * <tr><td>{@code ConvTranspose(X, W, B, auto_pad="SAME_UPPER", strides=[2, 2])}</td>
 *     <td>{@code Onnx.convTranspose(X, W, B, "SAME_UPPER", null, new int[] {2, 2})}</td></tr>
 * <tr><td>{@code ConvTranspose(X, W, strides=[2, 2], output_shape=[9, 10])}</td>
 *     <td>{@code Onnx.convTranspose(X, W, null, Params.builder().put("strides", new int[] {2, 2}).put("output_shape", new int[] {9, 10}).build())}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor y = Onnx.conv(x, w, b, "SAME_UPPER", null, new int[] {2, 2});
 * }</pre>
 */
public final class Onnx {
    private Onnx() {
    }

    /** {@code Conv(X, W, B)} with default attributes. */
    public static Tensor conv(Tensor x, Tensor w, Tensor b) {
        return conv(x, w, b, Params.empty());
    }

    /** {@code Conv(X, W, B, auto_pad=autoPad, pads=pads, strides=strides)}; null pads/strides = the ONNX default. */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, String autoPad, int[] pads, int[] strides) {
        Params.Builder p = Params.builder().put("auto_pad", autoPad);
        if (pads != null) {
            p.put("pads", pads);
        }
        if (strides != null) {
            p.put("strides", strides);
        }
        return conv(x, w, b, p.build());
    }

    /** {@code Conv(X, W, B, **attributes)}: keys auto_pad, pads, strides, dilations, group, kernel_shape. */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, Params attributes) {
        return conv(x, w, b, attributes, Backends.preferred());
    }

    /** As {@link #conv(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, Params attributes, Backend backend) {
        return OnnxDialect.conv().translate(attributes, x, w, b).run(backend);
    }

    /** {@code ConvTranspose(X, W, B)} with default attributes. */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor b) {
        return convTranspose(x, w, b, Params.empty());
    }

    /** {@code ConvTranspose(X, W, B, auto_pad=autoPad, pads=pads, strides=strides)}; null pads/strides = the ONNX default. */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor b, String autoPad, int[] pads, int[] strides) {
        Params.Builder p = Params.builder().put("auto_pad", autoPad);
        if (pads != null) {
            p.put("pads", pads);
        }
        if (strides != null) {
            p.put("strides", strides);
        }
        return convTranspose(x, w, b, p.build());
    }

    /**
     * {@code ConvTranspose(X, W, B, **attributes)}: keys auto_pad, pads, strides, dilations, group,
     * kernel_shape, output_padding, output_shape.
     */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor b, Params attributes) {
        return convTranspose(x, w, b, attributes, Backends.preferred());
    }

    /** As {@link #convTranspose(Tensor, Tensor, Tensor, Params)}, on {@code backend}. */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor b, Params attributes, Backend backend) {
        return OnnxTransposeDialect.convTranspose().translate(attributes, x, w, b).run(backend);
    }
}
