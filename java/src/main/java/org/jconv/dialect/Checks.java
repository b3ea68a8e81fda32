package org.jconv.dialect;

import java.util.Arrays;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/** Operand checks shared by the dialects: ranks, dtypes, spatial sizes, messages. */
final class Checks {
    private Checks() {
    }

    /** {@code [1, 8, 8, 3]}. */
    static String shape(int[] s) {
        return Arrays.toString(s);
    }

    /** {@code (3 x 3)}, torch's way of printing sizes. */
    static String sizes(long[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i > 0 ? " x " : "").append(s[i]);
        }
        return sb.append(')').toString();
    }

    static void requireNonNull(String system, String what, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(system + ": " + what + " must not be null");
        }
    }

    /** @throws IllegalArgumentException {@code "torch.nn.functional.conv2d: weight must be 4-D [O, C/groups, kH, kW], got shape [3, 3]"} */
    static void requireRank(String system, String what, Tensor t, int rank, String axes) {
        requireNonNull(system, what, t);
        if (t.rank() != rank) {
            throw new IllegalArgumentException(system + ": " + what + " must be " + rank + "-D " + axes + ", got shape "
                    + shape(t.shape()));
        }
    }

    /** A bias must be a vector (its length is checked against the output channels by the geometry). */
    static void requireVector(String system, String what, Tensor b) {
        if (b != null && b.rank() != 1) {
            throw new IllegalArgumentException(system + ": " + what + " must be 1-D [out_channels], got shape "
                    + shape(b.shape()));
        }
    }

    /**
     * The common dtype of operands a system requires to agree (torch, TF, ONNX do not promote).
     *
     * @throws DialectRefusal naming both dtypes, with the system's own wording in {@code refusal}
     */
    static DType sameDType(String system, String refusal, Tensor input, Tensor kernel, Tensor bias) {
        DType d = input.dtype();
        if (kernel.dtype() != d) {
            throw new DialectRefusal(system + " refuses mixed dtypes: input is " + d.numpyName() + ", weight is "
                    + kernel.dtype().numpyName() + " (" + refusal + "); convert one of them first");
        }
        if (bias != null && bias.dtype() != d) {
            throw new DialectRefusal(system + " refuses mixed dtypes: input is " + d.numpyName() + ", bias is "
                    + bias.dtype().numpyName() + " (" + refusal + "); convert one of them first");
        }
        return d;
    }

    /** numpy's result type of two float arrays: float64 unless both are float32. */
    static DType resultType(DType a, DType b) {
        return a == DType.FLOAT32 && b == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** Spatial sizes of an input in {@code layout} (rank + 2 axes). */
    static int[] inputSpatial(Tensor x, Layout layout, int rank) {
        int[] s = x.shape();
        return layout == Layout.NHWC ? Arrays.copyOfRange(s, 1, rank + 1) : Arrays.copyOfRange(s, 2, rank + 2);
    }

    /** Channels of an input in {@code layout}. */
    static int inputChannels(Tensor x, Layout layout, int rank) {
        return layout == Layout.NHWC ? x.shape(rank + 1) : x.shape(1);
    }

    /** Spatial sizes of a kernel in {@code layout} (rank + 2 axes). */
    static int[] kernelSpatial(Tensor k, KernelLayout layout, int rank) {
        int[] s = k.shape();
        return layout == KernelLayout.OIHW ? Arrays.copyOfRange(s, 2, rank + 2) : Arrays.copyOfRange(s, 0, rank);
    }

    /** {@code "(h, w)"}: a Python tuple. */
    static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(v[i]);
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** Every entry >= {@code min}, else a refusal naming the parameter. */
    static void requireAtLeast(String system, String key, int[] v, int min, String what) {
        for (int x : v) {
            if (x < min) {
                throw new DialectRefusal(system + ": " + key + "=" + Params.repr(toList(v)) + ": " + what);
            }
        }
    }

    static java.util.List<Integer> toList(int[] v) {
        java.util.List<Integer> l = new java.util.ArrayList<>();
        for (int x : v) {
            l.add(x);
        }
        return l;
    }

    /** The first axis whose padded size is smaller than the dilated kernel, or -1. */
    static int tooSmallAxis(int[] n, AxisPads[] pads, int[] k, int[] d) {
        for (int a = 0; a < n.length; a++) {
            if ((long) n[a] + pads[a].total() < AxisPads.dilated(k[a], d[a])) {
                return a;
            }
        }
        return -1;
    }

    /** The spatial letters of a kernel: {@code "kW"}, {@code "kH, kW"}, {@code "kD, kH, kW"}. */
    static String kernelAxes(int rank) {
        switch (rank) {
            case 1: return "kW";
            case 2: return "kH, kW";
            default: return "kD, kH, kW";
        }
    }

    /** An input's axes for messages: {@code "[N, C, H, W]"}, {@code "[N, W, C]"}, ... */
    static String inputAxes(Layout layout, int rank) {
        String sp = rank == 1 ? "W" : rank == 2 ? "H, W" : "D, H, W";
        return layout == Layout.NHWC ? "[N, " + sp + ", C]" : "[N, C, " + sp + "]";
    }

    /** {@code n} ones. */
    static int[] ones(int n) {
        int[] v = new int[n];
        Arrays.fill(v, 1);
        return v;
    }

    /** The largest entry. */
    static int max(int[] v) {
        int m = Integer.MIN_VALUE;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** {@code "2x3"}: per-axis values as the canonical description prints them. */
    static String joinX(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? "x" : "").append(v[i]);
        }
        return sb.toString();
    }

    /** The canonical output shape, in the input's layout (the systems that return it as is). */
    static int[] outputShape(org.jconv.spec.ConvSpec spec, Tensor input, Tensor kernel) {
        return org.jconv.spec.ConvGeometry.of(spec, input.shape(), kernel.shape()).outputShape();
    }

    /**
     * What every dialect checks first: params present (use {@code Params.empty()} for none), input and
     * kernel present, and no zero-size axis (no system convolves empty arrays usefully; a zero would
     * also divide by zero in channel arithmetic).
     */
    static void operands(String system, Params params, Tensor input, Tensor kernel) {
        if (params == null) {
            throw new IllegalArgumentException(system + ": params must not be null (use Params.empty())");
        }
        if (input == null) {
            throw new IllegalArgumentException(system + ": input must not be null");
        }
        if (kernel == null) {
            throw new IllegalArgumentException(system + ": kernel must not be null");
        }
        for (int i = 0; i < input.rank(); i++) {
            if (input.shape(i) == 0) {
                throw new IllegalArgumentException(system + ": input shape " + java.util.Arrays.toString(input.shape())
                        + " has size 0 on axis " + i);
            }
        }
        for (int i = 0; i < kernel.rank(); i++) {
            if (kernel.shape(i) == 0) {
                throw new IllegalArgumentException(system + ": kernel shape " + java.util.Arrays.toString(kernel.shape())
                        + " has size 0 on axis " + i);
            }
        }
    }
}
