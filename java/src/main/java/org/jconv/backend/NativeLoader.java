package org.jconv.backend;

import org.bytedeco.javacpp.Loader;

/**
 * Loads the JNI library once. The only class besides {@link NativeBackend} and its plan that touches
 * JavaCPP. A failure is remembered (not retried) and reported by {@link Backends}.
 */
final class NativeLoader {
    private static final Throwable FAILURE = load();

    private NativeLoader() {
    }

    private static Throwable load() {
        if (Boolean.getBoolean("jconv.native.disable")) {
            return new UnsatisfiedLinkError("disabled by the system property jconv.native.disable=true");
        }
        try {
            Loader.load(org.jconv.nativelib.global.jconv.class);
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            return t;
        }
    }

    /** Null when the library is loaded, else why it is not. */
    static Throwable failure() {
        return FAILURE;
    }
}
