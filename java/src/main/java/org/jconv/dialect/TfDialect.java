package org.jconv.dialect;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * TensorFlow's {@code tf.nn.conv2d(input, filters, strides, padding, data_format='NHWC',
 * dilations=None)} and {@code tf.nn.depthwise_conv2d(input, filter, strides, padding,
 * data_format=None, dilations=None)} (SEMANTICS.md section 4). The canonical spec keeps TF's
 * layouts: input NHWC (or NCHW), filter HWIO {@code [kH, kW, C/G, O]} for conv2d and HWCM
 * {@code [kH, kW, C, M]} for depthwise; no array is converted. Cross-correlation, zero border, no bias.
 *
 * <ul>
 * <li>{@code padding}: 'SAME' (per axis {@code out = ceil(n/s)}, {@code total = max((out-1)s +
 *     (k-1)d + 1 - n, 0)}, {@code before = floor(total/2)}: the extra at the bottom/right), 'VALID'
 *     (no pads; a dilated kernel larger than the input is refused, "Negative dimension size ..."),
 *     or explicit {@code [[0, 0], [t, b], [l, r], [0, 0]]} in {@code data_format} order.</li>
 * <li>conv2d {@code strides}/{@code dilations}: an int, a list of 1, of 2 (h, w), or of 4 in
 *     data-format order with 1 for N and C. depthwise: {@code strides} a list of 4,
 *     {@code dilations} a list of 2.</li>
 * <li>conv2d groups are inferred: {@code G = C / filters.shape[2]}.</li>
 * <li>Input and filter must share a dtype.</li>
 * </ul>
 *
 * <pre>{@code
 * Params p = Params.builder().put("strides", 2).put("padding", "SAME").build();
 * DialectCall call = TfDialect.conv2d().translate(p, x, filters, null);   // x [1, 8, 8, 3] NHWC
 * System.out.println(call.explain());   // ... pads top 0 bottom 1 left 0 right 1, zero; stride 2x2 ...
 * }</pre>
 */
public final class TfDialect implements Dialect {
    /** {@code "tf.nn.conv2d"}. */
    public static final String CONV2D = "tf.nn.conv2d";
    /** {@code "tf.nn.depthwise_conv2d"}. */
    public static final String DEPTHWISE_CONV2D = "tf.nn.depthwise_conv2d";

    private static final List<String> KEYS = List.of("strides", "padding", "data_format", "dilations");
    private static final TfDialect CONV = new TfDialect(false);
    private static final TfDialect DEPTHWISE = new TfDialect(true);

    private final boolean depthwise;

    private TfDialect(boolean depthwise) {
        this.depthwise = depthwise;
    }

    /** {@code tf.nn.conv2d}. */
    public static TfDialect conv2d() {
        return CONV;
    }

    /** {@code tf.nn.depthwise_conv2d}. */
    public static TfDialect depthwiseConv2d() {
        return DEPTHWISE;
    }

    @Override
    public String system() {
        return depthwise ? DEPTHWISE_CONV2D : CONV2D;
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor filters, Tensor bias) {
        final int rank = 2;
        String sys = system();
        params.requireKnown(sys, KEYS);
        if (bias != null) {
            throw new IllegalArgumentException(sys + " takes no bias; add it with tf.nn.bias_add (or use "
                    + (depthwise ? "keras.layers.DepthwiseConv2D" : "keras.layers.Conv2D") + " with use_bias=True)");
        }
        for (String required : List.of("strides", "padding")) {
            if (!params.has(required)) {
                throw new IllegalArgumentException(sys + ": " + required + " is required (" + sys
                        + "(input, filter, strides, padding, ...) has no default for it)");
            }
        }
        String df = params.isAbsentOrNone("data_format") ? "NHWC" : params.getString("data_format", "NHWC");
        Layout layout;
        if (df.equals("NHWC")) {
            layout = Layout.NHWC;
        } else if (df.equals("NCHW")) {
            layout = Layout.NCHW;
        } else {
            throw new DialectRefusal(sys + ": ValueError: data_format must be 'NHWC' or 'NCHW', got " + Params.repr(df));
        }
        Checks.requireRank(sys, "input", input, rank + 2, layout == Layout.NHWC ? "[N, H, W, C]" : "[N, C, H, W]");
        Checks.requireRank(sys, depthwise ? "filter" : "filters", filters, rank + 2,
                depthwise ? "[kH, kW, C, channel_multiplier]" : "[kH, kW, C/groups, O]");
        DType dtype = Checks.sameDType(sys, "InvalidArgumentError: cannot compute " + (depthwise ? "DepthwiseConv2dNative"
                : "Conv2D") + " as input #1(zero-based) was expected to be a " + tfName(input.dtype()) + " tensor but is a "
                + tfName(filters.dtype()) + " tensor", input, filters, null);

        int[] stride;
        int[] dilation;
        if (depthwise) {
            int[] s4 = params.getIntList("strides", 4, null);
            stride = fromFour(sys, "strides", s4, layout);
            if (params.isAbsentOrNone("dilations")) {
                dilation = new int[] {1, 1};
            } else {
                dilation = params.getIntList("dilations", 2, null);
            }
        } else {
            stride = convInts(sys, params, "strides", layout, true);
            dilation = params.isAbsentOrNone("dilations") ? new int[] {1, 1}
                    : convInts(sys, params, "dilations", layout, false);
        }
        Checks.requireAtLeast(sys, "strides", stride, 1, "InvalidArgumentError: strides must be >= 1");
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
            int inDepth = filters.shape(2);
            if (c % inDepth != 0) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: Depth of input (" + c
                        + ") is not a multiple of input depth of filter (" + inDepth + ")");
            }
            groups = c / inDepth;
            if (filters.shape(3) % groups != 0) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: Depth of output (" + filters.shape(3)
                        + ") is not a multiple of the number of groups (" + groups + ")");
            }
        }

        int[] n = Checks.inputSpatial(input, layout, rank);
        int[] k = Checks.kernelSpatial(filters, KernelLayout.HWIO, rank);
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
                case "EXPLICIT":
                    throw new DialectRefusal(sys + ": ValueError: \"EXPLICIT\" is not a valid value for `padding`. To use"
                            + " explicit padding, `padding` must be a list.");
                default:
                    throw new DialectRefusal(sys + ": ValueError: padding must be 'SAME', 'VALID' or a list of "
                            + (rank + 2) + " [before, after] pairs, got " + Params.repr(p)
                            + (p.equalsIgnoreCase("same") || p.equalsIgnoreCase("valid")
                                    ? " (TensorFlow's padding names are upper-case)" : ""));
            }
        }
        int[][] pairs = params.getPairs("padding", rank + 2);
        if (pairs == null) {
            throw Params.expected("padding", "'SAME', 'VALID' or a list of " + (rank + 2) + " [before, after] pairs",
                    params.get("padding"));
        }
        boolean last = layout == Layout.NHWC;
        int batchAxis = 0;
        int channelAxis = last ? rank + 1 : 1;
        for (int i : new int[] {batchAxis, channelAxis}) {
            if (pairs[i][0] != 0 || pairs[i][1] != 0) {
                throw new DialectRefusal(sys + ": ValueError: explicit padding must be 0 in the batch and depth"
                        + " dimensions, got " + Params.repr(params.get("padding")) + " for data_format "
                        + layout.name(rank));
            }
        }
        for (int a = 0; a < rank; a++) {
            int[] pr = pairs[last ? a + 1 : a + 2];
            if (pr[0] < 0 || pr[1] < 0) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: All elements of explicit_paddings must be"
                        + " nonnegative, got " + Params.repr(params.get("padding")));
            }
            pads[a] = new AxisPads(pr[0], pr[1]);
            long dk = AxisPads.dilated(k[a], d[a]);
            if (n[a] + (long) pads[a].total() < dk) {
                throw new DialectRefusal(sys + ": InvalidArgumentError: Computed output size would be negative: input"
                        + " size " + n[a] + " + padding " + pads[a].total() + " < effective filter size " + dk
                        + " on spatial axis " + a);
            }
        }
        return pads;
    }

    /** tf.nn.conv2d's strides/dilations: int, list of 1, of 2, or of 4 in data-format order. */
    private static int[] convInts(String sys, Params params, String key, Layout layout, boolean strides) {
        Object v = params.get(key);
        Integer single = Params.asInt(v);
        if (single != null) {
            return new int[] {single, single};
        }
        int[] l = Params.intList(v);
        if (l == null || (l.length != 1 && l.length != 2 && l.length != 4)) {
            throw Params.expected(key, "an int or a list of 1, 2 or 4 ints", v);
        }
        if (l.length == 1) {
            return new int[] {l[0], l[0]};
        }
        if (l.length == 2) {
            return l;
        }
        return fromFour(sys, key, l, layout);
    }

    /** A data-format-ordered list of 4 to (h, w); N and C must be 1. */
    private static int[] fromFour(String sys, String key, int[] l, Layout layout) {
        boolean last = layout == Layout.NHWC;
        int nIdx = 0;
        int cIdx = last ? 3 : 1;
        if (l[nIdx] != 1 || l[cIdx] != 1) {
            throw new DialectRefusal(sys + ": InvalidArgumentError: Current implementation does not yet support "
                    + key + " in the batch and depth dimensions (" + key + "=" + Params.repr(Checks.toList(l))
                    + " for data_format " + layout.name(2) + ")");
        }
        return last ? new int[] {l[1], l[2]} : new int[] {l[2], l[3]};
    }

    static String tfName(DType d) {
        return d == DType.FLOAT32 ? "float" : "double";
    }

    @Override
    public String toString() {
        return "TfDialect[" + system() + "]";
    }
}
