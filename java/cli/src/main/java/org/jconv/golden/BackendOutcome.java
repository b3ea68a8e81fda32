package org.jconv.golden;

import java.util.Locale;

/**
 * What one golden case gave on one backend: passed or not, and why, in the words of the
 * verifier's output ({@code max_abs_err=3.1e-03 atol=2.12e-05}, {@code not supported yet: ...}).
 *
 * <pre>{@code
 * BackendOutcome o = result.outcome("native");
 * if (!o.passed()) System.out.println(o.reason());
 * }</pre>
 */
public final class BackendOutcome {
    /** The kinds of outcome. */
    public enum Kind {
        /** The output matched the expected one within the tolerance. */
        MATCH,
        /** An error case, refused as the reference system refused it. */
        REFUSED_AS_EXPECTED,
        /** The output differs from the expected one beyond the tolerance. */
        MISMATCH,
        /** The output has the wrong shape or dtype. */
        WRONG_SHAPE,
        /** The call was refused (or accepted) unlike the reference system. */
        WRONG_VERDICT,
        /** jconv does not translate this system yet (UnsupportedOperationException). */
        NOT_SUPPORTED,
        /** The backend cannot run here (the native library did not load). */
        UNAVAILABLE,
        /** The case or its files are broken, or the system is unknown. */
        BAD_CASE,
        /** Anything else that went wrong. */
        ERROR
    }

    private final String backend;
    private final Kind kind;
    private final String reason;
    private final double maxAbsErr;
    private final double atol;

    BackendOutcome(String backend, Kind kind, String reason, double maxAbsErr, double atol) {
        this.backend = backend;
        this.kind = kind;
        this.reason = oneLine(reason);
        this.maxAbsErr = maxAbsErr;
        this.atol = atol;
    }

    static BackendOutcome of(String backend, Kind kind, String reason) {
        return new BackendOutcome(backend, kind, reason, Double.NaN, Double.NaN);
    }

    static BackendOutcome compared(String backend, boolean within, double maxAbsErr, double atol) {
        String r = "max_abs_err=" + format(maxAbsErr) + " atol=" + format(atol);
        return new BackendOutcome(backend, within ? Kind.MATCH : Kind.MISMATCH, r, maxAbsErr, atol);
    }

    /** Three significant digits, as the golden data writes its tolerances. */
    static String format(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String oneLine(String s) {
        return s == null ? null : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** {@code "native"} or {@code "java"}. */
    public String backend() { return backend; }

    /** The kind of outcome. */
    public Kind kind() { return kind; }

    /** True for {@link Kind#MATCH} and {@link Kind#REFUSED_AS_EXPECTED}. */
    public boolean passed() {
        return kind == Kind.MATCH || kind == Kind.REFUSED_AS_EXPECTED;
    }

    /** One line: the comparison ({@code max_abs_err=... atol=...}) or what went wrong. */
    public String reason() { return reason; }

    /** The largest error, or NaN when nothing was compared. */
    public double maxAbsErr() { return maxAbsErr; }

    /** The case's atol, or NaN when nothing was compared. */
    public double atol() { return atol; }

    @Override
    public String toString() {
        return "[" + backend + "] " + (passed() ? "pass " : "FAIL ") + reason;
    }
}
