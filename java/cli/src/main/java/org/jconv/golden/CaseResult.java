package org.jconv.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden case verified on every backend. It passes only when every backend passes.
 *
 * <pre>{@code
 * CaseResult r = Verifier.verifyCase(set, set.find("seedA-keras-Conv2D-same-002"));
 * System.out.println(r.passed() ? "ok" : r.failureLine());
 * }</pre>
 */
public final class CaseResult {
    private final GoldenCase goldenCase;
    private final List<BackendOutcome> outcomes;

    CaseResult(GoldenCase goldenCase, List<BackendOutcome> outcomes) {
        this.goldenCase = goldenCase;
        this.outcomes = Collections.unmodifiableList(new ArrayList<>(outcomes));
    }

    /** The case. */
    public GoldenCase goldenCase() { return goldenCase; }

    /** The case id. */
    public String id() { return goldenCase.id(); }

    /** One outcome per backend, in the verifier's order (native, java). */
    public List<BackendOutcome> outcomes() { return outcomes; }

    /** The outcome on {@code backend}. @throws IllegalArgumentException if that backend was not run */
    public BackendOutcome outcome(String backend) {
        for (BackendOutcome o : outcomes) {
            if (o.backend().equals(backend)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no outcome for backend '" + backend + "'");
    }

    /** True when every backend passed. */
    public boolean passed() {
        for (BackendOutcome o : outcomes) {
            if (!o.passed()) {
                return false;
            }
        }
        return !outcomes.isEmpty();
    }

    /**
     * The verifier's line for a failing case, null for a passing one:
     * {@code FAIL <id> [<backend>] <reason>}, backends that failed for the same reason joined
     * ({@code [native,java]}), different reasons separated by {@code "; "}.
     */
    public String failureLine() {
        if (passed()) {
            return null;
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (BackendOutcome o : outcomes) {
            if (!o.passed()) {
                byReason.computeIfAbsent(o.reason(), r -> new ArrayList<>()).add(o.backend());
            }
        }
        StringBuilder sb = new StringBuilder("FAIL ").append(id());
        String sep = " ";
        for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
            sb.append(sep).append('[').append(String.join(",", e.getValue())).append("] ").append(e.getKey());
            sep = "; ";
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return passed() ? "pass " + id() : failureLine();
    }
}
