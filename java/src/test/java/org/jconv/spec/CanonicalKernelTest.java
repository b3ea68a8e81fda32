package org.jconv.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.CanonicalKernel;
import org.jconv.testing.Comparison;
import org.jconv.testing.Layouts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CanonicalKernel}: every element of the canonical {@code [O, C/G, k...]} kernel is the
 * element the definition names in the source layout, with the 180-degree rotation when the spec flips:
 * <pre>
 *   OIHW: k'[o, c, r...] = w[o, c, r'...]
 *   HWIO: k'[o, c, r...] = w[r'..., c, o]
 *   HWCM: k'[o, 0, r...] = w[r'..., o / M, o % M]
 *   r' = flip ? k - 1 - r : r   (per spatial axis)
 * </pre>
 */
class CanonicalKernelTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        int[][] sizes = {{3}, {2, 3}, {2, 3, 4}};
        for (int[] k : sizes) {
            for (KernelLayout kl : KernelLayout.values()) {
                for (boolean flip : new boolean[] {false, true}) {
                    for (DType dt : DType.values()) {
                        if (kl == KernelLayout.HWCM) {
                            list.add(Arguments.of(k, kl, flip, dt, 3, 3, 6)); // C = G = 3, M = 2
                        } else {
                            list.add(Arguments.of(k, kl, flip, dt, 6, 2, 4)); // C = 6, G = 2, O = 4
                            list.add(Arguments.of(k, kl, flip, dt, 2, 1, 3));
                        }
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "k {0}, {1}, flip {2}, {3}, C {4}, G {5}, O {6}")
    @MethodSource("cases")
    void matchesTheDefinition(int[] k, KernelLayout kl, boolean flip, DType dt, int c, int groups, int o) {
        int r = k.length;
        int cg = c / groups;
        int[] kShape = new int[r + 2];
        switch (kl) {
            case OIHW:
                kShape[0] = o;
                kShape[1] = cg;
                System.arraycopy(k, 0, kShape, 2, r);
                break;
            case HWIO:
                System.arraycopy(k, 0, kShape, 0, r);
                kShape[r] = cg;
                kShape[r + 1] = o;
                break;
            default:
                System.arraycopy(k, 0, kShape, 0, r);
                kShape[r] = c;
                kShape[r + 1] = o / c;
                break;
        }
        int[] inShape = new int[r + 2];
        inShape[0] = 1;
        inShape[1] = c;
        for (int a = 0; a < r; a++) {
            inShape[a + 2] = k[a] + 1;
        }
        ConvSpec spec = ConvSpec.builder(r).flip(flip).groups(groups).kernelLayout(kl).dtype(dt).build();
        ConvGeometry g = ConvGeometry.of(spec, inShape, kShape);
        Tensor w = Tensor.zeros(dt, kShape);
        for (int i = 0; i < w.size(); i++) {
            w.set(i, i + 1); // distinct values: a wrong source shows as a wrong number
        }

        Tensor canonical = CanonicalKernel.of(g, w);

        int[] expectedShape = new int[r + 2];
        expectedShape[0] = o;
        expectedShape[1] = cg;
        System.arraycopy(k, 0, expectedShape, 2, r);
        assertArrayEquals(expectedShape, canonical.shape());
        assertEquals(dt, canonical.dtype());
        for (int f = 0; f < canonical.size(); f++) {
            int[] idx = Comparison.coordinates(expectedShape, f);
            int oc = idx[0];
            int ci = idx[1];
            int[] src = new int[r + 2];
            int[] rr = new int[r];
            for (int a = 0; a < r; a++) {
                rr[a] = flip ? k[a] - 1 - idx[a + 2] : idx[a + 2];
            }
            switch (kl) {
                case OIHW:
                    src[0] = oc;
                    src[1] = ci;
                    System.arraycopy(rr, 0, src, 2, r);
                    break;
                case HWIO:
                    System.arraycopy(rr, 0, src, 0, r);
                    src[r] = ci;
                    src[r + 1] = oc;
                    break;
                default: {
                    int m = o / c;
                    System.arraycopy(rr, 0, src, 0, r);
                    src[r] = oc / m;
                    src[r + 1] = oc % m;
                    break;
                }
            }
            assertEquals(w.get(Layouts.flat(kShape, src)), canonical.get(f), "canonical element " + java.util.Arrays.toString(idx));
        }
    }
}
