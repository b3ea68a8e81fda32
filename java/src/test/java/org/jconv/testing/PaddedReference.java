package org.jconv.testing;

import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.CanonicalKernel;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.Layout;

/**
 * A second, deliberately different evaluation of the canonical definition, the way a numpy user
 * would write it: relayout the input to channels first, materialise {@code x~} with
 * {@code numpy.pad} ({@link NumpyPad}'s iterative algorithm), convert the kernel with
 * {@link CanonicalKernel}, then run a plain 'valid' cross-correlation with strides and dilations in
 * float64. It shares no index arithmetic with {@code JavaBackend} (which reads every layout in place
 * and resolves the border per tap), so agreement of the two is evidence for both. Slow; for small
 * problems.
 *
 * <pre>{@code
 * Tensor expected = PaddedReference.run(spec, input, kernel, bias);
 * }</pre>
 */
public final class PaddedReference {
    private PaddedReference() {
    }

    /** The convolution's output in the spec's layout and dtype ({@code bias} may be null). */
    public static Tensor run(ConvSpec spec, Tensor input, Tensor kernel, Tensor bias) {
        ConvGeometry g = ConvGeometry.of(spec, input.shape(), kernel.shape());
        int r = spec.rank();
        Tensor x = spec.layout() == Layout.NHWC ? Layouts.toChannelsFirst(input) : input;
        Tensor w = CanonicalKernel.of(g, kernel); // [O, C/G, k...], flipped when the spec flips
        int n = g.batch();
        int c = g.inChannels();
        int o = g.outChannels();
        int groups = spec.groups();
        int cg = c / groups;
        int og = o / groups;
        int[] in = g.inSize();
        int[] k = g.kernelSize();
        int[] out = g.outSize();

        // x~ = numpy.pad(x, ((0, 0), (0, 0), (before, after)...), mode), as [N, C, padded...]
        int[] padded = new int[r];
        int[][] src = new int[r][];
        for (int a = 0; a < r; a++) {
            src[a] = NumpyPad.sourceIndices(spec.borderMode(), in[a], spec.padBefore(a), spec.padAfter(a));
            padded[a] = src[a].length;
        }
        double fill = spec.dtype() == DType.FLOAT32 ? (float) spec.borderValue() : spec.borderValue();
        int[] xpShape = concat(new int[] {n, c}, padded);
        int[] xShape = concat(new int[] {n, c}, in);
        double[] xp = new double[(int) Tensor.elementCount(xpShape)];
        for (int f = 0; f < xp.length; f++) {
            int[] p = Comparison.coordinates(xpShape, f);
            int[] s = p.clone();
            boolean inside = true;
            for (int a = 0; a < r; a++) {
                s[a + 2] = src[a][p[a + 2]];
                inside &= s[a + 2] >= 0;
            }
            xp[f] = inside ? x.get(Layouts.flat(xShape, s)) : fill;
        }

        int[] yShape = concat(new int[] {n, o}, out);
        int[] wShape = w.shape();
        Tensor y = Tensor.zeros(spec.dtype(), yShape);
        int[] kIdx = new int[r];
        int[] xi = new int[r + 2];
        int[] wi = new int[r + 2];
        int kVol = (int) Tensor.elementCount(k);
        for (int f = 0; f < y.size(); f++) {
            int[] yi = Comparison.coordinates(yShape, f);
            int oc = yi[1];
            int group = oc / og;
            double acc = 0;
            for (int ci = 0; ci < cg; ci++) {
                for (int t = 0; t < kVol; t++) {
                    int rem = t;
                    for (int a = r - 1; a >= 0; a--) {
                        kIdx[a] = rem % k[a];
                        rem /= k[a];
                    }
                    xi[0] = yi[0];
                    xi[1] = group * cg + ci;
                    wi[0] = oc;
                    wi[1] = ci;
                    for (int a = 0; a < r; a++) {
                        xi[a + 2] = yi[a + 2] * spec.stride(a) + kIdx[a] * spec.dilation(a);
                        wi[a + 2] = kIdx[a];
                    }
                    acc += xp[Layouts.flat(xpShape, xi)] * w.get(Layouts.flat(wShape, wi));
                }
            }
            y.set(f, acc + (bias == null ? 0 : bias.get(oc)));
        }
        return spec.layout() == Layout.NHWC ? Layouts.toChannelsLast(y) : y;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = new int[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
