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

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torch conv_transpose1d/2d/3d, tf.nn.conv2d_transpose, Keras Conv2DTranspose and ONNX
 * ConvTranspose through their dialects (SEMANTICS.md 3.1): the canonical form they produce, their
 * heads and sizes, their refusals (with the reference's words, or jconv's reason where the
 * reference computes garbage or aborts), and their explanations.
 */
class TransposedDialectsTest {

    private static int[] heads(DialectCall c) {
        int[] h = new int[c.spec().rank()];
        for (int a = 0; a < h.length; a++) {
            h[a] = TransposedAxis.of(c.geometry(), a).head();
        }
        return h;
    }

    // ------------------------------------------------------------------ the shared canonical form

    @Test
    void torchConvTranspose2dCanonicalForm() {
        // conv_transpose2d(stride=2, padding=1, output_padding=1), k=3, on 4x5: head 1, out 8x10
        DialectCall c = TorchTransposeDialect.convTranspose2d().translate(
                p("stride", 2, "padding", 1, "output_padding", 1), f32(1, 3, 4, 5), f32(3, 2, 3, 3), f32(2));
        ConvSpec s = c.spec();
        assertTrue(s.transposed() && s.flip(), s.describe());
        assertArrayEquals(new int[] {2, 2}, s.inputDilation());
        assertArrayEquals(new int[] {1, 1}, s.stride());
        assertArrayEquals(new int[] {1, 1}, s.padBefore(), "dk - 1 - head = 2 - 1");
        assertArrayEquals(new int[] {2, 2}, s.padAfter(), "out + head - (n-1)s - 1");
        assertEquals(KernelLayout.OIHW, s.kernelLayout());
        assertArrayEquals(new int[] {2, 3, 3, 3}, c.kernel().shape(), "[C_out, C_in/G, kH, kW]");
        assertShape(new int[] {1, 2, 8, 10}, c);
        assertArrayEquals(new int[] {1, 1}, heads(c));
    }

    @Test
    void kernelsAreSwappedPerGroup() {
        // w [C_in=4, C_out/G=3, k=2], groups 2: canonical [C_out=6, C_in/G=2, k]
        Tensor w = f64(4, 3, 2);
        DialectCall c = TorchTransposeDialect.convTranspose1d().translate(p("groups", 2), f64(1, 4, 5), w, null);
        Tensor k = c.kernel();
        assertArrayEquals(new int[] {6, 2, 2}, k.shape());
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    for (int t = 0; t < 2; t++) {
                        assertEquals(w.get(((g * 2 + i) * 3 + o) * 2 + t), k.get(((g * 3 + o) * 2 + i) * 2 + t),
                                "group " + g + ", in " + i + ", out " + o + ", tap " + t);
                    }
                }
            }
        }
        // TF's HWOI [kH, kW, C_out, C_in] -> [C_out, C_in, kH, kW]
        Tensor f = f32(3, 2, 4, 5);
        DialectCall tf = TfTransposeDialect.conv2dTranspose().translate(p("output_shape", List.of(1, 6, 4, 4),
                "strides", 2), f32(1, 3, 2, 5), f, null);
        assertArrayEquals(f.transpose(2, 3, 0, 1).floats(), tf.kernel().floats());
    }

    @Test
    void explanationsSayHowTheScatterIsCropped() {
        DialectCall torch = TorchTransposeDialect.convTranspose2d().translate(
                p("stride", 2, "padding", 1, "output_padding", 1), f32(1, 3, 4, 5), f32(3, 2, 3, 3), null);
        String e = torch.explain();
        assertTrue(e.startsWith("torch.nn.functional.conv_transpose2d: transposed convolution as true convolution"), e);
        assertTrue(e.contains("input dilation 2x2"), e);
        assertTrue(e.contains("; stride 2x2 as input dilation, the scatter (9x11) cropped by head"
                + " 1x1 at the start to the output 8x10"), e);
        assertTrue(e.contains("head = padding 1x1, output_padding 1x1 extends the end"), e);
        assertTrue(e.contains("swapped per group"), e);

        DialectCall keras = KerasTransposeDialect.conv2DTranspose().translate(p("strides", 2, "padding", "same"),
                f32(1, 4, 5, 3), f32(3, 3, 2, 3), null);
        String k = keras.explain();
        assertTrue(k.contains("cropped by head 0x0 at the start to the output 8x10"), k);
        assertTrue(k.contains("output size 8x10 by Keras's rule (padding='same', output_padding=None), then"
                + " tf.nn.conv2d_transpose(padding='SAME')"), k);

        DialectCall onnx = OnnxTransposeDialect.convTranspose().translate(p("auto_pad", "SAME_UPPER", "strides",
                List.of(3, 3)), f32(1, 1, 4, 4), f32(1, 2, 2, 2), null);
        assertTrue(onnx.explain().contains("ONNX Runtime clamps it to 0"), onnx.explain());
        assertShape(new int[] {1, 2, 11, 11}, onnx);
    }

    // ------------------------------------------------------------------ torch

    @Test
    void torchOutputPaddingMustBeSmallerThanStrideOrDilation() {
        // op 1 < dilation 2 at stride 1 is accepted
        DialectCall ok = TorchTransposeDialect.convTranspose1d().translate(p("output_padding", 1, "dilation", 2),
                f32(1, 1, 4), f32(1, 1, 3), null);
        assertShape(new int[] {1, 1, 9}, ok);
        DialectRefusal two = assertThrows(DialectRefusal.class, () -> TorchTransposeDialect.convTranspose2d()
                .translate(p("stride", List.of(2, 3), "output_padding", List.of(1, 3)), f32(1, 1, 4, 4),
                        f32(1, 1, 3, 3), null));
        assertEquals("torch.nn.functional.conv_transpose2d: RuntimeError: output padding must be smaller than either"
                + " stride or dilation, but got output_padding_height: 1 output_padding_width: 3 stride_height: 2"
                + " stride_width: 3 dilation_height: 1 dilation_width: 1", two.getMessage());
        DialectRefusal one = assertThrows(DialectRefusal.class, () -> TorchTransposeDialect.convTranspose1d()
                .translate(p("stride", 2, "output_padding", 2, "dilation", 2), f32(1, 1, 4), f32(1, 1, 3), null));
        assertTrue(one.getMessage().endsWith("but got output_padding_height: 0 output_padding_width: 2 stride_height: 1"
                + " stride_width: 2 dilation_height: 1 dilation_width: 2"), one.getMessage());
        DialectRefusal three = assertThrows(DialectRefusal.class, () -> TorchTransposeDialect.convTranspose3d()
                .translate(p("stride", List.of(1, 2, 2), "output_padding", List.of(1, 0, 0)), f32(1, 1, 3, 3, 3),
                        f32(1, 1, 2, 2, 2), null));
        assertTrue(three.getMessage().endsWith("but got output_padding_depth: 1 output_padding_height: 0"
                + " output_padding_width: 0 stride_depth: 1 stride_height: 2 stride_width: 2 dilation_depth: 1"
                + " dilation_height: 1 dilation_width: 1"), three.getMessage());
    }

    static Stream<Arguments> torchRefusals() {
        return Stream.of(
                Arguments.of(Named.of("negative output_padding", p("output_padding", -1)), f32(1, 2, 4, 4),
                        f32(2, 1, 3, 3), null, "negative output_padding is not supported"),
                Arguments.of(Named.of("negative padding", p("padding", -1)), f32(1, 2, 4, 4), f32(2, 1, 3, 3), null,
                        "negative padding is not supported"),
                Arguments.of(Named.of("padding as a string", p("padding", "same")), f32(1, 2, 4, 4), f32(2, 1, 3, 3),
                        null, "argument 'padding' must be tuple of ints, not str"),
                Arguments.of(Named.of("output too small", p("padding", 3)), f32(1, 2, 2, 2), f32(2, 1, 3, 3), null,
                        "Given input size per channel: (2 x 2). Calculated output size per channel: (-2 x -2)."
                        + " Output size is too small"),
                Arguments.of(Named.of("channels are the weight's first axis", Params.empty()), f32(1, 3, 4, 4),
                        f32(2, 3, 3, 3), null, "Given transposed=1, weight of size [2, 3, 3, 3], expected input[1, 3, 4, 4]"
                        + " to have 2 channels, but got 3 channels instead"),
                Arguments.of(Named.of("groups must divide C_in", p("groups", 2)), f32(1, 3, 4, 4), f32(3, 1, 3, 3), null,
                        "expected weight to be divisible by 2 at dimension 0"),
                Arguments.of(Named.of("bias of C_out", Params.empty()), f32(1, 2, 4, 4), f32(2, 3, 3, 3), f32(2),
                        "expected bias to be 1-dimensional with 3 elements"),
                Arguments.of(Named.of("mixed dtypes", Params.empty()), f64(1, 2, 4, 4), f32(2, 3, 3, 3), null,
                        "expected scalar type Double but found Float"),
                Arguments.of(Named.of("a 5-D input to conv_transpose2d", Params.empty()), f32(1, 1, 2, 4, 4),
                        f32(2, 3, 3, 3), null, "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchRefusals")
    void torchRefusals(Params params, Tensor x, Tensor w, Tensor b, String words) {
        DialectRefusal e = assertThrows(DialectRefusal.class,
                () -> TorchTransposeDialect.convTranspose2d().translate(params, x, w, b));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void torchUnbatchedInput() {
        DialectCall c = TorchTransposeDialect.convTranspose1d().translate(p("stride", 2), f32(3, 5), f32(3, 2, 3), null);
        assertShape(new int[] {2, 11}, c);
    }

    // ------------------------------------------------------------------ TensorFlow

    @Test
    void tfHeadIsTheForwardBeforePadOfTheOutput() {
        // n=4, k=3, s=2, SAME: output 7 -> forward pads (1, 1), head 1; output 8 -> (0, 1), head 0
        DialectCall c = TfTransposeDialect.conv2dTranspose().translate(p("output_shape", List.of(1, 7, 8, 2),
                "strides", 2, "padding", "SAME"), f32(1, 4, 4, 3), f32(3, 3, 2, 3), null);
        assertArrayEquals(new int[] {1, 0}, heads(c));
        assertShape(new int[] {1, 7, 8, 2}, c);
        assertTrue(c.explain().contains("head = the before-pad of the forward 'SAME' convolution of the output 7x8"),
                c.explain());
        DialectCall v = TfTransposeDialect.conv2dTranspose().translate(p("output_shape", List.of(1, 2, 9, 10),
                "strides", List.of(1, 1, 2, 2), "padding", "VALID", "data_format", "NCHW"), f32(1, 3, 4, 4),
                f32(3, 3, 2, 3), null);
        assertArrayEquals(new int[] {0, 0}, heads(v));
        assertEquals(Layout.NCHW, v.spec().layout());
        DialectCall x = TfTransposeDialect.conv2dTranspose().translate(p("output_shape", List.of(1, 5, 8, 2),
                "strides", 2, "padding", List.of(List.of(0, 0), List.of(2, 1), List.of(0, 1), List.of(0, 0))),
                f32(1, 3, 4, 3), f32(3, 3, 2, 3), null);
        assertArrayEquals(new int[] {2, 0}, heads(x), "explicit: head = the top / left pad");
    }

    static Stream<Arguments> tfRefusals() {
        return Stream.of(
                Arguments.of(Named.of("SAME, output 9 for n=4 at stride 2", p("output_shape", List.of(1, 9, 8, 2),
                        "strides", 2, "padding", "SAME")), f32(1, 4, 4, 3), "Conv2DCustomBackpropInput: Size of"
                        + " out_backprop doesn't match computed: actual = 4, computed = 5 spatial_dim: 1 input: 9 filter: 3"
                        + " output: 4 stride: 2 dilation: 1"),
                Arguments.of(Named.of("SAME, output 6 for n=4 at stride 2", p("output_shape", List.of(1, 8, 6, 2),
                        "strides", 2, "padding", "SAME")), f32(1, 4, 4, 3), "actual = 4, computed = 3 spatial_dim: 2"),
                Arguments.of(Named.of("VALID below (n-1)s + dk", p("output_shape", List.of(1, 8, 9, 2), "strides", 2,
                        "padding", "VALID")), f32(1, 4, 4, 3), "actual = 4, computed = 3 spatial_dim: 1 input: 8"),
                Arguments.of(Named.of("VALID at ns + dk", p("output_shape", List.of(1, 9, 11, 2), "strides", 2,
                        "padding", "VALID")), f32(1, 4, 4, 3), "actual = 4, computed = 5 spatial_dim: 2 input: 11"),
                Arguments.of(Named.of("NCHW names spatial_dim 2 and 3", p("output_shape", List.of(1, 2, 9, 8),
                        "strides", 2, "padding", "SAME", "data_format", "NCHW")), f32(1, 3, 4, 4), "spatial_dim: 2"),
                Arguments.of(Named.of("output channels are filters.shape[2]", p("output_shape", List.of(1, 8, 8, 4),
                        "strides", 2)), f32(1, 4, 4, 3), "has no groups"),
                Arguments.of(Named.of("input channels are filters.shape[3]", p("output_shape", List.of(1, 8, 8, 2),
                        "strides", 2)), f32(1, 4, 4, 2), "filter and out_backprop must have the same out_depth"),
                Arguments.of(Named.of("batch of output_shape", p("output_shape", List.of(2, 8, 8, 2), "strides", 2)),
                        f32(1, 4, 4, 3), "input and out_backprop must have the same batch size"),
                Arguments.of(Named.of("lower-case padding", p("output_shape", List.of(1, 8, 8, 2), "strides", 2,
                        "padding", "same")), f32(1, 4, 4, 3), "upper-case"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tfRefusals")
    void tfRefusals(Params params, Tensor x, String words) {
        DialectRefusal e = assertThrows(DialectRefusal.class,
                () -> TfTransposeDialect.conv2dTranspose().translate(params, x, f32(3, 3, 2, 3), null));
        assertTrue(e.getMessage().contains(words), e.getMessage());
        if (words.contains("computed")) {
            assertTrue(e.getMessage().contains("aborts the whole process"), "say what TF 2.18 with oneDNN does");
        }
    }

    @Test
    void tfRequiresOutputShapeAndStridesAndTakesNoBias() {
        assertThrows(IllegalArgumentException.class, () -> TfTransposeDialect.conv2dTranspose()
                .translate(p("strides", 2), f32(1, 4, 4, 3), f32(3, 3, 2, 3), null));
        assertThrows(IllegalArgumentException.class, () -> TfTransposeDialect.conv2dTranspose()
                .translate(p("output_shape", List.of(1, 8, 8, 2)), f32(1, 4, 4, 3), f32(3, 3, 2, 3), null));
        assertThrows(IllegalArgumentException.class, () -> TfTransposeDialect.conv2dTranspose()
                .translate(p("output_shape", List.of(1, 8, 8, 2), "strides", 2), f32(1, 4, 4, 3), f32(3, 3, 2, 3),
                        f32(2)));
    }

    // ------------------------------------------------------------------ Keras

    @Test
    void kerasOutputSizes() {
        Tensor x = f32(1, 4, 5, 3);
        Tensor k = f32(3, 3, 2, 3);
        // output_padding None: 'same' n*s, 'valid' (n-1)s + max(dk, s)
        assertShape(new int[] {1, 8, 10, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 2, "padding", "same"), x, k, null));
        assertShape(new int[] {1, 9, 11, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 2, "padding", "valid"), x, k, null));
        // output_padding int / pair: 'same' (n-1)s + dk%2 + op, 'valid' (n-1)s + dk + op
        assertShape(new int[] {1, 7, 9, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 2, "padding", "same", "output_padding", 0), x, k, null));
        assertShape(new int[] {1, 8, 9, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 2, "padding", "same", "output_padding", List.of(1, 0)), x, k, null));
        assertShape(new int[] {1, 10, 12, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 2, "padding", "valid", "output_padding", 1), x, k, null));
        assertShape(new int[] {1, 8, 10, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 2, "padding", "same", "output_padding", null), x, k, null));
        // kernel 2 < stride 3, 'valid': (n-1)s + s; positions 3i + 2 receive no input
        assertShape(new int[] {1, 12, 15, 2}, KerasTransposeDialect.conv2DTranspose()
                .translate(p("strides", 3, "padding", "valid"), x, f32(2, 2, 2, 3), null));
    }

    static Stream<Arguments> kerasRefusals() {
        return Stream.of(
                Arguments.of(Named.of("output_padding = strides", p("strides", 2, "padding", "valid",
                        "output_padding", 2)), f32(3, 3, 2, 3), "`output_padding` must be strictly less than `strides`"),
                Arguments.of(Named.of("output_padding > strides on one axis", p("strides", List.of(2, 3),
                        "output_padding", List.of(1, 3))), f32(3, 3, 2, 3), "strictly less than `strides`"),
                Arguments.of(Named.of("strides with dilation", p("strides", 2, "dilation_rate", 2)), f32(3, 3, 2, 3),
                        "`strides > 1` not supported in conjunction with `dilation_rate > 1`"),
                Arguments.of(Named.of("even kernel, 'same', output_padding 0", p("strides", 2, "padding", "same",
                        "output_padding", 0)), f32(4, 4, 2, 3), "Size of out_backprop doesn't match computed: actual = 4,"
                        + " computed = 3 spatial_dim: 1 input: 6 filter: 4 output: 4 stride: 2 dilation: 1"),
                Arguments.of(Named.of("'causal'", p("padding", "causal")), f32(3, 3, 2, 3), "{'valid', 'same'}"),
                Arguments.of(Named.of("negative output_padding", p("output_padding", -1)), f32(3, 3, 2, 3),
                        "`value >= 0`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerasRefusals")
    void kerasRefusals(Params params, Tensor kernel, String words) {
        DialectRefusal e = assertThrows(DialectRefusal.class,
                () -> KerasTransposeDialect.conv2DTranspose().translate(params, f32(1, 4, 5, 3), kernel, null));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void kerasKernelIsOutputChannelsFirst() {
        // [kH, kW, filters, C_in]: a kernel with C_in and filters swapped does not fit
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasTransposeDialect
                .conv2DTranspose().translate(p("filters", 2), f32(1, 4, 5, 3), f32(3, 3, 3, 2), null));
        assertFalse(e instanceof DialectRefusal);
        assertTrue(e.getMessage().contains("output channels before input channels"), e.getMessage());
        DialectCall cast = KerasTransposeDialect.conv2DTranspose().translate(Params.empty(), f64(1, 4, 5, 3),
                f32(3, 3, 2, 3), null);
        assertEquals("float32", cast.spec().dtype().numpyName(), "the layer's dtype wins");
        assertTrue(cast.explain().contains("cast to the layer's dtype float32"), cast.explain());
    }

    // ------------------------------------------------------------------ ONNX

    @Test
    void onnxHeadsThroughTheDialect() {
        Tensor x = f32(1, 1, 4, 4);
        Tensor w = f32(1, 2, 3, 3);
        // full 9: output_shape 8 crops the extra at the beginning without auto_pad, at the end with SAME_UPPER
        assertArrayEquals(new int[] {1, 1}, heads(OnnxTransposeDialect.convTranspose()
                .translate(p("strides", List.of(2, 2), "output_shape", List.of(8, 8)), x, w, null)));
        assertArrayEquals(new int[] {0, 0}, heads(OnnxTransposeDialect.convTranspose()
                .translate(p("auto_pad", "SAME_UPPER", "strides", List.of(2, 2), "output_shape", List.of(8, 8)), x, w,
                        null)));
        assertArrayEquals(new int[] {1, 1}, heads(OnnxTransposeDialect.convTranspose()
                .translate(p("auto_pad", "SAME_LOWER", "strides", List.of(2, 2)), x, w, null)));
        DialectCall pads = OnnxTransposeDialect.convTranspose().translate(p("strides", List.of(2, 2),
                "pads", List.of(1, 0, 0, 2)), x, w, null);
        assertArrayEquals(new int[] {1, 0}, heads(pads));
        assertShape(new int[] {1, 2, 8, 7}, pads);
        // output_shape with N and C, and pads ignored with output_shape (as ONNX Runtime does)
        DialectCall full = OnnxTransposeDialect.convTranspose().translate(p("strides", List.of(2, 2),
                "output_shape", List.of(1, 2, 9, 9), "pads", List.of(3, 3, 3, 3)), x, w, null);
        assertShape(new int[] {1, 2, 9, 9}, full);
        assertTrue(full.explain().contains("pads are ignored"), full.explain());
    }

    static Stream<Arguments> onnxRefusals() {
        return Stream.of(
                Arguments.of(Named.of("output_padding = stride", p("strides", List.of(2, 2), "output_padding",
                        List.of(2, 0))), "output_padding [2, 0] must be smaller than strides [2, 2]"),
                Arguments.of(Named.of("output_padding >= stride although < dilation", p("dilations", List.of(2, 2),
                        "output_padding", List.of(1, 1))), "ONNX Runtime 1.22 accepts it without an error but returns"
                        + " numbers that are not the transposed convolution"),
                Arguments.of(Named.of("output_shape beyond full", p("strides", List.of(2, 2), "output_shape",
                        List.of(10, 9))), "exceeds the full output 9"),
                Arguments.of(Named.of("output_shape beyond full says why", p("strides", List.of(2, 2), "output_shape",
                        List.of(9, 12))), "ONNX Runtime 1.22 accepts it without an error"),
                Arguments.of(Named.of("pads with SAME_UPPER", p("auto_pad", "SAME_UPPER", "pads", List.of(1, 1, 1, 1))),
                        "cannot be used together with auto_pad"),
                Arguments.of(Named.of("pads crop everything", p("pads", List.of(3, 3, 3, 3))), "leaving no output"),
                Arguments.of(Named.of("output_shape with another C", p("output_shape", List.of(1, 3, 6, 6))),
                        "has N = 1 and C = 3"),
                Arguments.of(Named.of("kernel_shape not W's", p("kernel_shape", List.of(3, 2))),
                        "is not compatible with W shape"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onnxRefusals")
    void onnxRefusals(Params params, String words) {
        DialectRefusal e = assertThrows(DialectRefusal.class,
                () -> OnnxTransposeDialect.convTranspose().translate(params, f32(1, 1, 4, 4), f32(1, 2, 3, 3), null));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void onnxOneAndThreeDimensional() {
        DialectCall one = OnnxTransposeDialect.convTranspose().translate(p("auto_pad", "SAME_LOWER", "strides",
                List.of(3), "kernel_shape", List.of(4)), f32(1, 2, 7), f32(2, 3, 4), f32(3));
        assertShape(new int[] {1, 3, 21}, one);
        DialectCall three = OnnxTransposeDialect.convTranspose().translate(p("strides", List.of(2, 1, 2),
                "pads", List.of(0, 1, 1, 1, 0, 0)), f32(1, 2, 3, 4, 3), f32(2, 2, 2, 2, 2), null);
        assertArrayEquals(new int[] {0, 1, 1}, heads(three));
        assertShape(new int[] {1, 2, 5, 4, 5}, three);
        assertTrue(Arrays.stream(three.spec().inputDilation()).boxed().toList().equals(List.of(2, 1, 2)));
    }
}
