package org.jconv.backend;

import static org.jconv.nativelib.global.jconv.*;

import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.jconv.Tensor;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvGeometry;
import org.jconv.nativelib.jconv_plan;

/**
 * A native plan. Owns the native plan handle and a small pool of workspaces: a run borrows a
 * workspace from a fixed slot array (lock-free, no allocation once each concurrently running
 * thread has had one) and gives it back. More concurrent runs than slots get a temporary workspace.
 *
 * <p>Closing is safe against concurrent runs: the handle is destroyed by whichever comes last, the
 * close or the last run in flight, and runs that start after the close throw.
 *
 * <p>Data transfer: direct buffers in the platform's byte order go to the core as they are, and so
 * do JavaCPP pointers ({@link ZeroCopy}). Heap arrays go either as copies
 * ({@code Get<Type>ArrayElements}: the input copied in, the output in and out) or by JNI critical
 * access ({@code GetPrimitiveArrayCritical}: the core works on the arrays themselves). Critical access
 * saves the copies (img512_k3_f64: 0.49 ms a call with copies, 0.26 ms critical, 0.19 ms on direct
 * buffers; JMH, bench/RESULTS.md), but before JDK 22 it holds the garbage collector off for the run,
 * and threads that keep running on heap arrays can then starve others' allocations into an
 * OutOfMemoryError (JDK-8192647). JDK 22's G1 pins the arrays' regions instead (JEP 423). So
 * {@code -Djconv.native.criticalArrays=auto} (the default) uses critical access on JDK 22+ with G1
 * and copies elsewhere; {@code true} and {@code false} force one. Neither allocates on the Java heap;
 * services that want neither copies nor GC coupling pass direct buffers.
 */
final class NativeConvPlan extends ConvPlan {
    private static final int CLOSED = 1 << 30;
    private static final int SLOTS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    /** System property choosing how heap arrays reach the core (read when a plan is created). */
    static final String CRITICAL_ARRAYS_PROPERTY = "jconv.native.criticalArrays";

    private final jconv_plan handle;
    private final long workspaceBytes;
    private final String algorithm;
    /** Heap arrays by critical access, else by copies. */
    private final boolean criticalArrays;
    private final AtomicReferenceArray<BytePointer> pool = new AtomicReferenceArray<>(SLOTS);
    /** Number of runs in flight, plus {@link #CLOSED} once closed. */
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicInteger destroyed = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();
    private final Cleaner.Cleanable cleanable;

    NativeConvPlan(ConvGeometry g, Tensor canonicalKernel, Tensor bias, int threads) {
        super(g);
        this.handle = NativeBackend.create(g, canonicalKernel, bias, threads);
        this.workspaceBytes = jconv_plan_workspace_size(handle);
        this.algorithm = jconv_plan_algorithm(handle).getString();
        this.criticalArrays = criticalArraysSetting();
        // A plan the caller forgets to close still frees its native memory once unreachable.
        this.cleanable = CLEANER.register(this, new Destroyer(handle, pool));
    }

    /** Frees the native plan and the pooled workspaces; holds no reference to the plan itself. */
    private static final class Destroyer implements Runnable {
        private final jconv_plan handle;
        private final AtomicReferenceArray<BytePointer> pool;

        Destroyer(jconv_plan handle, AtomicReferenceArray<BytePointer> pool) {
            this.handle = handle;
            this.pool = pool;
        }

        @Override
        public void run() {
            jconv_plan_destroy(handle);
            for (int i = 0; i < pool.length(); i++) {
                BytePointer p = pool.getAndSet(i, null);
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    @Override
    public String backend() {
        return "native";
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    /** The {@link #CRITICAL_ARRAYS_PROPERTY} setting: true, false, or auto (the default). */
    static boolean criticalArraysSetting() {
        String v = System.getProperty(CRITICAL_ARRAYS_PROPERTY, "auto").trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        return PinningGc.PRESENT;
    }

    /** Whether this JVM pins arrays under critical access rather than holding off its GC. */
    private static final class PinningGc {
        static final boolean PRESENT = Runtime.version().feature() >= 22
                && java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .anyMatch(b -> b.getName().startsWith("G1"));
    }

    /** True when heap arrays reach the core by critical access. */
    boolean criticalArrays() {
        return criticalArrays;
    }

    /** Bytes of native scratch memory one concurrent run uses. */
    long workspaceBytes() {
        return workspaceBytes;
    }

    private void enter() {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException("plan is closed");
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    private void exit() {
        if (state.decrementAndGet() == CLOSED) {
            destroy();
        }
    }

    /** Starts a run: counts it in flight and borrows a workspace. Pair with {@link #end}. */
    private BytePointer begin() {
        enter();
        try {
            return borrow();
        } catch (RuntimeException | Error e) {
            exit();
            throw e;
        }
    }

    private void end(BytePointer ws) {
        giveBack(ws);
        exit();
    }

    private BytePointer borrow() {
        if (workspaceBytes == 0) {
            return null;
        }
        for (int i = 0; i < SLOTS; i++) {
            BytePointer p = pool.get(i);
            if (p != null && pool.compareAndSet(i, p, null)) {
                return p;
            }
        }
        return new BytePointer(workspaceBytes);
    }

    private void giveBack(BytePointer p) {
        if (p == null) {
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            if (pool.get(i) == null && pool.compareAndSet(i, null, p)) {
                return;
            }
        }
        p.close();
    }

    @Override
    protected void runF32(float[] input, float[] output) {
        BytePointer ws = begin();
        try {
            int status = criticalArrays
                    ? jconv_plan_run_f32_critical(handle, input, output, ws, workspaceBytes)
                    : jconv_plan_run_f32(handle, input, output, ws, workspaceBytes);
            NativeBackend.check(status, "running the native plan");
        } finally {
            end(ws);
        }
    }

    @Override
    protected void runF64(double[] input, double[] output) {
        BytePointer ws = begin();
        try {
            int status = criticalArrays
                    ? jconv_plan_run_f64_critical(handle, input, output, ws, workspaceBytes)
                    : jconv_plan_run_f64(handle, input, output, ws, workspaceBytes);
            NativeBackend.check(status, "running the native plan");
        } finally {
            end(ws);
        }
    }

    /**
     * True when the core may work on the buffers' memory directly: both direct, in the platform's byte
     * order (the core reads raw memory: a big-endian view would give garbage silently), and not
     * overlapping (the core writes the output while it still reads the input). Otherwise the caller
     * goes through ConvPlan's copying path, which handles all of these.
     */
    private static boolean zeroCopy(Buffer input, ByteOrder inOrder, Buffer output, ByteOrder outOrder, int bytes) {
        if (!input.isDirect() || !output.isDirect() || inOrder != ByteOrder.nativeOrder()
                || outOrder != ByteOrder.nativeOrder()) {
            return false;
        }
        long in = Addresses.of(input) + (long) input.position() * bytes;
        long out = Addresses.of(output) + (long) output.position() * bytes;
        return in + (long) input.remaining() * bytes <= out || out + (long) output.remaining() * bytes <= in;
    }

    @Override
    protected void runF32(FloatBuffer input, FloatBuffer output) {
        if (!zeroCopy(input, input.order(), output, output.order(), Float.BYTES)) {
            super.runF32(input, output);
            return;
        }
        BytePointer ws = begin();
        try {
            // JavaCPP passes a direct buffer's address plus its position: zero-copy.
            NativeBackend.check(jconv_plan_run_f32(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            end(ws);
        }
    }

    @Override
    protected void runF64(DoubleBuffer input, DoubleBuffer output) {
        if (!zeroCopy(input, input.order(), output, output.order(), Double.BYTES)) {
            super.runF64(input, output);
            return;
        }
        BytePointer ws = begin();
        try {
            NativeBackend.check(jconv_plan_run_f64(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            end(ws);
        }
    }

    /** Runs on native memory the caller validated ({@link ZeroCopy}); no copy, no allocation. */
    void runPointers(FloatPointer input, FloatPointer output) {
        BytePointer ws = begin();
        try {
            NativeBackend.check(jconv_plan_run_f32(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            end(ws);
        }
    }

    /** float64 twin of {@link #runPointers(FloatPointer, FloatPointer)}. */
    void runPointers(DoublePointer input, DoublePointer output) {
        BytePointer ws = begin();
        try {
            NativeBackend.check(jconv_plan_run_f64(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            end(ws);
        }
    }

    /** A direct buffer's base address without allocating (new Pointer(buffer) would, per run). */
    private static final class Addresses extends Pointer {
        private Addresses() {
        }

        static long of(Buffer b) {
            return getDirectBufferAddress(b);
        }
    }

    @Override
    protected void release() {
        if (state.getAndAdd(CLOSED) == 0) {
            destroy();
        }
    }

    private void destroy() {
        if (destroyed.compareAndSet(0, 1)) {
            cleanable.clean();
        }
    }
}
