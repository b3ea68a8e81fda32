package org.jconv.backend.pure;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The process-wide worker threads of the pure-Java backend: {@code cores - 1} daemon threads that
 * help one run at a time. A run that wants several threads tries to take the team; if another run
 * holds it, the run goes on alone on its calling thread. So however many threads call at once, at
 * most {@code cores} threads compute: the callers, plus the team helping one of them.
 *
 * <p>A run with the team splits the engine's units into {@code parts} contiguous ranges: the caller
 * computes the first, worker {@code i} the range {@code i + 1}, each with its own workspace. Handing
 * out work allocates nothing: the job is a few fields of the team, published by a per-worker ticket
 * (a volatile write the worker waits for), and completion is a counter the caller waits on.
 *
 * <pre>{@code
 * Team team = Team.shared();
 * if (team.tryAcquire()) {
 *     try { team.runF(engine, x, 0, y, 0, team.slots(), 2); } finally { team.release(); }
 * }
 * }</pre>
 */
final class Team {
    private static volatile Team shared;

    private final int size;
    private final Thread[] workers;
    private final AtomicIntegerArray ticket;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private int generation;

    // the job: written by the owner before the tickets, read by the workers after theirs
    private Engine engine;
    private boolean f32;
    private float[] inF;
    private float[] outF;
    private double[] inD;
    private double[] outD;
    private int inOff;
    private int outOff;
    private Workspace[] workspaces;
    /** Workspace slots the holder fills for a run (one per part). */
    private final Workspace[] slots;
    private int units;
    private int parts;
    private Thread owner;
    private volatile Throwable failure;

    private Team(int size) {
        this.size = size;
        this.workers = new Thread[size];
        this.ticket = new AtomicIntegerArray(Math.max(1, size));
        this.slots = new Workspace[size + 1];
        for (int i = 0; i < size; i++) {
            final int index = i;
            Thread t = new Thread(() -> work(index), "jconv-java-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** The team ({@code availableProcessors() - 1} workers), started on first use. */
    static Team shared() {
        Team t = shared;
        if (t == null) {
            synchronized (Team.class) {
                t = shared;
                if (t == null) {
                    t = new Team(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
                    shared = t;
                }
            }
        }
        return t;
    }

    /** Worker threads (a run can use one more: its caller). */
    int size() {
        return size;
    }

    /** Takes the team for one run; false when another run has it. */
    boolean tryAcquire() {
        return busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /** The workspace slots of a run, {@code size() + 1} of them; only for the holder of the team. */
    Workspace[] slots() {
        return slots;
    }

    /**
     * Computes all units of {@code e} in {@code parts} ranges (the caller's thread does the first),
     * with {@code ws[i]} for range i; returns when all are done. The team must be held.
     */
    void runF(Engine e, float[] in, int inOffset, float[] out, int outOffset, Workspace[] ws, int parts) {
        this.engine = e;
        this.f32 = true;
        this.inF = in;
        this.outF = out;
        this.inOff = inOffset;
        this.outOff = outOffset;
        this.workspaces = ws;
        this.units = e.units();
        this.parts = parts;
        try {
            go();
        } finally {
            this.inF = null;
            this.outF = null;
        }
    }

    /**
     * Computes all units of {@code e} in {@code parts} ranges (the caller's thread does the first),
     * with {@code ws[i]} for range i; returns when all are done. The team must be held.
     */
    void runD(Engine e, double[] in, int inOffset, double[] out, int outOffset, Workspace[] ws, int parts) {
        this.engine = e;
        this.f32 = false;
        this.inD = in;
        this.outD = out;
        this.inOff = inOffset;
        this.outOff = outOffset;
        this.workspaces = ws;
        this.units = e.units();
        this.parts = parts;
        try {
            go();
        } finally {
            this.inD = null;
            this.outD = null;
        }
    }

    private void go() {
        owner = Thread.currentThread();
        pending.set(parts - 1);
        generation++;
        for (int i = 0; i < parts - 1; i++) {
            ticket.set(i, generation);
            LockSupport.unpark(workers[i]);
        }
        Throwable mine = null;
        try {
            compute(0);
        } catch (Throwable t) {
            mine = t;
        }
        while (pending.get() != 0) {
            LockSupport.park(this);
        }
        Throwable theirs = failure;
        failure = null;
        engine = null;
        workspaces = null;
        owner = null;
        Throwable t = mine != null ? mine : theirs;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException("a jconv worker failed", t);
        }
    }

    private void compute(int part) {
        int u0 = (int) ((long) units * part / parts);
        int u1 = (int) ((long) units * (part + 1) / parts);
        if (f32) {
            engine.runF(inF, inOff, outF, outOff, workspaces[part], u0, u1);
        } else {
            engine.runD(inD, inOff, outD, outOff, workspaces[part], u0, u1);
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            int t;
            while ((t = ticket.get(index)) == seen) {
                LockSupport.park(this);
            }
            seen = t;
            try {
                compute(index + 1);
            } catch (Throwable x) {
                failure = x;
            } finally {
                Thread o = owner;
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(o);
                }
            }
        }
    }
}
