package org.jconv.dialect;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * Keras 3 layers with given weights (SEMANTICS.md sections 4 and 3.1): {@code keras.layers.Conv1D},
 * {@code Conv2D} and {@code Conv3D(filters, kernel_size, strides=1, padding='valid',
 * data_format=None, dilation_rate=1, groups=1, use_bias=True)} with kernel {@code [k..., C/groups,
 * filters]} (WIO, HWIO, DHWIO), and {@code keras.layers.DepthwiseConv2D(kernel_size, strides=1,
 * padding='valid', depth_multiplier=1, data_format=None, dilation_rate=1, use_bias=True)} with kernel
 * HWCM {@code [kH, kW, C, depth_multiplier]}. Keras runs TensorFlow's ops, so the padding rule is
 * TF's ('same': extra at the end). Layouts are kept: channels last ('channels_last', the default) or
 * first ('channels_first'), kernel as stored by Keras. Transposed: {@link KerasTransposeDialect}.
 *
 * <ul>
 * <li>{@code padding} and {@code data_format} are case-insensitive, as in Keras. Conv1D also takes
 *     'causal': pads {@code (d(k-1), 0)}, all in the past, then 'valid'.</li>
 * <li>{@code strides > 1} together with {@code dilation_rate > 1} is refused (Keras's ValueError).</li>
 * <li>{@code filters}, {@code kernel_size} and {@code depth_multiplier} are optional here; when given
 *     they are checked against the kernel array. {@code use_bias} must agree with the bias array.</li>
 * <li>dtype: Keras computes in the layer's dtype (its weights' dtype) and casts the input to it;
 *     so does this dialect (the kernel's dtype wins).</li>
 * </ul>
 *
 * <pre>{@code
 * // keras.layers.Conv2D(1, 3, padding='same', use_bias=False) on image[None, :, :, None]
 * Params p = Params.builder().put("filters", 1).put("kernel_size", 3).put("padding", "same")
 *         .put("use_bias", false).build();
 * Tensor y = KerasDialect.conv2D().translate(p, x, kernel, null).run();   // [1, H, W, 1]
 * // keras.layers.Conv1D(2, 2, padding='causal', dilation_rate=4): WaveNet's dilated causal layer
 * Tensor z = KerasDialect.conv1D().translate(Params.builder().put("padding", "causal")
 *         .put("dilation_rate", 4).build(), sequence, taps, null).run();  // [N, W, 2], W unchanged
 * }</pre>
 */
public final class KerasDialect implements Dialect {
    /** {@code "keras.layers.Conv1D"}. */
    public static final String CONV1D = "keras.layers.Conv1D";
    /** {@code "keras.layers.Conv2D"}. */
    public static final String CONV2D = "keras.layers.Conv2D";
    /** {@code "keras.layers.Conv3D"}. */
    public static final String CONV3D = "keras.layers.Conv3D";
    /** {@code "keras.layers.DepthwiseConv2D"}. */
    public static final String DEPTHWISE_CONV2D = "keras.layers.DepthwiseConv2D";

    private static final List<String> CONV_KEYS = List.of("filters", "kernel_size", "strides", "padding", "data_format",
            "dilation_rate", "groups", "use_bias");
    private static final List<String> DEPTHWISE_KEYS = List.of("kernel_size", "strides", "padding", "depth_multiplier",
            "data_format", "dilation_rate", "use_bias");
    private static final KerasDialect LAYER_CONV1D = new KerasDialect(1, false);
    private static final KerasDialect LAYER_CONV2D = new KerasDialect(2, false);
    private static final KerasDialect LAYER_CONV3D = new KerasDialect(3, false);
    private static final KerasDialect DEPTHWISE = new KerasDialect(2, true);

    private final int rank;
    private final boolean depthwise;

    private KerasDialect(int rank, boolean depthwise) {
        this.rank = rank;
        this.depthwise = depthwise;
    }

    /** {@code keras.layers.Conv1D}: input {@code [N, W, C]} (or {@code [N, C, W]}), kernel {@code [k, C/groups, filters]}. */
    public static KerasDialect conv1D() {
        return LAYER_CONV1D;
    }

    /** {@code keras.layers.Conv2D}. */
    public static KerasDialect conv2D() {
        return LAYER_CONV2D;
    }

    /** {@code keras.layers.Conv3D}: input {@code [N, D, H, W, C]} (or channels first), kernel {@code [kD, kH, kW, C/groups, filters]}. */
    public static KerasDialect conv3D() {
        return LAYER_CONV3D;
    }

    /** {@code keras.layers.DepthwiseConv2D}. */
    public static KerasDialect depthwiseConv2D() {
        return DEPTHWISE;
    }

    @Override
    public String system() {
        return depthwise ? DEPTHWISE_CONV2D : "keras.layers.Conv" + rank + "D";
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor kernel, Tensor bias) {
        Checks.operands(system(), params, input, kernel);
        String sys = system();
        params.requireKnown(sys, depthwise ? DEPTHWISE_KEYS : CONV_KEYS);

        Layout layout = dataFormat(sys, params);
        String padding = params.getString("padding", "valid").toLowerCase(Locale.ROOT);
        boolean causal = padding.equals("causal") && rank == 1;
        if (!padding.equals("same") && !padding.equals("valid") && !causal) {
            throw new DialectRefusal(sys + ": ValueError: The `padding` argument must be a list/tuple or one of"
                    + " {'valid', 'same'" + (rank == 1 ? ", 'causal'" : "") + "}. Received: " + padding
                    + (padding.equals("causal") ? " ('causal' exists for Conv1D only)" : ""));
        }
        int[] strides = tuple(sys, params, "strides", rank, false);
        int[] dilation = tuple(sys, params, "dilation_rate", rank, false);
        refuseStridedDilation(sys, strides, dilation);
        int groups = depthwise ? 1 : params.getInt("groups", 1);
        if (groups < 1) {
            throw new DialectRefusal(sys + ": ValueError: The number of groups must be a positive integer. Received:"
                    + " groups=" + groups + ".");
        }
        if (!depthwise && params.has("filters")) {
            int f = params.getInt("filters", 1);
            if (f <= 0) {
                throw new DialectRefusal(sys + ": ValueError: Invalid value for argument `filters`. Expected a strictly"
                        + " positive value. Received filters=" + f + ".");
            }
            if (f % groups != 0) {
                throw new DialectRefusal(sys + ": ValueError: The number of filters must be evenly divisible by the"
                        + " number of groups. Received: groups=" + groups + ", filters=" + f + ".");
            }
        }

        Checks.requireRank(sys, "input", input, rank + 2, Checks.inputAxes(layout, rank));
        Checks.requireRank(sys, "kernel", kernel, rank + 2,
                depthwise ? "[kH, kW, C, depth_multiplier]" : "[" + Checks.kernelAxes(rank) + ", C/groups, filters]");
        Checks.requireVector(sys, "bias", bias);
        int c = Checks.inputChannels(input, layout, rank);
        int[] k = Checks.kernelSpatial(kernel, KernelLayout.HWIO, rank);
        checkKernelSize(sys, params, k, kernel);
        if (depthwise) {
            int m = params.getInt("depth_multiplier", kernel.shape(3));
            if (kernel.shape(2) != c || kernel.shape(3) != m) {
                throw new IllegalArgumentException(sys + ": the kernel array of shape " + Checks.shape(kernel.shape())
                        + " does not fit an input with " + c + " channels and depth_multiplier=" + m + " (expected ["
                        + k[0] + ", " + k[1] + ", " + c + ", " + m + "])");
            }
            groups = c;
        } else {
            if (c % groups != 0) {
                throw new DialectRefusal(sys + ": ValueError: The number of input channels must be evenly divisible by"
                        + " the number of groups. Received groups=" + groups + ", but the input has " + c
                        + " channels (full input shape is " + Checks.tuple(input.shape()) + ").");
            }
            int f = params.has("filters") ? params.getInt("filters", 1) : kernel.shape(rank + 1);
            if (kernel.shape(rank) != c / groups || kernel.shape(rank + 1) != f) {
                int[] want = Arrays.copyOf(k, rank + 2);
                want[rank] = c / groups;
                want[rank + 1] = f;
                throw new IllegalArgumentException(sys + ": the kernel array of shape " + Checks.shape(kernel.shape())
                        + " does not fit filters=" + f + ", groups=" + groups + " on an input with " + c
                        + " channels (expected " + Checks.shape(want) + ")");
            }
        }
        checkUseBias(sys, params, bias);

        int[] n = Checks.inputSpatial(input, layout, rank);
        AxisPads[] pads = new AxisPads[rank];
        for (int a = 0; a < rank; a++) {
            if (padding.equals("same")) {
                pads[a] = AxisPads.tfSame(n[a], k[a], strides[a], dilation[a]);
            } else {
                pads[a] = causal ? AxisPads.causal(k[a], dilation[a]) : AxisPads.NONE;
                long dk = AxisPads.dilated(k[a], dilation[a]);
                if (n[a] + (long) pads[a].total() < dk) {
                    throw new DialectRefusal(sys + ": ValueError: Computed output size would be negative. Received"
                            + " `inputs shape=" + Checks.tuple(input.shape()) + "`, `kernel shape="
                            + Checks.tuple(kernel.shape()) + "`, `dilation_rate=" + Checks.tuple(dilation) + "`.");
                }
            }
        }

        // the layer's weights fix the compute dtype; Keras casts the input to it
        DType dtype = kernel.dtype();
        int[][] ba = AxisPads.split(pads);
        ConvSpec spec = ConvSpec.builder(rank)
                .pads(ba[0], ba[1])
                .stride(strides)
                .dilation(dilation)
                .groups(groups)
                .layout(layout)
                .kernelLayout(depthwise ? KernelLayout.HWCM : KernelLayout.HWIO)
                .dtype(dtype)
                .build();
        Tensor x = input.to(dtype);
        Tensor b = bias == null ? null : bias.to(dtype);
        String note = input.dtype() != dtype ? "the input is cast to the layer's dtype " + dtype.numpyName() : null;
        if (causal) {
            String why = "padding='causal': " + pads[0].before() + " zeros before the sequence (dilation_rate * (kernel_size"
                    + " - 1)), none after, then 'valid': output j never reads a sample after j*strides";
            note = note == null ? why : note + "; " + why;
        }
        return new DialectCall(sys, spec, x, kernel, b, Checks.outputShape(spec, x, kernel), note);
    }

    /** Keras's {@code data_format}: 'channels_last' (default) or 'channels_first', case-insensitive. */
    static Layout dataFormat(String sys, Params params) {
        String df = params.isAbsentOrNone("data_format") ? "channels_last"
                : params.getString("data_format", "channels_last").toLowerCase(Locale.ROOT);
        if (df.equals("channels_last")) {
            return Layout.NHWC;
        }
        if (df.equals("channels_first")) {
            return Layout.NCHW;
        }
        throw new DialectRefusal(sys + ": ValueError: The `data_format` argument must be one of {'channels_first',"
                + " 'channels_last'}. Received: data_format=" + Params.repr(params.get("data_format")));
    }

    /** Keras refuses strides > 1 together with dilation_rate > 1 in every conv layer. */
    static void refuseStridedDilation(String sys, int[] strides, int[] dilation) {
        if (Checks.max(strides) > 1 && Checks.max(dilation) > 1) {
            throw new DialectRefusal(sys + ": ValueError: `strides > 1` not supported in conjunction with"
                    + " `dilation_rate > 1`. Received: strides=" + Checks.tuple(strides) + " and dilation_rate="
                    + Checks.tuple(dilation));
        }
    }

    /** {@code kernel_size}, when given, must be the kernel array's spatial shape. */
    static void checkKernelSize(String sys, Params params, int[] k, Tensor kernel) {
        if (params.has("kernel_size")) {
            int[] ks = tuple(sys, params, "kernel_size", k.length, false);
            if (!Arrays.equals(ks, k)) {
                throw new IllegalArgumentException(sys + ": kernel_size=" + Checks.tuple(ks)
                        + " does not match the kernel array of shape " + Checks.shape(kernel.shape()));
            }
        }
    }

    /** {@code use_bias}, when given, must agree with the bias array. */
    static void checkUseBias(String sys, Params params, Tensor bias) {
        if (params.has("use_bias")) {
            boolean useBias = params.getBoolean("use_bias", true);
            if (useBias && bias == null) {
                throw new IllegalArgumentException(sys + ": use_bias=True but no bias array was given");
            }
            if (!useBias && bias != null) {
                throw new IllegalArgumentException(sys + ": use_bias=False but a bias array was given");
            }
        }
    }

    /**
     * Keras's {@code standardize_tuple}: an int or a list of {@code rank} ints, each {@code > 0}
     * ({@code >= 0} when {@code allowZero}, as for {@code output_padding}).
     */
    static int[] tuple(String sys, Params params, String key, int rank, boolean allowZero) {
        int[] v = params.getInts(key, rank, allowZero ? new int[rank] : Checks.ones(rank));
        for (int x : v) {
            if (x < 0 || (x == 0 && !allowZero)) {
                throw new DialectRefusal(sys + ": ValueError: The `" + key + "` argument must be a tuple of " + rank
                        + " integers. Received " + key + "=" + Params.repr(params.get(key))
                        + ", including values that do not satisfy `value " + (allowZero ? ">=" : ">") + " 0`");
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "KerasDialect[" + system() + "]";
    }
}
