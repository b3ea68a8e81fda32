package org.jconv.backend.pure;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvGeometry;

/**
 * A plan of the pure-Java backend: an {@link Engine} (the chosen algorithm with its packed
 * kernel) and a {@link WorkspacePool}.
 *
 * <p>Thread safety: the engine is immutable; each run borrows a workspace from the pool (one
 * compare-and-set) and returns it, so any number of threads may run one plan at once. The first
 * run on each concurrently running thread makes a workspace; after that, runs allocate nothing,
 * for heap arrays as for buffers (direct buffers are copied through staging arrays kept in the
 * workspace; heap buffers are used in place). Each run is computed by the calling thread alone.
 *
 * <pre>{@code
 * try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(geometry, kernel, null)) {
 *     plan.run(x, y);
 * }
 * }</pre>
 */
final class PurePlan extends ConvPlan {
    private final String algorithm;
    private final Engine engine;
    private final WorkspacePool pool;
    private final int inN;
    private final int outN;

    PurePlan(ConvGeometry g, String algorithm, Engine engine) {
        super(g);
        this.algorithm = algorithm;
        this.engine = engine;
        this.pool = new WorkspacePool(engine::newWorkspace);
        this.inN = (int) g.inputElements();
        this.outN = (int) g.outputElements();
    }

    @Override
    public String backend() {
        return "java";
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    protected void runF32(float[] input, float[] output) {
        Workspace ws = pool.borrow();
        try {
            engine.runF(input, 0, output, 0, ws);
        } finally {
            pool.giveBack(ws);
        }
    }

    @Override
    protected void runF32(FloatBuffer input, FloatBuffer output) {
        Workspace ws = pool.borrow();
        try {
            float[] x;
            int xOff;
            if (input.hasArray()) {
                x = input.array();
                xOff = input.arrayOffset() + input.position();
            } else {
                x = ws.stageInF(inN);
                xOff = 0;
                input.get(input.position(), x, 0, inN);
            }
            if (output.hasArray()) {
                engine.runF(x, xOff, output.array(), output.arrayOffset() + output.position(), ws);
            } else {
                float[] y = ws.stageOutF(outN);
                engine.runF(x, xOff, y, 0, ws);
                output.put(output.position(), y, 0, outN);
            }
        } finally {
            pool.giveBack(ws);
        }
    }

    @Override
    protected void runF64(double[] input, double[] output) {
        Workspace ws = pool.borrow();
        try {
            engine.runD(input, 0, output, 0, ws);
        } finally {
            pool.giveBack(ws);
        }
    }

    @Override
    protected void runF64(DoubleBuffer input, DoubleBuffer output) {
        Workspace ws = pool.borrow();
        try {
            double[] x;
            int xOff;
            if (input.hasArray()) {
                x = input.array();
                xOff = input.arrayOffset() + input.position();
            } else {
                x = ws.stageInD(inN);
                xOff = 0;
                input.get(input.position(), x, 0, inN);
            }
            if (output.hasArray()) {
                engine.runD(x, xOff, output.array(), output.arrayOffset() + output.position(), ws);
            } else {
                double[] y = ws.stageOutD(outN);
                engine.runD(x, xOff, y, 0, ws);
                output.put(output.position(), y, 0, outN);
            }
        } finally {
            pool.giveBack(ws);
        }
    }

    @Override
    protected void release() {
        pool.clear();
    }

    @Override
    public String toString() {
        return "ConvPlan[java, " + algorithm + ": " + geometry().describe() + "]";
    }
}
