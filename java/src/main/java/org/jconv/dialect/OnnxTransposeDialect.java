package org.jconv.dialect;

import java.util.Arrays;
import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * The ONNX {@code ConvTranspose} operator on 1-D, 2-D and 3-D inputs (SEMANTICS.md section 3.1), as
 * ONNX Runtime 1.22 computes it: X {@code [N, C_in, n...]}, W {@code [C_in, C_out/group, k...]}, optional
 * B {@code [C_out]}; attributes {@code auto_pad}, {@code pads}, {@code strides}, {@code dilations},
 * {@code group}, {@code kernel_shape}, {@code output_padding}, {@code output_shape}, as lists.
 *
 * <p>With {@code full = (n-1)s + op + dk} per axis:
 * <table>
 * <caption>head and out</caption>
 * <tr><th>attributes</th><th>head</th><th>out</th></tr>
 * <tr><td>{@code output_shape} ({@code pads} ignored)</td><td>{@code T = full - out}; SAME_UPPER
 *     {@code floor(T/2)}; otherwise {@code ceil(T/2)} (the extra crop at the beginning)</td><td>output_shape</td></tr>
 * <tr><td>SAME_UPPER / SAME_LOWER</td><td>{@code T = max(full - n*s, 0)}; {@code floor(T/2)} /
 *     {@code ceil(T/2)}</td><td>{@code full - T}</td></tr>
 * <tr><td>VALID</td><td>0</td><td>full</td></tr>
 * <tr><td>NOTSET</td><td>{@code pads[i]}</td><td>{@code full - pads[i] - pads[i + rank]}</td></tr>
 * </table>
 * ONNX Runtime clamps a negative T to 0 (dk + op &lt; s), so SAME then gives {@code full}, not the
 * spec's {@code n*s}; jconv follows ONNX Runtime.
 *
 * <p>Refused although ONNX Runtime accepts them: {@code output_padding >= stride} and an
 * {@code output_shape} larger than {@code full}. ONNX Runtime 1.22 returns numbers for both that are
 * not the transposed convolution (no crop or zero extension of the scatter matches them), without
 * an error; the ONNX spec requires output_padding below the stride.
 *
 * <pre>{@code
 * Params p = Params.builder().put("auto_pad", "SAME_UPPER").put("strides", new int[] {2, 2}).build();
 * Tensor y = OnnxTransposeDialect.convTranspose().translate(p, x, w, b).run();   // x [1, 3, 4, 5] -> [1, C_out, 8, 10]
 * }</pre>
 */
public final class OnnxTransposeDialect implements Dialect {
    /** {@code "onnx.ConvTranspose"}. */
    public static final String CONV_TRANSPOSE = "onnx.ConvTranspose";

    private static final List<String> KEYS = List.of("auto_pad", "pads", "strides", "dilations", "group", "kernel_shape",
            "output_padding", "output_shape");
    private static final OnnxTransposeDialect INSTANCE = new OnnxTransposeDialect();

    private OnnxTransposeDialect() {
    }

    /** {@code onnx.ConvTranspose}. */
    public static OnnxTransposeDialect convTranspose() {
        return INSTANCE;
    }

    @Override
    public String system() {
        return CONV_TRANSPOSE;
    }

    @Override
    public DialectCall translate(Params params, Tensor x, Tensor w, Tensor b) {
        Checks.operands(system(), params, x, w);
        String sys = CONV_TRANSPOSE;
        params.requireKnown(sys, KEYS);
        Checks.requireNonNull(sys, "X", x);
        Checks.requireNonNull(sys, "W", w);
        final int rank = OnnxDialect.spatialRank(sys, x);
        Checks.requireRank(sys, "W", w, rank + 2, "[C_in, C_out/group, " + Checks.kernelAxes(rank) + "]");
        Checks.requireVector(sys, "B", b);
        DType dtype = Checks.sameDType(sys, "Type parameter (T) of Optype (ConvTranspose) bound to different types",
                x, w, b);

        int[] k = Checks.kernelSpatial(w, KernelLayout.OIHW, rank);
        int[] ks = params.getIntList("kernel_shape", rank, null);
        if (ks != null && !Arrays.equals(ks, k)) {
            throw new DialectRefusal(sys + ": kernel_shape " + Params.repr(Checks.toList(ks))
                    + " is not compatible with W shape " + Checks.shape(w.shape()));
        }
        int[] strides = params.getIntList("strides", rank, Checks.ones(rank));
        int[] dilations = params.getIntList("dilations", rank, Checks.ones(rank));
        int[] outputPadding = params.getIntList("output_padding", rank, new int[rank]);
        Checks.requireAtLeast(sys, "strides", strides, 1, "must be >= 1");
        Checks.requireAtLeast(sys, "dilations", dilations, 1, "must be >= 1");
        Checks.requireAtLeast(sys, "output_padding", outputPadding, 0, "must be >= 0");
        int group = params.getInt("group", 1);
        if (group < 1) {
            throw new DialectRefusal(sys + ": group must be >= 1, got " + group);
        }
        int cin = w.shape(0);
        if (x.shape(1) != cin) {
            throw new DialectRefusal(sys + ": X has " + x.shape(1) + " channels, W " + Checks.shape(w.shape())
                    + " expects " + cin + " (W is [C_in, C_out/group, k...])");
        }
        if (cin % group != 0) {
            throw new DialectRefusal(sys + ": group " + group + " does not divide the input channels " + cin);
        }
        int cout = w.shape(1) * group;
        for (int a = 0; a < rank; a++) {
            if (outputPadding[a] >= strides[a]) {
                throw new DialectRefusal(sys + ": output_padding " + Params.repr(Checks.toList(outputPadding))
                        + " must be smaller than strides " + Params.repr(Checks.toList(strides)) + " on every axis (the"
                        + " ONNX spec: \"must be less than the corresponding stride/dilation dimension\"); jconv refuses it"
                        + " because ONNX Runtime 1.22 accepts it without an error but returns numbers that are not the"
                        + " transposed convolution");
            }
        }

        String autoPad = params.getString("auto_pad", "NOTSET");
        if (!List.of("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID").contains(autoPad)) {
            throw new DialectRefusal(sys + ": auto_pad must be one of NOTSET, SAME_UPPER, SAME_LOWER, VALID, got "
                    + Params.repr(autoPad));
        }
        int[] padList = params.getIntList("pads", 2 * rank, null);
        if (padList != null) {
            Checks.requireAtLeast(sys, "pads", padList, 0, "must be >= 0");
        }
        boolean zeroPads = padList == null || Arrays.stream(padList).allMatch(v -> v == 0);
        int[] outputShape = outputShape(sys, params, rank, x.shape(0), cout);
        if (padList != null && outputShape == null && !autoPad.equals("NOTSET") && !(autoPad.equals("VALID") && zeroPads)) {
            throw new DialectRefusal(sys + ": pads " + Params.repr(Checks.toList(padList)) + " cannot be used together"
                    + " with auto_pad=" + Params.repr(autoPad) + " (the ONNX spec forbids it)");
        }

        int[] n = Checks.inputSpatial(x, Layout.NCHW, rank);
        TransposedAxis[] axes = new TransposedAxis[rank];
        String why;
        for (int a = 0; a < rank; a++) {
            long full = TransposedAxis.onnxFull(n[a], k[a], strides[a], dilations[a], outputPadding[a]);
            if (outputShape != null) {
                if (outputShape[a] > full) {
                    throw new DialectRefusal(sys + ": output_shape " + Params.repr(params.get("output_shape"))
                            + " exceeds the full output " + full + " ((n-1)*stride + output_padding + dilation*(k-1) + 1)"
                            + " on spatial axis " + a + "; jconv refuses it because ONNX Runtime 1.22 accepts it without"
                            + " an error but returns numbers that are not the transposed convolution");
                }
                axes[a] = TransposedAxis.onnxOutputShape(full, outputShape[a], autoPad.equals("SAME_UPPER"));
                continue;
            }
            switch (autoPad) {
                case "SAME_UPPER":
                case "SAME_LOWER":
                    axes[a] = TransposedAxis.onnxSame(n[a], k[a], strides[a], dilations[a], outputPadding[a],
                            autoPad.equals("SAME_UPPER"));
                    break;
                case "VALID":
                    axes[a] = TransposedAxis.onnxValid(n[a], k[a], strides[a], dilations[a], outputPadding[a]);
                    break;
                default: {
                    int begin = padList == null ? 0 : padList[a];
                    int end = padList == null ? 0 : padList[a + rank];
                    if (full - begin - end < 1) {
                        throw new DialectRefusal(sys + ": pads " + Params.repr(Checks.toList(padList)) + " crop "
                                + (begin + end) + " of the " + full + " samples of spatial axis " + a
                                + ", leaving no output (ONNX Runtime fails: invalid output size)");
                    }
                    axes[a] = TransposedAxis.onnxPads(full, begin, end);
                }
            }
        }
        if (outputShape != null) {
            why = "output_shape with auto_pad " + autoPad + ": head = " + (autoPad.equals("SAME_UPPER") ? "floor" : "ceil")
                    + "(T/2) of T = full - output_shape" + (autoPad.equals("SAME_UPPER") ? " (the extra crop at the end)"
                    : " (the extra crop at the beginning)") + (padList != null ? "; pads are ignored, as in ONNX Runtime"
                    : "");
        } else if (autoPad.startsWith("SAME")) {
            why = autoPad + ": T = max(full - n*stride, 0), head = " + (autoPad.equals("SAME_UPPER") ? "floor" : "ceil")
                    + "(T/2)" + (clamped(n, k, strides, dilations, outputPadding)
                    ? "; dilated kernel + output_padding < stride makes T negative: ONNX Runtime clamps it to 0 and"
                    + " returns the full output, not the spec's n*stride" : "");
        } else if (autoPad.equals("VALID")) {
            why = "VALID: head 0, the full output";
        } else {
            why = "head = the begin pads, output = full - begin - end pads (pads = [x1_begin, .., x1_end, ..])";
        }
        int[] shape = new int[rank + 2];
        shape[0] = x.shape(0);
        shape[1] = cout;
        for (int a = 0; a < rank; a++) {
            shape[a + 2] = axes[a].out();
        }
        return Transposed.call(sys, x, Layout.NCHW, Transposed.kernelFromIO(w, group), Transposed.IO_WORDS, b, group,
                strides, dilations, axes, dtype, shape, why);
    }

    /** {@code output_shape}: {@code rank} spatial sizes, or {@code rank + 2} with N and C (which must match); null when absent. */
    private static int[] outputShape(String sys, Params params, int rank, int batch, int cout) {
        if (params.isAbsentOrNone("output_shape")) {
            return null;
        }
        int[] l = params.getIntList("output_shape");
        if (l.length == rank + 2) {
            if (l[0] != batch || l[1] != cout) {
                throw new DialectRefusal(sys + ": output_shape " + Params.repr(Checks.toList(l)) + " has N = " + l[0]
                        + " and C = " + l[1] + ", the output has N = " + batch + " and C = " + cout);
            }
            l = Arrays.copyOfRange(l, 2, rank + 2);
        } else if (l.length != rank) {
            throw Params.expected("output_shape", "a list of " + rank + " or " + (rank + 2) + " ints",
                    params.get("output_shape"));
        }
        Checks.requireAtLeast(sys, "output_shape", l, 1, "must be >= 1");
        return l;
    }

    private static boolean clamped(int[] n, int[] k, int[] s, int[] d, int[] op) {
        for (int a = 0; a < n.length; a++) {
            if (AxisPads.dilated(k[a], d[a]) + op[a] < s[a]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "OnnxTransposeDialect[" + CONV_TRANSPOSE + "]";
    }
}
