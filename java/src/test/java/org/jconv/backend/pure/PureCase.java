package org.jconv.backend.pure;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.RandomProblem;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;

/**
 * A convolution problem for the engine's tests: {@link RandomSpecs}' problems as they are, or
 * reshaped so that a given algorithm applies (stride 1 and one channel for the direct loops, a 1x1
 * kernel for gemm-1x1, input dilation and the transposed flag for the gather form of transposed
 * convolutions, which RandomSpecs does not draw). Reshaping keeps the base problem's rank, sizes,
 * pads, border, dilation, layouts, dtype and flip, and draws new operands.
 *
 * <pre>{@code
 * PureCase c = PureCase.derive(RandomSpecs.problem(seed, 17), PureCase.Shape.DEPTHWISE);
 * }</pre>
 */
final class PureCase {
    /** What a derived case is shaped for. */
    enum Shape {
        /** The base problem unchanged. */
        ANY,
        /** C == O == 1, stride 1: direct-image. */
        IMAGE,
        /** C/G == 1, G in 2..5 or 8..19, multiplier 1..4, stride 1 (or any, channels last with multiplier 1): depthwise-direct. */
        DEPTHWISE,
        /** 1x1 kernel, stride 1, no pads: gemm-1x1. */
        ONE_BY_ONE,
        /** Constant border, input dilation 1..3, pads -2..dk-1, transposed or not. */
        TRANSPOSED_FORM
    }

    final String description;
    final ConvSpec spec;
    final ConvGeometry geometry;
    final Tensor input;
    final Tensor kernel;
    final Tensor bias;

    PureCase(String description, ConvSpec spec, Tensor input, Tensor kernel, Tensor bias) {
        this.spec = spec;
        this.input = input;
        this.kernel = kernel;
        this.bias = bias;
        this.geometry = ConvGeometry.of(spec, input.shape(), kernel.shape());
        this.description = description + ": input " + Arrays.toString(input.shape()) + ", kernel "
                + Arrays.toString(kernel.shape()) + (bias == null ? ", no bias: " : ", bias: ") + geometry.describe();
    }

    static PureCase of(RandomProblem p) {
        return new PureCase("RandomSpecs.problem(" + p.seed() + ", " + p.index() + ")", p.spec(), p.input(), p.kernel(),
                p.bias());
    }

    /** The golden rule's tolerance for this case. */
    double atol() {
        return Tolerance.atol(geometry, input, kernel, bias);
    }

    /** Problem {@code index} of {@code seed}, reshaped for {@code shape} (deterministic). */
    static PureCase derive(long seed, int index, Shape shape) {
        RandomProblem base = RandomSpecs.problem(seed, index);
        if (shape == Shape.ANY) {
            return of(base);
        }
        SplittableRandom rnd = new SplittableRandom(seed * 31 + index * 0x9E3779B97F4A7C15L + shape.ordinal());
        ConvSpec s = base.spec();
        ConvGeometry g = base.geometry();
        int rank = s.rank();
        int[] n = g.inSize();
        int[] k = g.kernelSize();
        int c = g.inChannels();
        int o = g.outChannels();
        int groups = s.groups();
        KernelLayout kl = s.kernelLayout();
        ConvSpec.Builder b = s.toBuilder();
        switch (shape) {
            case IMAGE:
                c = 1;
                o = 1;
                groups = 1;
                b.stride(1);
                break;
            case DEPTHWISE: {
                // a few channels, or enough (8..19) for the channels-last pixel-vector loop
                groups = rnd.nextBoolean() ? 2 + rnd.nextInt(4) : 8 + rnd.nextInt(12);
                c = groups;
                int multiplier = rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(4);
                o = groups * multiplier;
                if (s.layout() == Layout.NCHW || multiplier > 1) {
                    b.stride(1); // the channels-last loop with multiplier 1 takes any stride
                }
                break;
            }
            case ONE_BY_ONE:
                Arrays.fill(k, 1);
                b.stride(1).pad(0).inputDilation(1);
                if (s.borderMode() != BorderMode.CONSTANT) {
                    b.border(BorderMode.CONSTANT);
                }
                break;
            case TRANSPOSED_FORM: {
                boolean transposed = rnd.nextBoolean();
                b.border(BorderMode.CONSTANT, transposed || rnd.nextBoolean() ? 0 : 1.5);
                int[] id = new int[rank];
                int[] before = new int[rank];
                int[] after = new int[rank];
                for (int a = 0; a < rank; a++) {
                    id[a] = 1 + rnd.nextInt(3);
                    int dilated = (n[a] - 1) * id[a] + 1;
                    int dk = s.dilation(a) * (k[a] - 1) + 1;
                    do {
                        before[a] = rnd.nextInt(dk + 2) - 2;
                        after[a] = rnd.nextInt(dk + 2) - 2;
                    } while (dilated + before[a] + after[a] < dk);
                }
                b.inputDilation(id).pads(before, after).transposed(transposed);
                break;
            }
            default:
                throw new AssertionError(shape);
        }
        b.groups(groups);
        if (kl == KernelLayout.HWCM && c != groups) {
            kl = KernelLayout.OIHW; // depthwise layout needs groups == C
        }
        b.kernelLayout(kl);
        ConvSpec spec = b.build();
        DType dt = spec.dtype();
        Tensor input = RandomSpecs.randomTensor(rnd, dt, inputShape(spec.layout(), g.batch(), c, n));
        Tensor kernel = RandomSpecs.randomTensor(rnd, dt, kernelShape(kl, o, c, groups, k));
        Tensor bias = base.bias() == null ? null : RandomSpecs.randomTensor(rnd, dt, o);
        return new PureCase("PureCase.derive(" + seed + ", " + index + ", " + shape + ")", spec, input, kernel, bias);
    }

    static int[] inputShape(Layout layout, int batch, int c, int[] n) {
        int rank = n.length;
        int[] s = new int[rank + 2];
        s[0] = batch;
        if (layout == Layout.NCHW) {
            s[1] = c;
            System.arraycopy(n, 0, s, 2, rank);
        } else {
            System.arraycopy(n, 0, s, 1, rank);
            s[rank + 1] = c;
        }
        return s;
    }

    static int[] kernelShape(KernelLayout kl, int o, int c, int groups, int[] k) {
        int rank = k.length;
        int[] s = new int[rank + 2];
        switch (kl) {
            case OIHW:
                s[0] = o;
                s[1] = c / groups;
                System.arraycopy(k, 0, s, 2, rank);
                break;
            case HWIO:
                System.arraycopy(k, 0, s, 0, rank);
                s[rank] = c / groups;
                s[rank + 1] = o;
                break;
            default:
                System.arraycopy(k, 0, s, 0, rank);
                s[rank] = c;
                s[rank + 1] = o / c;
                break;
        }
        return s;
    }

    @Override
    public String toString() {
        return description;
    }
}
