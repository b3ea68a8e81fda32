package org.jconv.dialect;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * The ONNX {@code Conv} operator on 1-D, 2-D and 3-D inputs (SEMANTICS.md sections 6 and 3.1): X
 * {@code [N, C, H, W]} (or {@code [N, C, W]}, {@code [N, C, D, H, W]}), W {@code [M, C/group, k...]},
 * optional B {@code [M]}; attributes {@code auto_pad} (NOTSET, the
 * default; SAME_UPPER; SAME_LOWER; VALID), {@code pads}, {@code strides}, {@code dilations},
 * {@code group}, {@code kernel_shape}, as lists the way ONNX stores them. Cross-correlation, zero border.
 *
 * <ul>
 * <li>{@code pads = [x1_begin, x2_begin, x1_end, x2_end]} = (top, left, bottom, right): all begins,
 *     then all ends (1-D: {@code [begin, end]}; 3-D: six entries); default zeros.</li>
 * <li>SAME_UPPER: TF's split (extra at the end); SAME_LOWER: the extra at the beginning; the total
 *     is {@code (ceil(n/s)-1)s + (k-1)d + 1 - n}, a negative total counts as 0.</li>
 * <li>{@code kernel_shape}, when given, must equal W's spatial shape.</li>
 * <li>{@code pads} together with {@code auto_pad} other than NOTSET is refused: the ONNX spec forbids
 *     it, and ONNX's shape inference (which reads {@code pads}) and ONNX Runtime (which follows
 *     {@code auto_pad}) disagree on the result.</li>
 * <li>X, W and B must share a dtype. ConvTranspose: {@link OnnxTransposeDialect}.</li>
 * </ul>
 *
 * <pre>{@code
 * Params p = Params.builder().put("auto_pad", "SAME_LOWER").put("strides", new int[] {2, 2}).build();
 * Tensor y = OnnxDialect.conv().translate(p, x, w, b).run();
 * }</pre>
 */
public final class OnnxDialect implements Dialect {
    /** {@code "onnx.Conv"}. */
    public static final String CONV = "onnx.Conv";

    private static final List<String> KEYS = List.of("auto_pad", "pads", "strides", "dilations", "group", "kernel_shape");
    private static final OnnxDialect INSTANCE = new OnnxDialect();

    private OnnxDialect() {
    }

    /** {@code onnx.Conv}. */
    public static OnnxDialect conv() {
        return INSTANCE;
    }

    @Override
    public String system() {
        return CONV;
    }

    @Override
    public DialectCall translate(Params params, Tensor x, Tensor w, Tensor b) {
        Checks.operands(system(), params, x, w);
        String sys = CONV;
        params.requireKnown(sys, KEYS);
        Checks.requireNonNull(sys, "X", x);
        Checks.requireNonNull(sys, "W", w);
        final int rank = spatialRank(sys, x);
        Checks.requireRank(sys, "W", w, rank + 2, "[M, C/group, " + Checks.kernelAxes(rank) + "]");
        Checks.requireVector(sys, "B", b);
        DType dtype = Checks.sameDType(sys, "Type parameter (T) of Optype (Conv) bound to different types", x, w, b);

        int[] k = Checks.kernelSpatial(w, KernelLayout.OIHW, rank);
        int[] ks = params.getIntList("kernel_shape", rank, null);
        if (ks != null && !java.util.Arrays.equals(ks, k)) {
            throw new DialectRefusal(sys + ": kernel_shape " + Params.repr(Checks.toList(ks))
                    + " is not compatible with W shape " + Checks.shape(w.shape()));
        }
        int[] strides = params.getIntList("strides", rank, Checks.ones(rank));
        int[] dilations = params.getIntList("dilations", rank, Checks.ones(rank));
        Checks.requireAtLeast(sys, "strides", strides, 1, "must be >= 1");
        Checks.requireAtLeast(sys, "dilations", dilations, 1, "must be >= 1");
        int group = params.getInt("group", 1);
        if (group < 1) {
            throw new DialectRefusal(sys + ": group must be >= 1, got " + group);
        }
        String autoPad = params.getString("auto_pad", "NOTSET");
        int[] padList = params.getIntList("pads", 2 * rank, null);
        if (padList != null) {
            Checks.requireAtLeast(sys, "pads", padList, 0, "must be >= 0");
        }
        boolean zeroPads = padList == null || java.util.Arrays.stream(padList).allMatch(v -> v == 0);
        if (padList != null && !autoPad.equals("NOTSET") && !(autoPad.equals("VALID") && zeroPads)) {
            throw new DialectRefusal(sys + ": pads " + Params.repr(Checks.toList(padList)) + " cannot be used together"
                    + " with auto_pad=" + Params.repr(autoPad) + " (the ONNX spec forbids it; ONNX shape inference and"
                    + " ONNX Runtime disagree on the result)");
        }

        int[] n = Checks.inputSpatial(x, Layout.NCHW, rank);
        AxisPads[] pads = new AxisPads[rank];
        for (int a = 0; a < rank; a++) {
            switch (autoPad) {
                case "NOTSET":
                    pads[a] = padList == null ? AxisPads.NONE : new AxisPads(padList[a], padList[a + rank]);
                    break;
                case "VALID":
                    pads[a] = AxisPads.NONE;
                    break;
                case "SAME_UPPER":
                    pads[a] = AxisPads.tfSame(n[a], k[a], strides[a], dilations[a]);
                    break;
                case "SAME_LOWER":
                    pads[a] = AxisPads.onnxSameLower(n[a], k[a], strides[a], dilations[a]);
                    break;
                default:
                    throw new DialectRefusal(sys + ": auto_pad must be one of NOTSET, SAME_UPPER, SAME_LOWER, VALID, got "
                            + Params.repr(autoPad));
            }
        }
        int bad = Checks.tooSmallAxis(n, pads, k, dilations);
        if (bad >= 0) {
            throw new DialectRefusal(sys + ": the padded input (" + n[bad] + " + " + pads[bad].total()
                    + ") is smaller than the dilated kernel (" + AxisPads.dilated(k[bad], dilations[bad])
                    + ") on spatial axis " + bad + " (ONNX Runtime fails: invalid output size)");
        }

        int[][] ba = AxisPads.split(pads);
        ConvSpec spec = ConvSpec.builder(rank)
                .pads(ba[0], ba[1])
                .stride(strides)
                .dilation(dilations)
                .groups(group)
                .dtype(dtype)
                .build();
        return new DialectCall(sys, spec, x, w, b, Checks.outputShape(spec, x, w), null);
    }

    /** The spatial rank of X {@code [N, C, spatial...]}: 1, 2 or 3. */
    static int spatialRank(String sys, Tensor x) {
        if (x.rank() < 3 || x.rank() > 5) {
            throw new IllegalArgumentException(sys + ": X must be 3-D [N, C, W], 4-D [N, C, H, W] or 5-D [N, C, D, H, W],"
                    + " got shape " + Checks.shape(x.shape()));
        }
        return x.rank() - 2;
    }

    @Override
    public String toString() {
        return "OnnxDialect[" + CONV + "]";
    }
}
