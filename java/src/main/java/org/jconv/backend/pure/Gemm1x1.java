package org.jconv.backend.pure;

/**
 * "gemm-1x1": a 1x1 kernel at stride 1 without pads (and without input dilation) reads every
 * input pixel once, in order, so im2col is the identity: the GEMM's B rows are the input channel
 * planes themselves, {@code out[n, g][Og, pixels] = W_g[Og, Cg] x in[n, g][Cg, pixels]}. The
 * planes are still copied tile by tile into row arrays (see {@link Gemm} for why the kernel needs
 * rows starting at index 0), one {@code System.arraycopy} per channel and tile: no index tables,
 * no border logic. The engine is {@link Im2colGemm}'s, told that its im2col is the identity.
 *
 * <pre>{@code
 * if (Gemm1x1.INSTANCE.applies(problem)) { ... }
 * }</pre>
 */
final class Gemm1x1 implements Algorithm {
    static final Gemm1x1 INSTANCE = new Gemm1x1();

    private Gemm1x1() {
    }

    @Override
    public String name() {
        return "gemm-1x1";
    }

    @Override
    public boolean applies(Problem p) {
        for (AxisMap a : p.axis) {
            // out == n with k == 1, stride 1 and no pad before means no pad after either
            if (a.k != 1 || a.stride != 1 || a.padBefore != 0 || a.inputDilation != 1 || a.out != a.n) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return new Im2colGemm.Run(p, w, threads, true);
    }
}
