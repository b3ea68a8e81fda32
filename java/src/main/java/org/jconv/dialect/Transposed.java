package org.jconv.dialect;

import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * The one conversion of a transposed convolution into the canonical form, shared by every
 * transposed dialect (SEMANTICS.md section 3.1). A dialect computes {@code (head, out)} per axis
 * ({@link TransposedAxis}) and its kernel in canonical order; this class builds the rest: input
 * dilated by the stride, pads {@code (dk-1-head, out+head-(n-1)s-1)} (negative = crop), flip, stride 1,
 * the dilation, groups, the transposed flag (padding and inserted zeros take part in no product,
 * as in the scatter the references compute), the bias, and an explanation.
 *
 * <pre>{@code
 * // torch conv_transpose2d(x, w, stride=2, padding=1, output_padding=1) on x [1, 3, 4, 4], w [3, 2, 3, 3]
 * TransposedAxis[] axes = {TransposedAxis.torch(4, 3, 2, 1, 1, 1), TransposedAxis.torch(4, 3, 2, 1, 1, 1)};
 * DialectCall call = Transposed.call("torch.nn.functional.conv_transpose2d", x, Layout.NCHW,
 *         Transposed.kernelFromIO(w, 1), Transposed.IO_WORDS, null, 1, new int[] {2, 2}, new int[] {1, 1},
 *         axes, DType.FLOAT32, new int[] {1, 2, 8, 8}, "head = padding");
 * }</pre>
 */
final class Transposed {
    /** How the kernel of torch and ONNX is converted, for explanations. */
    static final String IO_WORDS = "the kernel [C_in, C_out/groups, k...] is swapped per group to [C_out, C_in/groups, k...]";
    /** How the kernel of TF and Keras is converted, for explanations. */
    static final String HWOI_WORDS = "the kernel [k..., C_out, C_in] is transposed to [C_out, C_in, k...]";

    private Transposed() {
    }

    /**
     * The kernel of torch's conv_transpose and ONNX ConvTranspose, {@code [C_in, C_out/G, k...]},
     * as the canonical {@code [C_out, C_in/G, k...]} (OIHW): within group g, input channel
     * {@code g*C_in/G + i} and output channel {@code g*C_out/G + o} swap places. Not flipped: the
     * spec's flip does that.
     */
    static Tensor kernelFromIO(Tensor w, int groups) {
        int[] s = w.shape();
        int cin = s[0];
        int coutPerGroup = s[1];
        int cinPerGroup = cin / groups;
        int vol = 1;
        for (int a = 2; a < s.length; a++) {
            vol *= s[a];
        }
        int[] shape = s.clone();
        shape[0] = coutPerGroup * groups;
        shape[1] = cinPerGroup;
        Tensor out = Tensor.zeros(w.dtype(), shape);
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < cinPerGroup; i++) {
                for (int o = 0; o < coutPerGroup; o++) {
                    int src = ((g * cinPerGroup + i) * coutPerGroup + o) * vol;
                    int dst = ((g * coutPerGroup + o) * cinPerGroup + i) * vol;
                    for (int t = 0; t < vol; t++) {
                        out.set(dst + t, w.get(src + t));
                    }
                }
            }
        }
        return out;
    }

    /** The kernel of tf.nn.conv2d_transpose and Keras Conv2DTranspose, {@code [k..., C_out, C_in]}, as {@code [C_out, C_in, k...]}. */
    static Tensor kernelFromHWOI(Tensor w) {
        int r = w.rank() - 2;
        int[] axes = new int[r + 2];
        axes[0] = r;
        axes[1] = r + 1;
        for (int a = 0; a < r; a++) {
            axes[a + 2] = a;
        }
        return w.transpose(axes);
    }

    /**
     * The canonical call of a transposed convolution.
     *
     * @param x           the input in {@code layout} and {@code dtype}
     * @param oihw        the kernel as {@code [C_out, C_in/groups, k...]} in {@code dtype}, not flipped
     * @param kernelWords how the system's kernel became {@code oihw} (for the explanation)
     * @param axes        (head, out) per spatial axis
     * @param outputShape the result's shape as the system returns it
     * @param why         where the heads come from in the system's terms (for the explanation), or null
     */
    static DialectCall call(String system, Tensor x, Layout layout, Tensor oihw, String kernelWords, Tensor bias,
            int groups, int[] stride, int[] dilation, TransposedAxis[] axes, DType dtype, int[] outputShape, String why) {
        int rank = axes.length;
        int[] n = Checks.inputSpatial(x, layout, rank);
        int[] k = Checks.kernelSpatial(oihw, KernelLayout.OIHW, rank);
        int[] before = new int[rank];
        int[] after = new int[rank];
        int[] heads = new int[rank];
        int[] outs = new int[rank];
        int[] scatter = new int[rank];
        for (int a = 0; a < rank; a++) {
            before[a] = axes[a].padBefore(k[a], dilation[a]);
            after[a] = axes[a].padAfter(n[a], stride[a]);
            heads[a] = axes[a].head();
            outs[a] = axes[a].out();
            scatter[a] = TransposedAxis.toInt(TransposedAxis.scatterLength(n[a], k[a], stride[a], dilation[a]));
        }
        ConvSpec spec = ConvSpec.builder(rank)
                .flip(true)
                .inputDilation(stride)
                .pads(before, after)
                .dilation(dilation)
                .groups(groups)
                .layout(layout)
                .kernelLayout(KernelLayout.OIHW)
                .transposed(true)
                .dtype(dtype)
                .build();
        String note = "stride " + Checks.joinX(stride) + " as input dilation, the scatter ("
                + Checks.joinX(scatter) + ") cropped by head " + Checks.joinX(heads) + " at the start to the output "
                + Checks.joinX(outs) + " (a negative pad crops, a pad past the scatter adds zeros)"
                + (why == null ? "" : "; " + why) + "; " + kernelWords;
        return new DialectCall(system, spec, x, oihw, bias, outputShape, note);
    }
}
