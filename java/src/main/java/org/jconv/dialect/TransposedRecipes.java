package org.jconv.dialect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.Layout;

/**
 * The steps of a {@link Recipe} between two transposed convolutions (PyTorch conv_transpose,
 * tf.nn.conv2d_transpose, Keras Conv2DTranspose, ONNX ConvTranspose), derived from their canonical
 * forms. Both flip the kernel and dilate the input by the stride, so what can differ is the array
 * layouts, stride, dilation, groups, bias, dtype and, per axis, the crop of the scatter: {@code head}
 * (cropped at the start) and {@code out} (the length kept), SEMANTICS.md section 3.1. The crop is
 * said in the other system's vocabulary: torch's {@code padding}/{@code output_padding} (head =
 * padding, so a crop at one end only becomes padding=0 and a slice), ONNX's {@code pads} or
 * {@code auto_pad}, TF's {@code output_shape} with 'SAME', 'VALID' or explicit pads, Keras's
 * {@code padding}/{@code output_padding}.
 *
 * <p>The porting trap of SEMANTICS.md section 7: Keras {@code Conv2DTranspose(k=3, strides=2,
 * padding='same')} keeps head 0, the usual torch port {@code conv_transpose2d(stride=2, padding=1,
 * output_padding=1)} head 1: same size, shifted by one pixel. The recipe says: padding=0,
 * output_padding=0 and keep the first {@code n*s} samples per axis.
 *
 * <pre>{@code
 * Recipe r = Recipes.reproduce(kerasTransposeCall, torchTransposeCall);
 * // ... crop: ... use padding=0, output_padding=0 and keep y[:, :, 0:8, 0:10]
 * }</pre>
 */
final class TransposedRecipes {
    private TransposedRecipes() {
    }

    private enum Family { TORCH, TF, KERAS, ONNX }

    /** One transposed call as its user sees it. */
    private static final class View {
        final DialectCall call;
        final String system;
        final ConvSpec spec;
        final ConvGeometry g;
        final Family family;
        final int rank;
        final String inAxes;
        final String kAxes;
        final int[] n;
        final int[] k;
        final int[] s;
        final int[] d;
        final TransposedAxis[] axes;

        View(DialectCall call) {
            this.call = call;
            this.system = call.system();
            this.spec = call.spec();
            this.g = call.geometry();
            this.rank = spec.rank();
            if (system.startsWith("torch.")) {
                family = Family.TORCH;
            } else if (system.startsWith("tf.")) {
                family = Family.TF;
            } else if (system.startsWith("keras.")) {
                family = Family.KERAS;
            } else if (system.startsWith("onnx.")) {
                family = Family.ONNX;
            } else {
                throw new IllegalArgumentException("no transposed-convolution vocabulary for system " + system);
            }
            String sp = spec.layout().name(rank).replace("N", "").replace("C", "");
            String layout = spec.layout().name(rank);
            // torch's unbatched form: the user's arrays have no N
            inAxes = call.outputShape().length == rank + 1 ? layout.replace("N", "") : layout;
            kAxes = family == Family.TORCH || family == Family.ONNX ? "IO" + sp : sp + "OI";
            n = g.inSize();
            k = g.kernelSize();
            s = spec.inputDilation();
            d = spec.dilation();
            axes = new TransposedAxis[rank];
            for (int a = 0; a < rank; a++) {
                axes[a] = TransposedAxis.of(g, a);
            }
        }

        int[] heads() {
            int[] h = new int[rank];
            for (int a = 0; a < rank; a++) {
                h[a] = axes[a].head();
            }
            return h;
        }

        int[] outs() {
            int[] o = new int[rank];
            for (int a = 0; a < rank; a++) {
                o[a] = axes[a].out();
            }
            return o;
        }

        long scatter(int a) {
            return TransposedAxis.scatterLength(n[a], k[a], s[a], d[a]);
        }
    }

    /** The steps that make {@code other} compute what {@code reference} computes; both are transposed. */
    static List<String> steps(DialectCall reference, DialectCall other) {
        View ref = new View(reference);
        View oth = new View(other);
        List<String> steps = new ArrayList<>();
        String x = convert(ref.inAxes, oth.inAxes, "x");
        if (x != null) {
            steps.add("input: pass " + x + " (" + oth.system + " takes " + oth.inAxes + ", " + ref.system + " has "
                    + ref.inAxes + ")");
        }
        if (ref.spec.groups() > 1 && (oth.family == Family.TF || oth.family == Family.KERAS)) {
            steps.add("not reproducible: " + oth.system + " has no groups, the reference has groups " + ref.spec.groups()
                    + " (run one call per group on its channels)");
        }
        String w = convert(ref.kAxes, oth.kAxes, "w");
        if (w != null) {
            steps.add("kernel: pass " + w + " (" + oth.system + " takes " + oth.kAxes + ", " + ref.system + " has "
                    + ref.kAxes + "; both rotate it 180 degrees themselves)");
        }
        steps.addAll(strideDilationGroups(ref, oth));
        String crop = cropStep(ref, oth);
        if (crop != null) {
            steps.add(crop);
        }
        boolean rb = ref.call.bias() != null;
        if (rb != (oth.call.bias() != null)) {
            steps.add(biasStep(oth, rb));
        }
        if (ref.spec.dtype() != oth.spec.dtype()) {
            steps.add("dtype: " + ref.system + " computes in " + ref.spec.dtype().numpyName() + ", " + oth.system + " in "
                    + oth.spec.dtype().numpyName() + ": pass " + ref.spec.dtype().numpyName() + " arrays");
        }
        String y = convert(oth.inAxes, ref.inAxes, "y");
        if (y != null) {
            steps.add("output: " + y + " is " + ref.system + "'s result (" + oth.system + " returns " + oth.inAxes + ", "
                    + ref.system + " " + ref.inAxes + ")");
        }
        return steps;
    }

    // ------------------------------------------------------------------ the crop

    private static String cropStep(View ref, View oth) {
        int[] rh = ref.heads();
        int[] ro = ref.outs();
        if (Arrays.equals(rh, oth.heads()) && Arrays.equals(ro, oth.outs())) {
            return null;
        }
        StringBuilder sb = new StringBuilder("crop: ").append(ref.system).append(" keeps the scatter from head ")
                .append(Checks.joinX(rh)).append(" (output ").append(Checks.joinX(ro)).append("), ").append(oth.system)
                .append(" from head ").append(Checks.joinX(oth.heads())).append(" (output ")
                .append(Checks.joinX(oth.outs())).append(")");
        if (Arrays.equals(ro, oth.outs())) {
            int[] shift = new int[ref.rank];
            for (int a = 0; a < ref.rank; a++) {
                shift[a] = oth.axes[a].head() - rh[a];
            }
            sb.append(": the same size, shifted by ").append(Checks.joinX(shift)).append(" samples");
        }
        sb.append(". ").append(cropFix(ref, oth));
        return sb.toString();
    }

    /** The reference's (head, out) in the other system's vocabulary. */
    private static String cropFix(View ref, View oth) {
        switch (oth.family) {
            case TORCH: return torchCrop(ref, oth);
            case ONNX: return onnxCrop(ref);
            case TF: return tfCrop(ref, oth);
            default: return kerasCrop(ref, oth);
        }
    }

    /** torch: head = padding, out = scatter - 2p + op; a one-sided crop needs padding=0 and a slice. */
    private static String torchCrop(View ref, View oth) {
        int rank = ref.rank;
        int[] p = new int[rank];
        int[] op = new int[rank];
        boolean direct = true;
        for (int a = 0; a < rank; a++) {
            p[a] = ref.axes[a].head();
            long o = ref.axes[a].out() - TransposedAxis.torchOut(ref.n[a], ref.k[a], ref.s[a], ref.d[a], p[a], 0);
            direct &= o >= 0 && (o < ref.s[a] || o < ref.d[a]);
            op[a] = (int) Math.max(0, Math.min(o, Integer.MAX_VALUE));
        }
        if (direct) {
            return "Use padding=" + Checks.tuple(p) + ", output_padding=" + Checks.tuple(op);
        }
        int[] extend = new int[rank];
        for (int a = 0; a < rank; a++) {
            long e = Math.max(0, (long) ref.axes[a].head() + ref.axes[a].out() - ref.scatter(a));
            if (e >= ref.s[a] && e >= ref.d[a]) {
                return "not reproducible with padding/output_padding: the reference extends the scatter by " + e
                        + " zero samples on spatial axis " + a + ", more than torch's output_padding allows";
            }
            extend[a] = (int) e;
        }
        return "torch's padding crops both ends alike (head = padding), so no padding/output_padding gives these crops:"
                + " use padding=0, output_padding=" + Checks.tuple(extend) + " and keep " + slice(oth, ref);
    }

    /** ONNX: an auto_pad when one matches, else pads = [begins..., ends...] (and output_padding for a zero extension). */
    private static String onnxCrop(View ref) {
        int rank = ref.rank;
        for (String auto : new String[] {"SAME_UPPER", "SAME_LOWER", "VALID"}) {
            boolean all = true;
            for (int a = 0; a < rank && all; a++) {
                TransposedAxis t = auto.equals("VALID") ? TransposedAxis.onnxValid(ref.n[a], ref.k[a], ref.s[a], ref.d[a], 0)
                        : TransposedAxis.onnxSame(ref.n[a], ref.k[a], ref.s[a], ref.d[a], 0, auto.equals("SAME_UPPER"));
                all = t.equals(ref.axes[a]);
            }
            if (all) {
                return "Use auto_pad='" + auto + "' (and no pads)";
            }
        }
        int[] begin = new int[rank];
        int[] end = new int[rank];
        int[] op = new int[rank];
        for (int a = 0; a < rank; a++) {
            long e = Math.max(0, (long) ref.axes[a].head() + ref.axes[a].out() - ref.scatter(a));
            if (e >= ref.s[a]) {
                return "not reproducible: the reference extends the scatter by " + e + " zero samples on spatial axis "
                        + a + ", and ONNX requires output_padding < strides";
            }
            op[a] = (int) e;
            begin[a] = ref.axes[a].head();
            end[a] = (int) (ref.scatter(a) + e - ref.axes[a].out() - begin[a]);
        }
        int[] pads = new int[2 * rank];
        System.arraycopy(begin, 0, pads, 0, rank);
        System.arraycopy(end, 0, pads, rank, rank);
        return "Use pads=" + Params.repr(Checks.toList(pads)) + " (all begins, then all ends)"
                + (Checks.max(op) > 0 ? " and output_padding=" + Params.repr(Checks.toList(op)) : "");
    }

    /** TF: output_shape = out, and the forward padding whose before-pad on out is the head. */
    private static String tfCrop(View ref, View oth) {
        if (ref.rank != 2) {
            return "not reproducible: tf.nn.conv2d_transpose is 2-D only";
        }
        String shape = tfOutputShape(ref, oth);
        for (String p : new String[] {"SAME", "VALID"}) {
            if (tfAccepts(ref, p)) {
                return "Use output_shape=" + shape + ", padding='" + p + "'";
            }
        }
        int[][] pairs = new int[2][];
        for (int a = 0; a < 2; a++) {
            long lo = ref.scatter(a) - ref.axes[a].out() - ref.axes[a].head();
            if (lo + ref.s[a] - 1 < 0) {
                return "not reproducible: no forward padding maps output " + ref.axes[a].out() + " back to the input "
                        + ref.n[a] + " with head " + ref.axes[a].head() + " on spatial axis " + a;
            }
            pairs[a] = new int[] {ref.axes[a].head(), (int) Math.max(0, lo)};
        }
        String sp = "[" + pairs[0][0] + ", " + pairs[0][1] + "], [" + pairs[1][0] + ", " + pairs[1][1] + "]";
        return "Use output_shape=" + shape + ", padding=" + (oth.spec.layout() == Layout.NHWC
                ? "[[0, 0], " + sp + ", [0, 0]]" : "[[0, 0], [0, 0], " + sp + "]") + " (explicit: the forward"
                + " convolution's pads)";
    }

    /** Keras: padding and output_padding whose size rule and TF crop give the reference's (head, out). */
    private static String kerasCrop(View ref, View oth) {
        if (ref.rank != 2) {
            return "not reproducible: keras.layers.Conv2DTranspose is 2-D only";
        }
        for (String padding : new String[] {"same", "valid"}) {
            boolean same = padding.equals("same");
            if (kerasMatches(ref, same, null)) {
                return "Use padding='" + padding + "', output_padding=None";
            }
            int[] op = new int[2];
            boolean all = true;
            for (int a = 0; a < 2 && all; a++) {
                all = false;
                for (int o = 0; o < ref.s[a]; o++) {
                    if (kerasAxisMatches(ref, a, same, o)) {
                        op[a] = o;
                        all = true;
                        break;
                    }
                }
            }
            if (all) {
                return "Use padding='" + padding + "', output_padding=" + Checks.tuple(op);
            }
        }
        return "no padding/output_padding of " + oth.system + " gives these crops; use tf.nn.conv2d_transpose: "
                + tfCrop(ref, oth);
    }

    private static boolean kerasMatches(View ref, boolean same, Integer op) {
        for (int a = 0; a < ref.rank; a++) {
            if (!kerasAxisMatches(ref, a, same, op)) {
                return false;
            }
        }
        return true;
    }

    private static boolean kerasAxisMatches(View ref, int a, boolean same, Integer op) {
        long out = TransposedAxis.kerasOut(ref.n[a], ref.k[a], ref.s[a], ref.d[a], same, op);
        if (out != ref.axes[a].out()) {
            return false;
        }
        AxisPads fwd = same ? AxisPads.tfSame((int) out, ref.k[a], ref.s[a], ref.d[a]) : AxisPads.NONE;
        return fwd.before() == ref.axes[a].head()
                && TransposedAxis.forwardOut((int) out, fwd, ref.k[a], ref.s[a], ref.d[a]) == ref.n[a];
    }

    private static boolean tfAccepts(View ref, String padding) {
        for (int a = 0; a < ref.rank; a++) {
            int out = ref.axes[a].out();
            AxisPads fwd = padding.equals("SAME") ? AxisPads.tfSame(out, ref.k[a], ref.s[a], ref.d[a]) : AxisPads.NONE;
            if (fwd.before() != ref.axes[a].head()
                    || TransposedAxis.forwardOut(out, fwd, ref.k[a], ref.s[a], ref.d[a]) != ref.n[a]) {
                return false;
            }
        }
        return true;
    }

    private static String tfOutputShape(View ref, View oth) {
        int[] o = ref.outs();
        int batch = ref.g.batch();
        int c = ref.g.outChannels();
        return oth.spec.layout() == Layout.NHWC ? "[" + batch + ", " + o[0] + ", " + o[1] + ", " + c + "]"
                : "[" + batch + ", " + c + ", " + o[0] + ", " + o[1] + "]";
    }

    /** {@code y[:, :, h0:h0+o0, h1:h1+o1]}: the reference's window of the other's result, in the other's axes. */
    private static String slice(View oth, View ref) {
        StringBuilder sb = new StringBuilder("y[");
        String axes = oth.inAxes;
        int spatial = 0;
        for (int i = 0; i < axes.length(); i++) {
            char ch = axes.charAt(i);
            sb.append(i > 0 ? ", " : "");
            if (ch == 'N' || ch == 'C') {
                sb.append(':');
            } else {
                int h = ref.axes[spatial].head();
                sb.append(h).append(':').append(h + ref.axes[spatial].out());
                spatial++;
            }
        }
        return sb.append(']').toString();
    }

    // ------------------------------------------------------------------ stride, dilation, groups, bias

    private static List<String> strideDilationGroups(View ref, View oth) {
        List<String> out = new ArrayList<>();
        int[] s = ref.s;
        int[] d = ref.d;
        boolean sd = !Arrays.equals(s, oth.s);
        boolean dd = !Arrays.equals(d, oth.d);
        switch (oth.family) {
            case TORCH:
                if (sd) {
                    out.add("set stride=" + Checks.tuple(s));
                }
                if (dd) {
                    out.add("set dilation=" + Checks.tuple(d));
                }
                break;
            case KERAS:
                if (sd) {
                    out.add("set strides=" + Checks.tuple(s));
                }
                if (dd) {
                    out.add("set dilation_rate=" + Checks.tuple(d));
                }
                if (Checks.max(s) > 1 && Checks.max(d) > 1) {
                    out.add("not reproducible with Keras: it refuses strides > 1 together with dilation_rate > 1;"
                            + " use tf.nn.conv2d_transpose");
                }
                break;
            default: // TF and ONNX spell both as lists
                if (sd) {
                    out.add("set strides=" + Params.repr(Checks.toList(s)));
                }
                if (dd) {
                    out.add("set dilations=" + Params.repr(Checks.toList(d)));
                }
        }
        if (ref.spec.groups() != oth.spec.groups()) {
            if (oth.family == Family.TORCH) {
                out.add("set groups=" + ref.spec.groups());
            } else if (oth.family == Family.ONNX) {
                out.add("set group=" + ref.spec.groups());
            }
        }
        return out;
    }

    private static String biasStep(View oth, boolean referenceHasBias) {
        if (!referenceHasBias) {
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
            default: return "bias: tf.nn.conv2d_transpose has none; add it after with tf.nn.bias_add(y, b"
                    + (oth.spec.layout() == Layout.NCHW ? ", data_format='NCHW'" : "") + ")";
        }
    }

    // ------------------------------------------------------------------ layouts

    /**
     * A numpy expression turning array {@code v} with axes {@code from} into axes {@code to} (letters
     * N, C, I, O and the spatial D, H, W); null when equal. A missing N (torch's unbatched form) is
     * added with {@code [None]} or dropped with {@code [0]}.
     */
    static String convert(String from, String to, String v) {
        if (from.equals(to)) {
            return null;
        }
        String expr = v;
        String src = from;
        if (!src.contains("N") && to.contains("N")) {
            expr += "[None]";
            src = "N" + src;
        }
        String dst = to;
        boolean drop = src.contains("N") && !to.contains("N");
        if (drop) {
            dst = "N" + to;
        }
        if (!src.equals(dst)) {
            StringBuilder t = new StringBuilder(".transpose(");
            for (int i = 0; i < dst.length(); i++) {
                t.append(i > 0 ? ", " : "").append(src.indexOf(dst.charAt(i)));
            }
            expr += t.append(')');
        }
        return drop ? expr + "[0]" : expr;
    }
}
