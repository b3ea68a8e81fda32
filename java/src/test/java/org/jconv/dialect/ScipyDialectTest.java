package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.assertPads;
import static org.jconv.dialect.Fixtures.assertShape;
import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jconv.DType;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** scipy.signal.convolve2d / correlate2d against SEMANTICS.md section 2. */
class ScipyDialectTest {

    /** The pads table of section 2 (of the flipped kernel for convolve2d). */
    @ParameterizedTest(name = "{0} {1} in {2}x{3} k {4}x{5} -> pads ({6}, {7}, {8}, {9}), out {10}x{11}")
    @CsvSource({
        "convolve2d, full, 7, 9, 3, 3, 2, 2, 2, 2, 9, 11",
        "correlate2d, full, 7, 9, 3, 3, 2, 2, 2, 2, 9, 11",
        "convolve2d, same, 7, 9, 3, 3, 1, 1, 1, 1, 7, 9",
        "correlate2d, same, 7, 9, 3, 3, 1, 1, 1, 1, 7, 9",
        // even kernels: convolve2d puts the extra row/column at the top/left, correlate2d at the bottom/right
        "convolve2d, same, 6, 7, 4, 2, 2, 1, 1, 0, 6, 7",
        "correlate2d, same, 6, 7, 4, 2, 1, 2, 0, 1, 6, 7",
        "convolve2d, same, 8, 8, 8, 8, 4, 3, 4, 3, 8, 8",
        "correlate2d, same, 8, 8, 8, 8, 3, 4, 3, 4, 8, 8",
        "convolve2d, valid, 7, 9, 3, 3, 0, 0, 0, 0, 5, 7",
        "correlate2d, valid, 6, 7, 4, 2, 0, 0, 0, 0, 3, 6",
        // kernel at least as large in every axis: the operands swap; zero pads (R-H, S-W)
        "convolve2d, valid, 3, 4, 6, 7, 3, 3, 3, 3, 4, 4",
        "correlate2d, valid, 3, 4, 5, 4, 2, 2, 0, 0, 3, 1",
        "convolve2d, valid, 3, 4, 3, 4, 0, 0, 0, 0, 1, 1",
        // 'same' and 'full' never swap, a larger kernel just means pads larger than the image
        "convolve2d, same, 3, 4, 6, 7, 3, 2, 3, 3, 3, 4",
        "correlate2d, same, 3, 4, 6, 7, 2, 3, 3, 3, 3, 4",
        "convolve2d, full, 3, 4, 6, 7, 5, 5, 6, 6, 8, 10",
    })
    void padsAndOutputShape(String fn, String mode, int h, int w, int r, int s, int top, int bottom, int left,
            int right, int oh, int ow) {
        Dialect d = Dialects.forSystem("scipy.signal." + fn);
        DialectCall call = d.translate(p("mode", mode), f64(h, w), f64(r, s), null);
        ConvSpec spec = call.spec();
        assertPads(spec, top, bottom, left, right);
        assertEquals(fn.equals("convolve2d"), spec.flip());
        assertShape(new int[] {oh, ow}, call);
        assertArrayEquals(new int[] {1, 1, h, w}, call.input().shape());
        assertArrayEquals(new int[] {1, 1, r, s}, call.kernel().shape());
        assertEquals(Layout.NCHW, spec.layout());
        assertEquals(KernelLayout.OIHW, spec.kernelLayout());
        assertArrayEquals(new int[] {1, 1}, spec.stride());
        assertArrayEquals(new int[] {1, 1}, spec.dilation());
        assertEquals(1, spec.groups());
    }

    @ParameterizedTest(name = "boundary {0} -> {1}")
    @CsvSource({
        "fill, CONSTANT",
        "pad, CONSTANT",
        "wrap, CIRCULAR",
        "circular, CIRCULAR",
        "symm, SYMMETRIC",
        "symmetric, SYMMETRIC",
    })
    void boundaryNames(String boundary, BorderMode mode) {
        ConvSpec s = ScipyDialect.correlate2d().translate(p("mode", "same", "boundary", boundary, "fillvalue", 1.5),
                f64(5, 5), f64(3, 3), null).spec();
        assertEquals(mode, s.borderMode());
        if (mode == BorderMode.CONSTANT) {
            assertEquals(1.5, s.borderValue());
        }
    }

    @Test
    void defaultsAreFullFillZero() {
        ConvSpec s = ScipyDialect.convolve2d().translate(Params.empty(), f64(4, 5), f64(2, 3), null).spec();
        assertPads(s, 1, 1, 2, 2);
        assertEquals(BorderMode.CONSTANT, s.borderMode());
        assertEquals(0.0, s.borderValue());
    }

    @Test
    void validNeverReadsTheBoundary() {
        DialectCall c = ScipyDialect.convolve2d().translate(p("mode", "valid", "boundary", "symm", "fillvalue", 2.0),
                f32(6, 6), f32(3, 3), null);
        assertEquals(BorderMode.CONSTANT, c.spec().borderMode());
        assertEquals(0.0, c.spec().borderValue());
        assertTrue(c.explain().contains("ignored"), c.explain());
        // the swap fills with zeros whatever fillvalue says
        DialectCall swap = ScipyDialect.correlate2d().translate(p("mode", "valid", "fillvalue", 2.0), f32(3, 4),
                f32(6, 7), null);
        assertEquals(0.0, swap.spec().borderValue());
        assertTrue(swap.explain().contains("swaps the operands"), swap.explain());
    }

    @Test
    void dtypeIsNumpysResultType() {
        assertEquals(DType.FLOAT32, ScipyDialect.convolve2d().translate(Params.empty(), f32(4, 4), f32(2, 2), null)
                .spec().dtype());
        assertEquals(DType.FLOAT64, ScipyDialect.convolve2d().translate(Params.empty(), f32(4, 4), f64(2, 2), null)
                .spec().dtype());
        DialectCall mixed = ScipyDialect.correlate2d().translate(Params.empty(), f64(4, 4), f32(2, 2), null);
        assertEquals(DType.FLOAT64, mixed.spec().dtype());
        assertEquals(DType.FLOAT64, mixed.kernel().dtype());
        // fillvalue is cast to the output dtype
        ConvSpec s = ScipyDialect.convolve2d().translate(p("mode", "same", "fillvalue", 0.1), f32(4, 4), f32(3, 3), null)
                .spec();
        assertEquals((double) (float) 0.1, s.borderValue());
        assertFalse(0.1 == s.borderValue());
    }

    @Test
    void theKernelAndImageAreNotCopiedNorReordered() {
        DialectCall c = ScipyDialect.convolve2d().translate(Params.empty(), f64(3, 4), f64(2, 2), null);
        assertEquals(f64(3, 4).get(5), c.input().get(5));
        assertNull(c.bias());
        assertThrows(IllegalArgumentException.class,
                () -> ScipyDialect.convolve2d().translate(Params.empty(), f64(3, 4), f64(2, 2), f64(1)));
    }
}
