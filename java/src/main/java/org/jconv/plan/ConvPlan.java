package org.jconv.plan;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.spec.ConvGeometry;

/**
 * A prepared convolution: created once for one {@link ConvGeometry} (spec + shapes), a kernel and
 * an optional bias; {@code run} then does arithmetic only. Close it to release native memory.
 *
 * <pre>{@code
 * ConvSpec spec = ConvSpec.builder(2).pad(1).build();
 * Tensor kernel = Tensor.of(new float[16 * 3 * 3 * 3], 16, 3, 3, 3);       // OIHW
 * try (ConvPlan plan = Conv.plan(spec, new int[] {1, 3, 32, 32}, kernel, null)) {
 *     float[] x = new float[3 * 32 * 32];
 *     float[] y = new float[16 * 32 * 32];
 *     plan.run(x, y);      // call as often as you like, from any thread
 * }
 * }</pre>
 *
 * <p>Thread safety: a plan is immutable after creation; {@code run} may be called concurrently from
 * several threads. {@link #close()} must not race with {@code run}: close a plan only when no thread
 * uses it any more. Running a closed plan throws {@link IllegalStateException}.
 */
public abstract class ConvPlan implements AutoCloseable {
    private final ConvGeometry geometry;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected ConvPlan(ConvGeometry geometry) {
        this.geometry = geometry;
    }

    /** The spec and shapes this plan was made for. */
    public final ConvGeometry geometry() {
        return geometry;
    }

    /** The backend's name: {@code "native"} or {@code "java"}. */
    public abstract String backend();

    /** The algorithm chosen for this geometry, e.g. {@code "im2col+gemm"} or {@code "direct"}. */
    public abstract String algorithm();

    /**
     * Runs the convolution on float32 data in the spec's layouts.
     *
     * @param input  exactly {@link ConvGeometry#inputElements()} values
     * @param output exactly {@link ConvGeometry#outputElements()} values, overwritten; may be the input
     *               array itself (the input is then copied first)
     * @throws IllegalArgumentException if an array is null or has the wrong length, or the plan is float64
     * @throws IllegalStateException if the plan is closed
     */
    public final void run(float[] input, float[] output) {
        checkRun(DType.FLOAT32, input == null ? -1 : input.length, output == null ? -1 : output.length,
                input == null, output == null);
        runF32(input == output ? input.clone() : input, output);
    }

    /** Runs the convolution on float64 data; see {@link #run(float[], float[])}. */
    public final void run(double[] input, double[] output) {
        checkRun(DType.FLOAT64, input == null ? -1 : input.length, output == null ? -1 : output.length,
                input == null, output == null);
        runF64(input == output ? input.clone() : input, output);
    }

    /**
     * Runs the convolution on float32 buffers: reads {@code input.remaining()} values from the
     * input's position and writes the output from its position. Positions and limits are not
     * changed. Zero-copy on the native backend when both are direct, in {@code ByteOrder.nativeOrder()}
     * and disjoint; a heap buffer that wraps a whole array ({@code FloatBuffer.wrap(a)}) runs as that
     * array does; slices of arrays, other byte orders and buffers sharing memory go through a copy
     * (allocated per call: use arrays or direct buffers in hot loops).
     *
     * @throws IllegalArgumentException if a buffer is null, read-only (output), or its remaining()
     *         differs from the element count
     */
    public final void run(FloatBuffer input, FloatBuffer output) {
        checkBuffers(DType.FLOAT32, input, output);
        runF32(input, output);
    }

    /** Runs the convolution on float64 buffers; see {@link #run(FloatBuffer, FloatBuffer)}. */
    public final void run(DoubleBuffer input, DoubleBuffer output) {
        checkBuffers(DType.FLOAT64, input, output);
        runF64(input, output);
    }

    private void checkBuffers(DType dt, Buffer input, Buffer output) {
        checkRun(dt, input == null ? -1 : input.remaining(), output == null ? -1 : output.remaining(),
                input == null, output == null);
        if (output.isReadOnly()) {
            throw new IllegalArgumentException("output buffer is read-only");
        }
    }

    /**
     * Runs the convolution on a tensor whose shape is {@link ConvGeometry#inputShape()} and returns a
     * new output tensor (allocates; use the array overloads in hot loops).
     */
    public final Tensor run(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("input must not be null");
        }
        if (!Arrays.equals(input.shape(), geometry.inputShape())) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape())
                    + " does not match the plan's input shape " + Arrays.toString(geometry.inputShape()));
        }
        DType dt = geometry.spec().dtype();
        if (input.dtype() != dt) {
            throw new IllegalArgumentException("input dtype " + input.dtype().numpyName() + " does not match the plan's dtype "
                    + dt.numpyName());
        }
        Tensor out = Tensor.zeros(dt, geometry.outputShape());
        if (dt == DType.FLOAT32) {
            run(input.floats(), out.floats());
        } else {
            run(input.doubles(), out.doubles());
        }
        return out;
    }

    private void checkRun(DType dt, long inLen, long outLen, boolean inNull, boolean outNull) {
        if (closed.get()) {
            throw new IllegalStateException("plan is closed");
        }
        DType planType = geometry.spec().dtype();
        if (planType != dt) {
            throw new IllegalArgumentException("plan computes in " + planType.numpyName() + " but was given "
                    + dt.numpyName() + " arrays");
        }
        if (inNull) {
            throw new IllegalArgumentException("input must not be null");
        }
        if (outNull) {
            throw new IllegalArgumentException("output must not be null");
        }
        if (inLen != geometry.inputElements()) {
            throw new IllegalArgumentException("input has length " + inLen + ", expected " + geometry.inputElements()
                    + " for shape " + Arrays.toString(geometry.inputShape()));
        }
        if (outLen != geometry.outputElements()) {
            throw new IllegalArgumentException("output has length " + outLen + ", expected " + geometry.outputElements()
                    + " for shape " + Arrays.toString(geometry.outputShape()));
        }
    }

    /** Throws if closed; for subclasses' own entry points. */
    protected final void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("plan is closed");
        }
    }

    /** True once {@link #close()} was called. */
    public final boolean isClosed() {
        return closed.get();
    }

    /** float32 arithmetic on validated arguments. */
    protected abstract void runF32(float[] input, float[] output);

    /** float64 arithmetic on validated arguments. */
    protected abstract void runF64(double[] input, double[] output);

    /**
     * float32 arithmetic on validated buffers. The default copies through heap arrays; backends
     * override it to work on direct memory in place.
     */
    protected void runF32(FloatBuffer input, FloatBuffer output) {
        float[] inArray = input.hasArray() && whole(input, input.array().length) ? input.array() : null;
        float[] outArray = output.hasArray() && whole(output, output.array().length) ? output.array() : null;
        // A buffer that wraps a whole array (FloatBuffer.wrap(a)) is run on the array: no copy.
        float[] in = inArray != null && inArray != outArray ? inArray : new float[input.remaining()];
        float[] out = outArray != null ? outArray : new float[output.remaining()];
        if (in != inArray) {
            input.duplicate().get(in);
        }
        runF32(in, out);
        if (out != outArray) {
            output.duplicate().put(out);
        }
    }

    /** float64 arithmetic on validated buffers; see {@link #runF32(FloatBuffer, FloatBuffer)}. */
    protected void runF64(DoubleBuffer input, DoubleBuffer output) {
        double[] inArray = input.hasArray() && whole(input, input.array().length) ? input.array() : null;
        double[] outArray = output.hasArray() && whole(output, output.array().length) ? output.array() : null;
        double[] in = inArray != null && inArray != outArray ? inArray : new double[input.remaining()];
        double[] out = outArray != null ? outArray : new double[output.remaining()];
        if (in != inArray) {
            input.duplicate().get(in);
        }
        runF64(in, out);
        if (out != outArray) {
            output.duplicate().put(out);
        }
    }

    /** True when the buffer's remaining elements are exactly its whole backing array of that length. */
    private static boolean whole(Buffer b, int arrayLength) {
        return b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == arrayLength;
    }

    /** Releases resources; called once. */
    protected void release() {
    }

    /** Releases the plan's resources. Idempotent. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }
}
