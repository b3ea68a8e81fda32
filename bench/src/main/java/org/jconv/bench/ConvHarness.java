package org.jconv.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.plan.ConvPlan;

/**
 * One case ready to run on one backend: the plan (created once, like a user would) and its
 * operands as heap arrays and as direct buffers. Shared by the JMH benchmarks and
 * {@link QuickBench}, so both time exactly the same calls.
 *
 * <pre>{@code
 * BenchCase c = Suite.bundled().byId("r50_3x3_56");
 * try (ConvHarness h = ConvHarness.create(c, Backends.nativeBackend())) {
 *     h.run(Io.DIRECT);      // plan.run(FloatBuffer, FloatBuffer)
 *     h.run(Io.HEAP);        // plan.run(float[], float[])
 * }
 * }</pre>
 *
 * <p>Thread count: the plan is created with {@code PlanOptions.threads(threads)}; set OpenBLAS's
 * count to the same with {@link ThreadSetting} so the GEMM baseline runs on as many threads.
 */
public final class ConvHarness implements AutoCloseable {
    /** Direct buffers start on a cache line, as a native allocator would give them. */
    private static final int ALIGN = 64;

    private final BenchCase benchCase;
    private final ConvPlan plan;
    private final float[] inF;
    private final float[] outF;
    private final double[] inD;
    private final double[] outD;
    private final FloatBuffer inFB;
    private final FloatBuffer outFB;
    private final DoubleBuffer inDB;
    private final DoubleBuffer outDB;

    private ConvHarness(BenchCase c, Backend backend, int threads) {
        this.benchCase = c;
        Tensor x = c.input();
        this.plan = Conv.plan(c.spec(), c.inputShape(), c.kernel(), null, backend, org.jconv.plan.PlanOptions.threads(threads));
        int outLen = Math.toIntExact(c.geometry().outputElements());
        if (c.dtype() == DType.FLOAT32) {
            inF = x.floats();
            outF = new float[outLen];
            inFB = direct(inF.length, 4).asFloatBuffer().put(inF).flip();
            outFB = direct(outLen, 4).asFloatBuffer();
            inD = outD = null;
            inDB = outDB = null;
        } else {
            inD = x.doubles();
            outD = new double[outLen];
            inDB = direct(inD.length, 8).asDoubleBuffer().put(inD).flip();
            outDB = direct(outLen, 8).asDoubleBuffer();
            inF = outF = null;
            inFB = outFB = null;
        }
    }

    /** Plans {@code c} on {@code backend} with the library's default threads and prepares its operands. */
    public static ConvHarness create(BenchCase c, Backend backend) {
        return create(c, backend, 0);
    }

    /** Plans {@code c} on {@code backend} capped at {@code threads} (0: default) and prepares its operands. */
    public static ConvHarness create(BenchCase c, Backend backend, int threads) {
        if (c == null || backend == null) {
            throw new IllegalArgumentException("case and backend must not be null");
        }
        return new ConvHarness(c, backend, threads);
    }

    private static ByteBuffer direct(int elements, int bytes) {
        int size = elements * bytes;
        int rounded = (size + ALIGN - 1) / ALIGN * ALIGN;
        // alignedSlice rounds both ends to the alignment: allocate a whole aligned block more, then
        // cut to the exact size (plans check remaining()).
        ByteBuffer aligned = ByteBuffer.allocateDirect(rounded + ALIGN).alignedSlice(ALIGN);
        aligned.limit(size);
        return aligned.slice().order(ByteOrder.nativeOrder());
    }

    /** The case. */
    public BenchCase benchCase() {
        return benchCase;
    }

    /** The plan's algorithm, e.g. {@code "im2col+gemm"}. */
    public String algorithm() {
        return plan.algorithm();
    }

    /** The plan's backend name. */
    public String backend() {
        return plan.backend();
    }

    /** One convolution with direct buffers in and out. */
    public void runDirect() {
        if (inFB != null) {
            plan.run(inFB, outFB);
        } else {
            plan.run(inDB, outDB);
        }
    }

    /** One convolution with heap arrays in and out. */
    public void runHeap() {
        if (inF != null) {
            plan.run(inF, outF);
        } else {
            plan.run(inD, outD);
        }
    }

    /** One convolution with the given I/O. */
    public void run(Io io) {
        if (io == Io.DIRECT) {
            runDirect();
        } else {
            runHeap();
        }
    }

    /** The output of the last {@link #runDirect()} as float64 (for sanity checks). */
    double[] directOutput() {
        double[] out = new double[outFB != null ? outFB.capacity() : outDB.capacity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = outFB != null ? outFB.get(i) : outDB.get(i);
        }
        return out;
    }

    /** The output of the last {@link #runHeap()} as float64. */
    double[] heapOutput() {
        if (outF != null) {
            double[] out = new double[outF.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = outF[i];
            }
            return out;
        }
        return outD.clone();
    }

    /** Closes the plan. */
    @Override
    public void close() {
        plan.close();
    }
}
