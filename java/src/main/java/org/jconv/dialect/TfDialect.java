package org.jconv.dialect;

import java.util.Arrays;
import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * TensorFlow's forward convolutions (SEMANTICS.md sections 4 and 3.1):
 * {@code tf.nn.conv1d(input, filters, stride, padding, data_format='NWC', dilations=None)},
 * {@code tf.nn.conv2d(input, filters, strides, padding, data_format='NHWC', dilations=None)},
 * {@code tf.nn.conv3d(input, filters, strides, padding, data_format='NDHWC', dilations=None)} and
 * {@code tf.nn.depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None)}.
 * The canonical spec keeps TF's layouts: input channels last (or first), filter
 * {@code [k..., C/G, O]} (WIO, HWIO, DHWIO) or, depthwise, HWCM {@code [kH, kW, C, M]}, whatever the
 * data format; no array is converted. Cross-correlation, zero border, no bias.
 *
 * <ul>
 * <li>{@code padding}: 'SAME' (per axis {@code out = ceil(n/s)}, {@code total = max((out-1)s +
 *     (k-1)d + 1 - n, 0)}, {@code before = floor(total/2)}: the extra at the end), 'VALID' (no pads;
 *     a dilated kernel larger than the input is refused, "Negative dimension size ..."); conv2d and
 *     depthwise also take explicit {@code [[0, 0], [t, b], [l, r], [0, 0]]} in data-format order.</li>
 * <li>conv2d {@code strides}/{@code dilations}: an int, a list of 1, of 2 (h, w), or of 4 in
 *     data-format order with 1 for N and C. conv1d {@code stride}/{@code dilations}: an int, a list
 *     of 1 or of 3 in data-format order ({@code [1, s, 1]} for NWC). conv3d: lists of 5
 *     ({@code [1, sd, sh, sw, 1]} for NDHWC). depthwise: {@code strides} a list of 4,
 *     {@code dilations} a list of 2.</li>
 * <li>groups are inferred: {@code G = C / filters.shape[-2]}.</li>
 * <li>Input and filter must share a dtype.</li>
 * </ul>
 *
 * <pre>{@code
 * Params p = Params.builder().put("strides", 2).put("padding", "SAME").build();
 * DialectCall call = TfDialect.conv2d().translate(p, x, filters, null);   // x [1, 8, 8, 3] NHWC
 * System.out.println(call.explain());   // ... pads top 0 bottom 1 left 0 right 1, zero; stride 2x2 ...
 * DialectCall seq = TfDialect.conv1d().translate(Params.builder().put("stride", 2).put("padding", "SAME").build(),
 *         signal, taps, null);                                           // signal [N, W, C], taps [k, C, O]
 * }</pre>
 */
public final class TfDialect implements Dialect {
    /** {@code "tf.nn.conv1d"}. */
    public static final String CONV1D = "tf.nn.conv1d";
    /** {@code "tf.nn.conv2d"}. */
    public static final String CONV2D = "tf.nn.conv2d";
    /** {@code "tf.nn.conv3d"}. */
    public static final String CONV3D = "tf.nn.conv3d";
    /** {@code "tf.nn.depthwise_conv2d"}. */
    public static final String DEPTHWISE_CONV2D = "tf.nn.depthwise_conv2d";

    /** The four ops: what differs between them is how they spell strides, formats and pads. */
    private enum Op {
        CONV1D(TfDialect.CONV1D, 1, "stride", "Conv2D"),
        CONV2D(TfDialect.CONV2D, 2, "strides", "Conv2D"),
        CONV3D(TfDialect.CONV3D, 3, "strides", "Conv3D"),
        DEPTHWISE(DEPTHWISE_CONV2D, 2, "strides", "DepthwiseConv2dNative");

        final String system;
        final int rank;
        final String strideKey;
        /** The TF op that runs (tf.nn.conv1d inserts a unit axis and runs Conv2D). */
        final String kernelOp;

        Op(String system, int rank, String strideKey, String kernelOp) {
            this.system = system;
            this.rank = rank;
            this.strideKey = strideKey;
            this.kernelOp = kernelOp;
        }
    }

    private static final TfDialect OP_CONV1D = new TfDialect(Op.CONV1D);
    private static final TfDialect OP_CONV2D = new TfDialect(Op.CONV2D);
    private static final TfDialect OP_CONV3D = new TfDialect(Op.CONV3D);
    private static final TfDialect OP_DEPTHWISE = new TfDialect(Op.DEPTHWISE);

    private final Op op;

    private TfDialect(Op op) {
        this.op = op;
    }

    /** {@code tf.nn.conv1d}: input NWC (or NCW), filters WIO {@code [k, C/G, O]}. */
    public static TfDialect conv1d() {
        return OP_CONV1D;
    }

    /** {@code tf.nn.conv2d}. */
    public static TfDialect conv2d() {
        return OP_CONV2D;
    }

    /** {@code tf.nn.conv3d}: input NDHWC (or NCDHW), filters DHWIO {@code [kD, kH, kW, C/G, O]}. */
    public static TfDialect conv3d() {
        return OP_CONV3D;
    }

    /** {@code tf.nn.depthwise_conv2d}. */
    public static TfDialect depthwiseConv2d() {
        return OP_DEPTHWISE;
    }

    @Override
    public String system() {
        return op.system;
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor filters, Tensor bias) {
        Checks.operands(system(), params, input, filters);
        final int rank = op.rank;
        final boolean depthwise = op == Op.DEPTHWISE;
        String sys = system();
        params.requireKnown(sys, List.of(op.strideKey, "padding", "data_format", "dilations"));
        if (bias != null) {
            throw new IllegalArgumentException(sys + " takes no bias; add it with tf.nn.bias_add (or use "
                    + (depthwise ? "keras.layers.DepthwiseConv2D" : "keras.layers.Conv" + rank + "D")
                    + " with use_bias=True)");
        }
        for (String required : List.of(op.strideKey, "padding")) {
            if (!params.has(required)) {
                throw new IllegalArgumentException(sys + ": " + required + " is required (" + sys
                        + "(input, filter" + (depthwise ? "" : "s") + ", " + op.strideKey
                        + ", padding, ...) has no default for it)");
            }
        }
        Layout layout = dataFormat(sys, params, rank, op == Op.CONV1D);
        Checks.requireRank(sys, "input", input, rank + 2, Checks.inputAxes(layout, rank));
        Checks.requireRank(sys, depthwise ? "filter" : "filters", filters, rank + 2,
                depthwise ? "[kH, kW, C, channel_multiplier]" : "[" + Checks.kernelAxes(rank) + ", C/groups, O]");
        DType dtype = Checks.sameDType(sys, "InvalidArgumentError: cannot compute " + op.kernelOp
                + " as input #1(zero-based) was expected to be a " + tfName(input.dtype()) + " tensor but is a "
                + tfName(filters.dtype()) + " tensor", input, filters, null);

        int[] stride;
        int[] dilation;
        switch (op) {
            case DEPTHWISE:
                stride = fromFull(sys, "strides", params.getIntList("strides", 4, null), layout, rank);
                dilation = params.isAbsentOrNone("dilations") ? Checks.ones(rank)
                        : params.getIntList("dilations", 2, null);
                break;
            case CONV3D:
                stride = listOfFull(sys, params, "strides", layout, rank);
                dilation = params.isAbsentOrNone("dilations") ? Checks.ones(rank)
                        : listOfFull(sys, params, "dilations", layout, rank);
                break;
            default: // conv1d and conv2d: int, list of 1, (conv2d: of 2), or in data-format order
                stride = convInts(sys, params, op.strideKey, layout, rank);
                dilation = params.isAbsentOrNone("dilations") ? Checks.ones(rank)
                        : convInts(sys, params, "dilations", layout, rank);
        }
        Checks.requireAtLeast(sys, op.strideKey, stride, 1, "InvalidArgumentError: strides must be >= 1");
        Checks.requireAtLeast(sys, "dilations", dilation, 1, "InvalidArgumentError: Dilated rates should be larger than 0.");

        int c = Checks.inputChannels(input, layout, rank);
        int groups;
        if (depthwise) {
            if (filters.shape(2) != c) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: input and filter must have the same depth: "
                        + c + " vs " + filters.shape(2));
            }
            groups = c;
        } else {
            groups = inferGroups(sys, c, filters.shape(rank), filters.shape(rank + 1));
        }

        int[] n = Checks.inputSpatial(input, layout, rank);
        int[] k = Checks.kernelSpatial(filters, KernelLayout.HWIO, rank);
        if (rank != 2 && params.isList("padding")) {
            // tf.nn.conv1d and tf.nn.conv3d pass padding as the op's string attribute
            throw new DialectRefusal(sys + ": ValueError: padding must be 'SAME' or 'VALID' (" + sys
                    + " has no explicit padding), got " + Params.repr(params.get("padding")));
        }
        AxisPads[] pads = tfPads(sys, params, layout, n, k, stride, dilation, filters.shape());

        int[][] ba = AxisPads.split(pads);
        ConvSpec spec = ConvSpec.builder(rank)
                .pads(ba[0], ba[1])
                .stride(stride)
                .dilation(dilation)
                .groups(groups)
                .layout(layout)
                .kernelLayout(depthwise ? KernelLayout.HWCM : KernelLayout.HWIO)
                .dtype(dtype)
                .build();
        return new DialectCall(sys, spec, input, filters, null, Checks.outputShape(spec, input, filters), null);
    }

    /**
     * TF's {@code data_format}: channels last (the default) or first, spelled for the rank
     * (NWC/NCW, NHWC/NCHW, NDHWC/NCDHW). tf.nn.conv1d also takes the 2-D names it passes on to Conv2D.
     */
    static Layout dataFormat(String sys, Params params, int rank, boolean alsoTwoD) {
        String last = Layout.NHWC.name(rank);
        String first = Layout.NCHW.name(rank);
        String df = params.isAbsentOrNone("data_format") ? last : params.getString("data_format", last);
        if (df.equals(last) || (alsoTwoD && df.equals("NHWC"))) {
            return Layout.NHWC;
        }
        if (df.equals(first) || (alsoTwoD && df.equals("NCHW"))) {
            return Layout.NCHW;
        }
        throw new DialectRefusal(sys + ": ValueError: data_format must be '" + last + "' or '" + first + "', got "
                + Params.repr(df));
    }

    /** {@code G = C / in-depth of the filter}; the output depth must split into G blocks too. */
    static int inferGroups(String sys, int c, int inDepth, int outDepth) {
        if (c % inDepth != 0) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: Depth of input (" + c
                    + ") is not a multiple of input depth of filter (" + inDepth + ")");
        }
        int groups = c / inDepth;
        if (outDepth % groups != 0) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: Depth of output (" + outDepth
                    + ") is not a multiple of the number of groups (" + groups + ")");
        }
        return groups;
    }

    /**
     * TF's padding argument, per axis: 'SAME', 'VALID' or explicit pairs in data-format order.
     * Shared with Keras (which passes {@code padding.upper()}).
     */
    static AxisPads[] tfPads(String sys, Params params, Layout layout, int[] n, int[] k, int[] s, int[] d,
            int[] filterShape) {
        int rank = n.length;
        AxisPads[] pads = new AxisPads[rank];
        if (params.isString("padding")) {
            String p = params.getString("padding", "VALID");
            switch (p) {
                case "SAME":
                    for (int a = 0; a < rank; a++) {
                        pads[a] = AxisPads.tfSame(n[a], k[a], s[a], d[a]);
                    }
                    return pads;
                case "VALID":
                    for (int a = 0; a < rank; a++) {
                        long dk = AxisPads.dilated(k[a], d[a]);
                        if (n[a] < dk) {
                            throw new DialectRefusal(sys + ": InvalidArgumentError: Negative dimension size caused by"
                                    + " subtracting " + dk + " from " + n[a] + " (padding='VALID' with the "
                                    + (d[a] > 1 ? "dilated " : "") + "kernel larger than the input on spatial axis " + a
                                    + "; filter shape " + Checks.shape(filterShape) + ")");
                        }
                        pads[a] = AxisPads.NONE;
                    }
                    return pads;
                default:
                    throw badPaddingString(sys, p, rank);
            }
        }
        pads = explicitPads(sys, params, layout, rank);
        for (int a = 0; a < rank; a++) {
            long dk = AxisPads.dilated(k[a], d[a]);
            if (n[a] + (long) pads[a].total() < dk) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: Computed output size would be negative: input"
                        + " size " + n[a] + " + padding " + pads[a].total() + " < effective filter size " + dk
                        + " on spatial axis " + a);
            }
        }
        return pads;
    }

    /** The refusal of a padding string other than 'SAME' and 'VALID'. */
    static DialectRefusal badPaddingString(String sys, String p, int rank) {
        if (p.equals("EXPLICIT")) {
            return new DialectRefusal(sys + ": ValueError: \"EXPLICIT\" is not a valid value for `padding`. To use"
                    + " explicit padding, `padding` must be a list.");
        }
        return new DialectRefusal(sys + ": ValueError: padding must be 'SAME', 'VALID' or a list of "
                + (rank + 2) + " [before, after] pairs, got " + Params.repr(p)
                + (p.equalsIgnoreCase("same") || p.equalsIgnoreCase("valid")
                        ? " (TensorFlow's padding names are upper-case)" : ""));
    }

    /** Explicit {@code [[0, 0], [t, b], [l, r], [0, 0]]} (data-format order) as per-axis pads; nothing else checked. */
    static AxisPads[] explicitPads(String sys, Params params, Layout layout, int rank) {
        int[][] pairs = params.getPairs("padding", rank + 2);
        if (pairs == null) {
            throw Params.expected("padding", "'SAME', 'VALID' or a list of " + (rank + 2) + " [before, after] pairs",
                    params.get("padding"));
        }
        boolean last = layout == Layout.NHWC;
        int channelAxis = last ? rank + 1 : 1;
        for (int i : new int[] {0, channelAxis}) {
            if (pairs[i][0] != 0 || pairs[i][1] != 0) {
                throw new DialectRefusal(sys + ": ValueError: explicit padding must be 0 in the batch and depth"
                        + " dimensions, got " + Params.repr(params.get("padding")) + " for data_format "
                        + layout.name(rank));
            }
        }
        AxisPads[] pads = new AxisPads[rank];
        for (int a = 0; a < rank; a++) {
            int[] pr = pairs[last ? a + 1 : a + 2];
            if (pr[0] < 0 || pr[1] < 0) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: All elements of explicit_paddings must be"
                        + " nonnegative, got " + Params.repr(params.get("padding")));
            }
            pads[a] = new AxisPads(pr[0], pr[1]);
        }
        return pads;
    }

    /**
     * strides/dilations of tf.nn.conv2d (int, list of 1, of 2, or of 4 in data-format order) and of
     * tf.nn.conv1d (int, list of 1, or of 3 in data-format order). Shared with tf.nn.conv2d_transpose.
     */
    static int[] convInts(String sys, Params params, String key, Layout layout, int rank) {
        Object v = params.get(key);
        Integer single = Params.asInt(v);
        if (single != null) {
            return filled(rank, single);
        }
        int[] l = Params.intList(v);
        if (l != null && l.length == 1) {
            return filled(rank, l[0]);
        }
        if (l != null && l.length == rank + 2) {
            return fromFull(sys, key, l, layout, rank);
        }
        if (l != null && l.length == rank && rank == 2) {
            return l;
        }
        throw Params.expected(key, "an int or a list of 1" + (rank == 2 ? ", 2" : "") + " or " + (rank + 2) + " ints", v);
    }

    /** tf.nn.conv3d's strides/dilations: a list of {@code rank + 2} in data-format order, nothing shorter. */
    private static int[] listOfFull(String sys, Params params, String key, Layout layout, int rank) {
        int[] l = Params.intList(params.get(key));
        if (l == null || l.length != rank + 2) {
            throw new DialectRefusal(sys + ": " + key + " must be a list of " + (rank + 2) + " ints in data-format order ("
                    + layout.name(rank) + "), got " + Params.repr(params.get(key)) + " (the Conv3D op requires the "
                    + (key.equals("strides") ? "stride" : "dilation") + " attribute to contain " + (rank + 2)
                    + " values)");
        }
        return fromFull(sys, key, l, layout, rank);
    }

    private static int[] filled(int n, int v) {
        int[] out = new int[n];
        Arrays.fill(out, v);
        return out;
    }

    /** A data-format-ordered list of {@code rank + 2} to the spatial values; N and C must be 1. */
    private static int[] fromFull(String sys, String key, int[] l, Layout layout, int rank) {
        boolean last = layout == Layout.NHWC;
        int cIdx = last ? rank + 1 : 1;
        if (l[0] != 1 || l[cIdx] != 1) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: Current implementation does not yet support "
                    + key + " in the batch and depth dimensions (" + key + "=" + Params.repr(Checks.toList(l))
                    + " for data_format " + layout.name(rank) + ")");
        }
        return Arrays.copyOfRange(l, last ? 1 : 2, last ? rank + 1 : rank + 2);
    }

    static String tfName(DType d) {
        return d == DType.FLOAT32 ? "float" : "double";
    }

    @Override
    public String toString() {
        return "TfDialect[" + system() + "]";
    }
}
