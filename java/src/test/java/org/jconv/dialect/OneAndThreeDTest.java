package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.assertShape;
import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.Layouts;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The forward dialects on 1-D and 3-D inputs (SEMANTICS.md section 3.1): torch conv1d / conv3d,
 * tf.nn.conv1d / conv3d, Keras Conv1D (with 'causal') / Conv3D, ONNX Conv. The rules are the 2-D
 * ones per axis; the per-rank differences are in how each system spells its arguments. Random
 * problems are compared with {@link Definitions#correlate}, with pads computed here from the
 * rules as SEMANTICS.md states them.
 */
class OneAndThreeDTest {

    // ------------------------------------------------------------------ Keras Conv1D 'causal'

    @ParameterizedTest(name = "n={0} k={1} strides={2} dilation={3}")
    @CsvSource({"12, 3, 1, 1, 12", "16, 2, 1, 4, 16", "11, 4, 2, 1, 6", "10, 4, 3, 1, 4", "5, 3, 1, 3, 5"})
    void causalPadsOnlyThePast(int n, int k, int s, int d, int out) {
        DialectCall c = KerasDialect.conv1D().translate(p("padding", "causal", "strides", s, "dilation_rate", d),
                f32(1, n, 2), f32(k, 2, 3), null);
        assertArrayEquals(new int[] {d * (k - 1)}, c.spec().padBefore());
        assertArrayEquals(new int[] {0}, c.spec().padAfter());
        assertShape(new int[] {1, out, 3}, c);
        assertEquals((n + s - 1) / s, out, "causal: ceil(n / s), n itself at stride 1");
        assertTrue(c.explain().contains("padding='causal': " + d * (k - 1) + " zeros before the sequence"), c.explain());
    }

    /** Output j depends on samples up to j*s only: changing every later sample leaves it unchanged. */
    @Test
    void causalOutputsNeverReadTheFuture() {
        Params params = p("padding", "causal", "dilation_rate", 2, "strides", 1);
        Tensor x = f64(1, 10, 1);
        Tensor w = f64(3, 1, 1);
        Tensor y = Keras.conv1d(x, w, null, params, Backends.java());
        for (int j = 0; j < 10; j++) {
            Tensor changed = x.copy();
            for (int t = j + 1; t < 10; t++) {
                changed.set(t, 100 + t);
            }
            Tensor z = Keras.conv1d(changed, w, null, params, Backends.java());
            for (int i = 0; i <= j; i++) {
                assertEquals(y.get(i), z.get(i), 0.0, "output " + i + " after changing samples > " + j);
            }
            if (j < 9) {
                assertFalse(y.get(j + 1) == z.get(j + 1), "output " + (j + 1) + " does read sample " + (j + 1));
            }
        }
    }

    /** SEMANTICS.md 7: Keras Conv1D 'causal' = torch conv1d(F.pad(x, (d*(k-1), 0)), w, stride=s, dilation=d). */
    @Test
    void causalIsTorchOnALeftPaddedInput() {
        Tensor x = f32(2, 9, 3); // NWC
        Tensor w = f32(3, 3, 4); // WIO
        Tensor keras = Keras.conv1d(x, w, null, p("padding", "causal", "strides", 2, "dilation_rate", 1), Backends.java());
        Tensor xFirst = Layouts.toChannelsFirst(x);
        Tensor padded = Tensor.zeros(DType.FLOAT32, 2, 3, 11);
        for (int i = 0; i < xFirst.size(); i++) {
            int pos = i % 9;
            int row = i / 9;
            padded.set(row * 11 + pos + 2, xFirst.get(i));
        }
        Tensor torch = Torch.conv1d(padded, w.transpose(2, 1, 0), null, p("stride", 2), Backends.java());
        Tolerance.compare(Layouts.toChannelsLast(torch), keras, 1e-6).assertOk("causal = torch on F.pad(x, (2, 0))");
    }

    @Test
    void causalIsConv1DOnly() {
        DialectRefusal e = assertThrows(DialectRefusal.class, () -> KerasDialect.conv3D()
                .translate(p("padding", "causal"), f32(1, 4, 4, 4, 1), f32(2, 2, 2, 1, 1), null));
        assertTrue(e.getMessage().contains("'causal' exists for Conv1D only"), e.getMessage());
        assertTrue(assertThrows(DialectRefusal.class, () -> KerasDialect.conv1D()
                .translate(p("padding", "full"), f32(1, 4, 1), f32(2, 1, 1), null)).getMessage()
                .contains("{'valid', 'same', 'causal'}"));
    }

    // ------------------------------------------------------------------ tf.nn.conv1d / conv3d

    static Stream<Arguments> tfConv1dStrides() {
        return Stream.of(
                Arguments.of(2, "NWC", 2),
                Arguments.of(List.of(2), "NWC", 2),
                Arguments.of(List.of(1, 3, 1), "NWC", 3),
                Arguments.of(List.of(1, 1, 3), "NCW", 3),
                Arguments.of(2, "NHWC", 2),
                Arguments.of(2, "NCHW", 2));
    }

    @ParameterizedTest(name = "stride={0} data_format={1}")
    @MethodSource("tfConv1dStrides")
    void tfConv1dStrideForms(Object stride, String df, int expected) {
        boolean last = df.equals("NWC") || df.equals("NHWC");
        Tensor x = last ? f32(1, 11, 2) : f32(1, 2, 11);
        DialectCall c = TfDialect.conv1d().translate(p("stride", stride, "padding", "SAME", "data_format", df,
                "dilations", stride), x, f32(4, 2, 3), null);
        assertArrayEquals(new int[] {expected}, c.spec().stride());
        assertArrayEquals(new int[] {expected}, c.spec().dilation());
        assertEquals(last ? Layout.NHWC : Layout.NCHW, c.spec().layout());
        assertEquals(KernelLayout.HWIO, c.spec().kernelLayout());
    }

    /** SEMANTICS.md 3.1's example: n=11, k=4, s=2: 'SAME' pads (1, 2), the extra on the right. */
    @Test
    void tfConv1dSameSplit() {
        ConvSpec s = TfDialect.conv1d().translate(p("stride", 2, "padding", "SAME"), f64(1, 11, 2), f64(4, 2, 3), null)
                .spec();
        assertArrayEquals(new int[] {1}, s.padBefore());
        assertArrayEquals(new int[] {2}, s.padAfter());
    }

    static Stream<Arguments> tfRefusals() {
        return Stream.of(
                Arguments.of(Named.of("conv1d VALID, kernel longer", TfDialect.conv1d()), p("stride", 1, "padding",
                        "VALID"), f32(1, 4, 2), f32(6, 2, 2), "Negative dimension size caused by subtracting 6 from 4"),
                Arguments.of(Named.of("conv1d explicit padding", TfDialect.conv1d()), p("stride", 1, "padding",
                        List.of(List.of(0, 0), List.of(1, 1), List.of(0, 0))), f32(1, 4, 2), f32(3, 2, 2),
                        "padding must be 'SAME' or 'VALID'"),
                Arguments.of(Named.of("conv1d stride on the channel axis", TfDialect.conv1d()),
                        p("stride", List.of(1, 1, 2), "padding", "SAME"), f32(1, 4, 2), f32(3, 2, 2),
                        "batch and depth dimensions"),
                Arguments.of(Named.of("conv1d data_format NDHWC", TfDialect.conv1d()), p("stride", 1, "padding", "SAME",
                        "data_format", "NDHWC"), f32(1, 4, 2), f32(3, 2, 2), "data_format must be 'NWC' or 'NCW'"),
                Arguments.of(Named.of("conv3d strides as an int", TfDialect.conv3d()), p("strides", 1, "padding",
                        "SAME"), f32(1, 4, 4, 4, 2), f32(3, 3, 3, 2, 2), "strides must be a list of 5 ints"),
                Arguments.of(Named.of("conv3d strides on the batch axis", TfDialect.conv3d()),
                        p("strides", List.of(2, 1, 1, 1, 1), "padding", "SAME"), f32(1, 4, 4, 4, 2), f32(3, 3, 3, 2, 2),
                        "batch and depth dimensions"),
                Arguments.of(Named.of("conv3d VALID, kernel deeper", TfDialect.conv3d()),
                        p("strides", List.of(1, 1, 1, 1, 1), "padding", "VALID"), f32(1, 2, 4, 4, 2), f32(3, 3, 3, 2, 2),
                        "Negative dimension size caused by subtracting 3 from 2"),
                Arguments.of(Named.of("conv3d input depth", TfDialect.conv3d()),
                        p("strides", List.of(1, 1, 1, 1, 1), "padding", "SAME"), f32(1, 4, 4, 4, 3), f32(3, 3, 3, 2, 2),
                        "Depth of input (3) is not a multiple of input depth of filter (2)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tfRefusals")
    void tfRefusals(TfDialect dialect, Params params, Tensor x, Tensor f, String words) {
        DialectRefusal e = assertThrows(DialectRefusal.class, () -> dialect.translate(params, x, f, null));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void tfConv3dStridesInDataFormatOrderAndGroups() {
        DialectCall last = TfDialect.conv3d().translate(p("strides", List.of(1, 1, 2, 3, 1), "padding", "SAME",
                "dilations", List.of(1, 2, 1, 1, 1)), f32(1, 5, 6, 7, 4), f32(2, 2, 2, 2, 6), null);
        assertArrayEquals(new int[] {1, 2, 3}, last.spec().stride());
        assertArrayEquals(new int[] {2, 1, 1}, last.spec().dilation());
        assertEquals(2, last.spec().groups(), "G = C / filter in-depth = 4 / 2");
        assertShape(new int[] {1, 5, 3, 3, 6}, last);
        DialectCall first = TfDialect.conv3d().translate(p("strides", List.of(1, 1, 1, 2, 3), "padding", "VALID",
                "data_format", "NCDHW"), f32(1, 2, 5, 6, 7), f32(2, 2, 2, 2, 3), null);
        assertArrayEquals(new int[] {1, 2, 3}, first.spec().stride());
        assertShape(new int[] {1, 3, 4, 3, 2}, first);
    }

    // ------------------------------------------------------------------ torch conv1d / conv3d

    @Test
    void torchConv1dAndConv3d() {
        DialectCall one = TorchDialect.conv1d().translate(p("padding", "same", "dilation", 3), f32(1, 2, 9),
                f32(2, 2, 4), null);
        assertArrayEquals(new int[] {4}, one.spec().padBefore(), "total d(k-1) = 9: (4, 5), the extra at the end");
        assertArrayEquals(new int[] {5}, one.spec().padAfter());
        assertTrue(one.explain().contains("the extra sample goes at the end of the axis"), one.explain());
        DialectCall unbatched = TorchDialect.conv1d().translate(p("stride", 2, "padding", 1), f64(3, 9), f64(4, 3, 3),
                null);
        assertShape(new int[] {4, 5}, unbatched);
        DialectCall three = TorchDialect.conv3d().translate(p("padding", "same", "dilation", List.of(1, 2, 1)),
                f32(1, 1, 5, 6, 6), f32(2, 1, 3, 3, 2), null);
        assertArrayEquals(new int[] {1, 2, 0}, three.spec().padBefore());
        assertArrayEquals(new int[] {1, 2, 1}, three.spec().padAfter());
        assertShape(new int[] {1, 2, 5, 6, 6}, three);
        DialectRefusal e = assertThrows(DialectRefusal.class, () -> TorchDialect.conv1d()
                .translate(Params.empty(), f32(1, 1, 2, 9), f32(2, 1, 3), null));
        assertTrue(e.getMessage().contains("Expected 2D (unbatched) or 3D (batched) input to conv1d"), e.getMessage());
        DialectRefusal s = assertThrows(DialectRefusal.class, () -> TorchDialect.conv3d()
                .translate(p("stride", 2, "padding", "same"), f32(1, 1, 5, 5, 5), f32(1, 1, 3, 3, 3), null));
        assertTrue(s.getMessage().contains("padding='same' is not supported for strided convolutions"), s.getMessage());
    }

    @Test
    void kerasConv3DChecksTheKernelAgainstItsArguments() {
        DialectCall c = KerasDialect.conv3D().translate(p("filters", 2, "kernel_size", List.of(3, 2, 2), "padding",
                "same", "dilation_rate", List.of(2, 1, 1), "data_format", "channels_first", "use_bias", true),
                f32(1, 3, 6, 5, 5), f32(3, 2, 2, 3, 2), f32(2));
        assertArrayEquals(new int[] {2, 0, 0}, c.spec().padBefore());
        assertArrayEquals(new int[] {2, 1, 1}, c.spec().padAfter());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasDialect.conv3D()
                .translate(p("filters", 3), f32(1, 5, 5, 5, 3), f32(3, 3, 3, 3, 2), null));
        assertTrue(e.getMessage().contains("expected [3, 3, 3, 3, 3]"), e.getMessage());
    }

    // ------------------------------------------------------------------ random problems against the definition

    static LongStream seeds() {
        return LongStream.range(0, 48);
    }

    /** One random forward call: the system's parameters, and the pads its rule gives (computed here). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void forwardOneAndThreeDMatchTheDefinition(long seed) {
        SplittableRandom rnd = new SplittableRandom(500 + seed);
        String[] systems = {"torch.nn.functional.conv1d", "torch.nn.functional.conv3d", "tf.nn.conv1d", "tf.nn.conv3d",
            "keras.layers.Conv1D", "keras.layers.Conv3D", "onnx.Conv", "onnx.Conv"};
        String system = systems[(int) (seed % systems.length)];
        int rank = system.contains("1") ? 1 : system.contains("3") ? 3 : (seed % 16 < 8 ? 1 : 3);
        boolean keras = system.startsWith("keras");
        boolean tf = system.startsWith("tf");
        boolean last = (tf || keras) && rnd.nextInt(3) > 0;
        int groups = tf && rank == 3 ? 1 : 1 + rnd.nextInt(2);
        int cin = groups * (1 + rnd.nextInt(2));
        int cout = groups * (1 + rnd.nextInt(2));
        int[] n = new int[rank];
        int[] k = new int[rank];
        int[] s = new int[rank];
        int[] d = new int[rank];
        int[] before = new int[rank];
        int[] after = new int[rank];
        boolean dilate = rnd.nextBoolean();
        String mode;
        if (system.startsWith("torch")) {
            mode = new String[] {"int", "same", "valid"}[rnd.nextInt(3)];
        } else if (tf) {
            mode = rnd.nextBoolean() ? "SAME" : "VALID";
        } else if (keras) {
            mode = rank == 1 ? new String[] {"same", "valid", "causal"}[rnd.nextInt(3)] : rnd.nextBoolean() ? "same" : "valid";
        } else {
            mode = new String[] {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}[rnd.nextInt(4)];
        }
        int padInt = rnd.nextInt(3);
        for (int a = 0; a < rank; a++) {
            k[a] = 1 + rnd.nextInt(3);
            // Keras refuses strides > 1 with dilation > 1; torch refuses 'same' with strides
            boolean unstrided = (keras && dilate) || (system.startsWith("torch") && mode.equals("same"));
            s[a] = unstrided ? 1 : 1 + rnd.nextInt(3);
            d[a] = dilate ? 1 + rnd.nextInt(2) : 1;
            int dk = d[a] * (k[a] - 1) + 1;
            n[a] = dk + rnd.nextInt(rank == 3 ? 3 : 6);
            int t = Math.max(((n[a] + s[a] - 1) / s[a] - 1) * s[a] + dk - n[a], 0); // T(n, k, s, d)
            switch (mode) {
                case "int":
                    before[a] = padInt;
                    after[a] = padInt;
                    break;
                case "same":
                    if (system.startsWith("torch")) {
                        before[a] = (dk - 1) / 2;
                        after[a] = dk - 1 - before[a];
                    } else {
                        before[a] = t / 2;
                        after[a] = t - t / 2;
                    }
                    break;
                case "SAME":
                case "SAME_UPPER":
                    before[a] = t / 2;
                    after[a] = t - t / 2;
                    break;
                case "SAME_LOWER":
                    before[a] = t - t / 2;
                    after[a] = t / 2;
                    break;
                case "causal":
                    before[a] = dk - 1;
                    break;
                case "NOTSET":
                    before[a] = rnd.nextInt(3);
                    after[a] = rnd.nextInt(3);
                    break;
                default: // valid
            }
        }
        DType dtype = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Tensor xFirst = random(rnd, dtype, concat(1 + rnd.nextInt(2), cin, n));
        Tensor oihw = random(rnd, dtype, concat(cout, cin / groups, k));
        boolean withBias = !tf && rnd.nextBoolean();
        Tensor bias = withBias ? random(rnd, dtype, cout) : null;
        Tensor x = last ? Layouts.toChannelsLast(xFirst) : xFirst;
        Tensor w = tf || keras ? Layouts.kernelFromOIHW(oihw, KernelLayout.HWIO, cin) : oihw;
        Params.Builder pb = Params.builder();
        if (system.startsWith("torch")) {
            pb.put("stride", Checks.toList(s)).put("dilation", Checks.toList(d)).put("groups", groups)
                    .put("padding", mode.equals("int") ? (Object) padInt : mode);
        } else if (tf) {
            String df = Layout.values()[last ? 1 : 0].name(rank);
            if (rank == 1) {
                pb.put("stride", s[0]).put("dilations", List.of(d[0]));
            } else {
                pb.put("strides", last ? List.of(1, s[0], s[1], s[2], 1) : List.of(1, 1, s[0], s[1], s[2]))
                        .put("dilations", last ? List.of(1, d[0], d[1], d[2], 1) : List.of(1, 1, d[0], d[1], d[2]));
            }
            pb.put("padding", mode).put("data_format", df);
        } else if (keras) {
            pb.put("filters", cout).put("kernel_size", Checks.toList(k)).put("strides", Checks.toList(s))
                    .put("dilation_rate", Checks.toList(d)).put("groups", groups).put("padding", mode)
                    .put("data_format", last ? "channels_last" : "channels_first").put("use_bias", withBias);
        } else {
            int[] pads = new int[2 * rank];
            System.arraycopy(before, 0, pads, 0, rank);
            System.arraycopy(after, 0, pads, rank, rank);
            pb.put("strides", s).put("dilations", d).put("group", groups).put("auto_pad", mode);
            if (mode.equals("NOTSET")) {
                pb.put("pads", pads);
            }
        }
        DialectCall call = Dialects.forSystem(system).translate(pb.build(), x, w, bias);
        Tensor expectedFirst = Definitions.correlate(xFirst, oihw, bias, groups, before, after, s, d);
        Tensor expected = last ? Layouts.toChannelsLast(expectedFirst) : expectedFirst;
        Tensor actual = call.run(Backends.java());
        assertArrayEquals(expected.shape(), actual.shape(), call.explain());
        Tolerance.compare(expected, actual, Tolerance.atol(call.geometry(), call.input(), call.kernel(), call.bias()))
                .assertOk(call.explain());
    }

    private static Tensor random(SplittableRandom rnd, DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rnd.nextDouble(-1, 1));
        }
        return t;
    }

    private static int[] concat(int a, int b, int[] rest) {
        int[] out = new int[rest.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }
}
