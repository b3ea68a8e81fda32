package org.jconv.backend;

import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;

/**
 * The canonical definition evaluated term by term:
 * <pre>
 *   y[n, o, i...] = bias[o] + sum_{c < C/G} sum_{r...} x~[n, g*C/G + c, i*s + r*d ...] * k'[o, c, r...]
 * </pre>
 * Input and kernel are read in the layouts the caller gave (no relayout copy), the flip is an index
 * reversal, and {@code x~} is resolved per axis with {@link BorderMode#sourceIndex}. Ranks 1 and 2
 * are run as rank 3 with leading axes of size 1 (no pad, stride 1, dilation 1), so there is one loop
 * nest to get right instead of three.
 *
 * <p>Everything that depends only on the geometry is computed here, once: per axis, the input
 * offset of every (output position, tap) pair ({@code -1} when the tap reads the constant border),
 * and the kernel offset of every tap with the flip applied. {@link #run} then only adds offsets,
 * multiplies and accumulates; it allocates nothing and is safe to call from several threads.
 */
final class DirectConvolution {
    /** Offset-table mark: outside the input, reads the constant border value. */
    private static final int OUTSIDE = -1;
    /** Offset-table mark: one of the zeros an input dilation inserts between samples. */
    private static final int INSERTED_ZERO = -2;

    /** Spatial axes of the loop nest; lower ranks are embedded as the trailing axes. */
    private static final int AXES = 3;

    private final int batch;
    private final int outChannels;
    private final int channelsPerGroup;
    private final int outChannelsPerGroup;

    private final int inStrideN;
    private final int inStrideC;
    private final int outStrideN;
    private final int outStrideC;
    private final int[] outStride = new int[AXES];
    private final int[] outSize = new int[AXES];
    private final int[] taps = new int[AXES];

    /**
     * {@code inOffset[a][i * taps[a] + r]}: offset (in elements) of the input sample read on axis
     * {@code a} by output position {@code i} and tap {@code r}, or -1 where it lies in a constant border.
     */
    private final int[][] inOffset = new int[AXES][];
    /** {@code kernelOffset[a][r]}: offset of tap {@code r} of axis {@code a} in the kernel array, flip applied. */
    private final int[][] kernelOffset = new int[AXES][];
    private final int kernelStrideO;
    private final int kernelStrideC;

    private final double[] kernel;
    private final double[] bias;
    /** The constant border value, in the computation dtype (float32 specs read a float32 fill, as scipy casts fillvalue). */
    private final double fill;
    /** Transposed form: padding and inserted zeros take part in no product (see ConvSpec#transposed). */
    private final boolean transposed;

    DirectConvolution(ConvGeometry g, Tensor kernelTensor, Tensor biasTensor) {
        ConvSpec spec = g.spec();
        // int offsets suffice for anything a Java array can hold; refuse the rest here, not with a wrapped index
        requireArraySized("input", g.inputShape());
        requireArraySized("output", g.outputShape());
        int rank = spec.rank();
        int lead = AXES - rank;
        batch = g.batch();
        int inChannels = g.inChannels();
        outChannels = g.outChannels();
        channelsPerGroup = inChannels / spec.groups();
        outChannelsPerGroup = outChannels / spec.groups();

        int[] inSize = embed(g.inSize(), lead, 1);
        int[] kSize = embed(g.kernelSize(), lead, 1);
        int[] oSize = embed(g.outSize(), lead, 1);
        System.arraycopy(kSize, 0, taps, 0, AXES);
        System.arraycopy(oSize, 0, outSize, 0, AXES);

        // Row-major strides of the spatial block; channels either outside it (NCHW) or inside (NHWC).
        boolean channelsLast = spec.layout() == Layout.NHWC;
        int[] inSpatialStride = rowMajorStrides(inSize, channelsLast ? inChannels : 1);
        int[] outSpatialStride = rowMajorStrides(oSize, channelsLast ? outChannels : 1);
        int inVolume = volume(inSize);
        int outVolume = volume(oSize);
        inStrideC = channelsLast ? 1 : inVolume;
        inStrideN = inVolume * inChannels;
        outStrideC = channelsLast ? 1 : outVolume;
        outStrideN = outVolume * outChannels;
        System.arraycopy(outSpatialStride, 0, outStride, 0, AXES);

        // Kernel strides per layout; the spatial block is row-major in all three.
        int kernelVolume = volume(kSize);
        int[] kernelSpatialStride;
        KernelLayout kl = spec.kernelLayout();
        switch (kl) {
            case OIHW: // [O, C/G, k...]
                kernelSpatialStride = rowMajorStrides(kSize, 1);
                kernelStrideC = kernelVolume;
                kernelStrideO = kernelVolume * channelsPerGroup;
                break;
            case HWIO: // [k..., C/G, O]
                kernelSpatialStride = rowMajorStrides(kSize, channelsPerGroup * outChannels);
                kernelStrideC = outChannels;
                kernelStrideO = 1;
                break;
            case HWCM: { // [k..., C, M], output channel o = c*M + m; groups == C, so C/G == 1
                int m = outChannels / inChannels;
                // element (t, c, m) sits at (t*C + c)*M + m = t*C*M + (c*M + m) = t*O + o
                kernelSpatialStride = rowMajorStrides(kSize, inChannels * m);
                kernelStrideC = 0; // the only in-group channel is c = 0
                kernelStrideO = 1;
                break;
            }
            default:
                throw new AssertionError(kl);
        }

        int[] padBefore = embed(spec.padBefore(), lead, 0);
        int[] stride = embed(spec.stride(), lead, 1);
        int[] dilation = embed(spec.dilation(), lead, 1);
        int[] inputDilation = embed(spec.inputDilation(), lead, 1);
        BorderMode border = spec.borderMode();
        requireTablesFit(g, oSize, kSize);
        for (int a = 0; a < AXES; a++) {
            int k = kSize[a];
            int[] off = new int[oSize[a] * k];
            for (int i = 0; i < oSize[a]; i++) {
                for (int r = 0; r < k; r++) {
                    // pos indexes the input after input dilation (zeros between samples, the
                    // canonical form of a transposed convolution); negative pads make it start later.
                    long pos = (long) i * stride[a] + (long) r * dilation[a] - padBefore[a];
                    long dilatedLength = (long) (inSize[a] - 1) * inputDilation[a] + 1;
                    if (pos >= 0 && pos < dilatedLength && pos % inputDilation[a] != 0) {
                        off[i * k + r] = INSERTED_ZERO;
                        continue;
                    }
                    int src = pos >= 0 && pos < dilatedLength ? (int) (pos / inputDilation[a])
                            : border.sourceIndex(pos, inSize[a]);
                    off[i * k + r] = src < 0 ? OUTSIDE : src * inSpatialStride[a];
                }
            }
            inOffset[a] = off;
            int[] koff = new int[k];
            for (int r = 0; r < k; r++) {
                // true convolution: tap r of the window multiplies kernel element k-1-r
                koff[r] = (spec.flip() ? k - 1 - r : r) * kernelSpatialStride[a];
            }
            kernelOffset[a] = koff;
        }

        kernel = toDoubles(kernelTensor);
        bias = biasTensor == null ? null : toDoubles(biasTensor);
        double v = spec.borderValue();
        fill = spec.dtype() == DType.FLOAT32 ? (double) (float) v : v;
        transposed = spec.transposed();
    }

    /**
     * Computes the whole output. Exactly one of {@code inF}/{@code inD} and one of
     * {@code outF}/{@code outD} is non-null; lengths were checked by {@link org.jconv.plan.ConvPlan}.
     */
    void run(float[] inF, double[] inD, float[] outF, double[] outD) {
        final int[] off0 = inOffset[0];
        final int[] off1 = inOffset[1];
        final int[] off2 = inOffset[2];
        final int[] kOff0 = kernelOffset[0];
        final int[] kOff1 = kernelOffset[1];
        final int[] kOff2 = kernelOffset[2];
        final int k0 = taps[0];
        final int k1 = taps[1];
        final int k2 = taps[2];
        final double[] w = kernel;
        final double fillValue = fill;
        final boolean scatter = transposed;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                int firstChannel = (o / outChannelsPerGroup) * channelsPerGroup;
                int kernelO = o * kernelStrideO;
                double b = bias == null ? 0.0 : bias[o];
                int outBase = n * outStrideN + o * outStrideC;
                for (int i0 = 0; i0 < outSize[0]; i0++) {
                    for (int i1 = 0; i1 < outSize[1]; i1++) {
                        for (int i2 = 0; i2 < outSize[2]; i2++) {
                            double acc = 0.0;
                            for (int c = 0; c < channelsPerGroup; c++) {
                                int inBase = n * inStrideN + (firstChannel + c) * inStrideC;
                                int kernelBase = kernelO + c * kernelStrideC;
                                for (int r0 = 0; r0 < k0; r0++) {
                                    int x0 = off0[i0 * k0 + r0];
                                    int w0 = kernelBase + kOff0[r0];
                                    for (int r1 = 0; r1 < k1; r1++) {
                                        int x1 = off1[i1 * k1 + r1];
                                        int w1 = w0 + kOff1[r1];
                                        for (int r2 = 0; r2 < k2; r2++) {
                                            int x2 = off2[i2 * k2 + r2];
                                            double x;
                                            // a negative offset on any axis (constant border or inserted zero)
                                            // makes the OR negative; offsets are >= 0 otherwise
                                            if ((x0 | x1 | x2) < 0) {
                                                if (scatter) {
                                                    continue; // transposed: no such product in the scatter
                                                }
                                                x = x0 == OUTSIDE || x1 == OUTSIDE || x2 == OUTSIDE ? fillValue : 0.0;
                                            } else {
                                                int idx = inBase + x0 + x1 + x2;
                                                x = inF != null ? inF[idx] : inD[idx];
                                            }
                                            // the padded value takes part in the product: 0 * NaN = NaN, as in the references
                                            acc += x * w[w1 + kOff2[r2]];
                                        }
                                    }
                                }
                            }
                            int outIdx = outBase + i0 * outStride[0] + i1 * outStride[1] + i2 * outStride[2];
                            double y = acc + b;
                            if (outF != null) {
                                outF[outIdx] = (float) y; // the only rounding to float32
                            } else {
                                outD[outIdx] = y;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void requireArraySized(String what, int[] shape) {
        long n = Tensor.elementCount(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " shape " + java.util.Arrays.toString(shape) + " has " + n
                    + " elements, more than a Java array holds: the java backend cannot run it");
        }
    }

    private static double[] toDoubles(Tensor t) {
        int n = t.size();
        double[] d = new double[n];
        if (t.dtype() == DType.FLOAT32) {
            float[] f = t.floats();
            for (int i = 0; i < n; i++) {
                d[i] = f[i]; // exact widening
            }
        } else {
            System.arraycopy(t.doubles(), 0, d, 0, n);
        }
        return d;
    }

    /**
     * The offset tables hold one int per (output position, tap) pair of each axis: small for any
     * ordinary convolution, but a 1-D correlation of two long signals (scipy 'full' of two 10^5-sample
     * rows: 2*10^10 pairs) would overflow an array index or exhaust the heap. Refuse that clearly here
     * rather than with an ArithmeticException or an OutOfMemoryError.
     */
    private static void requireTablesFit(ConvGeometry g, int[] oSize, int[] kSize) {
        long entries = 0;
        for (int a = 0; a < AXES; a++) {
            entries += (long) oSize[a] * kSize[a];
        }
        long limit = Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4 / Integer.BYTES);
        if (entries > limit) {
            throw new IllegalArgumentException("the pure-Java backend cannot run output " + java.util.Arrays.toString(g.outSize())
                    + " x kernel " + java.util.Arrays.toString(g.kernelSize()) + ": its offset tables (outputs x taps per spatial"
                    + " axis) would have " + entries + " entries, more than " + limit
                    + " (the largest array, or a quarter of the Java heap); use the native backend");
        }
    }

    /** The per-axis values {@code v} as the trailing axes of the 3-axis loop nest, {@code missing} on the leading ones. */
    private static int[] embed(int[] v, int lead, int missing) {
        int[] e = new int[AXES];
        for (int a = 0; a < lead; a++) {
            e[a] = missing;
        }
        System.arraycopy(v, 0, e, lead, v.length);
        return e;
    }

    private static int[] rowMajorStrides(int[] size, int innermost) {
        int[] s = new int[size.length];
        int st = innermost;
        for (int a = size.length - 1; a >= 0; a--) {
            s[a] = st;
            st *= size[a];
        }
        return s;
    }

    private static int volume(int[] size) {
        int v = 1;
        for (int x : size) {
            v *= x;
        }
        return v;
    }
}
