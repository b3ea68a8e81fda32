package org.jconv.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.jconv.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ConvSpec}: defaults, per-axis arguments, validation messages, describe(), equality. */
class ConvSpecTest {

    @Test
    void builderDefaultsAreTheNeutralConvolution() {
        ConvSpec s = ConvSpec.builder(2).build();
        assertEquals(2, s.rank());
        assertFalse(s.flip());
        assertArrayEquals(new int[] {0, 0}, s.padBefore());
        assertArrayEquals(new int[] {0, 0}, s.padAfter());
        assertEquals(BorderMode.CONSTANT, s.borderMode());
        assertEquals(0.0, s.borderValue());
        assertArrayEquals(new int[] {1, 1}, s.stride());
        assertArrayEquals(new int[] {1, 1}, s.dilation());
        assertEquals(1, s.groups());
        assertEquals(Layout.NCHW, s.layout());
        assertEquals(KernelLayout.OIHW, s.kernelLayout());
        assertEquals(DType.FLOAT32, s.dtype());
        assertEquals("cross-correlation; pads top 0 bottom 0 left 0 right 0, zero; stride 1x1; dilation 1x1; groups 1;"
                + " NCHW/OIHW; float32", s.describe());
    }

    static Stream<Arguments> ranks() {
        return Stream.of(Arguments.of(1), Arguments.of(2), Arguments.of(3));
    }

    @ParameterizedTest(name = "rank {0}")
    @MethodSource("ranks")
    void oneValueMeansEveryAxis(int rank) {
        ConvSpec s = ConvSpec.builder(rank).pad(2).stride(3).dilation(2).build();
        for (int a = 0; a < rank; a++) {
            assertEquals(2, s.padBefore(a));
            assertEquals(2, s.padAfter(a));
            assertEquals(3, s.stride(a));
            assertEquals(2, s.dilation(a));
        }
        assertEquals(rank, s.stride().length);
    }

    @Test
    void perAxisValuesKeepTheirOrder() {
        ConvSpec s = ConvSpec.builder(3).pads(new int[] {1, 2, 3}, new int[] {4, 5, 6}).stride(1, 2, 3)
                .dilation(3, 2, 1).build();
        assertArrayEquals(new int[] {1, 2, 3}, s.padBefore());
        assertArrayEquals(new int[] {4, 5, 6}, s.padAfter());
        assertArrayEquals(new int[] {1, 2, 3}, s.stride());
        assertArrayEquals(new int[] {3, 2, 1}, s.dilation());
    }

    @Test
    void fourPadsAreTopBottomLeftRight() {
        ConvSpec s = ConvSpec.builder(2).pads(1, 2, 3, 4).build();
        assertArrayEquals(new int[] {1, 3}, s.padBefore());
        assertArrayEquals(new int[] {2, 4}, s.padAfter());
    }

    @Test
    void specIsImmutable() {
        int[] stride = {2, 3};
        ConvSpec.Builder b = ConvSpec.builder(2).stride(stride);
        ConvSpec s = b.build();
        stride[0] = 7;                    // the caller's array
        s.stride()[1] = 9;                // the returned copy
        b.stride(5).groups(4);            // the builder after build()
        assertArrayEquals(new int[] {2, 3}, s.stride());
        assertEquals(1, s.groups());
    }

    @Test
    void toBuilderRoundTripsAndEqualityCoversEveryField() {
        ConvSpec s = ConvSpec.builder(2).flip(true).pads(1, 0, 2, 3).border(BorderMode.CONSTANT, 1.5).stride(2, 1)
                .dilation(1, 2).groups(2).layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO).dtype(DType.FLOAT64)
                .build();
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertNotEquals(s, s.toBuilder().flip(false).build());
        assertNotEquals(s, s.toBuilder().pads(1, 0, 2, 4).build());
        assertNotEquals(s, s.toBuilder().border(BorderMode.CONSTANT, 2).build());
        assertNotEquals(s, s.toBuilder().border(BorderMode.SYMMETRIC).build());
        assertNotEquals(s, s.toBuilder().stride(2, 2).build());
        assertNotEquals(s, s.toBuilder().dilation(2, 2).build());
        assertNotEquals(s, s.toBuilder().groups(1).build());
        assertNotEquals(s, s.toBuilder().layout(Layout.NCHW).build());
        assertNotEquals(s, s.toBuilder().kernelLayout(KernelLayout.OIHW).build());
        assertNotEquals(s, s.toBuilder().dtype(DType.FLOAT32).build());
        assertNotEquals(s, ConvSpec.builder(1).build());
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                bad("rank 0", () -> ConvSpec.builder(0), "rank", "0"),
                bad("rank 4", () -> ConvSpec.builder(4), "rank", "4"),
                bad("negative pad (crop) with reflect border", () -> ConvSpec.builder(2)
                        .pads(new int[] {0, -1}, new int[] {0, 0}).border(BorderMode.REFLECT).build(), "spatial axis 1", "-1"),
                bad("negative pad (crop) with edge border", () -> ConvSpec.builder(2).pads(0, -2, 0, 0)
                        .border(BorderMode.EDGE).build(), "spatial axis 0", "-2"),
                bad("input dilation 0", () -> ConvSpec.builder(2).inputDilation(1, 0).build(), "inputDilation[1]", "0"),
                bad("input dilation with symmetric border", () -> ConvSpec.builder(1).inputDilation(2)
                        .border(BorderMode.SYMMETRIC).build(), "inputDilation[0]", "symmetric"),
                bad("stride 0", () -> ConvSpec.builder(2).stride(1, 0).build(), "stride[1]", "0"),
                bad("negative stride", () -> ConvSpec.builder(1).stride(-3).build(), "stride[0]", "-3"),
                bad("dilation 0", () -> ConvSpec.builder(3).dilation(0).build(), "dilation[0]", "0"),
                bad("groups 0", () -> ConvSpec.builder(2).groups(0).build(), "groups", "0"),
                bad("groups -2", () -> ConvSpec.builder(2).groups(-2).build(), "groups", "-2"),
                bad("stride with 3 entries for rank 2", () -> ConvSpec.builder(2).stride(1, 2, 3), "stride", "[1, 2, 3]"),
                bad("dilation with no entry", () -> ConvSpec.builder(2).dilation(), "dilation", "[]"),
                bad("pads with 2 entries for rank 3", () -> ConvSpec.builder(3).pads(new int[] {1, 1}, new int[] {1}),
                        "padBefore", "[1, 1]"),
                bad("four pads for rank 1", () -> ConvSpec.builder(1).pads(1, 1, 1, 1), "pads(top, bottom, left, right)", "rank 1"),
                bad("null stride", () -> ConvSpec.builder(2).stride((int[]) null), "stride", "null"),
                bad("null dilation", () -> ConvSpec.builder(2).dilation((int[]) null), "dilation", "null"),
                bad("null pads", () -> ConvSpec.builder(2).pads(null, new int[] {0}), "padBefore", "null"),
                bad("null pads after", () -> ConvSpec.builder(2).pads(new int[] {0}, null), "padAfter", "null"),
                bad("null border", () -> ConvSpec.builder(2).border(null), "border", "null"),
                bad("null layout", () -> ConvSpec.builder(2).layout(null), "layout", "null"),
                bad("null kernel layout", () -> ConvSpec.builder(2).kernelLayout(null), "kernelLayout", "null"),
                bad("null dtype", () -> ConvSpec.builder(2).dtype(null), "dtype", "null"));
    }

    static Arguments bad(String what, Executable call, String parameter, String value) {
        return Arguments.of(what, call, parameter, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void validationNamesTheParameterAndTheValue(String what, Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), () -> "message '" + e.getMessage() + "' does not name " + parameter);
        assertTrue(e.getMessage().contains(value), () -> "message '" + e.getMessage() + "' does not give the value " + value);
    }

    static Stream<Arguments> descriptions() {
        return Stream.of(
                Arguments.of(ConvSpec.builder(2).pads(0, 1, 0, 1).stride(2, 2).layout(Layout.NHWC)
                        .kernelLayout(KernelLayout.HWIO).build(),
                        "cross-correlation; pads top 0 bottom 1 left 0 right 1, zero; stride 2x2; dilation 1x1; groups 1;"
                                + " NHWC/HWIO; float32"),
                Arguments.of(ConvSpec.builder(2).flip(true).pad(1).border(BorderMode.SYMMETRIC).dtype(DType.FLOAT64).build(),
                        "true convolution (kernel rotated 180 degrees); pads top 1 bottom 1 left 1 right 1, symmetric;"
                                + " stride 1x1; dilation 1x1; groups 1; NCHW/OIHW; float64"),
                Arguments.of(ConvSpec.builder(2).pad(2).border(BorderMode.CONSTANT, 2.5).build(),
                        "cross-correlation; pads top 2 bottom 2 left 2 right 2, constant 2.5; stride 1x1; dilation 1x1;"
                                + " groups 1; NCHW/OIHW; float32"),
                Arguments.of(ConvSpec.builder(2).pad(1).border(BorderMode.CONSTANT, -1).groups(32)
                        .kernelLayout(KernelLayout.HWCM).layout(Layout.NHWC).build(),
                        "cross-correlation; pads top 1 bottom 1 left 1 right 1, constant -1; stride 1x1; dilation 1x1;"
                                + " groups 32; NHWC/HWCM; float32"),
                Arguments.of(ConvSpec.builder(1).pads(new int[] {4}, new int[] {0}).dilation(2).layout(Layout.NHWC)
                        .kernelLayout(KernelLayout.HWIO).build(),
                        "cross-correlation; pads left 4 right 0, zero; stride 1; dilation 2; groups 1; NWC/WIO; float32"),
                Arguments.of(ConvSpec.builder(3).pads(new int[] {1, 0, 2}, new int[] {0, 1, 2}).stride(2, 1, 1)
                        .border(BorderMode.CIRCULAR).build(),
                        "cross-correlation; pads front 1 back 0 top 0 bottom 1 left 2 right 2, circular; stride 2x1x1;"
                                + " dilation 1x1x1; groups 1; NCDHW/OIDHW; float32"),
                Arguments.of(ConvSpec.builder(2).border(BorderMode.EDGE).build(),
                        "cross-correlation; pads top 0 bottom 0 left 0 right 0, edge; stride 1x1; dilation 1x1; groups 1;"
                                + " NCHW/OIHW; float32"),
                Arguments.of(ConvSpec.builder(2).border(BorderMode.REFLECT).build(),
                        "cross-correlation; pads top 0 bottom 0 left 0 right 0, reflect; stride 1x1; dilation 1x1; groups 1;"
                                + " NCHW/OIHW; float32"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("descriptions")
    void describeIsOneReadableLine(ConvSpec spec, String expected) {
        assertEquals(expected, spec.describe());
        assertEquals("ConvSpec[" + expected + "]", spec.toString());
    }
}
