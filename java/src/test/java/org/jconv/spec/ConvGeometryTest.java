package org.jconv.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ConvGeometry}: the output-size formula [C1], channel bookkeeping, validation, describe(). */
class ConvGeometryTest {

    private static ConvSpec.Builder nchw(int rank) {
        return ConvSpec.builder(rank);
    }

    static Stream<Arguments> outputShapes() {
        return Stream.of(
                shape("ConvGeometry example: 224, k7, pad 3, stride 2", nchw(2).pad(3).stride(2).build(),
                        new int[] {1, 3, 224, 224}, new int[] {64, 3, 7, 7}, new int[] {1, 64, 112, 112}),
                shape("Keras same, stride 2 on even 224 (pads 0, 1)", nchw(2).pads(0, 1, 0, 1).stride(2)
                        .layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO).build(),
                        new int[] {1, 224, 224, 3}, new int[] {3, 3, 3, 64}, new int[] {1, 112, 112, 64}),
                shape("TF SAME n=8 k=3 s=2 -> (0, 1)", nchw(2).pads(0, 1, 0, 1).stride(2).build(),
                        new int[] {1, 1, 8, 8}, new int[] {1, 1, 3, 3}, new int[] {1, 1, 4, 4}),
                shape("TF SAME n=7 k=3 s=2 -> (1, 1)", nchw(2).pad(1).stride(2).build(),
                        new int[] {1, 1, 7, 7}, new int[] {1, 1, 3, 3}, new int[] {1, 1, 4, 4}),
                shape("TF SAME n=10 k=4 s=3 -> (1, 2)", nchw(2).pads(1, 2, 1, 2).stride(3).build(),
                        new int[] {1, 1, 10, 10}, new int[] {1, 1, 4, 4}, new int[] {1, 1, 4, 4}),
                shape("TF SAME n=8 k=4 s=1 -> (1, 2)", nchw(2).pads(1, 2, 1, 2).build(),
                        new int[] {1, 1, 8, 8}, new int[] {1, 1, 4, 4}, new int[] {1, 1, 8, 8}),
                shape("TF SAME k=1 s=3 -> (0, 0), ceil(10/3)", nchw(2).stride(3).build(),
                        new int[] {1, 1, 10, 10}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 4, 4}),
                shape("Theano 'half' with an even 8x8 kernel on 50x50 gives 51x51", nchw(2).pad(4).flip(true).build(),
                        new int[] {1, 1, 50, 50}, new int[] {1, 1, 8, 8}, new int[] {1, 1, 51, 51}),
                shape("scipy 'full' 7x9 * 3x3 -> 9x11", nchw(2).pad(2).flip(true).build(),
                        new int[] {1, 1, 7, 9}, new int[] {1, 1, 3, 3}, new int[] {1, 1, 9, 11}),
                shape("scipy 'valid' swap: 3x4 image, 6x7 kernel -> 4x4", nchw(2).pads(3, 3, 3, 3).build(),
                        new int[] {1, 1, 3, 4}, new int[] {1, 1, 6, 7}, new int[] {1, 1, 4, 4}),
                shape("dilation 2, k=3, n=10 -> 6", nchw(2).dilation(2).build(),
                        new int[] {1, 1, 10, 10}, new int[] {1, 1, 3, 3}, new int[] {1, 1, 6, 6}),
                shape("torch 'same', k=4 d=2: pads (3, 3)", nchw(2).pad(3).dilation(2).build(),
                        new int[] {2, 3, 9, 6}, new int[] {5, 3, 4, 4}, new int[] {2, 5, 9, 6}),
                shape("Keras Conv1D causal k=3 d=2: pads (4, 0), out = n", nchw(1).pads(new int[] {4}, new int[] {0})
                        .dilation(2).build(), new int[] {1, 2, 10}, new int[] {4, 2, 3}, new int[] {1, 4, 10}),
                shape("Conv1D causal stride 3: ceil(n / s)", nchw(1).pads(new int[] {2}, new int[] {0}).stride(3)
                        .layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO).build(),
                        new int[] {1, 10, 2}, new int[] {3, 2, 4}, new int[] {1, 4, 4}),
                shape("3-D NDHWC, pad 1, stride 2", nchw(3).pad(1).stride(2).layout(Layout.NHWC)
                        .kernelLayout(KernelLayout.HWIO).build(),
                        new int[] {2, 5, 6, 7, 3}, new int[] {3, 3, 3, 3, 8}, new int[] {2, 3, 3, 4, 8}),
                shape("groups 2, OIHW [6, 2, 3, 3] on 4 channels", nchw(2).groups(2).build(),
                        new int[] {1, 4, 5, 5}, new int[] {6, 2, 3, 3}, new int[] {1, 6, 3, 3}),
                shape("depthwise HWCM [3, 3, 4, 2]: 8 output channels", nchw(2).groups(4).layout(Layout.NHWC)
                        .kernelLayout(KernelLayout.HWCM).build(),
                        new int[] {1, 5, 5, 4}, new int[] {3, 3, 4, 2}, new int[] {1, 3, 3, 8}),
                shape("kernel exactly the padded size -> 1", nchw(2).pad(1).build(),
                        new int[] {1, 1, 2, 2}, new int[] {1, 1, 4, 4}, new int[] {1, 1, 1, 1}),
                shape("stride beyond the input -> 1", nchw(2).stride(7).build(),
                        new int[] {1, 1, 5, 5}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}),
                shape("pads wider than the input", nchw(2).pads(9, 0, 0, 11).border(BorderMode.CIRCULAR).build(),
                        new int[] {1, 1, 3, 2}, new int[] {1, 1, 2, 2}, new int[] {1, 1, 11, 12}),
                shape("asymmetric everything", nchw(2).pads(0, 3, 2, 1).stride(2, 3).dilation(3, 2).build(),
                        new int[] {1, 1, 11, 13}, new int[] {1, 1, 3, 4}, new int[] {1, 1, 4, 4}));
    }

    static Arguments shape(String what, ConvSpec spec, int[] in, int[] kernel, int[] out) {
        return Arguments.of(what, spec, in, kernel, out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputShapes")
    void outputShapeFollowsTheCanonicalFormula(String what, ConvSpec spec, int[] in, int[] kernel, int[] expected) {
        ConvGeometry g = ConvGeometry.of(spec, in, kernel);
        assertArrayEquals(expected, g.outputShape());
        // [C1] per axis, independently of the class: floor((n + before + after - d(k-1) - 1) / s) + 1
        int[] inSize = g.inSize();
        int[] kSize = g.kernelSize();
        for (int a = 0; a < spec.rank(); a++) {
            int o = Math.floorDiv(inSize[a] + spec.padBefore(a) + spec.padAfter(a) - spec.dilation(a) * (kSize[a] - 1) - 1,
                    spec.stride(a)) + 1;
            assertEquals(o, g.outSize()[a], "axis " + a);
        }
    }

    @Test
    void channelBookkeepingForEveryKernelLayout() {
        ConvGeometry oihw = ConvGeometry.of(nchw(2).groups(2).build(), new int[] {3, 4, 5, 6}, new int[] {6, 2, 3, 2});
        assertEquals(3, oihw.batch());
        assertEquals(4, oihw.inChannels());
        assertEquals(6, oihw.outChannels());
        assertArrayEquals(new int[] {5, 6}, oihw.inSize());
        assertArrayEquals(new int[] {3, 2}, oihw.kernelSize());
        assertArrayEquals(new int[] {3, 5}, oihw.outSize());
        assertEquals(2 * 3 * 2, oihw.taps());
        assertEquals(3L * 4 * 5 * 6, oihw.inputElements());
        assertEquals(6L * 2 * 3 * 2, oihw.kernelElements());
        assertEquals(3L * 6 * 3 * 5, oihw.outputElements());
        assertEquals(oihw.outputElements() * oihw.taps(), oihw.macs());

        ConvGeometry hwio = ConvGeometry.of(nchw(2).groups(2).layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO).build(),
                new int[] {3, 5, 6, 4}, new int[] {3, 2, 2, 6});
        assertEquals(4, hwio.inChannels());
        assertEquals(6, hwio.outChannels());
        assertArrayEquals(new int[] {3, 3, 5, 6}, hwio.outputShape());
        assertEquals(oihw.taps(), hwio.taps());

        ConvGeometry hwcm = ConvGeometry.of(nchw(2).groups(4).kernelLayout(KernelLayout.HWCM).build(),
                new int[] {1, 4, 5, 5}, new int[] {3, 3, 4, 3});
        assertEquals(12, hwcm.outChannels());
        assertEquals(9, hwcm.taps());
        assertArrayEquals(new int[] {1, 12, 3, 3}, hwcm.outputShape());
    }

    @Test
    void shapesAreCopies() {
        int[] in = {1, 1, 4, 4};
        ConvGeometry g = ConvGeometry.of(nchw(2).build(), in, new int[] {1, 1, 3, 3});
        in[2] = 100;
        g.inputShape()[3] = 100;
        g.outputShape()[2] = 100;
        assertArrayEquals(new int[] {1, 1, 4, 4}, g.inputShape());
        assertArrayEquals(new int[] {1, 1, 2, 2}, g.outputShape());
    }

    static Stream<Arguments> invalidGeometries() {
        ConvSpec plain = nchw(2).build();
        return Stream.of(
                bad("null spec", () -> ConvGeometry.of(null, new int[] {1, 1, 3, 3}, new int[] {1, 1, 1, 1}), "spec", "null"),
                bad("null input shape", () -> ConvGeometry.of(plain, null, new int[] {1, 1, 1, 1}), "inputShape", "null"),
                bad("null kernel shape", () -> ConvGeometry.of(plain, new int[] {1, 1, 3, 3}, null), "kernelShape", "null"),
                bad("input of rank 3 for a 2-D spec", () -> ConvGeometry.of(plain, new int[] {1, 3, 8}, new int[] {1, 3, 1, 1}),
                        "input shape [1, 3, 8]", "rank 4"),
                bad("kernel of rank 5 for a 2-D spec", () -> ConvGeometry.of(plain, new int[] {1, 3, 8, 8},
                        new int[] {1, 3, 1, 1, 1}), "kernel shape [1, 3, 1, 1, 1]", "rank 4"),
                bad("input with a zero size", () -> ConvGeometry.of(plain, new int[] {1, 3, 0, 8}, new int[] {1, 3, 1, 1}),
                        "input shape [1, 3, 0, 8]", "size 0"),
                bad("kernel with a zero size", () -> ConvGeometry.of(plain, new int[] {1, 3, 8, 8}, new int[] {0, 3, 1, 1}),
                        "kernel shape [0, 3, 1, 1]", "size 0"),
                bad("groups not dividing C", () -> ConvGeometry.of(nchw(2).groups(3).build(), new int[] {1, 4, 5, 5},
                        new int[] {3, 1, 3, 3}), "groups 3", "input channels 4"),
                bad("groups not dividing O", () -> ConvGeometry.of(nchw(2).groups(2).build(), new int[] {1, 4, 5, 5},
                        new int[] {5, 2, 3, 3}), "groups 2", "output channels 5"),
                bad("kernel input channels do not match", () -> ConvGeometry.of(plain, new int[] {1, 4, 5, 5},
                        new int[] {8, 3, 3, 3}), "kernel shape [8, 3, 3, 3]", "3 input channels per group"),
                bad("HWIO in-depth does not match", () -> ConvGeometry.of(nchw(2).kernelLayout(KernelLayout.HWIO).build(),
                        new int[] {1, 4, 5, 5}, new int[] {3, 3, 2, 8}), "kernel shape [3, 3, 2, 8]", "2 input channels"),
                bad("kernel larger than the padded input", () -> ConvGeometry.of(nchw(2).pads(0, 1, 0, 0).build(),
                        new int[] {1, 1, 3, 6}, new int[] {1, 1, 5, 3}), "kernel size 5", "padded input 4"),
                bad("dilated kernel larger than the padded input", () -> ConvGeometry.of(nchw(1).dilation(3).build(),
                        new int[] {1, 1, 6}, new int[] {1, 1, 3}), "dilated 7", "padded input 6"),
                bad("HWCM with groups != C", () -> ConvGeometry.of(nchw(2).kernelLayout(KernelLayout.HWCM).build(),
                        new int[] {1, 4, 5, 5}, new int[] {3, 3, 4, 1}), "groups == input channels 4", "got groups 1"),
                bad("HWCM with the wrong channel count", () -> ConvGeometry.of(nchw(2).groups(4)
                        .kernelLayout(KernelLayout.HWCM).build(), new int[] {1, 4, 5, 5}, new int[] {3, 3, 2, 2}),
                        "kernel shape [3, 3, 2, 2]", "has 2 channels, the input has 4"));
    }

    static Arguments bad(String what, Executable call, String parameter, String value) {
        return Arguments.of(what, call, parameter, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidGeometries")
    void validationNamesTheParameterAndTheValue(String what, Executable call, String parameter, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), () -> "message '" + e.getMessage() + "' does not name " + parameter);
        assertTrue(e.getMessage().contains(value), () -> "message '" + e.getMessage() + "' does not give " + value);
    }

    @Test
    void describeAppendsTheOutputShape() {
        ConvSpec spec = ConvSpec.builder(2).pads(0, 1, 0, 1).stride(2, 2).layout(Layout.NHWC)
                .kernelLayout(KernelLayout.HWIO).build();
        ConvGeometry g = ConvGeometry.of(spec, new int[] {1, 224, 224, 3}, new int[] {3, 3, 3, 64});
        assertEquals("cross-correlation; pads top 0 bottom 1 left 0 right 1, zero; stride 2x2; dilation 1x1; groups 1;"
                + " NHWC/HWIO; float32 -> output 1x112x112x64", g.describe());
        assertTrue(g.toString().contains("[1, 224, 224, 3]") && g.toString().contains("[3, 3, 3, 64]"), g.toString());
    }
}
