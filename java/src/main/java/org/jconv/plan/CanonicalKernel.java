package org.jconv.plan;

import org.jconv.Tensor;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;

/**
 * Converts a kernel from the spec's layout to the canonical {@code [O, C/G, k...]} cross-correlation
 * kernel the native core expects: layout change and, for a true convolution, the 180-degree
 * rotation. Done once per plan, so the native core never knows about flips or framework layouts.
 */
public final class CanonicalKernel {
    private CanonicalKernel() {
    }

    /** The canonical kernel as a new tensor of shape {@code [O, C/G, k...]} in the spec's dtype. */
    public static Tensor of(ConvGeometry g, Tensor kernel) {
        Operands.check(g, kernel, null);
        ConvSpec spec = g.spec();
        int rank = spec.rank();
        int[] k = g.kernelSize();
        int o = g.outChannels();
        int cg = g.inChannels() / spec.groups();
        int vol = 1;
        for (int x : k) {
            vol *= x;
        }
        int[] outShape = new int[rank + 2];
        outShape[0] = o;
        outShape[1] = cg;
        System.arraycopy(k, 0, outShape, 2, rank);
        Tensor out = Tensor.zeros(spec.dtype(), outShape);
        KernelLayout kl = spec.kernelLayout();
        int depthMultiplier = kl == KernelLayout.HWCM ? o / g.inChannels() : 1;
        int[] idx = new int[rank];
        for (int oc = 0; oc < o; oc++) {
            for (int c = 0; c < cg; c++) {
                for (int t = 0; t < vol; t++) {
                    // t enumerates the kernel's spatial positions row-major; spatial index per axis:
                    int rem = t;
                    for (int a = rank - 1; a >= 0; a--) {
                        idx[a] = rem % k[a];
                        rem /= k[a];
                    }
                    // source position: rotated when the spec flips
                    int srcT = 0;
                    for (int a = 0; a < rank; a++) {
                        int i = spec.flip() ? k[a] - 1 - idx[a] : idx[a];
                        srcT = srcT * k[a] + i;
                    }
                    int src;
                    switch (kl) {
                        case OIHW:
                            src = (oc * cg + c) * vol + srcT;
                            break;
                        case HWIO:
                            src = (srcT * cg + c) * o + oc;
                            break;
                        default: { // HWCM: [k..., C, M], output channel ch*M + m, one input channel per group
                            int ch = oc / depthMultiplier;
                            int m = oc % depthMultiplier;
                            src = (srcT * g.inChannels() + ch) * depthMultiplier + m;
                            break;
                        }
                    }
                    out.set((oc * cg + c) * vol + t, kernel.get(src));
                }
            }
        }
        return out;
    }
}
