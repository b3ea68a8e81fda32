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

    // ------------------------------------------------------------------ 1-D, 3-D and transposed

    private static Tensor t(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void torchOneAndThreeD() {
        // conv1d: y[j] = x[j] + x[j+1]; 'same' with k=2 pads (0, 1)
        Tensor x = t(new double[] {1, 2, 3, 4}, 1, 1, 4);
        Tensor w = t(new double[] {1, 1}, 1, 1, 2);
        assertValues(new double[] {3, 5, 7}, new int[] {1, 1, 3}, Torch.conv1d(x, w, null));
        assertValues(new double[] {3, 5, 7, 4}, new int[] {1, 1, 4}, Torch.conv1d(x, w, null, 1, "same", 1, 1));
        Tensor ones = t(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 2, 2, 2);
        assertValues(new double[] {8}, new int[] {1, 1, 1, 1, 1}, Torch.conv3d(ones, ones, null));
        assertArrayEquals(new int[] {1, 1, 3, 3, 3}, Torch.conv3d(ones, ones, null, 1, 1, 1, 1).shape());
    }

    @Test
    void torchTransposed() {
        // the scatter of x = [1, 2] by w = [1, 10, 100] at stride 2: [1, 10, 102, 20, 200]
        Tensor x = t(new double[] {1, 2}, 1, 1, 2);
        Tensor w = t(new double[] {1, 10, 100}, 1, 1, 3);
        assertValues(new double[] {1, 10, 102, 20, 200}, new int[] {1, 1, 5}, Torch.convTranspose1d(x, w, null, 2, 0, 0, 1, 1));
        // padding 1 crops one sample at each end; output_padding 1 gives the last one back; bias everywhere
        assertValues(new double[] {10, 102, 20}, new int[] {1, 1, 3}, Torch.convTranspose1d(x, w, null, 2, 1, 0, 1, 1));
        assertValues(new double[] {15, 107, 25, 205}, new int[] {1, 1, 4},
                Torch.convTranspose1d(x, w, t(new double[] {5}, 1), 2, 1, 1, 1, 1));
        // 2-D, k=1, stride 2, output_padding 1: the input spread out, zeros between and after
        Tensor x2 = t(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertValues(new double[] {1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0}, new int[] {1, 1, 4, 4},
                Torch.convTranspose2d(x2, t(new double[] {1}, 1, 1, 1, 1), null, 2, 0, 1, 1, 1));
        assertValues(new double[] {1, 12, 20}, new int[] {1, 1, 1, 1, 3},
                Torch.convTranspose3d(t(new double[] {1, 2}, 1, 1, 1, 1, 2), t(new double[] {1, 10}, 1, 1, 1, 1, 2), null));
    }

    @Test
    void tensorFlowAndKerasOneAndThreeD() {
        // tf.nn.conv1d SAME at stride 2 on n=5, k=3: pads (1, 1)
        Tensor x = t(new double[] {1, 2, 3, 4, 5}, 1, 5, 1);
        assertValues(new double[] {3, 9, 9}, new int[] {1, 3, 1}, Tf.conv1d(x, t(new double[] {1, 1, 1}, 3, 1, 1), 2, "SAME"));
        // Keras Conv1D 'causal': y[j] = 10 x[j-1] + x[j]; 'same' with k=2 pads (0, 1): y[j] = 10 x[j] + x[j+1]
        Tensor x4 = t(new double[] {1, 2, 3, 4}, 1, 4, 1);
        Tensor w = t(new double[] {10, 1}, 2, 1, 1);
        assertValues(new double[] {1, 12, 23, 34}, new int[] {1, 4, 1}, Keras.conv1d(x4, w, null, "causal"));
        assertValues(new double[] {12, 23, 34, 40}, new int[] {1, 4, 1}, Keras.conv1d(x4, w, null, "same"));
        Tensor ones = t(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 2, 2, 2, 1);
        Tensor k = t(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 2, 2, 2, 1, 1);
        assertValues(new double[] {8}, new int[] {1, 1, 1, 1, 1}, Tf.conv3d(ones, k, new int[] {1, 1, 1, 1, 1}, "VALID"));
        assertValues(new double[] {9}, new int[] {1, 1, 1, 1, 1}, Keras.conv3d(ones, k, t(new double[] {1}, 1), "valid"));
    }

    /** The porting trap on one row: Keras/TF 'same' crops the scatter at the end, torch's usual port at the start. */
    @Test
    void tensorFlowAndKerasTransposed() {
        Tensor x = t(new double[] {1, 2}, 1, 1, 2, 1);            // NHWC, H = 1, W = 2
        Tensor f = t(new double[] {1, 10, 100}, 1, 3, 1, 1);      // HWOI, kW = 3
        // scatter [1, 10, 102, 20, 200]; output 4 = n*s; SAME on 4: T = 1, head 0
        assertValues(new double[] {1, 10, 102, 20}, new int[] {1, 1, 4, 1},
                Tf.conv2dTranspose(x, f, new int[] {1, 1, 4, 1}, 2, "SAME"));
        assertValues(new double[] {1, 10, 102, 20}, new int[] {1, 1, 4, 1},
                Keras.conv2dTranspose(x, f, null, Fixtures.p("strides", List.of(1, 2), "padding", "same")));
        assertValues(new double[] {1, 10, 102, 20, 200}, new int[] {1, 1, 5, 1},
                Keras.conv2dTranspose(x, f, null, Fixtures.p("strides", List.of(1, 2), "padding", "valid")));
        // the shorthand strides=2 strides H too: the one row is followed by a zero row
        assertValues(new double[] {1, 10, 102, 20, 0, 0, 0, 0}, new int[] {1, 2, 4, 1},
                Keras.conv2dTranspose(x, f, null, "same", 2));
        // torch conv_transpose2d(stride=2, padding=1, output_padding=1): the same size, one sample later
        assertValues(new double[] {10, 102, 20, 200}, new int[] {1, 1, 1, 4},
                Torch.convTranspose2d(x.reshape(1, 1, 1, 2), f.reshape(1, 1, 1, 3), null, Fixtures.p("stride", List.of(1, 2),
                        "padding", List.of(0, 1), "output_padding", List.of(0, 1))));
        // k = 1 at stride 2, 'same' with output_padding 0: (n-1)s + 1 = 3
        Tensor x2 = t(new double[] {1, 2, 3, 4}, 1, 2, 2, 1);
        assertValues(new double[] {1, 0, 2, 0, 0, 0, 3, 0, 4}, new int[] {1, 3, 3, 1},
                Keras.conv2dTranspose(x2, t(new double[] {1}, 1, 1, 1, 1), null, "same", 2, 0));
    }

    @Test
    void onnxOneDAndTransposed() {
        Tensor x = t(new double[] {1, 2, 3, 4}, 1, 1, 4);
        assertValues(new double[] {1, 3, 5, 7}, new int[] {1, 1, 4},
                Onnx.conv(x, t(new double[] {1, 1}, 1, 1, 2), null, "NOTSET", new int[] {1, 0}, null));
        // ConvTranspose of [1, 2] by [1, 2, 3]: stride 1 scatter [1, 4, 7, 6]; stride 2 [1, 2, 5, 4, 6]
        Tensor x2 = t(new double[] {1, 2}, 1, 1, 2);
        Tensor w = t(new double[] {1, 2, 3}, 1, 1, 3);
        assertValues(new double[] {1, 4, 7, 6}, new int[] {1, 1, 4}, Onnx.convTranspose(x2, w, null));
        assertValues(new double[] {4, 7, 6}, new int[] {1, 1, 3}, Onnx.convTranspose(x2, w, null, "NOTSET", new int[] {1, 0}, null));
        // SAME at stride 2: T = 5 - 4 = 1; UPPER crops it at the end, LOWER at the beginning
        assertValues(new double[] {1, 2, 5, 4}, new int[] {1, 1, 4}, Onnx.convTranspose(x2, w, null, "SAME_UPPER", null, new int[] {2}));
        assertValues(new double[] {2, 5, 4, 6}, new int[] {1, 1, 4}, Onnx.convTranspose(x2, w, null, "SAME_LOWER", null, new int[] {2}));
        // output_shape 4 without auto_pad: the extra crop at the beginning, as SAME_LOWER
        assertValues(new double[] {2, 5, 4, 6}, new int[] {1, 1, 4}, Onnx.convTranspose(x2, w, null,
                Fixtures.p("strides", List.of(2), "output_shape", List.of(4))));
    }
}
