package org.jconv.backend.pure;

/**
 * "depthwise-direct": groups == C (each output channel reads one input channel; multiplier
 * O/C up to {@link #MAX_MULTIPLIER}), at stride 1, or at any stride in channels last with
 * multiplier 1 and at least 8 channels. A GEMM per group would have K = taps and a few
 * rows. Channels first, the direct loop over each padded channel plane ({@link PlaneDirect})
 * streams the taps through L1 instead of materialising an im2col matrix per channel; channels last
 * with one output per channel, the channel vector of each pixel is the vector ({@link PixelDirect}).
 *
 * <pre>{@code
 * DepthwiseDirect.INSTANCE.applies(problem);   // C/G == 1, G > 1, stride 1 or NHWC
 * }</pre>
 */
final class DepthwiseDirect implements Algorithm {
    static final DepthwiseDirect INSTANCE = new DepthwiseDirect();
    /** Beyond a few output channels per input channel, im2col+gemm reuses each operand row better. */
    static final int MAX_MULTIPLIER = 4;

    private DepthwiseDirect() {
    }

    @Override
    public String name() {
        return "depthwise-direct";
    }

    @Override
    public boolean applies(Problem p) {
        return p.cg == 1 && p.groups > 1 && p.og <= MAX_MULTIPLIER && (PixelDirect.fits(p) || PlaneDirect.fits(p));
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return PixelDirect.fits(p) ? new PixelDirect(p, w) : new PlaneDirect(p, w);
    }
}
