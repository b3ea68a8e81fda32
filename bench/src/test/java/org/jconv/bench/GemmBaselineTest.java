package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jconv.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The baseline computes what it claims: for every image, group and column block, C = A_g * B_g
 * with the operand slices of the class comment (checked against a plain triple loop).
 */
class GemmBaselineTest {
    @ParameterizedTest(name = "{5} m={0} n={1} k={2} images={3} groups={4} maxB={6} -> {7} block(s)")
    @CsvSource({
        "3, 10, 5, 2, 2, FLOAT32, 160, 3",
        "3, 10, 5, 2, 2, FLOAT32, 100000, 1",
        "1, 17, 9, 1, 4, FLOAT64, 1728, 3",
        "4, 7, 6, 3, 1, FLOAT64, 100000, 1",
    })
    void everyCallComputesItsSlice(int m, int n, int k, int images, int groups, DType dtype, long maxB, int blocks) {
        GemmShape shape = new GemmShape(m, n, k, images, groups, dtype);
        try (GemmBaseline gemm = GemmBaseline.create(shape, maxB)) {
            assertEquals(blocks, gemm.chunks(), gemm.describe());
            gemm.run();
            double[][] op = gemm.operands();
            double[] a = op[0];
            double[] b = op[1];
            double[] c = op[2];
            int ldb = b.length / (groups * k);
            double u = dtype.unitRoundoff();
            int checked = 0;
            for (int img = 0; img < images; img++) {
                for (int g = 0; g < groups; g++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            double mag = 0;
                            for (int p = 0; p < k; p++) {
                                double prod = a[(g * m + i) * k + p] * b[(g * k + p) * ldb + j % ldb];
                                sum += prod;
                                mag += Math.abs(prod);
                            }
                            double got = c[((img * groups + g) * m + i) * n + j];
                            double atol = 16 * u * Math.sqrt(k + 1) * Math.max(mag, Double.MIN_NORMAL);
                            assertTrue(Math.abs(got - sum) <= atol, "image " + img + " group " + g + " C[" + i + "][" + j
                                    + "] = " + got + ", expected " + sum + " (atol " + atol + ")");
                            checked++;
                        }
                    }
                }
            }
            assertEquals(images * groups * m * n, checked);
        }
    }
}
