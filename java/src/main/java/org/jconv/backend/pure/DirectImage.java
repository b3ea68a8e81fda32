package org.jconv.backend.pure;

/**
 * "direct-image": one input and one output channel (the scipy.signal image case), rank 1 or 2,
 * any batch, unit stride down the rows (any stride along them). im2col+GEMM would be a
 * matrix-vector product over a copy taps times the image; the direct loop ({@link RowStream})
 * gathers each input row once per column tap and lets it update every output row it reaches.
 *
 * <pre>{@code
 * DirectImage.INSTANCE.applies(problem);   // C == O == 1, rank <= 2, row stride 1
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
        return RowStream.fits(p);
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return new RowStream(p, w, threads);
    }
}
