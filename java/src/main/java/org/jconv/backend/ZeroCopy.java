package org.jconv.backend;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.jconv.DType;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvGeometry;

/**
 * Runs a plan on JavaCPP pointers, for callers who already hold their tensors in native memory (the
 * only place jconv's API shows JavaCPP types). On a native plan the core reads and writes that memory
 * directly: no copy, no allocation. A pure-Java plan (the fallback) works on a direct-buffer view of
 * the same memory (no copy; two small view objects per call).
 *
 * <p>A pointer's elements run from its {@code position()} to its {@code limit()} (JavaCPP sets both
 * when it allocates: {@code new FloatPointer(n)} holds n); it must hold at least the plan's element
 * count, and only that many are read or written. A pointer of unknown size (limit 0, as pointers
 * returned by native code often are) is refused: set its limit first. Input and output must not
 * overlap.
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).pad(1).build();   // NCHW, OIHW, cross-correlation
 * int[] kernelShape = {16, 3, 3, 3};
 * Tensor kernel = Tensor.of(new float[16 * 3 * 3 * 3], kernelShape);
 * try (ConvPlan plan = Conv.plan(spec, new int[] {1, 3, 32, 32}, kernel, null);
 *      FloatPointer x = new FloatPointer(3 * 32 * 32);
 *      FloatPointer y = new FloatPointer(16 * 32 * 32)) {
 *     ConvGeometry g = plan.geometry();
 *     x.put(new float[(int) g.inputElements()]);   // or memory filled by native code
 *     ZeroCopy.run(plan, x, y);   // y now holds the output, in the plan's layout
 * }
 * }</pre>
 */
public final class ZeroCopy {
    private ZeroCopy() {
    }

    /**
     * Runs a float32 plan on native memory.
     *
     * @throws IllegalArgumentException if a pointer is null, of unknown size, smaller than the plan's
     *         element count, the two overlap, or the plan is not float32
     * @throws IllegalStateException if the plan is closed
     */
    public static void run(ConvPlan plan, FloatPointer input, FloatPointer output) {
        check(plan, DType.FLOAT32, input, output, Float.BYTES);
        if (plan instanceof NativeConvPlan n) {
            n.runPointers(input, output);
        } else {
            ConvGeometry g = plan.geometry();
            plan.run(input.asBuffer().limit((int) g.inputElements()), output.asBuffer().limit((int) g.outputElements()));
        }
    }

    /** Runs a float64 plan on native memory; see {@link #run(ConvPlan, FloatPointer, FloatPointer)}. */
    public static void run(ConvPlan plan, DoublePointer input, DoublePointer output) {
        check(plan, DType.FLOAT64, input, output, Double.BYTES);
        if (plan instanceof NativeConvPlan n) {
            n.runPointers(input, output);
        } else {
            ConvGeometry g = plan.geometry();
            plan.run(input.asBuffer().limit((int) g.inputElements()), output.asBuffer().limit((int) g.outputElements()));
        }
    }

    private static void check(ConvPlan plan, DType dt, Pointer input, Pointer output, int bytes) {
        if (plan == null) {
            throw new IllegalArgumentException("plan must not be null");
        }
        if (plan.isClosed()) {
            throw new IllegalStateException("plan is closed");
        }
        ConvGeometry g = plan.geometry();
        if (g.spec().dtype() != dt) {
            throw new IllegalArgumentException("plan computes in " + g.spec().dtype().numpyName() + " but was given "
                    + dt.numpyName() + " pointers");
        }
        long in = checkPointer("input", input, g.inputElements(), g);
        long out = checkPointer("output", output, g.outputElements(), g);
        long inStart = input.address() + in * bytes;
        long outStart = output.address() + out * bytes;
        if (inStart < outStart + g.outputElements() * bytes && outStart < inStart + g.inputElements() * bytes) {
            throw new IllegalArgumentException("input and output overlap (input at 0x" + Long.toHexString(inStart)
                    + ", " + g.inputElements() + " elements; output at 0x" + Long.toHexString(outStart) + ", "
                    + g.outputElements() + " elements)");
        }
    }

    /** Validates one pointer; returns its position. Allocates nothing unless it throws. */
    private static long checkPointer(String name, Pointer p, long needed, ConvGeometry g) {
        if (p == null || p.isNull()) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        long position = p.position();
        long limit = p.limit();
        if (position < 0) {
            throw new IllegalArgumentException(name + " has a negative position " + position);
        }
        if (limit == 0) {
            throw new IllegalArgumentException(name + " pointer has no known size (limit 0): call limit(n) with its "
                    + "element count first");
        }
        if (limit - position < needed) {
            throw new IllegalArgumentException(name + " holds " + (limit - position) + " elements from its position "
                    + position + ", expected at least " + needed + " for shape "
                    + Arrays.toString(name.equals("input") ? g.inputShape() : g.outputShape()));
        }
        return position;
    }
}
