package org.jconv.dialect;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * PyTorch convolution (SEMANTICS.md sections 3 and 3.1): {@code torch.nn.functional.conv1d/conv2d/conv3d(input,
 * weight, bias, stride=1, padding=0, dilation=1, groups=1)} and {@code torch.nn.Conv2d(in_channels,
 * out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode)} with the given
 * weights. Input NCW / NCHW / NCDHW (or unbatched, without N, as torch accepts), weight
 * {@code [O, C/G, k...]}, bias [O]; cross-correlation. The rules are per axis and the same for every rank.
 *
 * <ul>
 * <li>{@code padding}: int p or a list of one int per axis: symmetric; 'valid': 0; 'same': total
 *     {@code d(k-1)} per axis, the extra at the end (bottom/right); 'same' with a stride other than 1 is refused.</li>
 * <li>{@code padding_mode} (nn.Conv2d): 'zeros', 'reflect' (pads must be smaller than the input),
 *     'replicate' (any pad), 'circular' (pads at most the input size); torch pads first with
 *     {@code F.pad}, then convolves unpadded, so 'same' uses the same split for every mode.</li>
 * <li>A kernel larger than the padded input is refused; input, weight and bias must share a dtype.</li>
 * </ul>
 *
 * <p>Forms: {@link #conv1d()}, {@link #functional()} ({@code torch.nn.functional.conv2d}) and
 * {@link #conv3d()}; {@link #module()} ({@code torch.nn.Conv2d}; its {@code in_channels},
 * {@code out_channels} and {@code kernel_size} are optional here and checked against the weight when
 * given; {@code bias} (bool) must agree with the bias array), and {@link #functionalWithPaddingMode()}
 * (the command line's {@code torch}: the functional call plus nn.Conv2d's {@code padding_mode}, i.e.
 * {@code F.conv2d(F.pad(x, pads, mode), w)}). Transposed convolution: {@link TorchTransposeDialect}.
 *
 * <pre>{@code
 * Params p = Params.builder().put("padding", "same").put("dilation", List.of(1, 2)).build();
 * DialectCall call = TorchDialect.functional().translate(p, x, w, b);   // x [N, C, H, W], w [O, C, kH, kW]
 * Tensor y = call.run();
 * DialectCall audio = TorchDialect.conv1d().translate(Params.builder().put("padding", "same").build(),
 *         signal, taps, null);                                           // signal [N, C, W], taps [O, C, k]
 * }</pre>
 */
public final class TorchDialect implements Dialect {
    /** {@code "torch.nn.functional.conv1d"}. */
    public static final String FUNCTIONAL_CONV1D = "torch.nn.functional.conv1d";
    /** {@code "torch.nn.functional.conv2d"}. */
    public static final String FUNCTIONAL_CONV2D = "torch.nn.functional.conv2d";
    /** {@code "torch.nn.functional.conv3d"}. */
    public static final String FUNCTIONAL_CONV3D = "torch.nn.functional.conv3d";
    /** {@code "torch.nn.Conv2d"}. */
    public static final String CONV2D_MODULE = "torch.nn.Conv2d";

    private enum Form { FUNCTIONAL, MODULE, FUNCTIONAL_WITH_PADDING_MODE }

    private static final List<String> FUNCTIONAL_KEYS = List.of("stride", "padding", "dilation", "groups");
    private static final List<String> CLI_KEYS = List.of("stride", "padding", "dilation", "groups", "padding_mode");
    private static final List<String> MODULE_KEYS = List.of("in_channels", "out_channels", "kernel_size", "stride",
            "padding", "dilation", "groups", "bias", "padding_mode");
    private static final TorchDialect CONV1D = new TorchDialect(Form.FUNCTIONAL, 1);
    private static final TorchDialect FUNCTIONAL = new TorchDialect(Form.FUNCTIONAL, 2);
    private static final TorchDialect CONV3D = new TorchDialect(Form.FUNCTIONAL, 3);
    private static final TorchDialect MODULE = new TorchDialect(Form.MODULE, 2);
    private static final TorchDialect CLI = new TorchDialect(Form.FUNCTIONAL_WITH_PADDING_MODE, 2);

    private final Form form;
    private final int rank;

    private TorchDialect(Form form, int rank) {
        this.form = form;
        this.rank = rank;
    }

    /** {@code torch.nn.functional.conv1d}: input {@code [N, C, W]}, weight {@code [O, C/groups, k]}. */
    public static TorchDialect conv1d() {
        return CONV1D;
    }

    /** {@code torch.nn.functional.conv2d}. */
    public static TorchDialect functional() {
        return FUNCTIONAL;
    }

    /** {@code torch.nn.functional.conv3d}: input {@code [N, C, D, H, W]}, weight {@code [O, C/groups, kD, kH, kW]}. */
    public static TorchDialect conv3d() {
        return CONV3D;
    }

    /** {@code torch.nn.Conv2d} with given weights. */
    public static TorchDialect module() {
        return MODULE;
    }

    /**
     * {@code torch.nn.functional.conv2d} that also accepts nn.Conv2d's {@code padding_mode}: the
     * command line's {@code torch}. Its {@link #system()} stays {@code torch.nn.functional.conv2d};
     * a non-zero padding mode is explained as the {@code F.pad} nn.Conv2d performs.
     */
    public static TorchDialect functionalWithPaddingMode() {
        return CLI;
    }

    @Override
    public String system() {
        return form == Form.MODULE ? CONV2D_MODULE : "torch.nn.functional.conv" + rank + "d";
    }

    private String nameForMessages() {
        return form == Form.FUNCTIONAL_WITH_PADDING_MODE ? "torch (torch.nn.functional.conv2d + padding_mode)" : system();
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor weight, Tensor bias) {
        Checks.operands(system(), params, input, weight);
        String sys = system();
        String who = nameForMessages();
        params.requireKnown(who, form == Form.MODULE ? MODULE_KEYS : form == Form.FUNCTIONAL ? FUNCTIONAL_KEYS : CLI_KEYS);
        Checks.requireNonNull(sys, "input", input);
        Checks.requireRank(sys, "weight", weight, rank + 2, "[out_channels, in_channels/groups, "
                + Checks.kernelAxes(rank) + "]");
        Checks.requireVector(sys, "bias", bias);
        boolean unbatched = input.rank() == rank + 1;
        if (input.rank() != rank + 2 && !unbatched) {
            throw new DialectRefusal(sys + ": RuntimeError: Expected " + (rank + 1) + "D (unbatched) or " + (rank + 2)
                    + "D (batched) input to conv" + rank + "d, but got input of size: " + Checks.shape(input.shape()));
        }
        Tensor x = unbatched ? input.reshape(prepend1(input.shape())) : input;
        DType dtype = Checks.sameDType(sys, "RuntimeError: expected scalar type "
                + torchName(input.dtype()) + " but found " + torchName(input.dtype() == weight.dtype()
                        ? bias == null ? weight.dtype() : bias.dtype() : weight.dtype()), input, weight, bias);

        int[] stride = axisInts(params, "stride", rank, 1);
        int[] dilation = axisInts(params, "dilation", rank, 1);
        int groups = params.getInt("groups", 1);
        Checks.requireAtLeast(who, "stride", stride, 1, "RuntimeError: non-positive stride is not supported");
        Checks.requireAtLeast(who, "dilation", dilation, 1, "RuntimeError: dilation should be greater than zero");
        if (groups < 1) {
            throw new DialectRefusal(who + ": groups=" + groups + ": RuntimeError: non-positive groups is not supported");
        }
        int[] k = Checks.kernelSpatial(weight, KernelLayout.OIHW, rank);
        if (form == Form.MODULE) {
            checkModuleShape(params, x, weight, bias, groups);
        }

        // padding: int, list of 1 or rank ints, 'same' or 'valid'
        AxisPads[] pads = new AxisPads[rank];
        boolean same = false;
        if (params.isString("padding")) {
            String p = params.getString("padding", "valid");
            if (p.equals("same")) {
                same = true;
                for (int v : stride) {
                    if (v != 1) {
                        throw new DialectRefusal(who + ": " + (form == Form.MODULE ? "ValueError" : "RuntimeError")
                                + ": padding='same' is not supported for strided convolutions (stride="
                                + Checks.tuple(stride) + ")");
                    }
                }
                for (int a = 0; a < rank; a++) {
                    pads[a] = AxisPads.torchSame(k[a], dilation[a]);
                }
            } else if (p.equals("valid")) {
                for (int a = 0; a < rank; a++) {
                    pads[a] = AxisPads.NONE;
                }
            } else {
                throw new DialectRefusal(who + (form == Form.MODULE
                        ? ": ValueError: Invalid padding string " + Params.repr(p) + ", should be one of {'valid', 'same'}"
                        : ": RuntimeError: Invalid padding string: " + Params.repr(p)));
            }
        } else {
            int[] p = axisInts(params, "padding", rank, 0);
            Checks.requireAtLeast(who, "padding", p, 0, "RuntimeError: negative padding is not supported");
            for (int a = 0; a < rank; a++) {
                pads[a] = AxisPads.symmetric(p[a]);
            }
        }

        // padding_mode: nn.Conv2d pads with F.pad first; F.pad's own limits apply
        String mode = params.getString("padding_mode", "zeros");
        BorderMode border;
        int[] n = Checks.inputSpatial(x, Layout.NCHW, rank);
        switch (mode) {
            case "zeros":
                border = BorderMode.CONSTANT;
                break;
            case "reflect":
                border = BorderMode.REFLECT;
                // F.pad checks the last axis first (Argument #4 is the width pair)
                for (int a = rank - 1; a >= 0; a--) {
                    if (pads[a].before() >= n[a] || pads[a].after() >= n[a]) {
                        throw new DialectRefusal(who + ": RuntimeError: Argument #" + (2 * (rank - a) + 2)
                                + ": Padding size should be less than the corresponding input dimension, but got: padding "
                                + pads[a] + " at dimension " + (a + 2) + " of input " + Checks.shape(x.shape())
                                + " (padding_mode='reflect' cannot mirror further than the input)");
                    }
                }
                break;
            case "replicate":
                border = BorderMode.EDGE;
                break;
            case "circular":
                border = BorderMode.CIRCULAR;
                for (int a = rank - 1; a >= 0; a--) {
                    if (pads[a].before() > n[a] || pads[a].after() > n[a]) {
                        throw new DialectRefusal(who + ": RuntimeError: Padding value causes wrapping around more than"
                                + " once. (padding " + pads[a] + " on an axis of size " + n[a] + ")");
                    }
                }
                break;
            default:
                throw new DialectRefusal(who + ": ValueError: padding_mode must be one of ['zeros', 'reflect',"
                        + " 'replicate', 'circular'], but got padding_mode=" + Params.repr(mode));
        }

        int bad = Checks.tooSmallAxis(n, pads, k, dilation);
        if (bad >= 0) {
            long[] padded = new long[rank];
            long[] dk = new long[rank];
            for (int a = 0; a < rank; a++) {
                padded[a] = (long) n[a] + pads[a].total();
                dk[a] = AxisPads.dilated(k[a], dilation[a]);
            }
            throw new DialectRefusal(who + ": RuntimeError: Calculated padded input size per channel: "
                    + Checks.sizes(padded) + ". Kernel size: " + Checks.sizes(dk)
                    + ". Kernel size can't be greater than actual input size");
        }

        int[][] ba = AxisPads.split(pads);
        ConvSpec spec = ConvSpec.builder(rank)
                .pads(ba[0], ba[1])
                .border(border)
                .stride(stride)
                .dilation(dilation)
                .groups(groups)
                .dtype(dtype)
                .build();
        int o = weight.shape(0);
        int[] out = unbatched ? new int[rank + 1] : new int[rank + 2];
        int off = 0;
        if (!unbatched) {
            out[off++] = x.shape(0);
        }
        out[off++] = o;
        for (int a = 0; a < rank; a++) {
            out[off + a] = (int) (((long) n[a] + pads[a].total() - AxisPads.dilated(k[a], dilation[a])) / stride[a] + 1);
        }
        String note = null;
        if (border != BorderMode.CONSTANT) {
            note = "padding_mode=" + Params.repr(mode) + ": the input is padded with F.pad(x, "
                    + fpadOrder(pads) + ", mode=" + Params.repr(mode)
                    + ") first, as nn.Conv2d does";
        }
        if (same && note == null && hasOddTotal(pads)) {
            note = "padding='same' with an odd total pad: the extra " + (rank == 2 ? "row/column goes at the bottom/right"
                    : "sample goes at the end of the axis");
        }
        return new DialectCall(sys, spec, x, weight, bias, out, note);
    }

    private static boolean hasOddTotal(AxisPads[] pads) {
        for (AxisPads p : pads) {
            if (p.before() != p.after()) {
                return true;
            }
        }
        return false;
    }

    /** F.pad's order: last axis first, (left, right, top, bottom). */
    private static String fpadOrder(AxisPads[] pads) {
        StringBuilder sb = new StringBuilder("(");
        for (int a = pads.length - 1; a >= 0; a--) {
            sb.append(a < pads.length - 1 ? ", " : "").append(pads[a].before()).append(", ").append(pads[a].after());
        }
        return sb.append(')').toString();
    }

    private void checkModuleShape(Params params, Tensor x, Tensor weight, Tensor bias, int groups) {
        String sys = system();
        int c = x.shape(1);
        int inCh = params.has("in_channels") ? params.getInt("in_channels", c) : c;
        int outCh = params.has("out_channels") ? params.getInt("out_channels", weight.shape(0)) : weight.shape(0);
        if (inCh % groups != 0) {
            throw new DialectRefusal(sys + ": ValueError: in_channels must be divisible by groups (in_channels=" + inCh
                    + ", groups=" + groups + ")");
        }
        if (outCh % groups != 0) {
            throw new DialectRefusal(sys + ": ValueError: out_channels must be divisible by groups (out_channels="
                    + outCh + ", groups=" + groups + ")");
        }
        int[] ks = params.has("kernel_size") ? axisInts(params, "kernel_size", 2, 1)
                : Checks.kernelSpatial(weight, KernelLayout.OIHW, 2);
        int[] want = {outCh, inCh / groups, ks[0], ks[1]};
        if (!java.util.Arrays.equals(want, weight.shape())) {
            throw new IllegalArgumentException(sys + ": weight shape " + Checks.shape(weight.shape())
                    + " does not match nn.Conv2d(in_channels=" + inCh + ", out_channels=" + outCh + ", kernel_size="
                    + Checks.tuple(ks) + ", groups=" + groups + "), whose weight is " + Checks.shape(want));
        }
        if (c != inCh) {
            throw new DialectRefusal(sys + ": RuntimeError: Given groups=" + groups + ", weight of size "
                    + Checks.shape(weight.shape()) + ", expected input" + Checks.shape(x.shape()) + " to have " + inCh
                    + " channels, but got " + c + " channels instead");
        }
        if (params.has("bias")) {
            boolean b = params.getBoolean("bias", true);
            if (b && bias == null) {
                throw new IllegalArgumentException(sys + ": bias=True but no bias array was given");
            }
            if (!b && bias != null) {
                throw new IllegalArgumentException(sys + ": bias=False but a bias array was given");
            }
        }
    }

    /** torch's int-or-tuple arguments: an int, a list of 1 (expanded) or a list of {@code rank} ints. */
    static int[] axisInts(Params params, String key, int rank, int dflt) {
        if (params.isList(key)) {
            int[] l = params.getIntList(key);
            if (l.length == 1) {
                int[] out = new int[rank];
                java.util.Arrays.fill(out, l[0]);
                return out;
            }
        }
        int[] d = new int[rank];
        java.util.Arrays.fill(d, dflt);
        return params.getInts(key, rank, d);
    }

    static int[] prepend1(int[] s) {
        int[] out = new int[s.length + 1];
        out[0] = 1;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }

    static String torchName(DType d) {
        return d == DType.FLOAT32 ? "Float" : "Double";
    }

    @Override
    public String toString() {
        return "TorchDialect[" + nameForMessages() + "]";
    }
}
