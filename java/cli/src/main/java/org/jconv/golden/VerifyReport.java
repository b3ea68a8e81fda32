package org.jconv.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of verifying a golden directory: every case's result and the counts.
 *
 * <pre>{@code
 * VerifyReport r = Verifier.verify(Path.of("testdata/golden"), System.out);
 * System.exit(r.failed() == 0 ? 0 : 1);
 * }</pre>
 */
public final class VerifyReport {
    private final List<CaseResult> results;

    VerifyReport(List<CaseResult> results) {
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
    }

    /** Every case's result, in file order. */
    public List<CaseResult> results() { return results; }

    /** The failing cases, in file order. */
    public List<CaseResult> failures() {
        List<CaseResult> out = new ArrayList<>();
        for (CaseResult r : results) {
            if (!r.passed()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Cases that passed on every backend. */
    public int passed() {
        return results.size() - failed();
    }

    /** Cases that failed on at least one backend. */
    public int failed() {
        int n = 0;
        for (CaseResult r : results) {
            if (!r.passed()) {
                n++;
            }
        }
        return n;
    }

    /** The verifier's last line: {@code "N passed, M failed"}. */
    public String summaryLine() {
        return passed() + " passed, " + failed() + " failed";
    }

    @Override
    public String toString() {
        return summaryLine();
    }
}
