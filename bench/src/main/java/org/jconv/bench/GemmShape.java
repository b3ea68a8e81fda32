package org.jconv.bench;

import org.jconv.DType;

/**
 * The equivalent GEMM of a convolution case (issue 5): {@code images * groups} row-major GEMMs
 * {@code C[m x n] = A[m x k] * B[k x n]} with m = K/groups (output channels per group), n = OH*OW,
 * k = C/groups*R*S, in the case's dtype (sgemm or dgemm).
 *
 * <pre>{@code
 * GemmShape g = Suite.bundled().byId("r50_3x3_56_b8").gemm();
 * g.count();    // 8: one GEMM per image
 * g.flops();    // 2 * 64 * 3136 * 576 * 8
 * }</pre>
 *
 * @param m      rows of A and C: output channels per group (1 for image cases)
 * @param n      columns of B and C: output pixels per image
 * @param k      inner dimension: input channels per group times kernel taps
 * @param images batch size N
 * @param groups convolution groups
 * @param dtype  float32 (sgemm) or float64 (dgemm)
 */
public record GemmShape(int m, int n, int k, int images, int groups, DType dtype) {
    /** Number of GEMM calls: one per image and group. */
    public int count() {
        return images * groups;
    }

    /** Floating-point operations of all calls: 2 * m * n * k * count. */
    public double flops() {
        return 2.0 * m * n * k * count();
    }

    /** E.g. {@code "sgemm M=64 N=3136 K=576 x8"}. */
    public String describe() {
        return (dtype == DType.FLOAT32 ? "sgemm" : "dgemm") + " M=" + m + " N=" + n + " K=" + k + " x" + count();
    }
}
