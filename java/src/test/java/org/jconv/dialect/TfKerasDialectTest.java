package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.assertPads;
import static org.jconv.dialect.Fixtures.assertShape;
import static org.jconv.dialect.Fixtures.assertStrideDilationGroups;
import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tf.nn.conv2d, tf.nn.depthwise_conv2d, keras.layers.Conv2D and DepthwiseConv2D against SEMANTICS.md section 4. */
class TfKerasDialectTest {

    static Stream<Arguments> tfStrides() {
        return Stream.of(
                Arguments.of(2, "NHWC", new int[] {2, 2}),
                Arguments.of(List.of(2), "NHWC", new int[] {2, 2}),
                Arguments.of(List.of(1, 2), "NHWC", new int[] {1, 2}),
                Arguments.of(List.of(1, 2, 3, 1), "NHWC", new int[] {2, 3}),
                Arguments.of(List.of(1, 1, 2, 3), "NCHW", new int[] {2, 3}));
    }

    @ParameterizedTest(name = "strides={0} data_format={1}")
    @MethodSource("tfStrides")
    void tfStridesAndDilationsForms(Object strides, String df, int[] expected) {
        Tensor x = df.equals("NHWC") ? f32(1, 9, 9, 2) : f32(1, 2, 9, 9);
        ConvSpec s = TfDialect.conv2d().translate(p("strides", strides, "padding", "VALID", "data_format", df), x,
                f32(3, 3, 2, 4), null).spec();
        assertArrayEquals(expected, s.stride());
        ConvSpec d = TfDialect.conv2d().translate(p("strides", 1, "padding", "VALID", "data_format", df,
                "dilations", strides), x, f32(2, 2, 2, 4), null).spec();
        assertArrayEquals(expected, d.dilation());
    }

    /** SEMANTICS.md section 4 worked examples, through the dialect: n=8 -> (0, 1), n=7 -> (1, 1) at k=3, s=2. */
    @Test
    void tfSameSplitDependsOnTheInputSize() {
        DialectCall c = TfDialect.conv2d().translate(p("strides", 2, "padding", "SAME"), f32(1, 8, 7, 3),
                f32(3, 3, 3, 4), null);
        assertPads(c.spec(), 0, 1, 1, 1);
        assertShape(new int[] {1, 4, 4, 4}, c);
        DialectCall d = TfDialect.conv2d().translate(p("strides", 3, "padding", "SAME"), f32(1, 10, 10, 1),
                f32(4, 4, 1, 1), null);
        assertPads(d.spec(), 1, 2, 1, 2);
    }

    @Test
    void tfExplicitPairsAreInDataFormatOrder() {
        ConvSpec nhwc = TfDialect.conv2d().translate(p("strides", 1, "padding",
                new int[][] {{0, 0}, {1, 2}, {0, 3}, {0, 0}}), f32(1, 6, 6, 2), f32(3, 2, 2, 4), null).spec();
        assertPads(nhwc, 1, 2, 0, 3);
        ConvSpec nchw = TfDialect.conv2d().translate(p("strides", 1, "data_format", "NCHW", "padding",
                new int[][] {{0, 0}, {0, 0}, {2, 0}, {1, 1}}), f32(1, 2, 6, 6), f32(2, 3, 2, 4), null).spec();
        assertPads(nchw, 2, 0, 1, 1);
        assertEquals(Layout.NCHW, nchw.layout());
    }

    @Test
    void tfKeepsItsLayoutsAndInfersGroups() {
        Tensor x = f32(1, 5, 5, 4);
        Tensor w = f32(3, 3, 2, 6);
        DialectCall c = TfDialect.conv2d().translate(p("strides", 1, "padding", "SAME"), x, w, null);
        assertEquals(Layout.NHWC, c.spec().layout());
        assertEquals(KernelLayout.HWIO, c.spec().kernelLayout());
        assertEquals(2, c.spec().groups());
        assertSame(x, c.input());
        assertSame(w, c.kernel());
        assertShape(new int[] {1, 5, 5, 6}, c);
    }

    @Test
    void depthwiseIsGroupsEqualChannelsWithAnHwcmFilter() {
        DialectCall c = TfDialect.depthwiseConv2d().translate(p("strides", List.of(1, 2, 2, 1), "padding", "SAME",
                "dilations", List.of(1, 1)), f32(2, 8, 8, 3), f32(3, 3, 3, 2), null);
        ConvSpec s = c.spec();
        assertEquals(KernelLayout.HWCM, s.kernelLayout());
        assertStrideDilationGroups(s, new int[] {2, 2}, new int[] {1, 1}, 3);
        assertPads(s, 0, 1, 0, 1);
        assertShape(new int[] {2, 4, 4, 6}, c);
        ConvSpec nchw = TfDialect.depthwiseConv2d().translate(p("strides", List.of(1, 1, 1, 1), "padding", "VALID",
                "data_format", "NCHW", "dilations", List.of(2, 2)), f32(1, 2, 9, 9), f32(3, 3, 2, 1), null).spec();
        assertArrayEquals(new int[] {2, 2}, nchw.dilation());
        // strides must be a list of 4, dilations a list of 2
        assertThrows(IllegalArgumentException.class, () -> TfDialect.depthwiseConv2d().translate(
                p("strides", 1, "padding", "SAME"), f32(1, 5, 5, 2), f32(3, 3, 2, 1), null));
        assertThrows(IllegalArgumentException.class, () -> TfDialect.depthwiseConv2d().translate(
                p("strides", List.of(1, 1, 1, 1), "padding", "SAME", "dilations", 2), f32(1, 5, 5, 2),
                f32(3, 3, 2, 1), null));
    }

    @Test
    void tfRequiresStridesAndPadding() {
        assertThrows(IllegalArgumentException.class,
                () -> TfDialect.conv2d().translate(p("padding", "SAME"), f32(1, 5, 5, 1), f32(3, 3, 1, 1), null));
        assertThrows(IllegalArgumentException.class,
                () -> TfDialect.conv2d().translate(p("strides", 1), f32(1, 5, 5, 1), f32(3, 3, 1, 1), null));
    }

    @Test
    void kerasSameIsTfSame() {
        DialectCall c = KerasDialect.conv2D().translate(p("filters", 3, "kernel_size", 4, "strides", 2,
                "padding", "same", "use_bias", true), f64(1, 8, 8, 2), f64(4, 4, 2, 3), f64(3));
        assertPads(c.spec(), 1, 1, 1, 1);
        assertShape(new int[] {1, 4, 4, 3}, c);
        DialectCall d = KerasDialect.conv2D().translate(p("kernel_size", List.of(4, 2), "padding", "SAME"),
                f32(1, 7, 8, 1), f32(4, 2, 1, 3), null);
        assertPads(d.spec(), 1, 2, 0, 1);
    }

    @Test
    void kerasDataFormatAndGroups() {
        ConvSpec s = KerasDialect.conv2D().translate(p("filters", 4, "kernel_size", 3, "groups", 2,
                "data_format", "channels_first", "dilation_rate", List.of(2, 1)), f32(1, 4, 9, 9), f32(3, 3, 2, 4), null)
                .spec();
        assertEquals(Layout.NCHW, s.layout());
        assertEquals(KernelLayout.HWIO, s.kernelLayout());
        assertStrideDilationGroups(s, new int[] {1, 1}, new int[] {2, 1}, 2);
        // None means the default, channels_last
        assertEquals(Layout.NHWC, KerasDialect.conv2D().translate(p("data_format", null), f32(1, 5, 5, 1),
                f32(3, 3, 1, 1), null).spec().layout());
    }

    @Test
    void kerasChecksItsArgumentsAgainstTheKernel() {
        assertThrows(IllegalArgumentException.class, () -> KerasDialect.conv2D().translate(p("kernel_size", 3),
                f32(1, 5, 5, 1), f32(2, 2, 1, 1), null));
        assertThrows(IllegalArgumentException.class, () -> KerasDialect.conv2D().translate(p("filters", 2),
                f32(1, 5, 5, 1), f32(3, 3, 1, 1), null));
        assertThrows(IllegalArgumentException.class, () -> KerasDialect.conv2D().translate(p("use_bias", true),
                f32(1, 5, 5, 1), f32(3, 3, 1, 1), null));
        assertThrows(IllegalArgumentException.class, () -> KerasDialect.conv2D().translate(p("use_bias", false),
                f32(1, 5, 5, 1), f32(3, 3, 1, 1), f32(1)));
        assertThrows(IllegalArgumentException.class, () -> KerasDialect.depthwiseConv2D().translate(
                p("depth_multiplier", 2), f32(1, 5, 5, 3), f32(3, 3, 3, 1), null));
    }

    @Test
    void kerasDepthwise() {
        DialectCall c = KerasDialect.depthwiseConv2D().translate(p("kernel_size", 3, "depth_multiplier", 3,
                "padding", "same", "data_format", "channels_first", "use_bias", true), f32(1, 2, 7, 8),
                f32(3, 3, 2, 3), f32(6));
        assertEquals(KernelLayout.HWCM, c.spec().kernelLayout());
        assertEquals(2, c.spec().groups());
        assertShape(new int[] {1, 6, 7, 8}, c);
    }

    @Test
    void kerasComputesInTheLayersDtype() {
        DialectCall c = KerasDialect.conv2D().translate(Params.empty(), f64(1, 5, 5, 1), f32(3, 3, 1, 1), f64(1));
        assertEquals(DType.FLOAT32, c.spec().dtype());
        assertEquals(DType.FLOAT32, c.input().dtype());
        assertEquals(DType.FLOAT32, c.bias().dtype());
    }
}
