package org.jconv.backend.pure;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvGeometry;

/**
 * A plan of the pure-Java backend: an {@link Engine} (the chosen algorithm with its packed
 * kernel), a {@link WorkspacePool}, and the number of threads a run may use.
 *
 * <p>Thread safety: the engine is immutable; each run borrows its workspaces from the pool (one
 * compare-and-set each) and returns them, so any number of threads may run one plan at once. The
 * first runs make the workspaces; after that, runs allocate nothing, for heap arrays as for
 * buffers (direct buffers are copied through staging arrays kept in the workspace; heap buffers
 * are used in place unless input and output share their array).
 *
 * <p>Threads: a run uses up to {@link #threads()} threads: its caller and, when the problem is
 * large enough to pay for the hand-off ({@link #MIN_MACS_PER_THREAD} multiply-adds per thread),
 * the process-wide {@link Team}, if no other run holds it; otherwise the caller computes alone.
 * The numbers never depend on the thread count: each output is computed by exactly one thread, in
 * the same order.
 *
 * <pre>{@code
 * try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(geometry, kernel, null, PlanOptions.threads(1))) {
 *     plan.run(x, y);
 * }
 * }</pre>
 */
final class PurePlan extends ConvPlan {
    /** Below this much work per thread, waking the team costs more than it saves. */
    static final long MIN_MACS_PER_THREAD = 1L << 20;

    private final String algorithm;
    private final Engine engine;
    private final WorkspacePool pool;
    private final int inN;
    private final int outN;
    private final int threads;
    /** Threads a run uses when the team is free (1: always the caller alone). */
    private final int parts;
    private final Team team;

    PurePlan(ConvGeometry g, String algorithm, Engine engine, int threads) {
        super(g);
        this.algorithm = algorithm;
        this.engine = engine;
        this.pool = new WorkspacePool(engine::newWorkspace);
        this.inN = (int) g.inputElements();
        this.outN = (int) g.outputElements();
        this.threads = threads;
        long byWork = Math.max(1, g.macs() / MIN_MACS_PER_THREAD);
        int n = (int) Math.min(Math.min(threads, engine.units()), byWork);
        this.team = n > 1 ? Team.shared() : null;
        this.parts = team == null ? 1 : Math.min(n, team.size() + 1);
    }

    @Override
    public String backend() {
        return "java";
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    /** The most threads a run of this plan uses (the caller included). */
    int threads() {
        return parts;
    }

    @Override
    protected void runF32(float[] input, float[] output) {
        Workspace ws = pool.borrow();
        try {
            computeF(input, 0, output, 0, ws);
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
            if (output.hasArray() && x == output.array()) {
                // one backing array: the output could overwrite input still to be read
                float[] copy = ws.stageInF(inN);
                System.arraycopy(x, xOff, copy, 0, inN);
                x = copy;
                xOff = 0;
            }
            if (output.hasArray()) {
                computeF(x, xOff, output.array(), output.arrayOffset() + output.position(), ws);
            } else {
                float[] y = ws.stageOutF(outN);
                computeF(x, xOff, y, 0, ws);
                output.put(output.position(), y, 0, outN);
            }
        } finally {
            pool.giveBack(ws);
        }
    }

    /** All units: on the team when it is free and worth it, else on this thread with {@code ws}. */
    private void computeF(float[] x, int xOff, float[] y, int yOff, Workspace ws) {
        if (parts > 1 && team.tryAcquire()) {
            Workspace[] slots = team.slots();
            try {
                slots[0] = ws;
                for (int i = 1; i < parts; i++) {
                    slots[i] = pool.borrow();
                }
                team.runF(engine, x, xOff, y, yOff, slots, parts);
            } finally {
                for (int i = 1; i < parts; i++) {
                    if (slots[i] != null) {
                        pool.giveBack(slots[i]);
                    }
                    slots[i] = null;
                }
                slots[0] = null;
                team.release();
            }
        } else {
            engine.runF(x, xOff, y, yOff, ws, 0, engine.units());
        }
    }

    @Override
    protected void runF64(double[] input, double[] output) {
        Workspace ws = pool.borrow();
        try {
            computeD(input, 0, output, 0, ws);
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
            if (output.hasArray() && x == output.array()) {
                // one backing array: the output could overwrite input still to be read
                double[] copy = ws.stageInD(inN);
                System.arraycopy(x, xOff, copy, 0, inN);
                x = copy;
                xOff = 0;
            }
            if (output.hasArray()) {
                computeD(x, xOff, output.array(), output.arrayOffset() + output.position(), ws);
            } else {
                double[] y = ws.stageOutD(outN);
                computeD(x, xOff, y, 0, ws);
                output.put(output.position(), y, 0, outN);
            }
        } finally {
            pool.giveBack(ws);
        }
    }

    /** All units: on the team when it is free and worth it, else on this thread with {@code ws}. */
    private void computeD(double[] x, int xOff, double[] y, int yOff, Workspace ws) {
        if (parts > 1 && team.tryAcquire()) {
            Workspace[] slots = team.slots();
            try {
                slots[0] = ws;
                for (int i = 1; i < parts; i++) {
                    slots[i] = pool.borrow();
                }
                team.runD(engine, x, xOff, y, yOff, slots, parts);
            } finally {
                for (int i = 1; i < parts; i++) {
                    if (slots[i] != null) {
                        pool.giveBack(slots[i]);
                    }
                    slots[i] = null;
                }
                slots[0] = null;
                team.release();
            }
        } else {
            engine.runD(x, xOff, y, yOff, ws, 0, engine.units());
        }
    }

    @Override
    protected void release() {
        pool.clear();
    }

    @Override
    public String toString() {
        return "ConvPlan[java, " + algorithm + ", " + parts + " thread(s): " + geometry().describe() + "]";
    }
}
