package org.jconv.backend;

import java.util.Locale;

/**
 * Chooses the backend. By default jconv uses the native backend when its library loads on this
 * platform and falls back to pure Java otherwise, logging one line (through {@link System.Logger},
 * logger name {@code org.jconv}) the first time.
 *
 * <p>System properties:
 * <ul>
 * <li>{@code jconv.backend=auto|native|java}: {@code native} requires the native library (no fallback:
 *     {@link #preferred()} throws {@link IllegalStateException} if it cannot load); {@code java} always
 *     uses pure Java. Default {@code auto}.</li>
 * <li>{@code jconv.native.disable=true}: behave as if the native library could not load.</li>
 * </ul>
 *
 * <pre>{@code
 * Backend b = Backends.preferred();              // native if available
 * Backend fallback = Backends.java();            // pure Java, always available
 * Backend oracle = Backends.reference();         // the slow, obviously-right loop tests trust
 * if (Backends.nativeAvailable()) { Backend n = Backends.nativeBackend(); }
 * }</pre>
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger("org.jconv");
    private static volatile boolean fallbackLogged;

    private Backends() {
    }

    /**
     * The pure-Java backend (always available): a fast engine (im2col + a blocked GEMM the JIT
     * vectorises, direct loops for depthwise and single-channel images), the fallback where the
     * native library cannot load. Name {@code "java"}.
     */
    public static Backend java() {
        return org.jconv.backend.pure.PureJavaBackend.INSTANCE;
    }

    /**
     * The reference backend: a direct, obviously-right loop over the canonical definition, computing
     * in float64. Slow; it is the oracle every other backend is tested against. Name {@code "reference"}.
     */
    public static Backend reference() {
        return JavaBackend.INSTANCE;
    }

    /** True when the native library loaded (it is loaded on the first call). */
    public static boolean nativeAvailable() {
        return NativeLoader.failure() == null;
    }

    /** Why the native library could not load, or {@code null} if it loaded. */
    public static Throwable nativeLoadFailure() {
        return NativeLoader.failure();
    }

    /**
     * The native backend.
     *
     * @throws IllegalStateException if the native library cannot load here (the cause says why)
     */
    public static Backend nativeBackend() {
        Throwable t = NativeLoader.failure();
        if (t != null) {
            throw new IllegalStateException("the jconv native library cannot be loaded on this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + t, t);
        }
        return NativeBackend.INSTANCE;
    }

    /**
     * Sets the process-wide number of threads the native backend's GEMMs use by default (OpenBLAS's
     * {@code openblas_set_num_threads}); plans created with {@link org.jconv.plan.PlanOptions#threads(int)}
     * keep their own cap.
     *
     * @throws IllegalArgumentException when {@code n} is not 1..1024
     * @throws IllegalStateException when the native library is not available
     */
    public static void setNativeThreads(int n) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("native threads must be 1..1024, got " + n);
        }
        nativeBackend();
        NativeBackend.setThreads(n);
    }

    /** The native backend's default GEMM thread count (OpenBLAS's), or 0 when native is unavailable. */
    public static int nativeThreads() {
        return nativeAvailable() ? NativeBackend.threads() : 0;
    }

    /**
     * One line about the native library: OpenBLAS configuration, core and threads, or why it is unavailable.
     */
    public static String nativeInfo() {
        return nativeAvailable() ? NativeBackend.info() : "native backend unavailable: " + nativeLoadFailure();
    }

    /** The backend named {@code "native"}, {@code "java"}, {@code "reference"} or {@code "auto"} (= {@link #preferred()}). */
    public static Backend byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("backend name must not be null");
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "native": return nativeBackend();
            case "java": return java();
            case "reference": return reference();
            case "auto": return preferred();
            default:
                throw new IllegalArgumentException("backend '" + name + "' is unknown: use native, java, reference or auto");
        }
    }

    /** The backend chosen by the {@code jconv.backend} property (see the class comment). */
    public static Backend preferred() {
        String mode = System.getProperty("jconv.backend", "auto").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "java":
                return java();
            case "native":
                return nativeBackend();
            case "auto":
                if (nativeAvailable()) {
                    return NativeBackend.INSTANCE;
                }
                if (!fallbackLogged) {
                    fallbackLogged = true;
                    LOG.log(System.Logger.Level.WARNING, "jconv: native library unavailable ("
                            + NativeLoader.failure() + "); using the pure-Java backend");
                }
                return java();
            default:
                throw new IllegalArgumentException("system property jconv.backend='" + mode
                        + "' is unknown: use auto, native or java");
        }
    }
}
