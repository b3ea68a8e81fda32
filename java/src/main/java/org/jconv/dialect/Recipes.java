package org.jconv.dialect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * Recipes for porting between systems (SEMANTICS.md section 7), derived from the canonical forms
 * of two {@link DialectCall}s on the same operands: what to change in the second call so that it
 * computes what the first computes. Each difference of the canonical forms becomes one step:
 * arrays in another layout (which transpose or index), the flip (rotate the kernel 180 degrees),
 * the pads (which side gets the extra row or column, and how to say the reference's pads in the
 * other system's vocabulary), the border, stride, dilation, groups, bias, dtype, and how to bring
 * the result back into the reference's layout. For scipy the recipe is one call: the scipy
 * function, mode and boundary whose canonical form equals the reference's, when one exists.
 *
 * <p>Between two transposed convolutions (any rank) the steps come from {@link TransposedRecipes}:
 * layouts, stride, dilation, groups and the crop of the scatter in the other system's words, e.g.
 * the porting trap Keras {@code Conv2DTranspose(3, strides=2, padding='same')} (crop at the end)
 * vs torch {@code conv_transpose2d(stride=2, padding=1, output_padding=1)} (crop at the start):
 * same size, one pixel apart. Ordinary convolutions: 2-D.
 *
 * <p>The seed question (SEMANTICS.md section 7): Keras {@code Conv2D(padding='same')} equals
 * {@code scipy.signal.convolve2d(image, kernel[::-1, ::-1], 'same')} for odd kernels; for even
 * kernels scipy's convolve2d 'same' puts the extra row/column at the top/left and Keras at the
 * bottom/right, and the recipe names {@code correlate2d(image, kernel, 'same')} instead.
 *
 * <pre>{@code
 * DialectCall keras = Dialects.forSystem("keras.layers.Conv2D").translate(kp, x, w, null);
 * DialectCall scipy = Dialects.forSystem("scipy.signal.convolve2d").translate(sp, image, kernel, null);
 * System.out.println(Recipes.reproduce(keras, scipy));
 * }</pre>
 */
public final class Recipes {
    private Recipes() {
    }

    /**
     * The steps that make {@code other} compute what {@code reference} computes.
     *
     * @throws IllegalArgumentException when the calls have different spatial ranks, when one is a
     *         transposed convolution and the other not, or (ordinary convolutions) when they are not 2-D
     */
    public static Recipe reproduce(DialectCall reference, DialectCall other) {
        if (reference == null || other == null) {
            throw new IllegalArgumentException("both calls are required");
        }
        if (reference.spec().rank() != other.spec().rank()) {
            throw new IllegalArgumentException("the calls have different spatial ranks: " + reference.spec().rank()
                    + " and " + other.spec().rank());
        }
        if (reference.spec().transposed() || other.spec().transposed()) {
            if (reference.spec().transposed() != other.spec().transposed()) {
                throw new IllegalArgumentException("no recipe between a transposed and an ordinary convolution ("
                        + reference.system() + ", " + other.system() + ")");
            }
            return new Recipe(reference, other, TransposedRecipes.steps(reference, other));
        }
        View ref = new View(reference);
        View oth = new View(other);
        List<String> steps = oth.family == Family.SCIPY ? scipySteps(ref, oth) : layerSteps(ref, oth);
        return new Recipe(reference, other, steps);
    }

    // ------------------------------------------------------------------ the two kinds of recipe

    /** Frameworks with NCHW/NHWC arrays: one step per differing field. */
    private static List<String> layerSteps(View ref, View oth) {
        List<String> steps = new ArrayList<>();
        ConvSpec r = ref.spec;
        ConvSpec o = oth.spec;
        String x = convertInput(ref.inAxes, oth.inAxes, "x", false);
        if (x != null) {
            steps.add("input: pass " + x + " (" + oth.system + " takes " + oth.inAxes + ", " + ref.system + " has "
                    + ref.inAxes + ")");
        }
        if (oth.spec.kernelLayout() == KernelLayout.HWCM && r.groups() != ref.g.inChannels()) {
            steps.add("not reproducible: " + oth.system + " is depthwise (groups = input channels = "
                    + ref.g.inChannels() + "), the reference has groups " + r.groups());
        }
        boolean rotate = r.flip() != o.flip();
        boolean flipByOption = rotate && oth.family == Family.THEANO;
        String w = convertKernel(ref, oth, "w", false);
        if (rotate && !flipByOption) {
            String rotated = (w == null ? "w" : w) + flipIndex(oth.kAxes);
            steps.add("kernel: pass " + rotated + ": rotate it 180 degrees" + (w != null ? " after the layout change" : "")
                    + ", since " + ref.system + " computes " + kind(r.flip()) + " and " + oth.system + " "
                    + kind(o.flip()) + " (a transpose such as w.T is not a rotation)");
        } else if (w != null) {
            steps.add("kernel: pass " + w + " (" + oth.system + " takes " + oth.kAxes + ", " + ref.system + " has "
                    + ref.kAxes + ")");
        }
        if (flipByOption) {
            steps.add("set filter_flip=" + (r.flip() ? "True" : "False") + " (" + ref.system + " computes " + kind(r.flip())
                    + ")");
        }
        String pads = padStep(ref, oth);
        if (pads != null) {
            steps.add(pads);
        }
        steps.addAll(strideDilationGroups(ref, oth));
        String bias = biasStep(ref, oth);
        if (bias != null) {
            steps.add(bias);
        }
        if (r.dtype() != o.dtype()) {
            steps.add("dtype: " + ref.system + " computes in " + r.dtype().numpyName() + ", " + oth.system + " in "
                    + o.dtype().numpyName() + ": pass " + r.dtype().numpyName() + " arrays (.astype(np."
                    + r.dtype().numpyName() + "))");
        }
        String y = convertInput(oth.outAxes, ref.outAxes, "y", false);
        if (y != null) {
            steps.add("output: " + y + " is " + ref.system + "'s result (" + oth.system + " returns " + oth.outAxes
                    + ", " + ref.system + " " + ref.outAxes + ")");
        }
        return steps;
    }

    /** scipy: one 2-D call per (image, output channel, input channel), then slicing and layout. */
    private static List<String> scipySteps(View ref, View oth) {
        List<String> steps = new ArrayList<>();
        ConvSpec r = ref.spec;
        ConvGeometry g = ref.g;
        boolean loop = g.batch() > 1 || g.inChannels() > 1 || g.outChannels() > 1;
        int cg = g.inChannels() / r.groups();
        String ci = r.groups() == 1 ? "c" : "ci";
        if (loop) {
            steps.add("scipy handles one 2-D image and one 2-D kernel: for every image n and output channel o, sum the"
                    + " results over c < " + cg + (r.groups() == 1 ? " (the input channels)" : " with input channel ci = "
                    + cg + " * (o // " + g.outChannels() / r.groups() + ") + c (groups " + r.groups() + ")")
                    + "; the steps below are for one (n, o, c)");
        }
        String x = ref.inAxes.equals("HW") ? "x" : convertArray(ref.inAxes, "HW", "x", loop, ci);
        String w = ref.kAxes.equals("HW") ? "w" : convertKernel(ref, oth, "w", loop);
        if (w == null) {
            w = "w";
        }
        int[] k = g.kernelSize();
        int[] n = g.inSize();
        int[] d = r.dilation();
        boolean dilated = d[0] > 1 || d[1] > 1;
        int[] dk = {(int) AxisPads.dilated(k[0], d[0]), (int) AxisPads.dilated(k[1], d[1])};
        if (dilated) {
            steps.add("dilation " + Fmt.join(d) + ": scipy has none; insert zeros between the kernel taps: k_d ="
                    + " np.zeros((" + dk[0] + ", " + dk[1] + ")); k_d[::" + d[0] + ", ::" + d[1] + "] = " + w);
            w = "k_d";
        }
        AxisPads[] pads = pads(r);
        String boundary = scipyBoundary(r, pads);
        String call = null;
        for (String fn : oth.system.endsWith("correlate2d")
                ? new String[] {"correlate2d", "convolve2d"} : new String[] {"convolve2d", "correlate2d"}) {
            boolean flip = fn.equals("convolve2d");
            for (String mode : new String[] {"same", "full", "valid"}) {
                AxisPads[] cand = new AxisPads[2];
                boolean ok = true;
                for (int a = 0; a < 2 && ok; a++) {
                    switch (mode) {
                        case "same":
                            cand[a] = AxisPads.scipySame(dk[a], flip);
                            break;
                        case "full":
                            cand[a] = AxisPads.full(dk[a], 1);
                            break;
                        default:
                            cand[a] = AxisPads.NONE;
                            ok = n[a] >= dk[a];
                    }
                }
                if (ok && boundary != null && Arrays.equals(cand, pads)) {
                    String kernel = flip == r.flip() ? w : w + "[::-1, ::-1]";
                    call = "call scipy.signal." + fn + "(" + x + ", " + kernel + ", mode='" + mode + "'" + boundary + ")";
                    if (flip != r.flip()) {
                        call += ": the kernel is rotated 180 degrees since " + ref.system + " computes "
                                + kind(r.flip()) + " and " + fn + " " + kind(flip)
                                + " (a transpose such as w.T is not a rotation)";
                    }
                    if (!fn.equals(oth.system.substring(oth.system.lastIndexOf('.') + 1))) {
                        call += "; " + oth.system + " has no mode with these pads ("
                                + padWords(pads, r.rank()) + ")";
                    }
                    break;
                }
            }
            if (call != null) {
                break;
            }
        }
        if (call == null) {
            String fn = oth.system.substring(oth.system.lastIndexOf('.') + 1);
            boolean flip = fn.equals("convolve2d");
            String kernel = flip == r.flip() ? w : w + "[::-1, ::-1]";
            call = "no scipy mode has the reference's pads (" + padWords(pads, r.rank()) + ", "
                    + r.borderDescription() + "): call scipy.signal." + fn + "(" + numpyPad(x, pads, r) + ", " + kernel
                    + ", mode='valid')" + (flip != r.flip() ? " (the kernel rotated 180 degrees: " + ref.system
                    + " computes " + kind(r.flip()) + ")" : "");
        }
        steps.add(call);
        int[] s = r.stride();
        if (s[0] > 1 || s[1] > 1) {
            steps.add("stride " + Fmt.join(s) + ": scipy has none; subsample the stride-1 result: y = y[::" + s[0]
                    + ", ::" + s[1] + "]");
        }
        if (ref.call.bias() != null) {
            steps.add("bias: scipy has none; add b[o] to the result of output channel o");
        }
        if (r.dtype() != oth.spec.dtype()) {
            steps.add("dtype: " + ref.system + " computes in " + r.dtype().numpyName() + "; scipy computes in numpy's"
                    + " result type of in1 and in2: pass " + r.dtype().numpyName() + " arrays");
        }
        String y = ref.outAxes.equals("HW") ? null : convertArray("HW", ref.outAxes, "y", loop, "o");
        if (y != null) {
            steps.add("output: " + (loop ? "the sum is " + y + " of " + ref.system + "'s result"
                    : y + " is " + ref.system + "'s result") + " (" + ref.outAxes + ")");
        }
        return steps;
    }

    // ------------------------------------------------------------------ pads and border

    private static String padStep(View ref, View oth) {
        ConvSpec r = ref.spec;
        ConvSpec o = oth.spec;
        AxisPads[] rp = pads(r);
        AxisPads[] op = pads(o);
        boolean anyPad = total(rp) > 0 || total(op) > 0;
        boolean padsDiffer = !Arrays.equals(rp, op);
        boolean borderDiffers = anyPad && !sameBorder(r, o);
        if (!padsDiffer && !borderDiffers) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (padsDiffer) {
            sb.append("pads: ").append(ref.system).append(" pads ").append(padWords(rp, r.rank())).append(", ")
                    .append(oth.system).append(" ").append(padWords(op, o.rank()));
            String[][] names = sideNames(r.rank());
            for (int a = 0; a < rp.length; a++) {
                if (rp[a].total() == op[a].total() && rp[a].total() % 2 == 1 && !rp[a].equals(op[a])) {
                    sb.append("; the extra ").append(names[a][2]).append(" goes at the ")
                            .append(rp[a].after() > rp[a].before() ? names[a][1] : names[a][0]).append(" in ")
                            .append(ref.system).append(", at the ")
                            .append(op[a].after() > op[a].before() ? names[a][1] : names[a][0]).append(" in ")
                            .append(oth.system);
                }
            }
        }
        if (borderDiffers) {
            sb.append(padsDiffer ? "; border: " : "border: ").append(ref.system).append(" extends the input with ")
                    .append(r.borderDescription()).append(", ").append(oth.system).append(" with ")
                    .append(o.borderDescription());
        }
        sb.append(". Use ").append(padFix(ref, oth, rp));
        return sb.toString();
    }

    /** The reference's pads and border in the other system's vocabulary. */
    private static String padFix(View ref, View oth, AxisPads[] rp) {
        ConvSpec r = ref.spec;
        int[] n = ref.g.inSize();
        int[] k = ref.g.kernelSize();
        int[] s = r.stride();
        int[] d = r.dilation();
        int rank = r.rank();
        boolean zero = total(rp) == 0 || (r.borderMode() == BorderMode.CONSTANT && r.borderValue() == 0);
        AxisPads[] tfSame = new AxisPads[rank];
        AxisPads[] lower = new AxisPads[rank];
        AxisPads[] torchSame = new AxisPads[rank];
        AxisPads[] full = new AxisPads[rank];
        AxisPads[] half = new AxisPads[rank];
        boolean symmetric = true;
        for (int a = 0; a < rank; a++) {
            tfSame[a] = AxisPads.tfSame(n[a], k[a], s[a], d[a]);
            lower[a] = AxisPads.onnxSameLower(n[a], k[a], s[a], d[a]);
            torchSame[a] = AxisPads.torchSame(k[a], d[a]);
            full[a] = AxisPads.full(k[a], d[a]);
            half[a] = AxisPads.theanoHalf(k[a], d[a]);
            symmetric &= rp[a].before() == rp[a].after();
        }
        boolean none = total(rp) == 0;
        boolean last = oth.spec.layout() == Layout.NHWC;
        switch (oth.family) {
            case TORCH: {
                String mode = torchMode(r.borderMode());
                boolean module = zero || mode != null;
                String modeArg = zero ? "" : ", padding_mode='" + mode + "' (torch.nn.Conv2d)";
                if (none) {
                    return "padding=0 (or 'valid')";
                }
                if (module && Arrays.equals(rp, torchSame) && s[0] == 1 && s[1] == 1) {
                    return "padding='same'" + modeArg;
                }
                if (module && symmetric) {
                    return "padding=(" + rp[0].before() + ", " + rp[1].before() + ")" + modeArg;
                }
                if (r.borderMode() == BorderMode.SYMMETRIC) {
                    return numpyPad("x", rp, r, oth.inAxes) + " as the input (F.pad has no 'symmetric' mode) and padding=0";
                }
                return "F.pad(x, (" + rp[1].before() + ", " + rp[1].after() + ", " + rp[0].before() + ", "
                        + rp[0].after() + ")" + fpadMode(r) + ") as the input and padding=0 (torch's own padding is"
                        + " symmetric)";
            }
            case TF: {
                if (!zero) {
                    return padYourself(ref, oth, rp, "'VALID'");
                }
                if (none) {
                    return "padding='VALID'";
                }
                if (Arrays.equals(rp, tfSame)) {
                    return "padding='SAME'";
                }
                return "padding=" + (last ? "[[0, 0], " + pair(rp[0]) + ", " + pair(rp[1]) + ", [0, 0]]"
                        : "[[0, 0], [0, 0], " + pair(rp[0]) + ", " + pair(rp[1]) + "]") + " (explicit pads)";
            }
            case KERAS: {
                if (!zero) {
                    return padYourself(ref, oth, rp, "'valid'");
                }
                if (none) {
                    return "padding='valid'";
                }
                if (Arrays.equals(rp, tfSame)) {
                    return "padding='same'";
                }
                return "keras.layers.ZeroPadding2D(((" + rp[0].before() + ", " + rp[0].after() + "), ("
                        + rp[1].before() + ", " + rp[1].after() + "))" + (last ? "" : ", data_format='channels_first'")
                        + ") before the layer, and padding='valid' (Keras's 'same' splits the pads differently)";
            }
            case THEANO: {
                if (!zero) {
                    return padYourself(ref, oth, rp, "'valid'");
                }
                if (none) {
                    return "border_mode='valid'";
                }
                if (Arrays.equals(rp, full)) {
                    return "border_mode='full'";
                }
                if (Arrays.equals(rp, half)) {
                    return "border_mode='half'";
                }
                return "border_mode=((" + rp[0].before() + ", " + rp[0].after() + "), (" + rp[1].before() + ", "
                        + rp[1].after() + "))";
            }
            case ONNX: {
                if (!zero) {
                    return padYourself(ref, oth, rp, "auto_pad='VALID'");
                }
                if (none) {
                    return "auto_pad='VALID' (or pads all 0)";
                }
                if (Arrays.equals(rp, tfSame)) {
                    return "auto_pad='SAME_UPPER'";
                }
                if (Arrays.equals(rp, lower)) {
                    return "auto_pad='SAME_LOWER'";
                }
                return "pads=[" + rp[0].before() + ", " + rp[1].before() + ", " + rp[0].after() + ", " + rp[1].after()
                        + "] (ONNX order: all begins, then all ends)";
            }
            default:
                throw new AssertionError(oth.family);
        }
    }

    private static String padYourself(View ref, View oth, AxisPads[] rp, String valid) {
        return oth.system + " pads with zeros only: pad its input yourself, " + numpyPad("x", rp, ref.spec, oth.inAxes)
                + ", then " + valid;
    }

    private static String pair(AxisPads p) {
        return "[" + p.before() + ", " + p.after() + "]";
    }

    private static String torchMode(BorderMode m) {
        switch (m) {
            case REFLECT: return "reflect";
            case EDGE: return "replicate";
            case CIRCULAR: return "circular";
            default: return null;
        }
    }

    /** F.pad's mode argument for the reference border, or ", value=v". */
    private static String fpadMode(ConvSpec r) {
        switch (r.borderMode()) {
            case CONSTANT: return r.borderValue() == 0 ? "" : ", value=" + Fmt.number(r.borderValue());
            case REFLECT: return ", mode='reflect'";
            case EDGE: return ", mode='replicate'";
            default: return ", mode='circular'";
        }
    }

    /** {@code np.pad(x, ((t, b), (l, r)), mode='symmetric')} for a 2-D image. */
    private static String numpyPad(String x, AxisPads[] p, ConvSpec r) {
        return numpyPad(x, p, r, "HW");
    }

    private static String numpyPad(String x, AxisPads[] p, ConvSpec r, String axes) {
        String spatial = "(" + p[0].before() + ", " + p[0].after() + "), (" + p[1].before() + ", " + p[1].after() + ")";
        String widths;
        switch (axes) {
            case "NHWC": widths = "((0, 0), " + spatial + ", (0, 0))"; break;
            case "NCHW": widths = "((0, 0), (0, 0), " + spatial + ")"; break;
            case "CHW": widths = "((0, 0), " + spatial + ")"; break;
            default: widths = "(" + spatial + ")";
        }
        String mode;
        switch (r.borderMode()) {
            case CONSTANT:
                mode = r.borderValue() == 0 ? "" : ", constant_values=" + Fmt.number(r.borderValue());
                break;
            case REFLECT: mode = ", mode='reflect'"; break;
            case SYMMETRIC: mode = ", mode='symmetric'"; break;
            case EDGE: mode = ", mode='edge'"; break;
            default: mode = ", mode='wrap'"; break;
        }
        return "np.pad(" + x + ", " + widths + mode + ")";
    }

    /** scipy's boundary arguments for the reference border (", boundary='symm'"), "" for zero, null if none fits. */
    private static String scipyBoundary(ConvSpec r, AxisPads[] pads) {
        if (total(pads) == 0) {
            return "";
        }
        switch (r.borderMode()) {
            case CONSTANT:
                return r.borderValue() == 0 ? "" : ", boundary='fill', fillvalue=" + Fmt.number(r.borderValue());
            case CIRCULAR: return ", boundary='wrap'";
            case SYMMETRIC: return ", boundary='symm'";
            default: return null;
        }
    }

    private static boolean sameBorder(ConvSpec a, ConvSpec b) {
        return a.borderMode() == b.borderMode()
                && (a.borderMode() != BorderMode.CONSTANT || Double.compare(a.borderValue(), b.borderValue()) == 0);
    }

    // ------------------------------------------------------------------ stride, dilation, groups, bias

    private static List<String> strideDilationGroups(View ref, View oth) {
        List<String> out = new ArrayList<>();
        ConvSpec r = ref.spec;
        ConvSpec o = oth.spec;
        int[] s = r.stride();
        int[] d = r.dilation();
        boolean strideDiffers = !Arrays.equals(s, o.stride());
        boolean dilationDiffers = !Arrays.equals(d, o.dilation());
        switch (oth.family) {
            case TORCH:
                if (strideDiffers) {
                    out.add("set stride=" + tuple(s));
                }
                if (dilationDiffers) {
                    out.add("set dilation=" + tuple(d));
                }
                break;
            case TF:
                if (strideDiffers) {
                    out.add("set strides=" + (oth.spec.kernelLayout() == KernelLayout.HWCM ? four(s, o.layout())
                            : "[" + s[0] + ", " + s[1] + "]"));
                }
                if (dilationDiffers) {
                    out.add("set dilations=[" + d[0] + ", " + d[1] + "]");
                }
                break;
            case KERAS:
                if (strideDiffers) {
                    out.add("set strides=" + tuple(s));
                }
                if (dilationDiffers) {
                    out.add("set dilation_rate=" + tuple(d));
                }
                if (max(s) > 1 && max(d) > 1) {
                    out.add("not reproducible with Keras: it refuses strides > 1 together with dilation_rate > 1;"
                            + " use tf.nn.conv2d");
                }
                break;
            case THEANO:
                if (strideDiffers) {
                    out.add("set subsample=" + tuple(s));
                }
                if (dilationDiffers) {
                    out.add("set filter_dilation=" + tuple(d));
                }
                break;
            default: // ONNX
                if (strideDiffers) {
                    out.add("set strides=[" + s[0] + ", " + s[1] + "]");
                }
                if (dilationDiffers) {
                    out.add("set dilations=[" + d[0] + ", " + d[1] + "]");
                }
        }
        if (r.groups() != o.groups()) {
            switch (oth.family) {
                case TORCH: out.add("set groups=" + r.groups()); break;
                case KERAS:
                    out.add(oth.spec.kernelLayout() == KernelLayout.HWCM
                            ? "groups: the reference has " + r.groups() + "; DepthwiseConv2D always uses one per channel"
                            : "set groups=" + r.groups());
                    break;
                case THEANO: out.add("set num_groups=" + r.groups()); break;
                case ONNX: out.add("set group=" + r.groups()); break;
                default:
                    out.add("groups " + r.groups() + ": tf.nn.conv2d infers them from the filter's input depth"
                            + " (filters.shape[2] = C / groups = " + (ref.g.inChannels() / r.groups()) + ")");
            }
        }
        return out;
    }

    private static String biasStep(View ref, View oth) {
        boolean rb = ref.call.bias() != null;
        boolean ob = oth.call.bias() != null;
        if (rb == ob) {
            return null;
        }
        if (!rb) {
            switch (oth.family) {
                case KERAS: return "bias: set use_bias=False";
                case TORCH: return "bias: pass bias=None";
                default: return "bias: leave out B";
            }
        }
        switch (oth.family) {
            case KERAS: return "bias: set use_bias=True and pass the bias as the layer's second weight";
            case TORCH: return "bias: pass the bias as bias=b";
            case ONNX: return "bias: pass it as the third input B";
            case TF: return "bias: " + oth.system + " has none; add it after with tf.nn.bias_add(y, b"
                    + (oth.spec.layout() == Layout.NCHW ? ", data_format='NCHW'" : "") + ")";
            default: return "bias: Theano's conv2d has none; add y + b.dimshuffle('x', 0, 'x', 'x')";
        }
    }

    // ------------------------------------------------------------------ array layouts

    /** A numpy expression turning array {@code v} in axes {@code from} into axes {@code to}; null when equal. */
    static String convertInput(String from, String to, String v, boolean loop) {
        return convertArray(from, to, v, loop, "c");
    }

    /** As {@link #convertInput}; {@code ch} names the channel index of a per-channel loop. */
    static String convertArray(String from, String to, String v, boolean loop, String ch) {
        if (from.equals(to)) {
            return null;
        }
        switch (from + ">" + to) {
            case "NHWC>NCHW": return v + ".transpose(0, 3, 1, 2)";
            case "NCHW>NHWC": return v + ".transpose(0, 2, 3, 1)";
            case "NHWC>HW": return loop ? v + "[n, :, :, " + ch + "]" : v + "[0, :, :, 0]";
            case "NCHW>HW": return loop ? v + "[n, " + ch + "]" : v + "[0, 0]";
            case "CHW>HW": return loop ? v + "[" + ch + "]" : v + "[0]";
            case "HW>NHWC": return loop ? v + "[n, :, :, " + ch + "]" : v + "[None, :, :, None]";
            case "HW>NCHW": return loop ? v + "[n, " + ch + "]" : v + "[None, None]";
            case "HW>CHW": return loop ? v + "[" + ch + "]" : v + "[None]";
            case "CHW>NCHW": return v + "[None]";
            case "NCHW>CHW": return v + "[0]";
            case "CHW>NHWC": return v + ".transpose(1, 2, 0)[None]";
            case "NHWC>CHW": return v + "[0].transpose(2, 0, 1)";
            default: throw new AssertionError(from + ">" + to);
        }
    }

    /** The reference's kernel {@code v} in the other's kernel axes; null when equal. */
    private static String convertKernel(View ref, View oth, String v, boolean loop) {
        String from = ref.kAxes;
        String to = oth.kAxes;
        if (from.equals(to)) {
            return null;
        }
        int[] k = ref.g.kernelSize();
        int c = ref.g.inChannels();
        int o = ref.g.outChannels();
        String kk = k[0] + ", " + k[1];
        switch (from + ">" + to) {
            case "HWIO>OIHW": return v + ".transpose(3, 2, 0, 1)";
            case "OIHW>HWIO": return v + ".transpose(2, 3, 1, 0)";
            case "HWCM>OIHW": return v + ".reshape(" + kk + ", 1, " + o + ").transpose(3, 2, 0, 1)";
            case "HWCM>HWIO": return v + ".reshape(" + kk + ", 1, " + o + ")";
            case "OIHW>HWCM": return v + ".transpose(2, 3, 1, 0).reshape(" + kk + ", " + c + ", " + (o / c) + ")";
            case "HWIO>HWCM": return v + ".reshape(" + kk + ", " + c + ", " + (o / c) + ")";
            case "OIHW>HW": return loop ? v + "[o, c]" : v + "[0, 0]";
            case "HWIO>HW": return loop ? v + "[:, :, c, o]" : v + "[:, :, 0, 0]";
            case "HWCM>HW": return loop ? v + "[:, :, c, m]" : v + "[:, :, 0, 0]";
            case "HW>OIHW": return v + "[None, None]";
            case "HW>HWIO": case "HW>HWCM": return v + "[:, :, None, None]";
            default: throw new AssertionError(from + ">" + to);
        }
    }

    private static String flipIndex(String kernelAxes) {
        return kernelAxes.equals("OIHW") ? "[:, :, ::-1, ::-1]" : "[::-1, ::-1]";
    }

    private static String kind(boolean flip) {
        return flip ? "a true convolution" : "a cross-correlation";
    }

    // ------------------------------------------------------------------ small helpers

    private static AxisPads[] pads(ConvSpec s) {
        AxisPads[] p = new AxisPads[s.rank()];
        for (int a = 0; a < p.length; a++) {
            p[a] = new AxisPads(s.padBefore(a), s.padAfter(a));
        }
        return p;
    }

    private static int total(AxisPads[] p) {
        int t = 0;
        for (AxisPads x : p) {
            t += x.total();
        }
        return t;
    }

    /** {before-name, after-name, unit} per axis. */
    private static String[][] sideNames(int rank) {
        return new String[][] {{"top", "bottom", "row"}, {"left", "right", "column"}};
    }

    private static String padWords(AxisPads[] p, int rank) {
        String[][] n = sideNames(rank);
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < p.length; a++) {
            sb.append(a > 0 ? " " : "").append(n[a][0]).append(' ').append(p[a].before()).append(' ')
                    .append(n[a][1]).append(' ').append(p[a].after());
        }
        return sb.toString();
    }

    private static String tuple(int[] v) {
        return Checks.tuple(v);
    }

    private static String four(int[] s, Layout l) {
        return l == Layout.NHWC ? "[1, " + s[0] + ", " + s[1] + ", 1]" : "[1, 1, " + s[0] + ", " + s[1] + "]";
    }

    private static int max(int[] v) {
        return Math.max(v[0], v[1]);
    }

    private enum Family { SCIPY, TORCH, TF, KERAS, THEANO, ONNX }

    /** A call as its user sees it: the family and the axes of the arrays the user passes and gets. */
    private static final class View {
        final DialectCall call;
        final String system;
        final ConvSpec spec;
        final ConvGeometry g;
        final Family family;
        final String inAxes;
        final String kAxes;
        final String outAxes;

        View(DialectCall call) {
            this.call = call;
            this.system = call.system();
            this.spec = call.spec();
            this.g = call.geometry();
            if (spec.rank() != 2) {
                throw new IllegalArgumentException("recipes cover 2-D calls for now, got rank " + spec.rank());
            }
            if (system.startsWith("scipy.")) {
                family = Family.SCIPY;
            } else if (system.startsWith("torch.")) {
                family = Family.TORCH;
            } else if (system.startsWith("tf.")) {
                family = Family.TF;
            } else if (system.startsWith("keras.")) {
                family = Family.KERAS;
            } else if (system.startsWith("theano.")) {
                family = Family.THEANO;
            } else if (system.startsWith("onnx.")) {
                family = Family.ONNX;
            } else {
                throw new IllegalArgumentException("no recipe vocabulary for system " + system);
            }
            int outRank = call.outputShape().length;
            String layout = spec.layout().name(2);
            if (outRank == 2) {
                inAxes = "HW";
                kAxes = "HW";
                outAxes = "HW";
            } else if (outRank == 3) {
                inAxes = "CHW";
                kAxes = spec.kernelLayout().name(2);
                outAxes = "CHW";
            } else {
                inAxes = layout;
                kAxes = spec.kernelLayout().name(2);
                outAxes = layout;
            }
        }
    }

    /** Number and list formatting shared with the spec's descriptions. */
    private static final class Fmt {
        static String join(int[] v) {
            return v[0] + "x" + v[1];
        }

        static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
