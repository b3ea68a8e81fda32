package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.assertPads;
import static org.jconv.dialect.Fixtures.assertShape;
import static org.jconv.dialect.Fixtures.assertStrideDilationGroups;
import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** torch.nn.functional.conv2d and torch.nn.Conv2d against SEMANTICS.md section 3. */
class TorchDialectTest {

    static Stream<Arguments> paddingForms() {
        // input [1, 2, 7, 8], weight [3, 2, kH, kW]
        return Stream.of(
                Arguments.of(p("padding", 1), 3, 3, new int[] {1, 1, 1, 1}, new int[] {1, 3, 7, 8}),
                Arguments.of(p("padding", List.of(2, 1)), 5, 3, new int[] {2, 2, 1, 1}, new int[] {1, 3, 7, 8}),
                Arguments.of(p("padding", List.of(1)), 3, 3, new int[] {1, 1, 1, 1}, new int[] {1, 3, 7, 8}),
                Arguments.of(p("padding", "valid"), 3, 2, new int[] {0, 0, 0, 0}, new int[] {1, 3, 5, 7}),
                Arguments.of(Params.empty(), 3, 2, new int[] {0, 0, 0, 0}, new int[] {1, 3, 5, 7}),
                // 'same': total d(k-1), extra at the bottom/right
                Arguments.of(p("padding", "same"), 4, 2, new int[] {1, 2, 0, 1}, new int[] {1, 3, 7, 8}),
                Arguments.of(p("padding", "same", "dilation", List.of(1, 2)), 4, 2, new int[] {1, 2, 1, 1},
                        new int[] {1, 3, 7, 8}),
                Arguments.of(p("padding", "same", "dilation", List.of(3, 1)), 2, 3, new int[] {1, 2, 1, 1},
                        new int[] {1, 3, 7, 8}),
                Arguments.of(p("padding", "same", "dilation", 2), 3, 3, new int[] {2, 2, 2, 2}, new int[] {1, 3, 7, 8}),
                Arguments.of(p("stride", List.of(2, 1), "padding", List.of(1, 0)), 3, 3, new int[] {1, 1, 0, 0},
                        new int[] {1, 3, 4, 6}));
    }

    @ParameterizedTest(name = "{0} kernel {1}x{2}")
    @MethodSource("paddingForms")
    void padding(Params params, int kh, int kw, int[] pads, int[] out) {
        DialectCall c = TorchDialect.functional().translate(params, f32(1, 2, 7, 8), f32(3, 2, kh, kw), null);
        assertPads(c.spec(), pads[0], pads[1], pads[2], pads[3]);
        assertShape(out, c);
        assertFalse(c.spec().flip());
        assertEquals(BorderMode.CONSTANT, c.spec().borderMode());
    }

    @ParameterizedTest(name = "padding_mode {0} -> {1}")
    @CsvSource({"zeros, CONSTANT", "reflect, REFLECT", "replicate, EDGE", "circular, CIRCULAR"})
    void paddingMode(String mode, BorderMode border) {
        Params params = p("padding", 1, "padding_mode", mode);
        assertEquals(border, TorchDialect.module().translate(params, f32(1, 2, 7, 8), f32(3, 2, 3, 3), null).spec()
                .borderMode());
        // the command line's 'torch' is F.conv2d plus padding_mode
        DialectCall cli = Dialects.forSystem("torch").translate(params, f32(1, 2, 7, 8), f32(3, 2, 3, 3), null);
        assertEquals(border, cli.spec().borderMode());
        assertEquals("torch.nn.functional.conv2d", cli.system());
        if (border != BorderMode.CONSTANT) {
            assertTrue(cli.explain().contains("F.pad(x, (1, 1, 1, 1), mode='" + mode + "')"), cli.explain());
        }
    }

    @Test
    void theFunctionalFormHasNoPaddingMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchDialect.functional()
                .translate(p("padding_mode", "reflect"), f32(1, 1, 5, 5), f32(1, 1, 3, 3), null));
        assertTrue(e.getMessage().startsWith("unknown parameter 'padding_mode' for torch.nn.functional.conv2d"),
                e.getMessage());
    }

    @Test
    void sameWithPaddingModeUsesTheSameSplit() {
        ConvSpec s = TorchDialect.module().translate(p("kernel_size", List.of(4, 2), "padding", "same",
                "dilation", List.of(1, 2), "padding_mode", "circular", "bias", false), f32(1, 2, 7, 8),
                f32(3, 2, 4, 2), null).spec();
        assertPads(s, 1, 2, 1, 1);
        assertEquals(BorderMode.CIRCULAR, s.borderMode());
    }

    @Test
    void strideDilationGroups() {
        ConvSpec s = TorchDialect.functional().translate(p("stride", 2, "padding", 2, "dilation", 2, "groups", 2),
                f32(1, 4, 9, 9), f32(4, 2, 3, 3), f32(4)).spec();
        assertStrideDilationGroups(s, new int[] {2, 2}, new int[] {2, 2}, 2);
    }

    @Test
    void unbatchedInputGivesAnUnbatchedResult() {
        Tensor x = f64(2, 6, 7);
        Tensor w = f64(3, 2, 3, 3);
        Tensor b = f64(3);
        DialectCall c = TorchDialect.functional().translate(p("padding", 1), x, w, b);
        assertShape(new int[] {3, 6, 7}, c);
        Tensor unbatched = c.run(Backends.java());
        Tensor batched = TorchDialect.functional().translate(p("padding", 1), x.reshape(1, 2, 6, 7), w, b)
                .run(Backends.java());
        Tolerance.compare(batched.reshape(3, 6, 7), unbatched, 0).assertOk("unbatched equals batched");
    }

    @Test
    void moduleArgumentsAreCheckedAgainstTheWeight() {
        Params ok = p("in_channels", 2, "out_channels", 3, "kernel_size", 3, "bias", true);
        TorchDialect.module().translate(ok, f32(1, 2, 5, 5), f32(3, 2, 3, 3), f32(3));
        assertThrows(IllegalArgumentException.class, () -> TorchDialect.module()
                .translate(p("kernel_size", List.of(3, 2)), f32(1, 2, 5, 5), f32(3, 2, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> TorchDialect.module()
                .translate(p("out_channels", 4), f32(1, 2, 5, 5), f32(3, 2, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> TorchDialect.module()
                .translate(p("bias", true), f32(1, 2, 5, 5), f32(3, 2, 3, 3), null));
        assertThrows(IllegalArgumentException.class, () -> TorchDialect.module()
                .translate(p("bias", false), f32(1, 2, 5, 5), f32(3, 2, 3, 3), f32(3)));
        DialectRefusal e = assertThrows(DialectRefusal.class, () -> TorchDialect.module()
                .translate(p("in_channels", 2), f32(1, 4, 5, 5), f32(3, 2, 3, 3), null));
        assertTrue(e.getMessage().contains("to have 2 channels, but got 4 channels instead"), e.getMessage());
        assertThrows(DialectRefusal.class, () -> TorchDialect.module()
                .translate(p("in_channels", 3, "groups", 2), f32(1, 3, 5, 5), f32(4, 1, 3, 3), null));
    }
}
