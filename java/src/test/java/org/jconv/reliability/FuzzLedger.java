package org.jconv.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jconv.Tensor;
import org.jconv.dialect.DialectRefusal;
import org.jconv.io.NpyFormatException;
import org.jconv.testing.Comparison;
import org.jconv.testing.Tolerance;

/**
 * The rules of the fuzz and its book-keeping. Every public-API call the fuzzer makes goes through
 * {@link #attempt}, which decides whether what happened is allowed:
 * <ul>
 * <li>a call on valid input must return (and the caller then compares the result with the
 *     pure-Java oracle through {@link #compare});</li>
 * <li>a call on invalid input must throw {@link IllegalArgumentException} (or its documented
 *     subclasses {@link DialectRefusal}, {@link NpyFormatException}) with a message naming what is
 *     wrong, or {@link IllegalStateException} for a closed plan;</li>
 * <li>a call on junk (random values that may or may not be valid) may do either;</li>
 * <li>{@link UnsupportedOperationException} is accepted only with the message "not supported yet";</li>
 * <li>anything else (NullPointerException, ArithmeticException, an index out of bounds,
 *     NegativeArraySizeException, OutOfMemoryError, ...) is a failure.</li>
 * </ul>
 * Counts calls per outcome and per kind, and keeps the first failures with the case that
 * reproduces them ({@code new Fuzzer(seed).runCase(index)}).
 */
final class FuzzLedger {
    /** What a call must do. */
    enum Expect {
        /** Return normally. */
        VALID,
        /** Throw IllegalArgumentException (or a documented subclass). */
        INVALID,
        /** Throw IllegalStateException: the plan is closed. */
        CLOSED,
        /** Random input: either return or refuse like {@link #INVALID}. */
        EITHER
    }

    /** A call into the library. */
    interface Call<T> {
        T call() throws Exception;
    }

    private static final int KEPT_FAILURES = 60;
    private static final int KEPT_PER_KIND = 3;

    private long seed;
    private long caseIndex;
    private long calls;
    private long comparisons;
    private long failureCount;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<String, Long> invalidKinds = new TreeMap<>();
    private final Map<String, Long> validKinds = new TreeMap<>();
    private final Map<String, Long> junkKinds = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Long> failuresByKind = new TreeMap<>();
    private final Map<String, String> knownBugs;
    private final Map<String, Long> knownBugHits = new TreeMap<>();
    private final Map<String, String> knownBugSamples = new TreeMap<>();

    /**
     * @param knownBugs reported, not yet fixed bugs in code the fuzz does not own, keyed by kind or by
     *                  {@link #signature} (-> what and where): counted apart instead of failing
     */
    FuzzLedger(Map<String, String> knownBugs) {
        this.knownBugs = Map.copyOf(knownBugs);
    }

    private String context;
    private RuntimeException lastRefusal;

    /** Sets the case that the following calls belong to (for reproducers). */
    void startCase(long seed, long index) {
        this.seed = seed;
        this.caseIndex = index;
        this.context = null;
    }

    /** What the following calls are given (shapes, params), printed with their failures. */
    void context(String what) {
        this.context = what;
    }

    /**
     * Makes one call and checks its outcome against {@code expect}.
     *
     * @param mention for INVALID: words the exception message must contain (case-insensitive),
     *                typically the parameter name and the offending value
     * @return the call's result, or null if it threw (allowed or not)
     */
    <T> T attempt(String kind, Expect expect, Call<T> call, String... mention) {
        calls++;
        count(expect == Expect.VALID ? validKinds : expect == Expect.EITHER ? junkKinds : invalidKinds, kind);
        T result;
        try {
            result = call.call();
        } catch (IllegalArgumentException e) { // DialectRefusal and NpyFormatException included
            lastRefusal = e;
            String type = e instanceof DialectRefusal ? "DialectRefusal"
                    : e instanceof NpyFormatException ? "NpyFormatException" : e.getClass().getSimpleName();
            count(outcomes, "refused: " + type);
            if (expect == Expect.VALID || expect == Expect.CLOSED) {
                fail(kind, "valid call refused", e);
            } else {
                checkMessage(kind, e, mention);
            }
            return null;
        } catch (IllegalStateException e) {
            count(outcomes, "refused: IllegalStateException");
            if (expect != Expect.CLOSED) {
                fail(kind, "IllegalStateException where no plan was closed", e);
            } else if (e.getMessage() == null || !e.getMessage().contains("closed")) {
                fail(kind, "IllegalStateException for a closed plan does not say so", e);
            }
            return null;
        } catch (UnsupportedOperationException e) {
            count(outcomes, "refused: UnsupportedOperationException (not supported yet)");
            if (expect == Expect.VALID || e.getMessage() == null || !e.getMessage().startsWith("not supported yet")) {
                fail(kind, "UnsupportedOperationException", e);
            }
            return null;
        } catch (Throwable t) { // NPE, ArithmeticException, AIOOBE, OutOfMemoryError, IOException...
            boolean known = fail(kind, "undocumented exception", t);
            count(outcomes, (known ? "known bug: " : "FAILED: ") + t.getClass().getSimpleName());
            return null;
        }
        count(outcomes, "returned");
        if (expect == Expect.INVALID || expect == Expect.CLOSED) {
            fail(kind, "invalid call accepted (expected " + (expect == Expect.CLOSED ? "IllegalStateException"
                    : "IllegalArgumentException") + ")", null);
        }
        return result;
    }

    private void checkMessage(String kind, IllegalArgumentException e, String[] mention) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            fail(kind, "refusal without a message", e);
            return;
        }
        String lower = m.toLowerCase(Locale.ROOT);
        for (String word : mention) {
            if (!lower.contains(word.toLowerCase(Locale.ROOT))) {
                fail(kind, "refusal message does not mention '" + word + "'", e);
                return;
            }
        }
    }

    /** Checks a valid call's result against the oracle's (NaN == NaN, equal infinities equal). */
    void compare(String kind, Tensor expected, Tensor actual, double atol) {
        comparisons++;
        Comparison c = Tolerance.compare(expected, actual, atol);
        if (!c.ok()) {
            fail(kind, "result differs from the oracle: " + c.message(), null);
        }
    }

    /** Records a failure found by other means than an exception (e.g. a buffer position moved). */
    /** @return true when this is a known bug (counted apart), false when it fails the run */
    boolean fail(String kind, String what, Throwable t) {
        String sig = signature(t);
        String known = knownBugs.containsKey(kind) ? kind : sig != null && knownBugs.containsKey(sig) ? sig : null;
        if (known != null) {
            knownBugHits.merge(known, 1L, Long::sum);
            knownBugSamples.putIfAbsent(known, kind + ": " + what + (t == null ? "" : ": " + t)
                    + "; reproduce: new Fuzzer(" + seed + "L).runCase(" + caseIndex + ")"
                    + (context == null ? "" : "; given " + context));
            return true;
        }
        failureCount++;
        long ofKind = failuresByKind.merge(kind, 1L, Long::sum);
        if (failures.size() >= KEPT_FAILURES || ofKind > KEPT_PER_KIND) {
            return false;
        }
        StringBuilder sb = new StringBuilder().append(kind).append(": ").append(what)
                .append("\n    reproduce: new Fuzzer(").append(seed).append("L).runCase(").append(caseIndex).append(')');
        if (context != null) {
            sb.append("\n    given: ").append(context);
        }
        if (t != null) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            String[] lines = w.toString().split("\n");
            for (int i = 0; i < Math.min(lines.length, 8); i++) {
                sb.append("\n    ").append(lines[i].trim());
            }
        }
        failures.add(sb.toString());
        return false;
    }

    /**
     * {@code "ArithmeticException at org.jconv.dialect.TfDialect.inferGroups"}: the exception and the
     * first jconv frame it passed, which names a bug whatever call reached it. Null without a throwable.
     */
    static String signature(Throwable t) {
        if (t == null) {
            return null;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("org.jconv.") && !e.getClassName().startsWith("org.jconv.reliability.")) {
                return t.getClass().getSimpleName() + " at " + e.getClassName() + "." + e.getMethodName();
            }
        }
        return t.getClass().getSimpleName();
    }

    private static void count(Map<String, Long> m, String key) {
        m.merge(key, 1L, Long::sum);
    }

    /** The IllegalArgumentException of the latest refused call, or null. */
    RuntimeException lastRefusal() { return lastRefusal; }

    long calls() { return calls; }

    long comparisons() { return comparisons; }

    long failureCount() { return failureCount; }

    List<String> failures() { return Collections.unmodifiableList(failures); }

    Map<String, Long> outcomes() { return Collections.unmodifiableMap(outcomes); }

    Map<String, Long> invalidKinds() { return Collections.unmodifiableMap(invalidKinds); }

    Map<String, Long> validKinds() { return Collections.unmodifiableMap(validKinds); }

    Map<String, Long> junkKinds() { return Collections.unmodifiableMap(junkKinds); }

    /** Known bugs that reproduced, with how often. */
    Map<String, Long> knownBugHits() { return Collections.unmodifiableMap(knownBugHits); }

    /** The figures, one per line, for the test log and the issue. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("calls: %d (results compared with the oracle: %d)%n", calls, comparisons));
        sb.append("outcomes:\n");
        outcomes.forEach((k, v) -> sb.append(String.format("  %-58s %9d%n", k, v)));
        sb.append("distinct invalid kinds tried: ").append(invalidKinds.size()).append(" (")
                .append(invalidKinds.keySet().stream().map(k -> k.replaceAll(" \\([^)]*\\)$", "")).distinct().count())
                .append(" not counting the backend or system named in parentheses)\n");
        invalidKinds.forEach((k, v) -> sb.append(String.format("  %-72s %7d%n", k, v)));
        sb.append("distinct valid kinds tried: ").append(validKinds.size()).append('\n');
        validKinds.forEach((k, v) -> sb.append(String.format("  %-72s %7d%n", k, v)));
        sb.append("distinct junk kinds tried (valid or not): ").append(junkKinds.size()).append('\n');
        junkKinds.forEach((k, v) -> sb.append(String.format("  %-72s %7d%n", k, v)));
        sb.append("known bugs (reported to their owners) that reproduced: ").append(knownBugHits.size()).append('\n');
        knownBugHits.forEach((k, v) -> sb.append(String.format("  %s: %d times (%s)%n    %s%n", k, v, knownBugs.get(k),
                knownBugSamples.get(k))));
        sb.append("failures: ").append(failureCount).append(failuresByKind.isEmpty() ? "" : " " + failuresByKind).append('\n');
        for (String f : failures) {
            sb.append("  ").append(f).append('\n');
        }
        return sb.toString();
    }
}
