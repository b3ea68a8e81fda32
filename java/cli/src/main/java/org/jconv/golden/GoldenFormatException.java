package org.jconv.golden;

/**
 * A golden directory that cannot be verified at all: no {@code cases.json}, not JSON, another
 * format than {@code jconv-golden/1}, or no {@code cases} array. (A single malformed case is not
 * this: it is reported as a failing case and the others still run.)
 *
 * <pre>{@code
 * try {
 *     GoldenSet set = GoldenSet.read(Path.of("testdata/golden"));
 * } catch (GoldenFormatException e) {
 *     System.err.println(e.getMessage());   // "testdata/golden/cases.json: format 'x' is not jconv-golden/1"
 * }
 * }</pre>
 */
public class GoldenFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the file and what is wrong with it */
    public GoldenFormatException(String message) {
        super(message);
    }
}
