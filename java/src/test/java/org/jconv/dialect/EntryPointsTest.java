package org.jconv.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convenience entry points on small integer examples worked out by hand from the definitions
 * (every value exact in float32, so results must match exactly).
 */
class EntryPointsTest {
    private static final double[][] A = {{1, 2}, {3, 4}};
    private static final double[][] K = {{1, 0}, {0, 2}};
    private static final double[] X3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final double[] DIAG = {1, 0, 0, 1};

    private static void assertMatrix(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 0.0, "row " + i);
        }
    }

    private static void assertValues(double[] expected, int[] shape, Tensor actual) {
        assertArrayEquals(shape, actual.shape());
        Tolerance.compare(Tensor.of(expected, shape), actual, 0).assertOk("entry point");
    }

    @Test
    void scipyModes() {
        // full = a + 2 * a shifted by (1, 1); correlate2d = convolve2d with the kernel rotated
        assertMatrix(new double[][] {{1, 2, 0}, {3, 6, 4}, {0, 6, 8}}, Scipy.convolve2d(A, K));
        assertMatrix(new double[][] {{2, 4, 0}, {6, 9, 2}, {0, 3, 4}}, Scipy.correlate2d(A, K));
        // 'same' = full[t:t+H, u:u+W], t = (R-1)/2 for convolve2d, R/2 for correlate2d
        assertMatrix(new double[][] {{1, 2}, {3, 6}}, Scipy.convolve2d(A, K, "same"));
        assertMatrix(new double[][] {{9, 2}, {3, 4}}, Scipy.correlate2d(A, K, "same"));
        assertMatrix(new double[][] {{6}}, Scipy.convolve2d(A, K, "valid"));
        assertMatrix(new double[][] {{9}}, Scipy.correlate2d(A, K, "valid"));
    }

    /** A 1x3 row [1 2 3] with the kernel [1 0 0] in 'same': the result reads one sample outside. */
    @ParameterizedTest(name = "{0} boundary={1} fillvalue={2}")
    @CsvSource({
        "correlate2d, wrap, 0, 3, 1, 2",
        "correlate2d, symm, 0, 1, 1, 2",
        "correlate2d, fill, 5, 5, 1, 2",
        "convolve2d, wrap, 0, 2, 3, 1",
        "convolve2d, symm, 0, 2, 3, 3",
        "convolve2d, fill, 5, 2, 3, 5",
    })
    void scipyBoundaries(String fn, String boundary, double fill, double y0, double y1, double y2) {
        double[][] row = {{1, 2, 3}};
        double[][] k = {{1, 0, 0}};
        double[][] y = fn.equals("convolve2d") ? Scipy.convolve2d(row, k, "same", boundary, fill)
                : Scipy.correlate2d(row, k, "same", boundary, fill);
        assertMatrix(new double[][] {{y0, y1, y2}}, y);
    }

    @Test
    void scipyDtypes() {
        float[][] a = {{1, 2}, {3, 4}};
        float[][] k = {{1, 0}, {0, 2}};
        float[][] y = Scipy.convolve2d(a, k, "same");
        assertArrayEquals(new float[] {1, 2}, y[0]);
        assertArrayEquals(new float[] {3, 6}, y[1]);
        Tensor t = Scipy.correlate2d(Tensor.of(a), Tensor.of(K), "full", "fill", 0, Backends.java());
        assertEquals(DType.FLOAT64, t.dtype(), "numpy's result type of float32 and float64");
        Tensor f = Scipy.correlate2d(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), Tensor.of(k), "full", "fill", 0);
        assertEquals(DType.FLOAT32, f.dtype());
        assertValues(new double[] {2, 4, 0, 6, 9, 2, 0, 3, 4}, new int[] {3, 3}, f);
    }

    @Test
    void torch() {
        Tensor x = Tensor.of(X3, 1, 1, 3, 3);
        Tensor w = Tensor.of(DIAG, 1, 1, 2, 2);
        // y[i, j] = x[i, j] + x[i+1, j+1]
        assertValues(new double[] {6, 8, 12, 14}, new int[] {1, 1, 2, 2}, Torch.conv2d(x, w, null));
        assertValues(new double[] {7, 9, 4, 13, 15, 7, 8, 9, 10}, new int[] {1, 1, 3, 3},
                Torch.conv2d(x, w, Tensor.of(new double[] {1}, 1), 1, "same", 1, 1));
        // stride 2, padding 1: the porting trap's torch side
        assertValues(new double[] {1, 3, 7, 14}, new int[] {1, 1, 2, 2}, Torch.conv2d(x, w, null, 2, 1, 1, 1));
        assertValues(new double[] {1, 3, 7, 14}, new int[] {1, 1, 2, 2},
                Torch.nnConv2d(x, w, null, Fixtures.p("stride", 2, "padding", 1, "bias", false), Backends.java()));
    }

    @Test
    void tensorFlowAndKeras() {
        Tensor x = Tensor.of(X3, 1, 3, 3, 1);
        Tensor w = Tensor.of(DIAG, 2, 2, 1, 1);
        // SAME at stride 2 on n=3, k=2: pads (0, 1), not torch's (1, 1): different numbers, same size
        assertValues(new double[] {6, 3, 7, 9}, new int[] {1, 2, 2, 1}, Tf.conv2d(x, w, 2, "SAME"));
        assertValues(new double[] {6, 8, 3, 12, 14, 6, 7, 8, 9}, new int[] {1, 3, 3, 1}, Keras.conv2d(x, w, null, "same"));
        assertValues(new double[] {6, 3, 7, 9}, new int[] {1, 2, 2, 1}, Keras.conv2d(x, w, null, "same", 2));
        assertValues(new double[] {6, 8, 12, 14}, new int[] {1, 2, 2, 1},
                Tf.depthwiseConv2d(x, w, new int[] {1, 1, 1, 1}, "VALID"));
        assertValues(new double[] {7, 9, 13, 15}, new int[] {1, 2, 2, 1},
                Keras.depthwiseConv2d(x, w, Tensor.of(new double[] {1}, 1), "valid", 1));
    }

    @Test
    void theano() {
        Tensor x = Tensor.of(X3, 1, 1, 3, 3);
        Tensor w = Tensor.of(new double[] {1, 2, 0, 0}, 1, 1, 2, 2);
        // flipped: [[0, 0], [2, 1]], so y[i, j] = 2 x[i+1, j] + x[i+1, j+1]
        assertValues(new double[] {13, 16, 22, 25}, new int[] {1, 1, 2, 2}, Theano.conv2d(x, w));
        // without the flip: y[i, j] = x[i, j] + 2 x[i, j+1]
        assertValues(new double[] {5, 8, 14, 17}, new int[] {1, 1, 2, 2},
                Theano.conv2d(x, w, Fixtures.p("filter_flip", false)));
        assertArrayEquals(new int[] {1, 1, 4, 4}, Theano.conv2d(x, w, "full").shape());
        assertArrayEquals(new int[] {1, 1, 4, 4}, Theano.conv2d(x, w, "half").shape());
    }

    @Test
    void onnx() {
        Tensor x = Tensor.of(X3, 1, 1, 3, 3);
        Tensor w = Tensor.of(DIAG, 1, 1, 2, 2);
        // pads [0, 1, 2, 0]: top 0, left 1, bottom 2, right 0
        assertValues(new double[] {4, 6, 8, 7, 12, 14, 0, 7, 8, 0, 0, 0}, new int[] {1, 1, 4, 3},
                Onnx.conv(x, w, null, "NOTSET", new int[] {0, 1, 2, 0}, null));
        // SAME_LOWER puts the extra pad first: y[i, j] = x[i-1, j-1] + x[i, j]
        assertValues(new double[] {1, 2, 3, 4, 6, 8, 7, 12, 14}, new int[] {1, 1, 3, 3},
                Onnx.conv(x, w, null, Fixtures.p("auto_pad", "SAME_LOWER", "strides", List.of(1, 1))));
        assertValues(new double[] {6, 8, 12, 14}, new int[] {1, 1, 2, 2}, Onnx.conv(x, w, null));
    }
}
