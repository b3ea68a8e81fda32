package org.jconv.dialect;

import static org.jconv.dialect.Fixtures.f32;
import static org.jconv.dialect.Fixtures.f64;
import static org.jconv.dialect.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
