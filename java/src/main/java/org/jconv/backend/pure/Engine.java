package org.jconv.backend.pure;

/**
 * One algorithm prepared for one problem: the kernel packed the way its loops read it, the bias,
 * and the workspace sizes. Immutable; runs may go on in several threads at once, each with its own
 * {@link Workspace} (from {@link #newWorkspace()}). Runs allocate nothing.
 *
 * <p>The work of a run is split into {@link #units()} independent units (images, groups, pixel
 * tiles, row chunks: whatever the algorithm's outer loops are) that write disjoint parts of the
 * output; {@code run} computes the units {@code [u0, u1)}, so a run can be spread over threads
 * ({@link Team}) and a single-threaded run is {@code run(..., 0, units())}.
 *
 * <p>Arrays are passed with offsets: the input is {@code in[inOff ..]}, the output
 * {@code out[outOff ..]}, both with the geometry's element counts and the spec's layout.
 *
 * <pre>{@code
 * Engine e = Im2colGemm.INSTANCE.prepare(problem, weights, 1);
 * Workspace ws = e.newWorkspace();
 * e.runF(x, 0, y, 0, ws, 0, e.units());
 * }</pre>
 */
abstract class Engine {
    final Problem p;

    Engine(Problem p) {
        this.p = p;
    }

    /** A workspace sized for this engine. */
    abstract Workspace newWorkspace();

    /** Independent units of work of one run (at least 1). */
    abstract int units();

    /** float32: computes units {@code [u0, u1)}. */
    abstract void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1);

    /** float64: computes units {@code [u0, u1)}. */
    abstract void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1);
}
