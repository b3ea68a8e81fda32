package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.testing.Comparison;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;

/**
 * Recipes on the seed question (golden cases "seedA-...") and on even kernels, each checked by
 * running what the recipe says and comparing with the reference's numbers.
 */
class RecipesTest {

    /** {@code k[::-1, ::-1]} of a 2-D tensor. */
    private static Tensor rot180(Tensor k) {
        int r = k.shape(0);
        int s = k.shape(1);
        Tensor out = Tensor.zeros(k.dtype(), r, s);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < s; j++) {
                out.set(i * s + j, k.get((r - 1 - i) * s + (s - 1 - j)));
            }
        }
        return out;
    }

    private static String step(Recipe r, int i) {
        return r.steps().get(i);
    }

    @Test
    void seedAKerasFromScipyIsConvolve2dOfTheRotatedKernel() {
        GoldenCase keras = GoldenCase.byId("seedA-keras-Conv2D-same-002");
        DialectCall k = keras.translate();
        Tensor image = keras.input().reshape(8, 8);
        Tensor kernel = keras.kernel().reshape(3, 3);
        DialectCall s = ScipyDialect.convolve2d().translate(p("mode", "same"), image, kernel, null);

        Recipe r = Recipes.reproduce(k, s);
        assertFalse(r.sameComputation());
        assertEquals(2, r.steps().size(), r.toString());
        assertTrue(step(r, 0).startsWith(
                "call scipy.signal.convolve2d(x[0, :, :, 0], w[:, :, 0, 0][::-1, ::-1], mode='same'): the kernel is"
                + " rotated 180 degrees"), r.toString());
        assertTrue(step(r, 0).contains("w.T is not a rotation"), r.toString());
        assertEquals("output: y[None, :, :, None] is keras.layers.Conv2D's result (NHWC)", step(r, 1));

        // following it reproduces the Keras numbers
        Tensor y = Scipy.convolve2d(image, rot180(kernel), "same", "fill", 0, Backends.java());
        Tolerance.compare(keras.expected(), y.reshape(1, 8, 8, 1), keras.atol()).assertOk("recipe for seed A");
        // and the golden data agrees: convolve2d(image, kernel[::-1, ::-1]) and correlate2d(image, kernel) are Keras's
        Tolerance.compare(keras.expected().reshape(8, 8), GoldenCase.byId("seedA-scipy-convolve2d-same-rot180-004")
                .expected(), keras.atol()).assertOk("seed A, rot180");
        Tolerance.compare(keras.expected().reshape(8, 8), GoldenCase.byId("seedA-scipy-correlate2d-same-003")
                .expected(), keras.atol()).assertOk("seed A, correlate2d");
    }

    @Test
    void seedAAsAskedIsNotKeras() {
        // convolve2d(image, kernel.T, 'same') as the seed asked: the transpose is not a rotation
        GoldenCase asked = GoldenCase.byId("seedA-scipy-convolve2d-same-kernelT-001");
        GoldenCase keras = GoldenCase.byId("seedA-keras-Conv2D-same-002");
        Comparison c = Tolerance.compare(keras.expected().reshape(8, 8), asked.expected(), keras.atol());
        assertFalse(c.ok());
        assertTrue(c.maxAbsError() > 1, "they differ by a semantic amount, not rounding: " + c.maxAbsError());
        // the recipe from the kernel the user really has to the Keras layer says: rotate, do not transpose
        Recipe r = Recipes.reproduce(asked.translate(), keras.translate());
        assertTrue(r.toString().contains("rotate it 180 degrees"), r.toString());
    }

    @Test
    void evenKernelKerasFromScipyIsCorrelate2d() {
        Tensor image = f32(8, 8);
        Tensor kernel = f32(4, 4);
        DialectCall k = KerasDialect.conv2D().translate(p("padding", "same"), image.reshape(1, 8, 8, 1),
                kernel.reshape(4, 4, 1, 1), null);
        DialectCall s = ScipyDialect.convolve2d().translate(p("mode", "same"), image, kernel, null);
        Recipe r = Recipes.reproduce(k, s);
        assertTrue(step(r, 0).startsWith("call scipy.signal.correlate2d(x[0, :, :, 0], w[:, :, 0, 0], mode='same');"
                + " scipy.signal.convolve2d has no mode with these pads (top 1 bottom 2 left 1 right 2)"), r.toString());

        Tensor keras = k.run(Backends.java());
        double atol = 1e-5;
        Tolerance.compare(keras, Scipy.correlate2d(image, kernel, "same", "fill", 0, Backends.java()).reshape(1, 8, 8, 1),
                atol).assertOk("even kernel: Keras 'same' = correlate2d 'same'");
        // the odd-kernel recipe would be off by one row and column here
        assertFalse(Tolerance.compare(keras, Scipy.convolve2d(image, rot180(kernel), "same", "fill", 0,
                Backends.java()).reshape(1, 8, 8, 1), atol).ok());
    }

    @Test
    void evenKernelScipyFromKerasNeedsZeroPadding() {
        Tensor image = f64(8, 8);
        Tensor kernel = f64(4, 4);
        DialectCall s = ScipyDialect.convolve2d().translate(p("mode", "same"), image, kernel, null);
        DialectCall k = KerasDialect.conv2D().translate(p("padding", "same"), image.reshape(1, 8, 8, 1),
                kernel.reshape(4, 4, 1, 1), null);
        Recipe r = Recipes.reproduce(s, k);
        String text = r.toString();
        assertTrue(text.contains("kernel: pass w[:, :, None, None][::-1, ::-1]"), text);
        assertTrue(text.contains("the extra row goes at the top in scipy.signal.convolve2d, at the bottom in"
                + " keras.layers.Conv2D"), text);
        assertTrue(text.contains("keras.layers.ZeroPadding2D(((2, 1), (2, 1))) before the layer, and padding='valid'"),
                text);

        // following it: zero-pad (2, 1) on each axis, then a 'valid' Keras layer with the rotated kernel
        Tensor padded = Tensor.zeros(image.dtype(), 1, 11, 11, 1);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                padded.set((i + 2) * 11 + (j + 2), image.get(i * 8 + j));
            }
        }
        Tensor y = Keras.conv2d(padded, rot180(kernel).reshape(4, 4, 1, 1), null, p("padding", "valid"), Backends.java());
        Tolerance.compare(s.run(Backends.java()).reshape(1, 8, 8, 1), y, 1e-12).assertOk("scipy from Keras");
    }

    @Test
    void theanoHalfFromOnnxWithAnEvenKernel() {
        Tensor x = f32(1, 2, 7, 7);
        Tensor w = f32(3, 2, 4, 4);
        DialectCall theano = TheanoDialect.conv2d().translate(p("border_mode", "half"), x, w, null);
        DialectCall onnx = OnnxDialect.conv().translate(p("auto_pad", "SAME_UPPER"), x, w, null);
        Recipe r = Recipes.reproduce(theano, onnx);
        assertEquals(List.of(
                "kernel: pass w[:, :, ::-1, ::-1]: rotate it 180 degrees, since theano.tensor.nnet.conv2d computes a true"
                        + " convolution and onnx.Conv a cross-correlation (a transpose such as w.T is not a rotation)",
                "pads: theano.tensor.nnet.conv2d pads top 2 bottom 2 left 2 right 2, onnx.Conv top 1 bottom 2 left 1"
                        + " right 2. Use pads=[2, 2, 2, 2] (ONNX order: all begins, then all ends)"), r.steps());
        // following it
        Tensor rotated = Tensor.zeros(w.dtype(), w.shape());
        for (int o = 0; o < 6; o++) {
            Tensor plane = Tensor.of(java.util.Arrays.copyOfRange(w.floats(), o * 16, o * 16 + 16), 4, 4);
            System.arraycopy(rot180(plane).floats(), 0, rotated.floats(), o * 16, 16);
        }
        Tensor y = Onnx.conv(x, rotated, null, p("pads", List.of(2, 2, 2, 2)), Backends.java());
        Tolerance.compare(theano.run(Backends.java()), y, 1e-5).assertOk("theano half from onnx");
        assertEquals(8, y.shape(2), "'half' with an even kernel gives n + 1");
    }

    @Test
    void torchFromTensorFlowAtStrideTwo() {
        // the porting trap of section 4: TF SAME at stride 2 pads (0, 1), torch padding=1 pads (1, 1)
        Tensor x = f32(1, 8, 8, 3);
        Tensor w = f32(3, 3, 3, 4);
        DialectCall tf = TfDialect.conv2d().translate(p("strides", 2, "padding", "SAME"), x, w, null);
        DialectCall torch = TorchDialect.functional().translate(p("stride", 2, "padding", 1), x.transpose(0, 3, 1, 2),
                w.transpose(3, 2, 0, 1), null);
        Recipe r = Recipes.reproduce(tf, torch);
        assertTrue(r.toString().contains("Use F.pad(x, (0, 1, 0, 1)) as the input and padding=0"), r.toString());
        assertTrue(r.toString().contains("input: pass x.transpose(0, 3, 1, 2)"), r.toString());
        assertTrue(r.toString().contains("output: y.transpose(0, 2, 3, 1)"), r.toString());
    }

    @Test
    void identicalFormsNeedNoStep() {
        Tensor x = f32(1, 6, 6, 2);
        Tensor w = f32(3, 3, 2, 2);
        DialectCall tf = TfDialect.conv2d().translate(p("strides", 1, "padding", "SAME"), x, w, null);
        DialectCall keras = KerasDialect.conv2D().translate(p("padding", "same"), x, w, null);
        Recipe r = Recipes.reproduce(tf, keras);
        assertTrue(r.sameComputation(), r.toString());
        assertTrue(r.toString().endsWith("keras.layers.Conv2D already computes what tf.nn.conv2d computes (identical"
                + " canonical forms)."), r.toString());
    }

    // ------------------------------------------------------------------ transposed (SEMANTICS.md 7, the porting trap)

    /** {@code y[:, :, r0:r0+h, c0:c0+w]} of an NCHW tensor. */
    private static Tensor window(Tensor y, int r0, int h, int c0, int w) {
        int n = y.shape(0);
        int c = y.shape(1);
        Tensor out = Tensor.zeros(y.dtype(), n, c, h, w);
        int rows = y.shape(2);
        int cols = y.shape(3);
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    out.set((p * h + i) * w + j, y.get((p * rows + r0 + i) * cols + c0 + j));
                }
            }
        }
        return out;
    }

    /**
     * Keras {@code Conv2DTranspose(2, 3, strides=2, padding='same')} and the usual torch port
     * {@code conv_transpose2d(stride=2, padding=1, output_padding=1)}: the same 8x10 output, one
     * pixel apart (Keras crops the scatter at the end, torch at the start). The recipe: padding=0,
     * output_padding=0, keep the first n*s samples per axis.
     */
    @Test
    void transposedPortingTrapKerasToTorch() {
        Tensor x = f32(1, 4, 5, 3);   // NHWC
        Tensor k = f32(3, 3, 2, 3);   // HWOI: [kH, kW, filters, C_in]
        DialectCall keras = KerasTransposeDialect.conv2DTranspose().translate(p("filters", 2, "kernel_size", 3,
                "strides", 2, "padding", "same"), x, k, null);
        Tensor xt = x.transpose(0, 3, 1, 2);
        Tensor wt = k.transpose(3, 2, 0, 1); // IOHW: [C_in, C_out, kH, kW]
        DialectCall port = TorchTransposeDialect.convTranspose2d().translate(p("stride", 2, "padding", 1,
                "output_padding", 1), xt, wt, null);
        assertTrue(keras.explain().contains("cropped by head 0x0 at the start to the output 8x10"), keras.explain());
        assertTrue(port.explain().contains("cropped by head 1x1 at the start to the output 8x10"), port.explain());

        Tensor yk = keras.run(Backends.java()).transpose(0, 3, 1, 2); // NCHW [1, 2, 8, 10]
        Tensor yt = port.run(Backends.java());
        assertEquals(List.of(1, 2, 8, 10), Checks.toList(yt.shape()));
        assertEquals(List.of(1, 2, 8, 10), Checks.toList(yk.shape()), "the same size ...");
        double atol = 1e-5;
        assertFalse(Tolerance.compare(yk, yt, atol).ok(), "... but not the same numbers");
        Tolerance.compare(window(yk, 1, 7, 1, 9), window(yt, 0, 7, 0, 9), atol)
                .assertOk("torch's port is Keras shifted by one pixel");

        Recipe r = Recipes.reproduce(keras, port);
        assertEquals(List.of(
                "input: pass x.transpose(0, 3, 1, 2) (torch.nn.functional.conv_transpose2d takes NCHW,"
                        + " keras.layers.Conv2DTranspose has NHWC)",
                "kernel: pass w.transpose(3, 2, 0, 1) (torch.nn.functional.conv_transpose2d takes IOHW,"
                        + " keras.layers.Conv2DTranspose has HWOI; both rotate it 180 degrees themselves)",
                "crop: keras.layers.Conv2DTranspose keeps the scatter from head 0x0 (output 8x10),"
                        + " torch.nn.functional.conv_transpose2d from head 1x1 (output 8x10): the same size, shifted by 1x1"
                        + " samples. torch's padding crops both ends alike (head = padding), so no padding/output_padding"
                        + " gives these crops: use padding=0, output_padding=(0, 0) and keep y[:, :, 0:8, 0:10]",
                "output: y.transpose(0, 2, 3, 1) is keras.layers.Conv2DTranspose's result (torch.nn.functional"
                        + ".conv_transpose2d returns NCHW, keras.layers.Conv2DTranspose NHWC)"), r.steps());

        // following it reproduces Keras
        Tensor full = Torch.convTranspose2d(xt, wt, null, p("stride", 2, "padding", 0, "output_padding", 0),
                Backends.java());
        assertEquals(List.of(1, 2, 9, 11), Checks.toList(full.shape()));
        Tolerance.compare(yk, window(full, 0, 8, 0, 10), atol).assertOk("recipe: padding=0, keep y[:, :, 0:8, 0:10]");
    }

    /** The other way round: Keras has no padding/output_padding with head 1, so the recipe names tf.nn.conv2d_transpose. */
    @Test
    void transposedTorchPortFromKerasNeedsExplicitTfPads() {
        Tensor xt = f64(1, 3, 4, 5);
        Tensor wt = f64(3, 2, 3, 3);
        DialectCall port = TorchTransposeDialect.convTranspose2d().translate(p("stride", 2, "padding", 1,
                "output_padding", 1), xt, wt, null);
        DialectCall keras = KerasTransposeDialect.conv2DTranspose().translate(p("strides", 2, "padding", "same"),
                xt.transpose(0, 2, 3, 1), wt.transpose(2, 3, 1, 0), null);
        Recipe r = Recipes.reproduce(port, keras);
        String crop = r.steps().stream().filter(st -> st.startsWith("crop:")).findFirst().orElseThrow();
        assertTrue(crop.endsWith("no padding/output_padding of keras.layers.Conv2DTranspose gives these crops; use"
                + " tf.nn.conv2d_transpose: Use output_shape=[1, 8, 10, 2], padding=[[0, 0], [1, 0], [1, 0], [0, 0]]"
                + " (explicit: the forward convolution's pads)"), crop);
        Tensor tf = Tf.conv2dTranspose(xt.transpose(0, 2, 3, 1), wt.transpose(2, 3, 1, 0), p("output_shape",
                List.of(1, 8, 10, 2), "strides", 2, "padding", new int[][] {{0, 0}, {1, 0}, {1, 0}, {0, 0}}),
                Backends.java());
        Tolerance.compare(port.run(Backends.java()), tf.transpose(0, 3, 1, 2), 1e-12).assertOk("tf with explicit pads");

        // and ONNX says it with auto_pad: SAME_LOWER crops the extra at the beginning
        DialectCall onnx = OnnxTransposeDialect.convTranspose().translate(p("strides", List.of(2, 2)), xt, wt, null);
        Recipe o = Recipes.reproduce(port, onnx);
        assertTrue(o.steps().contains("crop: torch.nn.functional.conv_transpose2d keeps the scatter from head 1x1 (output"
                + " 8x10), onnx.ConvTranspose from head 0x0 (output 9x11). Use auto_pad='SAME_LOWER' (and no pads)"),
                o.toString());
        Tolerance.compare(port.run(Backends.java()), Onnx.convTranspose(xt, wt, null, p("auto_pad",
                "SAME_LOWER", "strides", List.of(2, 2)), Backends.java()), 1e-12).assertOk("onnx SAME_LOWER");
    }

    @Test
    void noRecipeBetweenTransposedAndOrdinary() {
        DialectCall t = TorchTransposeDialect.convTranspose2d().translate(Params.empty(), f32(1, 2, 5, 5),
                f32(2, 2, 3, 3), null);
        DialectCall c = TorchDialect.functional().translate(Params.empty(), f32(1, 2, 5, 5), f32(2, 2, 3, 3), null);
        assertThrows(IllegalArgumentException.class, () -> Recipes.reproduce(t, c));
    }
}
