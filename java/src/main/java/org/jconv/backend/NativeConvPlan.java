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
 */
final class NativeConvPlan extends ConvPlan {
    private static final int CLOSED = 1 << 30;
    private static final int SLOTS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    private final jconv_plan handle;
    private final long workspaceBytes;
    private final String algorithm;
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
        enter();
        BytePointer ws = null;
        try {
            ws = borrow();
            NativeBackend.check(jconv_plan_run_f32(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            giveBack(ws);
            exit();
        }
    }

    @Override
    protected void runF64(double[] input, double[] output) {
        enter();
        BytePointer ws = null;
        try {
            ws = borrow();
            NativeBackend.check(jconv_plan_run_f64(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            giveBack(ws);
            exit();
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
        long in = new Pointer(input).address() + (long) input.position() * bytes;
        long out = new Pointer(output).address() + (long) output.position() * bytes;
        return in + (long) input.remaining() * bytes <= out || out + (long) output.remaining() * bytes <= in;
    }

    @Override
    protected void runF32(FloatBuffer input, FloatBuffer output) {
        if (!zeroCopy(input, input.order(), output, output.order(), Float.BYTES)) {
            super.runF32(input, output);
            return;
        }
        enter();
        BytePointer ws = null;
        try {
            ws = borrow();
            // JavaCPP passes a direct buffer's address plus its position: zero-copy.
            NativeBackend.check(jconv_plan_run_f32(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            giveBack(ws);
            exit();
        }
    }

    @Override
    protected void runF64(DoubleBuffer input, DoubleBuffer output) {
        if (!zeroCopy(input, input.order(), output, output.order(), Double.BYTES)) {
            super.runF64(input, output);
            return;
        }
        enter();
        BytePointer ws = null;
        try {
            ws = borrow();
            NativeBackend.check(jconv_plan_run_f64(handle, input, output, ws, workspaceBytes), "running the native plan");
        } finally {
            giveBack(ws);
            exit();
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
