package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry: system names, aliases, unknown names and parameters. */
class DialectsTest {

    /** FORMAT.md's systems table, in its order. */
    private static final List<String> FORMAT_SYSTEMS = List.of("scipy.signal.convolve2d", "scipy.signal.correlate2d",
            "torch.nn.functional.conv2d", "torch.nn.Conv2d", "tf.nn.conv2d", "tf.nn.depthwise_conv2d",
            "keras.layers.Conv2D", "keras.layers.DepthwiseConv2D", "theano.tensor.nnet.conv2d", "onnx.Conv",
            "torch.nn.functional.conv1d", "torch.nn.functional.conv3d", "torch.nn.functional.conv_transpose1d",
            "torch.nn.functional.conv_transpose2d", "torch.nn.functional.conv_transpose3d", "tf.nn.conv1d",
            "tf.nn.conv3d", "tf.nn.conv2d_transpose", "keras.layers.Conv1D", "keras.layers.Conv3D",
            "keras.layers.Conv2DTranspose", "onnx.ConvTranspose");

    @Test
    void everyFormatSystemIsKnown() {
        assertEquals(FORMAT_SYSTEMS, Dialects.systems());
        for (String s : FORMAT_SYSTEMS) {
            assertEquals(s, Dialects.forSystem(s).system());
        }
        assertEquals(FORMAT_SYSTEMS, Dialects.supportedSystems(), "every system of the format translates");
        for (String s : FORMAT_SYSTEMS) {
            assertTrue(Dialects.isSupported(s), s);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "scipy.convolve2d, scipy.signal.convolve2d",
        "scipy.correlate2d, scipy.signal.correlate2d",
        "keras, keras.layers.Conv2D",
        "keras.depthwise, keras.layers.DepthwiseConv2D",
        "tf, tf.nn.conv2d",
        "theano, theano.tensor.nnet.conv2d",
        "torch, torch.nn.functional.conv2d",
        "onnx, onnx.Conv",
    })
    void aliases(String alias, String system) {
        assertEquals(system, Dialects.forSystem(alias).system());
        assertTrue(Dialects.aliases().get(alias).startsWith(system));
        assertTrue(Dialects.isSupported(alias));
    }

    @Test
    void torchAliasIsTheFunctionalFormWithPaddingMode() {
        assertSame(TorchDialect.functionalWithPaddingMode(), Dialects.forSystem("torch"));
        assertSame(TorchDialect.functional(), Dialects.forSystem("torch.nn.functional.conv2d"));
        assertEquals("torch.nn.functional.conv2d + padding_mode", Dialects.aliases().get("torch"));
        // nn.Conv2d's constructor arguments are not part of it
        assertThrows(IllegalArgumentException.class, () -> Dialects.forSystem("torch")
                .translate(p("in_channels", 1), f32(1, 1, 5, 5), f32(1, 1, 3, 3), null));
    }

    @Test
    void unknownSystemsListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dialects.forSystem("scipy.signal.convolve"));
        assertTrue(e.getMessage().startsWith("unknown system 'scipy.signal.convolve'; known systems: "
                + "scipy.signal.convolve2d, scipy.signal.correlate2d, "), e.getMessage());
        assertTrue(e.getMessage().contains("aliases: scipy.convolve2d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dialects.forSystem(null));
    }

    @ParameterizedTest
    @CsvSource({
        "scipy.signal.convolve2d, strides",
        "torch.nn.functional.conv2d, padding_mode",
        "torch.nn.Conv2d, strides",
        "tf.nn.conv2d, groups",
        "tf.nn.depthwise_conv2d, depth_multiplier",
        "keras.layers.Conv2D, stride",
        "keras.layers.DepthwiseConv2D, groups",
        "theano.tensor.nnet.conv2d, padding",
        "onnx.Conv, padding",
        "torch.nn.functional.conv1d, padding_mode",
        "torch.nn.functional.conv3d, strides",
        "torch.nn.functional.conv_transpose1d, output_shape",
        "torch.nn.functional.conv_transpose2d, strides",
        "torch.nn.functional.conv_transpose3d, padding_mode",
        "tf.nn.conv1d, strides",
        "tf.nn.conv3d, stride",
        "tf.nn.conv2d_transpose, output_padding",
        "keras.layers.Conv1D, stride",
        "keras.layers.Conv3D, padding_mode",
        "keras.layers.Conv2DTranspose, groups",
        "onnx.ConvTranspose, padding",
    })
    void unknownParametersAreRefusedByEveryDialect(String system, String key) {
        Map<String, Object> m = Map.of(key, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dialects.forSystem(system).translate(Params.of(m), f32(1, 1, 5, 5), f32(1, 1, 3, 3), null));
        assertEquals("unknown parameter '" + key + "' for " + system, e.getMessage().replaceAll(" \\(known: .*", ""));
        assertFalse(e instanceof DialectRefusal, "an unknown key is our refusal, not the reference system's");
    }
}
