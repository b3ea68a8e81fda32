package org.jconv.backend.pure;

/**
 * One algorithm prepared for one problem: the kernel packed the way its loops read it, the bias,
 * and the workspace sizes. Immutable; {@code run} may be called from several threads at once, each
 * with its own {@link Workspace} (from {@link #newWorkspace()}). Runs allocate nothing.
 *
 * <p>Arrays are passed with offsets: the input is {@code in[inOff ..]}, the output
 * {@code out[outOff ..]}, both with the geometry's element counts and the spec's layout.
 *
 * <pre>{@code
 * Engine e = Im2colGemm.INSTANCE.prepare(problem, canonicalKernel, bias);
 * Workspace ws = e.newWorkspace();
 * e.runF(x, 0, y, 0, ws);
 * }</pre>
 */
abstract class Engine {
    final Problem p;

    Engine(Problem p) {
        this.p = p;
    }

    /** A workspace sized for this engine. */
    abstract Workspace newWorkspace();

    /** float32 run. */
    abstract void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws);

    /** float64 run. */
    abstract void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws);
}
