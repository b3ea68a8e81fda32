package org.jconv.backend.pure;

/**
 * One way to compute a convolution. {@link Algorithms} asks each algorithm in turn whether it
 * {@link #applies} to a problem and prepares the first that does; adding an algorithm is a new
 * class and one line there.
 *
 * <pre>{@code
 * if (Gemm1x1.INSTANCE.applies(problem)) {
 *     Engine e = Gemm1x1.INSTANCE.prepare(problem, weights, 1);
 * }
 * }</pre>
 */
interface Algorithm {
    /** The name plans report through {@code algorithm()}, e.g. {@code "im2col+gemm"}. */
    String name();

    /** True when this algorithm computes the problem exactly as the definition says (never a mere hint). */
    boolean applies(Problem p);

    /**
     * Packs the weights and sizes the workspace; {@code threads} (the most threads a run will use)
     * only sets how finely the work is cut into units.
     */
    Engine prepare(Problem p, Weights w, int threads);
}
