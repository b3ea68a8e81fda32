package org.jconv.backend.pure;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A plan's workspaces: a fixed array of slots that runs borrow from and give back to with one
 * compare-and-set each, without locks. A run takes any parked workspace, or makes a new one when
 * all are lent out (the first run of each concurrently running thread); giving back parks it in a
 * free slot, or drops it when more workspaces are in circulation than slots. After warm-up, with at
 * most {@code slots} concurrent runs, no run allocates.
 *
 * <pre>{@code
 * WorkspacePool pool = new WorkspacePool(engine::newWorkspace);
 * Workspace ws = pool.borrow();
 * try { engine.runF(in, 0, out, 0, ws); } finally { pool.giveBack(ws); }
 * }</pre>
 */
final class WorkspacePool {
    /** Enough for every core to run the plan, twice over. */
    static final int SLOTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final Supplier<Workspace> factory;
    private final AtomicReferenceArray<Workspace> slots = new AtomicReferenceArray<>(SLOTS);

    WorkspacePool(Supplier<Workspace> factory) {
        this.factory = factory;
    }

    Workspace borrow() {
        for (int i = 0; i < SLOTS; i++) {
            Workspace w = slots.get(i);
            if (w != null && slots.compareAndSet(i, w, null)) {
                return w;
            }
        }
        return factory.get();
    }

    void giveBack(Workspace w) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, w)) {
                return;
            }
        }
        // more workspaces than slots: let this one go to the garbage collector
    }

    /** Drops the parked workspaces (a closed plan keeps no memory). */
    void clear() {
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, null);
        }
    }
}
