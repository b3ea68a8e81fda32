package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.testing.Layouts;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transposed dialect on random problems (ranks 1-3, strides, dilations, groups, output
 * padding, asymmetric crops and zero extensions, both dtypes, bias or not), run on the java
 * backend and compared with {@link Definitions#scatter}, the definition of SEMANTICS.md 3.1. The
 * (head, out) of each case is computed here from the system's rule as SEMANTICS.md states it, not
 * by the dialect code. Tolerances: the golden rule on the canonical operands.
 */
class TransposedRandomTest {
    private static final int PER_SYSTEM = 40;

    static LongStream seeds() {
        return LongStream.range(0, PER_SYSTEM);
    }

    private static Tensor random(SplittableRandom rnd, DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rnd.nextDouble(-1, 1));
        }
        return t;
    }

    private static int[] concat(int a, int b, int[] rest) {
        int[] s = new int[rest.length + 2];
        s[0] = a;
        s[1] = b;
        System.arraycopy(rest, 0, s, 2, rest.length);
        return s;
    }

    /** An int when all entries agree and the coin says so, else the list (both forms are the systems'). */
    private static Object intOrList(SplittableRandom rnd, int[] v) {
        boolean same = true;
        for (int x : v) {
            same &= x == v[0];
        }
        return same && rnd.nextBoolean() ? (Object) v[0] : Checks.toList(v);
    }

    private static void check(DialectCall call, Tensor expectedChannelsFirst, boolean channelsLast) {
        Tensor actual = call.run(Backends.java());
        Tensor expected = channelsLast ? Layouts.toChannelsLast(expectedChannelsFirst) : expectedChannelsFirst;
        assertArrayEquals(expected.shape(), actual.shape(), call.explain());
        double atol = Tolerance.atol(call.geometry(), call.input(), call.kernel(), call.bias());
        Tolerance.compare(expected, actual, atol).assertOk(call.explain());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void torchConvTransposeMatchesTheScatter(long seed) {
        SplittableRandom rnd = new SplittableRandom(1000 + seed);
        int rank = 1 + (int) (seed % 3);
        int groups = 1 + rnd.nextInt(3);
        int cin = groups * (1 + rnd.nextInt(2));
        int coutG = 1 + rnd.nextInt(2);
        int[] n = new int[rank];
        int[] k = new int[rank];
        int[] s = new int[rank];
        int[] d = new int[rank];
        int[] p = new int[rank];
        int[] op = new int[rank];
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            n[a] = 1 + rnd.nextInt(rank == 3 ? 3 : 5);
            k[a] = 1 + rnd.nextInt(3);
            s[a] = 1 + rnd.nextInt(3);
            d[a] = 1 + rnd.nextInt(2);
            int dk = d[a] * (k[a] - 1) + 1;
            op[a] = rnd.nextInt(Math.max(s[a], d[a]));
            p[a] = rnd.nextInt(dk + 1);
            out[a] = (n[a] - 1) * s[a] - 2 * p[a] + dk + op[a];
            if (out[a] < 1) {
                p[a] = 0;
                out[a] = (n[a] - 1) * s[a] + dk + op[a];
            }
        }
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor x = random(rnd, dtype, concat(1 + rnd.nextInt(2), cin, n));
        Tensor w = random(rnd, dtype, concat(cin, coutG, k));
        Tensor b = rnd.nextBoolean() ? random(rnd, dtype, coutG * groups) : null;
        Params params = Params.builder().put("stride", intOrList(rnd, s)).put("padding", intOrList(rnd, p))
                .put("output_padding", intOrList(rnd, op)).put("groups", groups).put("dilation", intOrList(rnd, d))
                .build();
        DialectCall call = Dialects.forSystem("torch.nn.functional.conv_transpose" + rank + "d").translate(params, x, w, b);
        check(call, Definitions.scatter(x, w, b, groups, s, d, p, out), false);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void onnxConvTransposeMatchesTheScatter(long seed) {
        SplittableRandom rnd = new SplittableRandom(2000 + seed);
        int rank = 1 + (int) (seed % 3);
        int group = 1 + rnd.nextInt(2);
        int cin = group * (1 + rnd.nextInt(2));
        int coutG = 1 + rnd.nextInt(2);
        String[] modes = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "output_shape"};
        String mode = modes[(int) (seed / 3 % modes.length)];
        String autoPad = mode.equals("output_shape") ? new String[] {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}
                [rnd.nextInt(4)] : mode;
        int[] n = new int[rank];
        int[] k = new int[rank];
        int[] s = new int[rank];
        int[] d = new int[rank];
        int[] op = new int[rank];
        int[] pads = new int[2 * rank];
        int[] outputShape = new int[rank];
        int[] head = new int[rank];
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            n[a] = 1 + rnd.nextInt(rank == 3 ? 3 : 5);
            k[a] = 1 + rnd.nextInt(3);
            s[a] = 1 + rnd.nextInt(3);
            d[a] = 1 + rnd.nextInt(2);
            op[a] = rnd.nextInt(s[a]);
            int dk = d[a] * (k[a] - 1) + 1;
            int full = (n[a] - 1) * s[a] + op[a] + dk;
            // the table of SEMANTICS.md 3.1 (ONNX Runtime 1.22)
            switch (mode) {
                case "NOTSET": {
                    int begin = rnd.nextInt(dk + 1);
                    int end = rnd.nextInt(dk + 1);
                    if (full - begin - end < 1) {
                        begin = 0;
                        end = 0;
                    }
                    pads[a] = begin;
                    pads[a + rank] = end;
                    head[a] = begin;
                    out[a] = full - begin - end;
                    break;
                }
                case "VALID":
                    head[a] = 0;
                    out[a] = full;
                    break;
                case "output_shape": {
                    out[a] = 1 + rnd.nextInt(full);
                    outputShape[a] = out[a];
                    int t = full - out[a];
                    head[a] = autoPad.equals("SAME_UPPER") ? t / 2 : (t + 1) / 2;
                    break;
                }
                default: { // SAME_UPPER / SAME_LOWER, negative T clamped to 0
                    int t = Math.max(full - n[a] * s[a], 0);
                    head[a] = mode.equals("SAME_UPPER") ? t / 2 : (t + 1) / 2;
                    out[a] = full - t;
                }
            }
        }
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor x = random(rnd, dtype, concat(1 + rnd.nextInt(2), cin, n));
        Tensor w = random(rnd, dtype, concat(cin, coutG, k));
        Tensor b = rnd.nextBoolean() ? random(rnd, dtype, coutG * group) : null;
        Params.Builder pb = Params.builder().put("strides", s).put("dilations", d).put("group", group)
                .put("output_padding", op);
        if (!autoPad.equals("NOTSET") || rnd.nextBoolean()) {
            pb.put("auto_pad", autoPad);
        }
        if (mode.equals("NOTSET")) {
            pb.put("pads", pads);
        }
        if (mode.equals("output_shape")) {
            pb.put("output_shape", rnd.nextBoolean() ? outputShape : concat(x.shape(0), coutG * group, outputShape));
        }
        DialectCall call = OnnxTransposeDialect.convTranspose().translate(pb.build(), x, w, b);
        check(call, Definitions.scatter(x, w, b, group, s, d, head, out), false);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tfConv2dTransposeMatchesTheScatter(long seed) {
        SplittableRandom rnd = new SplittableRandom(3000 + seed);
        boolean last = rnd.nextInt(3) > 0;
        String padding = new String[] {"SAME", "VALID", "explicit"}[(int) (seed % 3)];
        int cin = 1 + rnd.nextInt(3);
        int cout = 1 + rnd.nextInt(3);
        int[] n = new int[2];
        int[] k = new int[2];
        int[] s = new int[2];
        int[] d = new int[2];
        int[] out = new int[2];
        int[] head = new int[2];
        int[][] explicit = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
        for (int a = 0; a < 2; a++) {
            n[a] = 1 + rnd.nextInt(5);
            k[a] = 1 + rnd.nextInt(4);
            s[a] = 1 + rnd.nextInt(3);
            d[a] = 1 + rnd.nextInt(2);
            int dk = d[a] * (k[a] - 1) + 1;
            // an output size TF accepts: the forward conv of out must give n (SEMANTICS.md 3.1)
            switch (padding) {
                case "SAME": {
                    out[a] = (n[a] - 1) * s[a] + 1 + rnd.nextInt(s[a]);
                    int t = Math.max(((out[a] + s[a] - 1) / s[a] - 1) * s[a] + dk - out[a], 0);
                    head[a] = t / 2;
                    break;
                }
                case "VALID":
                    out[a] = (n[a] - 1) * s[a] + dk + rnd.nextInt(s[a]);
                    head[a] = 0;
                    break;
                default: {
                    int t = rnd.nextInt(dk + 1);
                    int bpad = rnd.nextInt(dk + 1);
                    int lo = Math.max((n[a] - 1) * s[a] + dk - t - bpad, 1);
                    out[a] = lo + rnd.nextInt(s[a]);
                    if ((out[a] + t + bpad - dk) / s[a] + 1 != n[a] || out[a] + t + bpad < dk) {
                        t = 0;
                        bpad = 0;
                        out[a] = (n[a] - 1) * s[a] + dk;
                    }
                    explicit[last ? a + 1 : a + 2] = new int[] {t, bpad};
                    head[a] = t;
                }
            }
        }
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor xFirst = random(rnd, dtype, concat(1 + rnd.nextInt(2), cin, n));
        Tensor x = last ? Layouts.toChannelsLast(xFirst) : xFirst;
        Tensor filters = random(rnd, dtype, k[0], k[1], cout, cin); // HWOI
        int[] outputShape = last ? new int[] {x.shape(0), out[0], out[1], cout} : new int[] {x.shape(0), cout, out[0], out[1]};
        Params params = Params.builder().put("output_shape", outputShape).put("strides", intOrList(rnd, s))
                .put("padding", padding.equals("explicit") ? explicit : padding).put("data_format", last ? "NHWC" : "NCHW")
                .put("dilations", intOrList(rnd, d)).build();
        DialectCall call = TfTransposeDialect.conv2dTranspose().translate(params, x, filters, null);
        Tensor ioWeights = filters.transpose(3, 2, 0, 1); // [C_in, C_out, kH, kW]
        check(call, Definitions.scatter(xFirst, ioWeights, null, 1, s, d, head, out), last);
    }

    /** One random Keras Conv2DTranspose call with what SEMANTICS.md 3.1 says it computes. */
    private record KerasDraw(Params params, Tensor x, Tensor xFirst, Tensor kernel, Tensor bias, int[] s, int[] d,
            int[] head, int[] out, boolean accepted, boolean channelsLast) {

        static KerasDraw of(long seed) {
            SplittableRandom rnd = new SplittableRandom(4000 + seed);
            boolean same = seed % 2 == 0;
            boolean last = rnd.nextInt(3) > 0;
            boolean opNone = rnd.nextBoolean();
            int cin = 1 + rnd.nextInt(3);
            int filters = 1 + rnd.nextInt(3);
            int[] n = new int[2];
            int[] k = new int[2];
            int[] s = new int[2];
            int[] d = new int[2];
            int[] op = new int[2];
            int[] out = new int[2];
            int[] head = new int[2];
            boolean dilated = rnd.nextInt(4) == 0;
            boolean accepted = true;
            for (int a = 0; a < 2; a++) {
                n[a] = 1 + rnd.nextInt(5);
                k[a] = 1 + rnd.nextInt(4);
                s[a] = dilated ? 1 : 1 + rnd.nextInt(3);
                d[a] = dilated ? 1 + rnd.nextInt(3) : 1;
                op[a] = rnd.nextInt(s[a]);
                int dk = d[a] * (k[a] - 1) + 1;
                // Keras's size rule
                if (opNone) {
                    out[a] = same ? n[a] * s[a] : (n[a] - 1) * s[a] + Math.max(dk, s[a]);
                } else {
                    out[a] = (n[a] - 1) * s[a] + (same ? dk % 2 : dk) + op[a];
                }
                // then TF's crop, and TF's acceptance: the forward conv of out must give n
                int t = same ? Math.max(((out[a] + s[a] - 1) / s[a] - 1) * s[a] + dk - out[a], 0) : 0;
                head[a] = t / 2;
                int forward = out[a] + t - dk < 0 ? -1 : (out[a] + t - dk) / s[a] + 1;
                accepted &= out[a] >= 1 && forward == n[a];
            }
            DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            Tensor xFirst = random(rnd, dtype, concat(1 + rnd.nextInt(2), cin, n));
            Tensor x = last ? Layouts.toChannelsLast(xFirst) : xFirst;
            Tensor kernel = random(rnd, dtype, k[0], k[1], filters, cin); // HWOI
            Tensor bias = rnd.nextBoolean() ? random(rnd, dtype, filters) : null;
            Params params = Params.builder().put("filters", filters).put("kernel_size", k)
                    .put("strides", intOrList(rnd, s)).put("padding", same ? "same" : "valid")
                    .put("output_padding", opNone ? null : intOrList(rnd, op))
                    .put("data_format", last ? "channels_last" : "channels_first").put("dilation_rate", intOrList(rnd, d))
                    .put("use_bias", bias != null).build();
            return new KerasDraw(params, x, xFirst, kernel, bias, s, d, head, out, accepted, last);
        }
    }

    /** Keras: its size rule, then TF's crop; sizes TF does not accept must be refused, the rest computed. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void kerasConv2DTransposeMatchesTheScatterOrIsRefused(long seed) {
        KerasDraw k = KerasDraw.of(seed);
        if (!k.accepted()) {
            DialectRefusal e = assertThrows(DialectRefusal.class, () -> KerasTransposeDialect.conv2DTranspose()
                    .translate(k.params(), k.x(), k.kernel(), k.bias()), k.params().toString());
            assertTrue(e.getMessage().contains("Size of out_backprop doesn't match computed"), e.getMessage());
            return;
        }
        DialectCall call = KerasTransposeDialect.conv2DTranspose().translate(k.params(), k.x(), k.kernel(), k.bias());
        check(call, Definitions.scatter(k.xFirst(), k.kernel().transpose(3, 2, 0, 1), k.bias(), 1, k.s(), k.d(),
                k.head(), k.out()), k.channelsLast());
    }

    /** The Keras draws must exercise both outcomes, or one branch above proves nothing. */
    @Test
    void kerasDrawsIncludeAcceptedAndRefusedSizes() {
        long accepted = LongStream.range(0, PER_SYSTEM).filter(seed -> KerasDraw.of(seed).accepted()).count();
        assertTrue(accepted > PER_SYSTEM / 2 && accepted < PER_SYSTEM, "accepted draws: " + accepted);
    }

    /**
     * A NaN weight of a transposed convolution reaches exactly the outputs its scatter reaches:
     * padding and the zeros between input samples take part in no product (the java backend
     * honours ConvSpec#transposed). Without the flag, the gather form would multiply the NaN by
     * inserted zeros too and poison more outputs: the count below tells them apart.
     */
    @Test
    void aNanWeightPoisonsExactlyWhatItsScatterReaches() {
        List<String> seen = new ArrayList<>();
        for (int rank = 1; rank <= 3; rank++) {
            SplittableRandom rnd = new SplittableRandom(77 + rank);
            int[] n = new int[rank];
            int[] k = new int[rank];
            int[] s = new int[rank];
            int[] d = new int[rank];
            int[] p = new int[rank];
            int[] out = new int[rank];
            int[] tap = new int[rank];
            for (int a = 0; a < rank; a++) {
                n[a] = 3;
                k[a] = 3;
                s[a] = 2 + a % 2;
                d[a] = 1 + a / 2;
                p[a] = 1;
                tap[a] = a % 3;
                out[a] = (n[a] - 1) * s[a] - 2 * p[a] + d[a] * (k[a] - 1) + 1;
            }
            int groups = 2;
            Tensor x = random(rnd, DType.FLOAT32, concat(2, 4, n));
            Tensor w = random(rnd, DType.FLOAT32, concat(4, 1, k));
            int ci = 3; // group 1, output channel 1
            int tapOffset = 0;
            for (int a = 0; a < rank; a++) {
                tapOffset = tapOffset * k[a] + tap[a];
            }
            int vol = w.size() / 4;
            w.set(ci * vol + tapOffset, Double.NaN);
            Params params = Fixtures.p("stride", Checks.toList(s), "padding", Checks.toList(p), "groups", groups,
                    "dilation", Checks.toList(d));
            DialectCall call = Dialects.forSystem("torch.nn.functional.conv_transpose" + rank + "d")
                    .translate(params, x, w, null);
            Tensor actual = call.run(Backends.java());
            Tensor expected = Definitions.scatter(x, w, null, groups, s, d, p, out);
            double atol = Tolerance.atol(call.geometry(), call.input(), call.kernel(), null);
            Tolerance.compare(expected, actual, atol).assertOk("NaN weight, rank " + rank);

            // the count from the scatter's positions: per axis, the i with 0 <= i*s + tap*d - p < out
            long perImage = 1;
            for (int a = 0; a < rank; a++) {
                int hits = 0;
                for (int i = 0; i < n[a]; i++) {
                    int pos = i * s[a] + tap[a] * d[a] - p[a];
                    hits += pos >= 0 && pos < out[a] ? 1 : 0;
                }
                perImage *= hits;
            }
            long nan = countNaN(actual);
            assertEquals(2 * perImage, nan, "NaN outputs, rank " + rank + ": " + call.explain());
            assertTrue(nan > 0, "the NaN tap reaches something");
            Tensor gather = org.jconv.Conv.run(call.spec().toBuilder().transposed(false).build(), call.input(),
                    call.kernel(), null, Backends.java());
            assertTrue(countNaN(gather) > nan, "without the transposed flag the inserted zeros multiply the NaN too");
            seen.add("rank " + rank + ": " + nan);
        }
        assertEquals(3, seen.size());
    }

    private static long countNaN(Tensor t) {
        long c = 0;
        for (int i = 0; i < t.size(); i++) {
            c += Double.isNaN(t.get(i)) ? 1 : 0;
        }
        return c;
    }
}
