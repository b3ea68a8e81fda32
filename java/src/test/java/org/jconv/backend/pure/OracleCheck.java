package org.jconv.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.JavaBackend;
import org.jconv.plan.ConvPlan;
import org.jconv.testing.Tolerance;

/**
 * Runs a plan of the engine on a case through every entry point and compares each result with
 * the reference backend ({@link JavaBackend}, the oracle) by the golden tolerance rule (NaN and
 * infinities exactly). Outputs are pre-filled with NaN, so an element the engine forgets to write
 * cannot pass; each plan runs several times, so a run that depends on workspace leftovers fails.
 *
 * <pre>{@code
 * try (ConvPlan plan = PureJavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
 *     OracleCheck.allEntryPoints(plan, c, OracleCheck.expected(c));
 * }
 * }</pre>
 */
final class OracleCheck {
    private OracleCheck() {
    }

    /** The oracle's output for the case. */
    static Tensor expected(PureCase c) {
        try (ConvPlan oracle = JavaBackend.INSTANCE.plan(c.geometry, c.kernel, c.bias)) {
            return oracle.run(c.input);
        }
    }

    /** Heap arrays (twice), direct buffers at position 3, and heap buffers wrapping array slices. */
    static void allEntryPoints(ConvPlan plan, PureCase c, Tensor expected) {
        double atol = c.atol();
        String what = c.description + " [" + plan.algorithm() + ", ";
        for (int rep = 0; rep < 2; rep++) {
            Tolerance.assertClose(expected, heap(plan, c.input), atol, what + "heap arrays, run " + (rep + 1) + "]");
        }
        Tolerance.assertClose(expected, buffers(plan, c.input, true), atol, what + "direct buffers]");
        Tolerance.assertClose(expected, buffers(plan, c.input, false), atol, what + "heap buffers at an offset]");
    }

    /** Heap arrays only. */
    static void heapOnly(ConvPlan plan, PureCase c, Tensor expected) {
        Tolerance.assertClose(expected, heap(plan, c.input), c.atol(), c.description + " [" + plan.algorithm() + "]");
    }

    static Tensor heap(ConvPlan plan, Tensor input) {
        Tensor out = nanFilled(input.dtype(), plan.geometry().outputShape());
        if (input.dtype() == DType.FLOAT32) {
            plan.run(input.floats(), out.floats());
        } else {
            plan.run(input.doubles(), out.doubles());
        }
        return out;
    }

    static Tensor nanFilled(DType dt, int[] shape) {
        Tensor t = Tensor.zeros(dt, shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, Double.NaN);
        }
        return t;
    }

    /** Through buffers 3 elements into their storage: direct ones, or heap ones wrapping a larger array (array offset and position). */
    static Tensor buffers(ConvPlan plan, Tensor input, boolean direct) {
        int nIn = input.size();
        int nOut = (int) plan.geometry().outputElements();
        Tensor out = Tensor.zeros(input.dtype(), plan.geometry().outputShape());
        if (input.dtype() == DType.FLOAT32) {
            FloatBuffer in = direct ? ByteBuffer.allocateDirect((nIn + 3) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer()
                    : FloatBuffer.wrap(new float[nIn + 5]);
            FloatBuffer o = direct ? ByteBuffer.allocateDirect((nOut + 3) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer()
                    : FloatBuffer.wrap(new float[nOut + 5]);
            in.position(3);
            in.put(input.floats());
            // direct: position 3; heap: a slice at array offset 1, positioned at 2
            in.position(direct ? 3 : 1);
            FloatBuffer arg = direct ? in : in.slice().position(2);
            arg.limit(arg.position() + nIn);
            for (int i = 0; i < o.capacity(); i++) {
                o.put(i, Float.NaN);
            }
            o.position(3).limit(3 + nOut);
            plan.run(arg, o);
            assertEquals(3, o.position(), "run must not move the output position");
            o.duplicate().get(out.floats());
            FloatBuffer all = o.duplicate().clear();
            for (int i = 0; i < 3; i++) {
                assertTrue(Float.isNaN(all.get(i)), "run wrote before the output position");
            }
            for (int i = 3 + nOut; i < all.capacity(); i++) {
                assertTrue(Float.isNaN(all.get(i)), "run wrote past the output limit");
            }
        } else {
            DoubleBuffer in = direct ? ByteBuffer.allocateDirect((nIn + 3) * 8).order(ByteOrder.nativeOrder()).asDoubleBuffer()
                    : DoubleBuffer.wrap(new double[nIn + 5]);
            DoubleBuffer o = direct ? ByteBuffer.allocateDirect((nOut + 3) * 8).order(ByteOrder.nativeOrder()).asDoubleBuffer()
                    : DoubleBuffer.wrap(new double[nOut + 5]);
            in.position(3);
            in.put(input.doubles());
            // direct: position 3; heap: a slice at array offset 1, positioned at 2
            in.position(direct ? 3 : 1);
            DoubleBuffer arg = direct ? in : in.slice().position(2);
            arg.limit(arg.position() + nIn);
            for (int i = 0; i < o.capacity(); i++) {
                o.put(i, Double.NaN);
            }
            o.position(3).limit(3 + nOut);
            plan.run(arg, o);
            assertEquals(3, o.position(), "run must not move the output position");
            o.duplicate().get(out.doubles());
            DoubleBuffer all = o.duplicate().clear();
            for (int i = 0; i < 3; i++) {
                assertTrue(Double.isNaN(all.get(i)), "run wrote before the output position");
            }
            for (int i = 3 + nOut; i < all.capacity(); i++) {
                assertTrue(Double.isNaN(all.get(i)), "run wrote past the output limit");
            }
        }
        return out;
    }
}
