package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;
import org.jconv.plan.PlanOptions;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.testing.RandomSpecs;
import org.junit.jupiter.api.Test;

/**
 * Sizes whose products overflow {@code int}. The rule: what fits a Java array runs (the native core
 * computes every size in int64), what does not is refused before anything is allocated, with a
 * message naming the shape.
 */
class LargeGeometryTest {
    /**
     * The im2col matrix of this convolution has C*R*S*OH*OW = 2 * 100*100 * 329*329 = 2.16e9 entries,
     * more than an int indexes, from operands of a few kilobytes. The native core runs it (in
     * blocks); a one-hot input makes every output a single kernel weight, so the result is checked
     * exactly without a 2-billion-step oracle.
     */
    @Test
    void anIm2colMatrixLargerThanAnIntIndexesRunsExactly() {
        int c = 2;
        int n = 8;
        int k = 100;
        int pad = 210;
        ConvSpec spec = ConvSpec.builder(2).pad(pad).build();
        Tensor x = Tensor.zeros(DType.FLOAT32, 1, c, n, n);
        int c0 = 1;
        int h0 = 3;
        int w0 = 5;
        x.set((c0 * n + h0) * n + w0, 1.0);
        Tensor w = RandomSpecs.randomTensor(new SplittableRandom(9), DType.FLOAT32, 1, c, k, k);
        ConvGeometry g = ConvGeometry.of(spec, x.shape(), w.shape());
        int out = g.outSize()[0];
        long im2col = (long) c * k * k * out * out;
        assertTrue(im2col > Integer.MAX_VALUE, "the geometry must overflow an int: " + im2col);
        Tensor y;
        // one GEMM thread: with O = 1 the blocks are 1700 thin GEMMs, and handing each to OpenBLAS's
        // workers costs more than it gains (tens of seconds on a loaded machine; see BlasThreadingTest)
        try (ConvPlan plan = Backends.nativeBackend().plan(g, w, null, PlanOptions.threads(1))) {
            assertEquals("im2col+gemm", plan.algorithm());
            y = plan.run(x);
        }
        // cross-correlation: y[i, j] = w[c0, h0 + pad - i, w0 + pad - j] where that tap exists, else 0
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
                int r = h0 + pad - i;
                int s = w0 + pad - j;
                double want = r >= 0 && r < k && s >= 0 && s < k ? w.get((c0 * k + r) * k + s) : 0.0;
                if (y.get(i * out + j) != want) {
                    throw new AssertionError("output [" + i + ", " + j + "] is " + y.get(i * out + j) + ", expected " + want);
                }
            }
        }
    }

    @Test
    void anInputOfMoreThanIntegerMaxValueElementsIsRefusedBeforeAllocating() {
        ConvSpec spec = ConvSpec.builder(2).build();
        for (var b : new org.jconv.backend.Backend[] {Backends.java(), Backends.nativeBackend()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Conv.plan(spec, new int[] {1, 1, 46341, 46341}, Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1), null, b));
            assertTrue(e.getMessage().contains("[1, 1, 46341, 46341]") && e.getMessage().contains("2147488281"), e.getMessage());
        }
    }

    /**
     * The oracle's offset tables hold one int per (output, tap) pair of each axis: a 1-D 'full'
     * correlation of two long signals would need billions. It refuses that clearly (it used to throw
     * ArithmeticException); the native backend, which needs no such table, plans it.
     */
    @Test
    void theOracleRefusesTablesItCannotHoldWhileNativePlansThem() {
        ConvSpec spec = ConvSpec.builder(1).pad(49_999).build(); // scipy 'full' of 1 and 50 000 samples
        Tensor w = Tensor.zeros(DType.FLOAT32, 1, 1, 50_000);
        int[] in = {1, 1, 50_000};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.plan(spec, in, w, null,
                Backends.reference()));
        assertTrue(e.getMessage().contains("pure-Java backend") && e.getMessage().contains("[99999]")
                && e.getMessage().contains("[50000]"), e.getMessage());
        try (ConvPlan plan = Conv.plan(spec, in, w, null, Backends.nativeBackend())) {
            assertEquals(99_999, plan.geometry().outSize()[0]);
        }
    }
}
