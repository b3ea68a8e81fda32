package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jconv.Tensor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of SEMANTICS.md section 8 ("Refusals to reproduce"), and the other calls the
 * reference systems refuse: each must throw a {@link DialectRefusal} whose message carries the
 * system's own words, before anything is computed.
 */
class RefusalsTest {

    private static Arguments refusal(String name, String system, Params params, Tensor x, Tensor k, Tensor b,
            String words) {
        return Arguments.of(Named.of(name, system), params, x, k, b, words);
    }

    static Stream<Arguments> section8() {
        return Stream.of(
                refusal("scipy 'valid' with mixed sizes", "scipy.signal.convolve2d", p("mode", "valid"),
                        f64(5, 3), f64(2, 6), null, "one must be at least as large as the other in every dimension"),
                refusal("scipy 'valid' with mixed sizes (correlate2d)", "scipy.signal.correlate2d", p("mode", "valid"),
                        f64(3, 6), f64(4, 2), null, "one must be at least as large as the other in every dimension"),
                refusal("scipy boundary 'reflect'", "scipy.signal.convolve2d", p("boundary", "reflect"),
                        f64(5, 5), f64(3, 3), null, "Incorrect boundary value."),
                refusal("scipy unknown boundary", "scipy.signal.correlate2d", p("boundary", "edge"),
                        f64(5, 5), f64(3, 3), null, "Acceptable boundary flags are"),
                refusal("scipy unknown mode", "scipy.signal.convolve2d", p("mode", "causal"),
                        f64(5, 5), f64(3, 3), null, "Acceptable mode flags are 'valid', 'same', or 'full'."),
                refusal("scipy modes are lower-case", "scipy.signal.convolve2d", p("mode", "SAME"),
                        f64(5, 5), f64(3, 3), null, "lower-case"),
                refusal("torch 'same' with stride 2", "torch.nn.functional.conv2d", p("stride", 2, "padding", "same"),
                        f32(1, 1, 8, 8), f32(1, 1, 3, 3), null,
                        "padding='same' is not supported for strided convolutions"),
                refusal("nn.Conv2d 'same' with stride (2, 1)", "torch.nn.Conv2d",
                        p("stride", List.of(2, 1), "padding", "same"), f32(1, 1, 8, 8), f32(1, 1, 3, 3), null,
                        "ValueError: padding='same' is not supported for strided convolutions"),
                refusal("torch reflect pad == input size", "torch.nn.Conv2d", p("padding", 4, "padding_mode", "reflect"),
                        f32(1, 1, 4, 6), f32(2, 1, 3, 3), null,
                        "Padding size should be less than the corresponding input dimension"),
                refusal("torch reflect pad > input width", "torch", p("padding", List.of(1, 5), "padding_mode", "reflect"),
                        f32(1, 1, 6, 5), f32(2, 1, 3, 3), null, "Argument #4"),
                refusal("torch circular pad > input size", "torch.nn.Conv2d", p("padding", 5, "padding_mode", "circular"),
                        f64(1, 1, 4, 6), f64(2, 1, 3, 3), null, "Padding value causes wrapping around more than once."),
                refusal("torch kernel larger than the padded input", "torch.nn.functional.conv2d", Params.empty(),
                        f32(1, 1, 3, 3), f32(1, 1, 5, 5), null,
                        "Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size can't be"
                        + " greater than actual input size"),
                refusal("torch dilated kernel larger than the padded input", "torch.nn.functional.conv2d",
                        p("padding", 1, "dilation", 3), f32(1, 1, 4, 4), f32(1, 1, 3, 3), null,
                        "Calculated padded input size per channel: (6 x 6). Kernel size: (7 x 7)"),
                refusal("tf VALID with the kernel larger than the input", "tf.nn.conv2d",
                        p("strides", 1, "padding", "VALID"), f32(1, 3, 3, 1), f32(5, 5, 1, 1), null,
                        "Negative dimension size caused by subtracting 5 from 3"),
                refusal("tf VALID with the dilated kernel larger than the input", "tf.nn.conv2d",
                        p("strides", 1, "padding", "VALID", "dilations", 3), f32(1, 6, 6, 1), f32(3, 3, 1, 1), null,
                        "Negative dimension size caused by subtracting 7 from 6"),
                refusal("tf depthwise VALID with the kernel larger", "tf.nn.depthwise_conv2d",
                        p("strides", List.of(1, 1, 1, 1), "padding", "VALID"), f32(1, 2, 9, 1), f32(3, 3, 1, 1), null,
                        "Negative dimension size"),
                refusal("keras strides > 1 with dilation_rate > 1", "keras.layers.Conv2D",
                        p("strides", 2, "dilation_rate", 2, "padding", "same"), f32(1, 9, 9, 1), f32(3, 3, 1, 1), null,
                        "`strides > 1` not supported in conjunction with `dilation_rate > 1`"),
                refusal("keras depthwise strides > 1 with dilation_rate > 1", "keras.layers.DepthwiseConv2D",
                        p("strides", List.of(1, 2), "dilation_rate", List.of(2, 1)), f32(1, 9, 9, 1), f32(3, 3, 1, 1),
                        null, "`strides > 1` not supported in conjunction with `dilation_rate > 1`"),
                refusal("keras 'valid' with the kernel larger", "keras.layers.Conv2D", p("padding", "valid"),
                        f32(1, 3, 3, 1), f32(5, 5, 1, 1), null, "Computed output size would be negative"),
                // 1-D, 3-D and transposed (SEMANTICS.md 3.1)
                refusal("torch transposed output_padding >= stride and dilation", "torch.nn.functional.conv_transpose2d",
                        p("stride", 2, "output_padding", 2), f32(1, 1, 4, 4), f32(1, 1, 3, 3), null,
                        "output padding must be smaller than either stride or dilation"),
                refusal("torch transposed output_padding, 3-D", "torch.nn.functional.conv_transpose3d",
                        p("stride", 2, "dilation", 2, "output_padding", List.of(0, 0, 2)), f32(1, 1, 3, 3, 3),
                        f32(1, 1, 2, 2, 2), null, "output_padding_depth: 0 output_padding_height: 0 output_padding_width: 2"),
                refusal("tf conv1d VALID with the kernel longer", "tf.nn.conv1d", p("stride", 1, "padding", "VALID"),
                        f32(1, 4, 2), f32(6, 2, 2), null, "Negative dimension size caused by subtracting 6 from 4"),
                refusal("tf conv3d VALID with the dilated kernel larger", "tf.nn.conv3d",
                        p("strides", List.of(1, 1, 1, 1, 1), "padding", "VALID", "dilations", List.of(1, 1, 3, 1, 1)),
                        f32(1, 4, 6, 4, 1), f32(2, 3, 2, 1, 1), null, "Negative dimension size caused by subtracting 7 from 6"),
                refusal("tf conv2d_transpose output size not mapped back to n", "tf.nn.conv2d_transpose",
                        p("output_shape", List.of(1, 9, 8, 2), "strides", 2, "padding", "SAME"), f32(1, 4, 4, 3),
                        f32(3, 3, 2, 3), null, "Size of out_backprop doesn't match computed: actual = 4, computed = 5"),
                refusal("keras Conv2DTranspose output size not mapped back to n", "keras.layers.Conv2DTranspose",
                        p("strides", 2, "padding", "same", "output_padding", 0), f32(1, 4, 4, 3), f32(4, 4, 2, 3), null,
                        "Size of out_backprop doesn't match computed: actual = 4, computed = 3"),
                refusal("keras Conv2DTranspose output_padding >= strides", "keras.layers.Conv2DTranspose",
                        p("strides", 2, "output_padding", 2), f32(1, 4, 4, 3), f32(3, 3, 2, 3), null,
                        "`output_padding` must be strictly less than `strides`"),
                refusal("onnx ConvTranspose output_padding >= stride", "onnx.ConvTranspose",
                        p("strides", List.of(2, 2), "output_padding", List.of(0, 2)), f32(1, 1, 4, 4), f32(1, 2, 3, 3), null,
                        "ONNX Runtime 1.22 accepts it without an error but returns numbers that are not the transposed"),
                refusal("onnx ConvTranspose output_shape > full", "onnx.ConvTranspose",
                        p("strides", List.of(2, 2), "output_shape", List.of(10, 9)), f32(1, 1, 4, 4), f32(1, 2, 3, 3), null,
                        "exceeds the full output 9"));
    }

    static Stream<Arguments> otherRefusals() {
        return Stream.of(
                refusal("scipy needs 2-D arrays", "scipy.signal.convolve2d", Params.empty(), f64(1, 5, 5), f64(3, 3),
                        null, "inputs must both be 2-D arrays"),
                refusal("scipy fillvalue of more than one element", "scipy.signal.convolve2d",
                        p("fillvalue", List.of(1, 2)), f64(5, 5), f64(3, 3), null, "`fillvalue` must be scalar"),
                refusal("torch invalid padding string", "torch.nn.functional.conv2d", p("padding", "full"),
                        f32(1, 1, 5, 5), f32(1, 1, 3, 3), null, "Invalid padding string: 'full'"),
                refusal("torch negative padding", "torch.nn.functional.conv2d", p("padding", -1),
                        f32(1, 1, 5, 5), f32(1, 1, 3, 3), null, "negative padding is not supported"),
                refusal("torch zero stride", "torch.nn.functional.conv2d", p("stride", 0),
                        f32(1, 1, 5, 5), f32(1, 1, 3, 3), null, "non-positive stride is not supported"),
                refusal("torch unknown padding_mode", "torch.nn.Conv2d", p("padding_mode", "symmetric"),
                        f32(1, 1, 5, 5), f32(1, 1, 3, 3), null, "padding_mode must be one of"),
                refusal("torch mixed dtypes", "torch.nn.functional.conv2d", Params.empty(),
                        f64(1, 1, 5, 5), f32(1, 1, 3, 3), null, "expected scalar type Double but found Float"),
                refusal("torch 5-D input", "torch.nn.functional.conv2d", Params.empty(),
                        f32(1, 1, 1, 5, 5), f32(1, 1, 3, 3), null, "Expected 3D (unbatched) or 4D (batched) input"),
                refusal("tf lower-case padding", "tf.nn.conv2d", p("strides", 1, "padding", "same"),
                        f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "upper-case"),
                refusal("tf padding 'EXPLICIT' as a string", "tf.nn.conv2d", p("strides", 1, "padding", "EXPLICIT"),
                        f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "must be a list"),
                refusal("tf explicit pads on the channel axis", "tf.nn.conv2d",
                        p("strides", 1, "padding", new int[][] {{0, 0}, {1, 1}, {1, 1}, {1, 0}}),
                        f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "batch and depth"),
                refusal("tf strides on the batch axis", "tf.nn.conv2d", p("strides", List.of(2, 1, 1, 1), "padding",
                        "SAME"), f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "batch and depth dimensions"),
                refusal("tf input depth not a multiple of the filter's", "tf.nn.conv2d",
                        p("strides", 1, "padding", "SAME"), f32(1, 5, 5, 3), f32(3, 3, 2, 2), null,
                        "Depth of input (3) is not a multiple of input depth of filter (2)"),
                refusal("tf mixed dtypes", "tf.nn.conv2d", p("strides", 1, "padding", "SAME"),
                        f32(1, 5, 5, 1), f64(3, 3, 1, 1), null, "was expected to be a float tensor but is a double"),
                refusal("tf bad data_format", "tf.nn.conv2d", p("strides", 1, "padding", "SAME", "data_format",
                        "channels_last"), f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "data_format must be 'NHWC' or 'NCHW'"),
                refusal("keras 'causal' in 2-D", "keras.layers.Conv2D", p("padding", "causal"),
                        f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "'causal' exists for Conv1D only"),
                refusal("keras bad data_format", "keras.layers.Conv2D", p("data_format", "NHWC"),
                        f32(1, 5, 5, 1), f32(3, 3, 1, 1), null, "The `data_format` argument must be one of"),
                refusal("keras filters not divisible by groups", "keras.layers.Conv2D", p("filters", 3, "groups", 2),
                        f32(1, 5, 5, 4), f32(3, 3, 2, 3), null, "evenly divisible by the number of groups"),
                refusal("theano negative border_mode", "theano.tensor.nnet.conv2d", p("border_mode", -1),
                        f64(1, 1, 5, 5), f64(1, 1, 3, 3), null, "invalid border_mode -1"),
                refusal("theano unknown border_mode", "theano.tensor.nnet.conv2d", p("border_mode", "same"),
                        f64(1, 1, 5, 5), f64(1, 1, 3, 3), null, "invalid border_mode 'same'"),
                refusal("theano border_mode of three entries", "theano.tensor.nnet.conv2d",
                        p("border_mode", List.of(1, 1, 1)), f64(1, 1, 5, 5), f64(1, 1, 3, 3), null, "invalid border_mode"),
                refusal("theano kernel larger than the padded input", "theano.tensor.nnet.conv2d", Params.empty(),
                        f64(1, 1, 3, 3), f64(1, 1, 5, 5), null, "smaller than the dilated filter"),
                refusal("onnx pads together with SAME_UPPER", "onnx.Conv",
                        p("auto_pad", "SAME_UPPER", "pads", List.of(1, 1, 1, 1)), f32(1, 1, 5, 5), f32(1, 1, 3, 3), null,
                        "cannot be used together with auto_pad"),
                refusal("onnx kernel_shape not W's", "onnx.Conv", p("kernel_shape", List.of(3, 2)),
                        f32(1, 1, 5, 5), f32(1, 1, 3, 3), null, "is not compatible with W shape"),
                refusal("onnx unknown auto_pad", "onnx.Conv", p("auto_pad", "same_upper"),
                        f32(1, 1, 5, 5), f32(1, 1, 3, 3), null, "auto_pad must be one of"),
                refusal("onnx mixed dtypes", "onnx.Conv", Params.empty(), f32(1, 1, 5, 5), f32(1, 1, 3, 3), f64(1),
                        "bound to different types"),
                refusal("onnx kernel larger than the padded input", "onnx.Conv", p("pads", List.of(0, 0, 1, 0)),
                        f32(1, 1, 3, 5), f32(1, 1, 5, 3), null, "smaller than the dilated kernel"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("section8")
    void section8RefusalsAreReproduced(String system, Params params, Tensor x, Tensor k, Tensor b, String words) {
        assertRefused(system, params, x, k, b, words);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherRefusals")
    void otherRefusalsOfTheReferenceSystems(String system, Params params, Tensor x, Tensor k, Tensor b, String words) {
        assertRefused(system, params, x, k, b, words);
    }

    private static void assertRefused(String system, Params params, Tensor x, Tensor k, Tensor b, String words) {
        DialectRefusal e = assertThrows(DialectRefusal.class, () -> Dialects.forSystem(system).translate(params, x, k, b));
        assertTrue(e.getMessage().contains(words), "message should contain \"" + words + "\": " + e.getMessage());
    }
}
