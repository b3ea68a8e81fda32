package org.jconv.backend.pure;

import org.jconv.backend.JavaBackend;
import org.jconv.plan.ConvPlan;

/**
 * "direct": the reference implementation ({@link JavaBackend}, a term-by-term evaluation of the
 * definition), for the one case the other algorithms do not compute exactly: a transposed
 * convolution with holes (taps over padding or inserted zeros, which are no products there) and a
 * NaN or infinite weight, which the GEMM formulation would multiply by those zeros (0 * Inf = NaN
 * where the definition has no product). Finite kernels never come here.
 *
 * <pre>{@code
 * Algorithms.choose(problem, weights) == Reference.INSTANCE;   // transposed, holes, a NaN weight
 * }</pre>
 */
final class Reference implements Algorithm {
    static final Reference INSTANCE = new Reference();

    private Reference() {
    }

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public boolean applies(Problem p) {
        return true;
    }

    @Override
    public Engine prepare(Problem p, Weights w, int threads) {
        return new Run(p, JavaBackend.INSTANCE.plan(p.geometry, w.kernel, w.bias));
    }

    private static final class Run extends Engine {
        private final ConvPlan oracle;
        private final int inN;
        private final int outN;

        Run(Problem p, ConvPlan oracle) {
            super(p);
            this.oracle = oracle;
            inN = (int) p.geometry.inputElements();
            outN = (int) p.geometry.outputElements();
        }

        @Override
        Workspace newWorkspace() {
            return Workspace.of(p, 0, 0, 0, 0, 0, 0);
        }

        @Override
        int units() {
            return 1;
        }

        @Override
        void runF(float[] in, int inOff, float[] out, int outOff, Workspace ws, int u0, int u1) {
            if (u0 >= u1) {
                return;
            }
            // the reference takes whole arrays: stage what comes with offsets (heap buffers)
            float[] x = in;
            if (inOff != 0 || in.length != inN) {
                x = ws.stageInF(inN);
                System.arraycopy(in, inOff, x, 0, inN);
            }
            if (outOff == 0 && out.length == outN) {
                oracle.run(x, out);
            } else {
                float[] y = ws.stageOutF(outN);
                oracle.run(x, y);
                System.arraycopy(y, 0, out, outOff, outN);
            }
        }

        @Override
        void runD(double[] in, int inOff, double[] out, int outOff, Workspace ws, int u0, int u1) {
            if (u0 >= u1) {
                return;
            }
            // the reference takes whole arrays: stage what comes with offsets (heap buffers)
            double[] x = in;
            if (inOff != 0 || in.length != inN) {
                x = ws.stageInD(inN);
                System.arraycopy(in, inOff, x, 0, inN);
            }
            if (outOff == 0 && out.length == outN) {
                oracle.run(x, out);
            } else {
                double[] y = ws.stageOutD(outN);
                oracle.run(x, y);
                System.arraycopy(y, 0, out, outOff, outN);
            }
        }
    }
}
