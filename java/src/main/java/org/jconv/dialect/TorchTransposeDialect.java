package org.jconv.dialect;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * PyTorch's transposed convolutions (SEMANTICS.md sections 3 and 3.1):
 * {@code torch.nn.functional.conv_transpose1d/2d/3d(input, weight, bias=None, stride=1, padding=0,
 * output_padding=0, groups=1, dilation=1)}. Input NCW / NCHW / NCDHW (or unbatched, without N),
 * weight {@code [C_in, C_out/groups, k...]} (IOW, IOHW, IODHW), bias {@code [C_out]}.
 *
 * <ul>
 * <li>Per axis: output {@code (n-1)s - 2p + d(k-1) + op + 1}, i.e. the scatter cropped by
 *     {@code head = padding} at the start; {@code output_padding} re-extends the end.</li>
 * <li>{@code output_padding} must be smaller than the stride or the dilation on every axis, else
 *     torch's RuntimeError "output padding must be smaller than either stride or dilation" (the 1-D
 *     form runs as 2-D, so its message speaks of a height of 0).</li>
 * <li>{@code stride}, {@code padding}, {@code output_padding}, {@code dilation}: an int or a list of
 *     1 or rank ints; strings are refused (there is no 'same' here). Input, weight and bias share a dtype.</li>
 * </ul>
 *
 * <pre>{@code
 * Params p = Params.builder().put("stride", 2).put("padding", 1).put("output_padding", 1).build();
 * DialectCall call = TorchTransposeDialect.convTranspose2d().translate(p, x, w, b);  // x [1, 3, 4, 4], w [3, 2, 3, 3]
 * System.out.println(call.explain());   // ... input dilation 2x2 ... head 1x1 ... output 8x8 ...
 * }</pre>
 */
public final class TorchTransposeDialect implements Dialect {
    private static final List<String> KEYS = List.of("stride", "padding", "output_padding", "groups", "dilation");
    private static final TorchTransposeDialect[] BY_RANK = {
        new TorchTransposeDialect(1), new TorchTransposeDialect(2), new TorchTransposeDialect(3)};
    private static final String[][] AXIS_NAMES = {{"width"}, {"height", "width"}, {"depth", "height", "width"}};

    private final int rank;

    private TorchTransposeDialect(int rank) {
        this.rank = rank;
    }

    /** {@code torch.nn.functional.conv_transpose1d}. */
    public static TorchTransposeDialect convTranspose1d() {
        return BY_RANK[0];
    }

    /** {@code torch.nn.functional.conv_transpose2d}. */
    public static TorchTransposeDialect convTranspose2d() {
        return BY_RANK[1];
    }

    /** {@code torch.nn.functional.conv_transpose3d}. */
    public static TorchTransposeDialect convTranspose3d() {
        return BY_RANK[2];
    }

    @Override
    public String system() {
        return "torch.nn.functional.conv_transpose" + rank + "d";
    }

    @Override
    public DialectCall translate(Params params, Tensor input, Tensor weight, Tensor bias) {
        Checks.operands(system(), params, input, weight);
        String sys = system();
        params.requireKnown(sys, KEYS);
        Checks.requireNonNull(sys, "input", input);
        Checks.requireRank(sys, "weight", weight, rank + 2, "[in_channels, out_channels/groups, "
                + Checks.kernelAxes(rank) + "]");
        Checks.requireVector(sys, "bias", bias);
        boolean unbatched = input.rank() == rank + 1;
        if (input.rank() != rank + 2 && !unbatched) {
            throw new DialectRefusal(sys + ": RuntimeError: Expected " + (rank + 1) + "D (unbatched) or " + (rank + 2)
                    + "D (batched) input to conv_transpose" + rank + "d, but got input of size: "
                    + Checks.shape(input.shape()));
        }
        Tensor x = unbatched ? input.reshape(TorchDialect.prepend1(input.shape())) : input;
        DType dtype = Checks.sameDType(sys, "RuntimeError: expected scalar type " + TorchDialect.torchName(input.dtype())
                + " but found " + TorchDialect.torchName(input.dtype() == weight.dtype()
                        ? bias == null ? weight.dtype() : bias.dtype() : weight.dtype()), input, weight, bias);

        for (String key : List.of("stride", "padding", "output_padding", "dilation")) {
            if (params.isString(key)) {
                throw new DialectRefusal(sys + ": TypeError: conv_transpose" + rank + "d(): argument '" + key
                        + "' must be tuple of ints, not str (" + Params.repr(params.get(key)) + ")");
            }
        }
        int[] stride = TorchDialect.axisInts(params, "stride", rank, 1);
        int[] padding = TorchDialect.axisInts(params, "padding", rank, 0);
        int[] outputPadding = TorchDialect.axisInts(params, "output_padding", rank, 0);
        int[] dilation = TorchDialect.axisInts(params, "dilation", rank, 1);
        int groups = params.getInt("groups", 1);
        Checks.requireAtLeast(sys, "padding", padding, 0, "RuntimeError: negative padding is not supported");
        Checks.requireAtLeast(sys, "output_padding", outputPadding, 0,
                "RuntimeError: negative output_padding is not supported");
        Checks.requireAtLeast(sys, "stride", stride, 1, "RuntimeError: non-positive stride is not supported");
        Checks.requireAtLeast(sys, "dilation", dilation, 1, "RuntimeError: dilation should be greater than zero");
        if (groups < 1) {
            throw new DialectRefusal(sys + ": groups=" + groups + ": RuntimeError: non-positive groups is not supported");
        }
        int cin = weight.shape(0);
        if (cin % groups != 0) {
            throw new DialectRefusal(sys + ": RuntimeError: Given groups=" + groups + ", expected weight to be divisible by "
                    + groups + " at dimension 0, but got weight of size " + Checks.shape(weight.shape()) + " instead");
        }
        if (x.shape(1) != cin) {
            throw new DialectRefusal(sys + ": RuntimeError: Given transposed=1, weight of size "
                    + Checks.shape(weight.shape()) + ", expected input" + Checks.shape(x.shape()) + " to have " + cin
                    + " channels, but got " + x.shape(1) + " channels instead");
        }
        int cout = weight.shape(1) * groups;
        if (bias != null && bias.shape(0) != cout) {
            throw new DialectRefusal(sys + ": RuntimeError: Given transposed=1, weight of size "
                    + Checks.shape(weight.shape()) + ", expected bias to be 1-dimensional with " + cout
                    + " elements, but got bias of size " + Checks.shape(bias.shape()) + " instead");
        }
        refuseLargeOutputPadding(sys, outputPadding, stride, dilation);

        int[] n = Checks.inputSpatial(x, Layout.NCHW, rank);
        int[] k = Checks.kernelSpatial(weight, KernelLayout.OIHW, rank);
        long[] out = new long[rank];
        boolean tooSmall = false;
        for (int a = 0; a < rank; a++) {
            out[a] = TransposedAxis.torchOut(n[a], k[a], stride[a], dilation[a], padding[a], outputPadding[a]);
            tooSmall |= out[a] < 1;
        }
        if (tooSmall) {
            long[] in = new long[rank];
            for (int a = 0; a < rank; a++) {
                in[a] = n[a];
            }
            throw new DialectRefusal(sys + ": RuntimeError: Given input size per channel: " + Checks.sizes(in)
                    + ". Calculated output size per channel: " + Checks.sizes(out) + ". Output size is too small");
        }
        TransposedAxis[] axes = new TransposedAxis[rank];
        for (int a = 0; a < rank; a++) {
            axes[a] = TransposedAxis.torch(n[a], k[a], stride[a], dilation[a], padding[a], outputPadding[a]);
        }
        int[] shape = new int[unbatched ? rank + 1 : rank + 2];
        int off = 0;
        if (!unbatched) {
            shape[off++] = x.shape(0);
        }
        shape[off++] = cout;
        for (int a = 0; a < rank; a++) {
            shape[off + a] = axes[a].out();
        }
        return Transposed.call(sys, x, Layout.NCHW, Transposed.kernelFromIO(weight, groups), Transposed.IO_WORDS, bias,
                groups, stride, dilation, axes, dtype, shape, "head = padding " + Checks.joinX(padding)
                + (Checks.max(outputPadding) > 0 ? ", output_padding " + Checks.joinX(outputPadding)
                        + " extends the end" : ""));
    }

    /**
     * torch accepts {@code output_padding} only when it is smaller than the stride or the dilation on
     * every axis; its message names every axis of the op that runs (conv_transpose1d runs as 2-D,
     * with a height of 0 / 1 / 1).
     */
    private void refuseLargeOutputPadding(String sys, int[] op, int[] s, int[] d) {
        boolean ok = true;
        for (int a = 0; a < rank; a++) {
            ok &= op[a] < s[a] || op[a] < d[a];
        }
        if (ok) {
            return;
        }
        String[] names = AXIS_NAMES[Math.max(rank, 2) - 1];
        int lead = names.length - rank;
        StringBuilder m = new StringBuilder(sys).append(": RuntimeError: output padding must be smaller than either"
                + " stride or dilation, but got");
        String[] what = {"output_padding", "stride", "dilation"};
        int[][] values = {op, s, d};
        int[] absent = {0, 1, 1};
        for (int w = 0; w < 3; w++) {
            for (int a = 0; a < names.length; a++) {
                int v = a < lead ? absent[w] : values[w][a - lead];
                m.append(' ').append(what[w]).append('_').append(names[a]).append(": ").append(v);
            }
        }
        throw new DialectRefusal(m.toString());
    }

    @Override
    public String toString() {
        return "TorchTransposeDialect[" + system() + "]";
    }
}
