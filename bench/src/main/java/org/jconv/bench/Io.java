package org.jconv.bench;

import java.util.Locale;
import java.util.Set;

/**
 * How a benchmark hands data to a plan: direct NIO buffers (zero-copy into native code) or Java
 * heap arrays (copied by JNI unless the backend pins them).
 *
 * <pre>{@code
 * Io io = Io.headline(Suite.bundled().byId("seed8x8"));   // HEAP
 * }</pre>
 */
public enum Io {
    /** Direct {@code FloatBuffer}/{@code DoubleBuffer} in and out. */
    DIRECT,
    /** {@code float[]}/{@code double[]} in and out. */
    HEAP;

    /**
     * Cases whose headline is measured with heap arrays: issue 5's seed8x8 target is "1 microsecond
     * per call through a plan, heap arrays in and out" (call overhead is what that case measures).
     */
    private static final Set<String> HEAP_HEADLINE = Set.of("seed8x8");

    /** The I/O of a case's headline figure: direct buffers, except the call-overhead case(s). */
    public static Io headline(BenchCase c) {
        return HEAP_HEADLINE.contains(c.id()) ? HEAP : DIRECT;
    }

    /** "direct" or "heap". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
