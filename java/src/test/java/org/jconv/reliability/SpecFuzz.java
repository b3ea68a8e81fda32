package org.jconv.reliability;

import static org.jconv.reliability.FuzzLedger.Expect.EITHER;
import static org.jconv.reliability.FuzzLedger.Expect.INVALID;
import static org.jconv.reliability.FuzzLedger.Expect.VALID;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.backend.pure.PureJavaBackend;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.RandomProblem;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;

/**
 * The fuzz of the description entry points: {@link ConvSpec.Builder} and {@link ConvGeometry#of},
 * with one field broken at a time (the refusal must name it) and with every field random
 * (anything the two accept must then plan and run identically on both backends).
 */
final class SpecFuzz {
    /** Values that break arithmetic: zero, signs, the int limits, squares near 2^31. */
    private static final int[] EDGE_INTS = {Integer.MIN_VALUE, -46341, -65536, -2, -1, 0, 1, 2, 3, 7, 46341, 65536,
        1 << 20, Integer.MAX_VALUE - 8, Integer.MAX_VALUE};
    private static final double[] FILLS = {0, 1.5, -2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        1e300, Double.MIN_VALUE, -0.0};

    private final FuzzLedger ledger;
    private final Backend nat = Backends.nativeBackend();
    private final Backend oracle = Backends.java();

    SpecFuzz(FuzzLedger ledger) {
        this.ledger = ledger;
    }

    static int edgeInt(SplittableRandom r) {
        return EDGE_INTS[r.nextInt(EDGE_INTS.length)];
    }

    /** Mostly small sizes, sometimes an edge value. */
    static int size(SplittableRandom r, int max) {
        return r.nextInt(12) == 0 ? edgeInt(r) : 1 + r.nextInt(max);
    }

    // ------------------------------------------------------------------------------ builder

    void builder(SplittableRandom r) {
        int rank = 1 + r.nextInt(3);
        int bad = new int[] {0, -1, Integer.MIN_VALUE}[r.nextInt(3)];
        int axis = r.nextInt(rank);
        switch (r.nextInt(16)) {
            case 0: {
                int v = new int[] {0, 4, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[r.nextInt(5)];
                ledger.attempt("ConvSpec.builder: rank out of 1..3", INVALID, () -> ConvSpec.builder(v), "rank", String.valueOf(v));
                return;
            }
            case 1:
                ledger.attempt("Builder.stride < 1", INVALID,
                        () -> ConvSpec.builder(rank).stride(perAxis(rank, axis, bad)).build(), "stride", String.valueOf(bad));
                return;
            case 2:
                ledger.attempt("Builder.dilation < 1", INVALID,
                        () -> ConvSpec.builder(rank).dilation(perAxis(rank, axis, bad)).build(), "dilation", String.valueOf(bad));
                return;
            case 3:
                ledger.attempt("Builder.inputDilation < 1", INVALID,
                        () -> ConvSpec.builder(rank).inputDilation(perAxis(rank, axis, bad)).build(), "inputDilation",
                        String.valueOf(bad));
                return;
            case 4:
                ledger.attempt("Builder.groups < 1", INVALID, () -> ConvSpec.builder(rank).groups(bad).build(), "groups",
                        String.valueOf(bad));
                return;
            case 5: {
                int len = new int[] {0, rank + 1, rank + 2}[r.nextInt(3)];
                int[] v = new int[len];
                Arrays.fill(v, 1);
                String[] names = {"stride", "dilation", "inputDilation", "padBefore", "padAfter"};
                String name = names[r.nextInt(names.length)];
                ledger.attempt("Builder: per-axis array of the wrong length", INVALID, () -> {
                    ConvSpec.Builder b = ConvSpec.builder(rank);
                    int[] ok = new int[rank];
                    switch (name) {
                        case "stride": return b.stride(v);
                        case "dilation": return b.dilation(v);
                        case "inputDilation": return b.inputDilation(v);
                        case "padBefore": return b.pads(v, ok);
                        default: return b.pads(ok, v);
                    }
                }, name, Arrays.toString(v));
                return;
            }
            case 6: {
                String[] names = {"stride", "dilation", "inputDilation", "padBefore", "padAfter"};
                String name = names[r.nextInt(names.length)];
                ledger.attempt("Builder: null per-axis array", INVALID, () -> {
                    ConvSpec.Builder b = ConvSpec.builder(rank);
                    int[] ok = new int[rank];
                    switch (name) {
                        case "stride": return b.stride((int[]) null);
                        case "dilation": return b.dilation((int[]) null);
                        case "inputDilation": return b.inputDilation((int[]) null);
                        case "padBefore": return b.pads(null, ok);
                        default: return b.pads(ok, null);
                    }
                }, name);
                return;
            }
            case 7: {
                String[] names = {"border mode", "layout", "kernelLayout", "dtype"};
                String name = names[r.nextInt(names.length)];
                ledger.attempt("Builder: null enum value", INVALID, () -> {
                    ConvSpec.Builder b = ConvSpec.builder(rank);
                    switch (name) {
                        case "border mode": return b.border(null, 0);
                        case "layout": return b.layout(null);
                        case "kernelLayout": return b.kernelLayout(null);
                        default: return b.dtype(null);
                    }
                }, name);
                return;
            }
            case 8: {
                BorderMode m = BorderMode.values()[1 + r.nextInt(BorderMode.values().length - 1)];
                int pad = -1 - r.nextInt(3);
                ledger.attempt("Builder: negative pad (crop) with a non-constant border", INVALID,
                        () -> ConvSpec.builder(rank).pads(perAxis(rank, axis, pad), new int[] {0}).border(m).build(), "pad",
                        String.valueOf(pad), m.displayName());
                return;
            }
            case 9: {
                BorderMode m = BorderMode.values()[1 + r.nextInt(BorderMode.values().length - 1)];
                ledger.attempt("Builder: input dilation with a non-constant border", INVALID,
                        () -> ConvSpec.builder(rank).inputDilation(perAxis(rank, axis, 2)).border(m).build(), "inputDilation",
                        m.displayName());
                return;
            }
            case 10: {
                boolean constant = r.nextBoolean();
                BorderMode m = constant ? BorderMode.CONSTANT : BorderMode.values()[1 + r.nextInt(4)];
                ledger.attempt("Builder: transposed with a non-zero border", INVALID,
                        () -> ConvSpec.builder(rank).transposed(true).border(m, constant ? 1.5 : 0).build(), "transposed");
                return;
            }
            case 11: {
                int rk = r.nextBoolean() ? 1 : 3;
                ledger.attempt("Builder.pads(top, bottom, left, right) on rank " + rk, INVALID,
                        () -> ConvSpec.builder(rk).pads(1, 1, 1, 1), "rank", String.valueOf(rk));
                return;
            }
            default:
                junk(r);
        }
    }

    private static int[] perAxis(int rank, int axis, int v) {
        int[] a = new int[rank];
        Arrays.fill(a, 1);
        a[axis] = v;
        return a;
    }

    /** Every field random, then random shapes: whatever is accepted must run identically on both backends. */
    private void junk(SplittableRandom r) {
        int rank = 1 + r.nextInt(3);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        BorderMode mode = BorderMode.values()[r.nextInt(BorderMode.values().length)];
        Layout layout = r.nextBoolean() ? Layout.NCHW : Layout.NHWC;
        KernelLayout kl = KernelLayout.values()[r.nextInt(3)];
        int[] before = new int[rank];
        int[] after = new int[rank];
        int[] stride = new int[rank];
        int[] dilation = new int[rank];
        int[] inputDilation = new int[rank];
        for (int a = 0; a < rank; a++) {
            before[a] = r.nextInt(10) == 0 ? edgeInt(r) : r.nextInt(7) - 2;
            after[a] = r.nextInt(10) == 0 ? edgeInt(r) : r.nextInt(7) - 2;
            stride[a] = r.nextInt(10) == 0 ? edgeInt(r) : 1 + r.nextInt(3);
            dilation[a] = r.nextInt(10) == 0 ? edgeInt(r) : 1 + r.nextInt(3);
            inputDilation[a] = r.nextInt(4) != 0 ? 1 : r.nextInt(10) == 0 ? edgeInt(r) : 1 + r.nextInt(3);
        }
        int groups = r.nextInt(10) == 0 ? edgeInt(r) : 1 + r.nextInt(3);
        double fill = mode == BorderMode.CONSTANT && r.nextBoolean() ? FILLS[r.nextInt(FILLS.length)] : 0;
        boolean transposed = r.nextInt(6) == 0;
        ConvSpec spec = ledger.attempt("junk: ConvSpec.Builder with random values", EITHER,
                () -> ConvSpec.builder(rank).pads(before, after).stride(stride).dilation(dilation).inputDilation(inputDilation)
                        .groups(groups).border(mode, fill).transposed(transposed).layout(layout).kernelLayout(kl).dtype(dt)
                        .flip(r.nextBoolean()).build());
        if (spec == null) {
            return;
        }
        int[] in = new int[rank + 2];
        int[] k = new int[rank + 2];
        for (int i = 0; i < rank + 2; i++) {
            in[i] = size(r, 6);
            k[i] = size(r, 4);
        }
        // give the channel axes a fair chance to agree
        int c = Math.max(1, groups) <= 4 ? Math.max(1, groups) * (1 + r.nextInt(2)) : 1 + r.nextInt(4);
        if (r.nextInt(3) != 0) {
            in[layout == Layout.NCHW ? 1 : rank + 1] = c;
            int cg = kl == KernelLayout.HWCM ? c : Math.max(1, c / Math.max(1, groups));
            k[kl == KernelLayout.OIHW ? 1 : rank] = cg;
            if (kl != KernelLayout.HWCM && groups >= 1 && groups <= 4) {
                k[kl == KernelLayout.OIHW ? 0 : rank + 1] = groups * (1 + r.nextInt(2));
            }
        }
        ConvGeometry g = ledger.attempt("junk: ConvGeometry.of with random shapes", EITHER,
                () -> ConvGeometry.of(spec, in, k));
        if (g == null || g.kernelElements() > 1_000_000) {
            return;
        }
        Tensor kernel = RandomSpecs.randomTensor(r, dt, k);
        Tensor bias = r.nextBoolean() ? RandomSpecs.randomTensor(r, dt, g.outChannels()) : null;
        if (bias != null && g.outChannels() > 1_000_000) {
            return;
        }
        planBoth(r, "junk: ", g, kernel, bias);
    }

    /**
     * Plans {@code g} on both backends; they must agree on whether it is valid, and when it is
     * small enough the two results must agree.
     */
    void planBoth(SplittableRandom r, String prefix, ConvGeometry g, Tensor kernel, Tensor bias) {
        ConvPlan n = ledger.attempt(prefix + "native plan", EITHER, () -> nat.plan(g, kernel, bias));
        ConvPlan j = ledger.attempt(prefix + "java plan", EITHER, () -> oracle.plan(g, kernel, bias));
        if (n != null && j == null && String.valueOf(ledger.lastRefusal().getMessage()).contains("the pure-Java backend cannot run")) {
            n.close(); // the oracle's documented limit: per-axis outputs x taps beyond what its offset tables hold
            return;
        }
        ConvPlan pure = ledger.attempt(prefix + "pure-java plan", EITHER, () -> PureJavaBackend.INSTANCE.plan(g, kernel, bias));
        if ((pure == null) != (n == null)) {
            ledger.fail(prefix + "plan", "the backends disagree on validity: native " + (n == null ? "refused" : "accepted")
                    + ", pure-java " + (pure == null ? "refused: " + ledger.lastRefusal().getMessage() : "accepted") + " " + g, null);
        }
        if (pure != null && j != null && ConvFuzz.smallEnough(g)) {
            Tensor x = RandomSpecs.randomTensor(r, g.spec().dtype(), g.inputShape());
            Tensor want = j.run(x);
            Tensor y = ledger.attempt(prefix + "pure-java run of an accepted plan", VALID, () -> pure.run(x));
            if (y != null) {
                ledger.compare(prefix + "pure-java run [" + pure.algorithm() + "] " + g.describe(), want, y,
                        Tolerance.atol(g, x, kernel, bias));
            }
        }
        if (pure != null) {
            pure.close();
        }
        try {
            if ((n == null) != (j == null)) {
                ledger.fail(prefix + "plan", "the backends disagree on validity: native " + (n == null ? "refused" : "accepted")
                        + ", java " + (j == null ? "refused" : "accepted") + " " + g, null);
                return;
            }
            if (n == null || !ConvFuzz.smallEnough(g)) {
                return;
            }
            Tensor x = RandomSpecs.randomTensor(r, g.spec().dtype(), g.inputShape());
            Tensor want = j.run(x);
            Tensor y = ledger.attempt(prefix + "native run of an accepted plan", VALID, () -> n.run(x));
            if (y != null) {
                ledger.compare(prefix + "native run [" + n.algorithm() + "] " + g.describe(), want, y,
                        Tolerance.atol(g, x, kernel, bias));
            }
        } finally {
            if (n != null) {
                n.close();
            }
            if (j != null) {
                j.close();
            }
        }
    }

    // ------------------------------------------------------------------------------ geometry

    void geometry(SplittableRandom r, long seed) {
        RandomProblem p = RandomSpecs.problem(seed, r.nextInt(1 << 20));
        ConvSpec spec = p.spec();
        ConvGeometry g = p.geometry();
        int rank = spec.rank();
        int[] in = g.inputShape();
        int[] k = g.kernelShape();
        KernelLayout kl = spec.kernelLayout();
        int cAxisK = kl == KernelLayout.OIHW ? 1 : rank;
        int oAxisK = kl == KernelLayout.OIHW ? 0 : rank + 1;
        int firstSpatialK = kl == KernelLayout.OIHW ? 2 : 0;
        switch (r.nextInt(10)) {
            case 0: {
                int which = r.nextInt(3);
                String name = new String[] {"spec", "inputShape", "kernelShape"}[which];
                ledger.attempt("ConvGeometry.of: null " + name, INVALID,
                        () -> ConvGeometry.of(which == 0 ? null : spec, which == 1 ? null : in, which == 2 ? null : k), name);
                return;
            }
            case 1: {
                int c = g.inChannels();
                int groups = c + 1 + r.nextInt(3);
                ConvSpec s2 = spec.toBuilder().groups(groups).build();
                ledger.attempt("ConvGeometry.of: groups do not divide the input channels", INVALID,
                        () -> ConvGeometry.of(s2, in, k), "groups", String.valueOf(groups));
                return;
            }
            case 2: {
                int[] k2 = k.clone();
                k2[cAxisK] += 1 + r.nextInt(2);
                ledger.attempt("ConvGeometry.of: kernel input channels do not match the input", INVALID,
                        () -> ConvGeometry.of(spec, in, k2), "kernel shape", Arrays.toString(k2));
                return;
            }
            case 3: {
                if (spec.groups() < 2 || kl == KernelLayout.HWCM) {
                    int c = g.inChannels();
                    if (c < 2) {
                        return;
                    }
                    ConvSpec s2 = spec.toBuilder().groups(c).kernelLayout(KernelLayout.OIHW).build();
                    int[] k2 = new int[rank + 2];
                    Arrays.fill(k2, 1);
                    k2[0] = c + 1;
                    ledger.attempt("ConvGeometry.of: groups do not divide the output channels", INVALID,
                            () -> ConvGeometry.of(s2, in, k2), "groups", "output channels", String.valueOf(c + 1));
                    return;
                }
                int[] k2 = k.clone();
                k2[oAxisK] += 1;
                ledger.attempt("ConvGeometry.of: groups do not divide the output channels", INVALID,
                        () -> ConvGeometry.of(spec, in, k2), "groups", "output channels", String.valueOf(k2[oAxisK]));
                return;
            }
            case 4: {
                int a = r.nextInt(rank);
                long padded = g.inSize()[a] + (long) spec.padBefore(a) + spec.padAfter(a);
                int[] k2 = k.clone();
                k2[firstSpatialK + a] = (int) padded + 1 + r.nextInt(3);
                ledger.attempt("ConvGeometry.of: kernel larger than the padded input", INVALID,
                        () -> ConvGeometry.of(spec, in, k2), "kernel size", String.valueOf(k2[firstSpatialK + a]));
                return;
            }
            case 5: {
                int[] k2 = k.clone();
                int axis = r.nextInt(k2.length);
                int v = r.nextBoolean() ? 0 : -1 - r.nextInt(5);
                k2[axis] = v;
                ledger.attempt("ConvGeometry.of: kernel size zero or negative", INVALID,
                        () -> ConvGeometry.of(spec, in, k2), "kernel shape", String.valueOf(v));
                return;
            }
            case 6: {
                if (g.inChannels() == 1) {
                    return; // groups 1 == channels 1: nothing wrong to try
                }
                ConvSpec s2 = spec.toBuilder().kernelLayout(KernelLayout.HWCM).groups(1).build();
                ledger.attempt("ConvGeometry.of: depthwise (HWCM) kernel with groups != channels", INVALID,
                        () -> ConvGeometry.of(s2, in, k), "groups", "1");
                return;
            }
            case 7: {
                // crops (negative pads) longer than the input: nothing left to convolve
                int a = r.nextInt(rank);
                int[] before = spec.padBefore();
                int[] after = spec.padAfter();
                before[a] = -g.inSize()[a];
                after[a] = -r.nextInt(3);
                ConvSpec s2 = spec.toBuilder().border(BorderMode.CONSTANT, spec.borderValue()).pads(before, after).build();
                ledger.attempt("ConvGeometry.of: crop (negative pads) at least as long as the input", INVALID,
                        () -> ConvGeometry.of(s2, in, k), "kernel size", "padded input");
                return;
            }
            default:
                transposedForm(r, p);
        }
    }

    /** Valid crops, input dilation and the transposed flag: the canonical form of transposed convolutions. */
    private void transposedForm(SplittableRandom r, RandomProblem p) {
        ConvSpec spec = p.spec();
        int rank = spec.rank();
        int[] before = spec.padBefore();
        int[] after = spec.padAfter();
        int[] id = new int[rank];
        for (int a = 0; a < rank; a++) {
            id[a] = 1 + r.nextInt(3);
            before[a] = Math.min(before[a], 3) - r.nextInt(3);
            after[a] = Math.min(after[a], 3) - r.nextInt(3);
        }
        boolean transposed = r.nextBoolean();
        ConvSpec s2 = spec.toBuilder().border(BorderMode.CONSTANT, transposed ? 0 : spec.borderValue()).pads(before, after)
                .inputDilation(id).transposed(transposed).build();
        ConvGeometry g = ledger.attempt("valid or not: crops and input dilation (transposed form)", EITHER,
                () -> ConvGeometry.of(s2, p.input().shape(), p.kernel().shape()));
        if (g != null) {
            planBoth(r, "valid: transposed form: ", g, p.kernel(), p.bias());
        }
    }
}
