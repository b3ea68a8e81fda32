package org.jconv.backend.pure;

/**
 * "direct-image": one input and one output channel (the scipy.signal image case, any batch and
 * rank) at stride 1. im2col+GEMM would be a matrix-vector product over a copy taps times the
 * image; the direct loop over the padded plane ({@link PlaneDirect}) reads each padded row once per
 * tap from L1/L2 and resolves the border once per image.
 *
 * <pre>{@code
 * DirectImage.INSTANCE.applies(problem);   // C == O == 1, stride 1
 * }</pre>
 */
final class DirectImage implements Algorithm {
    static final DirectImage INSTANCE = new DirectImage();

    private DirectImage() {
    }

    @Override
    public String name() {
        return "direct-image";
    }

    @Override
    public boolean applies(Problem p) {
        return p.inChannels == 1 && p.outChannels == 1 && PlaneDirect.fits(p);
    }

    @Override
    public Engine prepare(Problem p, Weights w) {
        return new PlaneDirect(p, w);
    }
}
