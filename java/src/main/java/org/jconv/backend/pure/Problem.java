package org.jconv.backend.pure;

import org.jconv.DType;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.Layout;

/**
 * A {@link ConvGeometry} in the form the engine's loops use: every rank lifted to three spatial
 * axes by prepending unit axes (axis 2 is always the innermost, W), channel counts per group, and
 * one {@link AxisMap} per axis. Everything here depends on the geometry only; plans are built from it.
 *
 * <pre>{@code
 * Problem p = Problem.of(ConvGeometry.of(spec, new int[] {1, 3, 32, 32}, new int[] {16, 3, 3, 3}));
 * p.k();        // 27: rows of the im2col matrix of one group
 * p.outSp();    // output pixels per channel
 * }</pre>
 */
final class Problem {
    static final int AXES = 3;

    final ConvGeometry geometry;
    final DType dtype;
    final int batch;
    final int inChannels;
    final int outChannels;
    final int groups;
    /** Input channels per group (C/G). */
    final int cg;
    /** Output channels per group (O/G). */
    final int og;
    final boolean channelsLast;
    /** Axes 0, 1, 2; lower ranks have unit axes first. */
    final AxisMap[] axis = new AxisMap[AXES];
    /** Input pixels per channel (product of the input's spatial sizes). */
    final int inSp;
    /** Output pixels per channel. */
    final int outSp;
    /** Kernel taps per channel. */
    final int kSp;
    /** The value a BORDER entry reads: the constant border (0 for every mode but CONSTANT, and for transposed). */
    final double fill;
    /** Transposed form: padding and inserted zeros take part in no product (see ConvSpec#transposed). */
    final boolean transposed;

    private Problem(ConvGeometry g) {
        ConvSpec spec = g.spec();
        geometry = g;
        dtype = spec.dtype();
        batch = g.batch();
        inChannels = g.inChannels();
        outChannels = g.outChannels();
        groups = spec.groups();
        cg = inChannels / groups;
        og = outChannels / groups;
        channelsLast = spec.layout() == Layout.NHWC;
        int rank = spec.rank();
        int lead = AXES - rank;
        int[] in = g.inSize();
        int[] k = g.kernelSize();
        int[] out = g.outSize();
        for (int a = 0; a < lead; a++) {
            axis[a] = AxisMap.unit();
        }
        for (int a = 0; a < rank; a++) {
            axis[lead + a] = AxisMap.of(in[a], k[a], spec.padBefore(a), spec.stride(a), spec.dilation(a),
                    spec.inputDilation(a), out[a], spec.borderMode());
        }
        inSp = Math.toIntExact((long) axis[0].n * axis[1].n * axis[2].n);
        outSp = Math.toIntExact((long) axis[0].out * axis[1].out * axis[2].out);
        kSp = Math.toIntExact((long) axis[0].k * axis[1].k * axis[2].k);
        double v = spec.borderValue();
        // numpy casts scipy's fillvalue to the output dtype: a float32 plan pads with (float) value
        fill = dtype == DType.FLOAT32 ? (double) (float) v : v;
        transposed = spec.transposed();
    }

    static Problem of(ConvGeometry g) {
        return new Problem(g);
    }

    /** Rows of one group's im2col matrix: C/G times the kernel taps. */
    int k() {
        return Math.multiplyExact(cg, kSp);
    }

    /**
     * True when some product of the GEMM formulation does not exist in the definition: a transposed
     * convolution whose taps can land on padding or inserted zeros. The im2col algorithms multiply
     * those zeros anyway, which is exact only for finite weights (0 * Inf would be NaN).
     */
    boolean hasHoles() {
        if (!transposed) {
            return false;
        }
        for (AxisMap a : axis) {
            if (a.inputDilation != 1 || !a.allInterior()) {
                return true;
            }
        }
        return false;
    }

    /** Rank 1 or 2 (or a rank-3 problem that is one): axis 0 is a unit axis reading its one sample. */
    boolean planar() {
        AxisMap a = axis[0];
        return a.n == 1 && a.k == 1 && a.out == 1 && a.source(0, 0) == 0;
    }

    /**
     * True when, for every tap, consecutive output rows that read interior input rows read one
     * contiguous stretch of the input plane: unit strides and no inserted zeros on axes 1 and 2, and
     * output rows as wide as input rows ('same' padding). An im2col row is then one bulk copy plus
     * the border columns.
     */
    boolean contiguousRows() {
        AxisMap a1 = axis[1];
        AxisMap a2 = axis[2];
        return a1.stride == 1 && a2.stride == 1 && a1.inputDilation == 1 && a2.inputDilation == 1 && a2.out == a2.n;
    }
}
