package org.jconv.readme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.dialect.Keras;
import org.jconv.dialect.Onnx;
import org.jconv.dialect.Params;
import org.jconv.dialect.Scipy;
import org.jconv.dialect.Tf;
import org.jconv.dialect.Theano;
import org.jconv.dialect.Torch;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of README.md, verbatim where possible, run on small arrays: if the README's code
 * stops compiling or its shapes stop holding, this fails. Numbers are the dialect tests' business.
 */
class ReadmeExamplesTest {
    private static Tensor ramp(DType t, int... shape) {
        Tensor x = Tensor.zeros(t, shape);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, ((i * 7919) % 17 - 8) / 8.0);
        }
        return x;
    }

    @Test
    void scipy() {
        double[][] image = ramp(DType.FLOAT64, 16, 20).toDoubleMatrix();
        double[][] kernel = ramp(DType.FLOAT64, 3, 5).toDoubleMatrix();
        double[][] out = Scipy.convolve2d(image, kernel, "same", "symm", 0);
        double[][] out2 = Scipy.correlate2d(image, kernel, "valid");
        assertEquals(16, out.length);
        assertEquals(20, out[0].length);
        assertEquals(14, out2.length);
        assertEquals(16, out2[0].length);
    }

    @Test
    void kerasAndTensorFlow() {
        Tensor x = ramp(DType.FLOAT32, 1, 8, 8, 3);
        Tensor w = ramp(DType.FLOAT32, 3, 3, 3, 4);
        Tensor b = ramp(DType.FLOAT32, 4);
        Tensor dw = ramp(DType.FLOAT32, 3, 3, 3, 2);
        Tensor seq = ramp(DType.FLOAT32, 1, 10, 3);
        Tensor w1 = ramp(DType.FLOAT32, 5, 3, 6);
        Tensor b1 = ramp(DType.FLOAT32, 6);
        Tensor wt = ramp(DType.FLOAT32, 3, 3, 5, 3);
        Tensor bt = ramp(DType.FLOAT32, 5);

        Tensor y  = Keras.conv2d(x, w, b, "same", 2);
        Tensor y2 = Tf.conv2d(x, w, 2, "SAME");
        Tensor y3 = Keras.depthwiseConv2d(x, dw, null, Params.builder().put("depth_multiplier", 2).put("padding", "same").build());
        Tensor y4 = Keras.conv1d(seq, w1, b1, "causal");
        Tensor y5 = Keras.conv2dTranspose(x, wt, bt, "same", 2);

        assertArrayEquals(new int[] {1, 4, 4, 4}, y.shape());
        assertArrayEquals(new int[] {1, 4, 4, 4}, y2.shape());
        assertArrayEquals(new int[] {1, 8, 8, 6}, y3.shape());
        assertArrayEquals(new int[] {1, 10, 6}, y4.shape());
        assertArrayEquals(new int[] {1, 16, 16, 5}, y5.shape());
    }

    @Test
    void pytorch() {
        Tensor x = ramp(DType.FLOAT32, 1, 3, 8, 8);
        Tensor w = ramp(DType.FLOAT32, 4, 3, 3, 3);
        Tensor b = ramp(DType.FLOAT32, 4);
        Tensor wt = ramp(DType.FLOAT32, 3, 5, 3, 3);
        Tensor vol = ramp(DType.FLOAT32, 1, 2, 4, 5, 6);
        Tensor w3 = ramp(DType.FLOAT32, 3, 2, 3, 3, 3);

        Tensor y  = Torch.conv2d(x, w, b, Params.builder().put("padding", "same").put("dilation", 2).build());
        Tensor y2 = Torch.nnConv2d(x, w, b, Params.builder().put("padding", 1).put("padding_mode", "reflect").build());
        Tensor y3 = Torch.convTranspose2d(x, wt, null, Params.builder().put("stride", 2).put("padding", 1).put("output_padding", 1).build());
        Tensor y4 = Torch.conv3d(vol, w3, null, Params.builder().put("padding", 1).build());

        assertArrayEquals(new int[] {1, 4, 8, 8}, y.shape());
        assertArrayEquals(new int[] {1, 4, 8, 8}, y2.shape());
        assertArrayEquals(new int[] {1, 5, 16, 16}, y3.shape());
        assertArrayEquals(new int[] {1, 3, 4, 5, 6}, y4.shape());
    }

    @Test
    void theanoAndOnnx() {
        Tensor x = ramp(DType.FLOAT64, 1, 3, 9, 9);
        Tensor w = ramp(DType.FLOAT64, 4, 3, 3, 3);
        Tensor y = Theano.conv2d(x, w, Params.builder().put("border_mode", "half").put("subsample", List.of(2, 2)).build());
        assertArrayEquals(new int[] {1, 4, 5, 5}, y.shape());

        Tensor xf = ramp(DType.FLOAT32, 1, 3, 8, 8);
        Tensor wf = ramp(DType.FLOAT32, 4, 3, 3, 3);
        Tensor bf = ramp(DType.FLOAT32, 4);
        Tensor wt = ramp(DType.FLOAT32, 3, 5, 3, 3);
        Tensor bt = ramp(DType.FLOAT32, 5);
        Tensor y1 = Onnx.conv(xf, wf, bf, "SAME_LOWER", null, new int[] {2, 2});
        Tensor y2 = Onnx.convTranspose(xf, wt, bt, Params.builder().put("strides", List.of(2, 2)).put("output_padding", List.of(1, 1)).build());
        assertArrayEquals(new int[] {1, 4, 4, 4}, y1.shape());
        assertArrayEquals(new int[] {1, 5, 18, 18}, y2.shape());
    }

    @Test
    void canonicalApi() {
        Tensor kernel = ramp(DType.FLOAT32, 3, 3, 3, 8);
        Tensor bias = ramp(DType.FLOAT32, 8);
        float[] input = ramp(DType.FLOAT32, 1, 224, 224, 3).floats();
        float[] output = new float[112 * 112 * 8];

        ConvSpec spec = ConvSpec.builder(2)          // 2 spatial axes
                .flip(false)                          // cross-correlation
                .pads(0, 1, 0, 1)                     // top, bottom, left, right
                .stride(2, 2)
                .layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO)
                .build();
        try (ConvPlan plan = Conv.plan(spec, new int[] {1, 224, 224, 3}, kernel, bias)) {   // prepare once
            plan.run(input, output);                  // float[] or direct FloatBuffer, from any thread
            assertArrayEquals(new int[] {1, 112, 112, 8}, plan.geometry().outputShape());
        }
    }
}
