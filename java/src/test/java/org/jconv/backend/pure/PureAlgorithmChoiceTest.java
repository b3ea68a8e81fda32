package org.jconv.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.BorderMode;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which algorithm each case of the benchmark suite ({@code shared/bench/suite.json}) gets, at full
 * size, and the same cases scaled down (so the oracle stays quick, but above direct-small's limit)
 * against the oracle: every algorithm is chosen at least once. Image
 * cases are scipy.signal.convolve2d: a true convolution with 'same' or 'full' pads; layer cases
 * NCHW/OIHW cross-correlations.
 */
class PureAlgorithmChoiceTest {
    static ConvGeometry image(DType dt, int h, int w, int k, boolean full, BorderMode border) {
        int before = full ? k - 1 : (k - 1) / 2;
        int after = full ? k - 1 : k - 1 - (k - 1) / 2;
        ConvSpec spec = ConvSpec.builder(2).flip(true).pad(before).pads(new int[] {before}, new int[] {after})
                .border(border).dtype(dt).build();
        return ConvGeometry.of(spec, new int[] {1, 1, h, w}, new int[] {1, 1, k, k});
    }

    static ConvGeometry layer(int n, int c, int h, int k, int r, int stride, int pad, int dilation, int groups) {
        ConvSpec spec = ConvSpec.builder(2).pad(pad).stride(stride).dilation(dilation).groups(groups).build();
        return ConvGeometry.of(spec, new int[] {n, c, h, h}, new int[] {k, c / groups, r, r});
    }

    /** id, full-size geometry, scaled-down geometry, expected algorithm. */
    static Stream<Arguments> suite() {
        return Stream.of(
                Arguments.of("seed8x8", image(DType.FLOAT32, 8, 8, 3, false, BorderMode.CONSTANT),
                        image(DType.FLOAT32, 8, 8, 3, false, BorderMode.CONSTANT), "direct-small"),
                Arguments.of("img512_k3_f64", image(DType.FLOAT64, 512, 512, 3, false, BorderMode.CONSTANT),
                        image(DType.FLOAT64, 64, 80, 3, false, BorderMode.CONSTANT), "direct-image"),
                Arguments.of("img1024_k7", image(DType.FLOAT32, 1024, 1024, 7, false, BorderMode.SYMMETRIC),
                        image(DType.FLOAT32, 70, 90, 7, false, BorderMode.SYMMETRIC), "direct-image"),
                Arguments.of("img512_k31", image(DType.FLOAT64, 512, 512, 31, true, BorderMode.CONSTANT),
                        image(DType.FLOAT64, 40, 50, 31, true, BorderMode.CONSTANT), "direct-image"),
                Arguments.of("r50_conv1", layer(1, 3, 224, 64, 7, 2, 3, 1, 1), layer(1, 3, 40, 8, 7, 2, 3, 1, 1), "im2col+gemm"),
                Arguments.of("r50_3x3_56", layer(1, 64, 56, 64, 3, 1, 1, 1, 1), layer(1, 16, 20, 12, 3, 1, 1, 1, 1), "im2col+gemm"),
                Arguments.of("r50_1x1_56", layer(1, 256, 56, 64, 1, 1, 0, 1, 1), layer(1, 40, 20, 12, 1, 1, 0, 1, 1), "gemm-1x1"),
                Arguments.of("r50_3x3_14", layer(1, 256, 14, 256, 3, 1, 1, 1, 1), layer(1, 48, 14, 20, 3, 1, 1, 1, 1), "im2col+gemm"),
                Arguments.of("r50_3x3_56_b8", layer(8, 64, 56, 64, 3, 1, 1, 1, 1), layer(3, 8, 20, 8, 3, 1, 1, 1, 1), "im2col+gemm"),
                Arguments.of("mbv2_dw_56", layer(1, 144, 56, 144, 3, 1, 1, 1, 144), layer(1, 24, 56, 24, 3, 1, 1, 1, 24), "depthwise-direct"),
                Arguments.of("dilated_3x3", layer(1, 128, 64, 128, 3, 1, 2, 2, 1), layer(1, 16, 24, 12, 3, 1, 2, 2, 1), "im2col+gemm"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("suite")
    void suiteCaseGetsItsAlgorithmAndMatchesTheOracle(String id, ConvGeometry full, ConvGeometry small, String algorithm) {
        DType dt = full.spec().dtype();
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(full, Tensor.zeros(dt, full.kernelShape()), null)) {
            assertEquals(algorithm, plan.algorithm(), id + " at full size");
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(id.hashCode());
        PureCase c = new PureCase(id + " scaled down", small.spec(),
                org.jconv.testing.RandomSpecs.randomTensor(rnd, dt, small.inputShape()),
                org.jconv.testing.RandomSpecs.randomTensor(rnd, dt, small.kernelShape()),
                org.jconv.testing.RandomSpecs.randomTensor(rnd, dt, small.outChannels()));
        Tensor expected = OracleCheck.expected(c);
        try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            assertEquals(algorithm, plan.algorithm(), id + " scaled down");
            OracleCheck.allEntryPoints(plan, c, expected);
        }
    }
}
