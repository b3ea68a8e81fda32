package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.Pointer;
import org.jconv.Conv;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.plan.ConvPlan;
import org.jconv.spec.ConvGeometry;
import org.jconv.spec.ConvSpec;
import org.jconv.spec.KernelLayout;
import org.jconv.spec.Layout;
import org.jconv.testing.RandomSpecs;
import org.jconv.testing.Tolerance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over 100k+ native convolutions: JavaCPP's own count of the memory it
 * allocated ({@link Pointer#totalBytes()}), its view of the resident size
 * ({@link Pointer#physicalBytes()}) and the kernel's ({@code VmRSS}), read after a warm-up and at the
 * end. The loop mixes what a service does: one long-lived plan run over and over (arrays and direct
 * buffers, every native algorithm), and {@code Conv.run}, which creates and closes a plan per call.
 * A leak of one plan per call (the canonical kernel, the native plan) would grow by megabytes.
 * Also: use after close throws, closing twice is harmless, and plans that are never closed do not
 * crash the JVM when collected.
 */
class NativeMemoryTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 100_000;
    /** Resident growth allowed over the measured phase: allocator and JIT noise, far below a per-call leak. */
    private static final long RSS_SLACK = 24L << 20;

    @BeforeAll
    static void nativeLoads() {
        assertTrue(Backends.nativeAvailable(), () -> "needs the native backend: " + Backends.nativeLoadFailure());
    }

    /** A small problem of each native algorithm. */
    private static final class Small {
        final ConvSpec spec;
        final Tensor x;
        final Tensor w;
        final Tensor b;
        final ConvPlan plan;
        final float[] out;
        final FloatBuffer inBuf;
        final FloatBuffer outBuf;

        Small(Backend nat, ConvSpec spec, Tensor x, Tensor w, Tensor b) {
            this.spec = spec;
            this.x = x;
            this.w = w;
            this.b = b;
            this.plan = nat.plan(ConvGeometry.of(spec, x.shape(), w.shape()), w, b);
            this.out = new float[(int) plan.geometry().outputElements()];
            this.inBuf = ByteBuffer.allocateDirect(x.size() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer().put(x.floats());
            inBuf.flip();
            this.outBuf = ByteBuffer.allocateDirect(out.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    private static Small[] smalls(Backend nat) {
        SplittableRandom r = new SplittableRandom(11);
        return new Small[] {
            // direct-image: one channel in and out
            new Small(nat, ConvSpec.builder(2).pad(1).build(), RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 1, 8, 8),
                    RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 1, 3, 3), null),
            // depthwise-direct
            new Small(nat, ConvSpec.builder(2).pad(1).groups(4).build(), RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 4, 6, 6),
                    RandomSpecs.randomTensor(r, DType.FLOAT32, 4, 1, 3, 3), RandomSpecs.randomTensor(r, DType.FLOAT32, 4)),
            // gemm-1x1, channels last
            new Small(nat, ConvSpec.builder(2).layout(Layout.NHWC).kernelLayout(KernelLayout.HWIO).build(),
                    RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 5, 5, 3), RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 1, 3, 4),
                    null),
            // im2col+gemm with a workspace
            new Small(nat, ConvSpec.builder(2).pad(1).stride(2).build(), RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 3, 9, 9),
                    RandomSpecs.randomTensor(r, DType.FLOAT32, 4, 3, 3, 3), RandomSpecs.randomTensor(r, DType.FLOAT32, 4)),
        };
    }

    /** Figures at one moment. */
    private static final class Memory {
        final long total = Pointer.totalBytes();
        final long physical = Pointer.physicalBytes();
        final long rss = ProcessStats.rssBytes();

        static Memory settled() {
            // collect what earlier tests left for the GC, so that JavaCPP's deallocations happen now, not mid-phase
            for (int i = 0; i < 3; i++) {
                System.gc();
                ConcurrencyStressTest.sleep(50);
            }
            return new Memory();
        }

        @Override
        public String toString() {
            return String.format("JavaCPP totalBytes %s, physicalBytes %s, VmRSS %s", ProcessStats.mb(total),
                    ProcessStats.mb(physical), ProcessStats.mb(rss));
        }
    }

    private static void step(Small[] smalls, int i) {
        Small s = smalls[i % smalls.length];
        switch ((i / smalls.length) % 4) {
            case 0:
            case 1:
                s.plan.run(s.x.floats(), s.out);
                break;
            case 2:
                s.plan.run(s.inBuf, s.outBuf);
                break;
            default:
                // a plan per call: create, run, close
                Conv.run(s.spec, s.x, s.w, s.b, Backends.nativeBackend());
                break;
        }
    }

    @Test
    void offHeapMemoryStaysFlatOverManyConvolutions() {
        Backend nat = Backends.nativeBackend();
        Small[] smalls = smalls(nat);
        long t0 = System.nanoTime();
        for (int i = 0; i < WARM_UP; i++) {
            step(smalls, i);
        }
        Memory before = Memory.settled();
        for (int i = 0; i < MEASURED; i++) {
            step(smalls, i);
        }
        Memory after = Memory.settled();
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the long-lived plans still compute the right thing after all that
        for (Small s : smalls) {
            Tensor want;
            try (ConvPlan oracle = Backends.java().plan(s.plan.geometry(), s.w, s.b)) {
                want = oracle.run(s.x);
            }
            Tolerance.assertClose(want, s.plan.run(s.x), Tolerance.atol(s.plan.geometry(), s.x, s.w, s.b),
                    "after " + (WARM_UP + MEASURED) + " runs [" + s.plan.algorithm() + "]");
            s.plan.close();
        }
        System.out.printf("NativeMemoryTest: %d native convolutions (%d warm-up) in %.1f s (a quarter of them Conv.run,"
                + " a plan per call)%n  after warm-up: %s%n  at the end:    %s%n  growth: totalBytes %+d B, physicalBytes %+.1f MB,"
                + " VmRSS %+.1f MB%n", WARM_UP + MEASURED, WARM_UP, seconds, before, after, after.total - before.total,
                (after.physical - before.physical) / 1e6, (after.rss - before.rss) / 1e6);
        // JavaCPP's count is exact: every byte it allocated in the loop was freed
        assertTrue(after.total <= before.total, () -> "JavaCPP allocations grew by " + (after.total - before.total) + " bytes");
        assertTrue(after.rss - before.rss < RSS_SLACK, () -> "resident memory grew by " + ProcessStats.mb(after.rss - before.rss));
        assertTrue(after.physical - before.physical < RSS_SLACK,
                () -> "physicalBytes grew by " + ProcessStats.mb(after.physical - before.physical));
    }

    @Test
    void useAfterCloseThrowsAndCloseIsIdempotent() {
        Backend nat = Backends.nativeBackend();
        for (Small s : smalls(nat)) {
            s.plan.close();
            assertDoesNotThrow(s.plan::close, "closing twice is fine");
            assertTrue(s.plan.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.plan.run(s.x.floats(), s.out));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> s.plan.run(s.inBuf, s.outBuf));
            assertThrows(IllegalStateException.class, () -> s.plan.run(s.x));
        }
    }

    /**
     * Plans dropped without close: collecting them must not crash (their workspaces are JavaCPP
     * pointers with deallocators; the native plan itself has none, so its memory is only reclaimed
     * by close: the figure printed is that cost per forgotten plan).
     */
    @Test
    void plansNeverClosedDoNotCrashWhenCollected() {
        Backend nat = Backends.nativeBackend();
        SplittableRandom r = new SplittableRandom(5);
        // a 147 kB kernel: what the native plan copies dominates, so a plan that is never freed shows in RSS
        Tensor x = RandomSpecs.randomTensor(r, DType.FLOAT32, 1, 64, 6, 6);
        Tensor w = RandomSpecs.randomTensor(r, DType.FLOAT32, 64, 64, 3, 3);
        ConvSpec spec = ConvSpec.builder(2).pad(1).build();
        ConvGeometry g = ConvGeometry.of(spec, x.shape(), w.shape());
        int n = 200;
        // control: the same plans, closed
        Memory start = Memory.settled();
        for (int i = 0; i < n; i++) {
            try (ConvPlan closed = nat.plan(g, w, null)) {
                closed.run(x);
            }
        }
        Memory before = Memory.settled();
        for (int i = 0; i < n; i++) {
            ConvPlan forgotten = nat.plan(g, w, null);
            forgotten.run(x); // allocates the plan's pooled workspace too
        }
        Memory after = Memory.settled();
        for (int i = 0; i < 20 && after.total > before.total; i++) { // JavaCPP frees collected pointers on its own thread
            after = Memory.settled();
        }
        // the process is alive and native code still works
        try (ConvPlan p = nat.plan(g, w, null)) {
            assertEquals(g.outputElements(), p.run(x).size());
        }
        long closedGrowth = before.rss - start.rss;
        long forgottenGrowth = after.rss - before.rss;
        System.out.printf("NativeMemoryTest: %d plans closed: VmRSS %+.1f MB; %d plans never closed, then collected: no crash,"
                + " JavaCPP totalBytes %+d B (their workspaces were freed), VmRSS %+.1f MB: about %.0f B per forgotten plan"
                + " (kernel copy %d B; the native plan has no cleaner: close() is what frees it)%n", n, closedGrowth / 1e6, n,
                after.total - before.total, forgottenGrowth / 1e6, (forgottenGrowth - closedGrowth) / (double) n, w.size() * 4);
        assertTrue(after.total - before.total <= 0, "the forgotten plans' workspaces were freed by the GC");
    }
}
