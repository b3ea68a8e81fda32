package org.jconv.golden;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jconv.DType;
import org.jconv.Tensor;
import org.jconv.backend.Backend;
import org.jconv.backend.Backends;
import org.jconv.dialect.Dialect;
import org.jconv.dialect.DialectCall;
import org.jconv.dialect.Dialects;
import org.jconv.dialect.Params;
import org.jconv.golden.BackendOutcome.Kind;

/**
 * Checks jconv against a golden directory: every case is translated by its dialect
 * ({@code Dialects.forSystem(system).translate(Params.of(params), input, kernel, bias)}) and run on
 * both backends, native and pure Java; the output must have {@code output_shape}, the case's dtype,
 * and every element within {@code atol + rtol * |expected|} of the expected output. An error case
 * passes when the call is refused with an {@link IllegalArgumentException} (a
 * {@code DialectRefusal}) before anything is computed, as the reference system refused it. A case
 * passes only when both backends pass; an unknown system, a broken case, an unavailable native
 * library or a system jconv does not translate yet ("not supported yet") are failures, never skips.
 *
 * <p>Output: one line per failing case, {@code FAIL <id> [<backend>] max_abs_err=<e> atol=<t>} or
 * {@code FAIL <id> [<backend>] <reason>}, then {@code N passed, M failed}.
 *
 * <pre>{@code
 * VerifyReport r = Verifier.verify(Path.of("testdata/golden"), System.out);
 * // e.g.  FAIL seedA-keras-Conv2D-same-002 [native] max_abs_err=0.500 atol=2.12e-05
 * //       268 passed, 1 failed
 * }</pre>
 */
public final class Verifier {
    /** The backends every case runs on, in this order. */
    public static final List<String> BACKENDS = List.of("native", "java");

    private Verifier() {
    }

    /**
     * Verifies every case of the golden directory {@code dir}, printing the failures and the summary
     * to {@code out}.
     *
     * @throws GoldenFormatException if {@code dir} is not a readable jconv-golden/1 directory
     * @throws IOException           if cases.json cannot be read
     */
    public static VerifyReport verify(Path dir, PrintStream out) throws IOException {
        return verify(GoldenSet.read(dir), out);
    }

    /** Verifies every case of {@code set}, printing the failures and the summary to {@code out}. */
    public static VerifyReport verify(GoldenSet set, PrintStream out) {
        VerifyReport report = verify(set, out::println);
        out.flush();
        return report;
    }

    /** Verifies every case of {@code set}, handing each output line (failures, then the summary) to {@code lines}. */
    public static VerifyReport verify(GoldenSet set, Consumer<String> lines) {
        List<CaseResult> results = new ArrayList<>();
        for (GoldenCase c : set.cases()) {
            CaseResult r = verifyCase(set, c);
            results.add(r);
            if (!r.passed()) {
                lines.accept(r.failureLine());
            }
        }
        VerifyReport report = new VerifyReport(results);
        lines.accept(report.summaryLine());
        return report;
    }

    /** Verifies one case of {@code set} on both backends. Never throws for a bad case. */
    public static CaseResult verifyCase(GoldenSet set, GoldenCase c) {
        return verifyCase(set, c, Verifier::dialectOf);
    }

    /**
     * The dialect of a golden system name, or null when the name is not one. Aliases such as
     * "keras" are for the command line; a golden case names the system itself.
     */
    static Dialect dialectOf(String system) {
        return Dialects.systems().contains(system) ? Dialects.forSystem(system) : null;
    }

    /** {@link #verifyCase(GoldenSet, GoldenCase)} with the dialects looked up by {@code dialects} (tests use stand-ins). */
    static CaseResult verifyCase(GoldenSet set, GoldenCase c, Function<String, Dialect> dialects) {
        List<BackendOutcome> outcomes = new ArrayList<>();
        Prepared p = prepare(set, c, dialects);
        for (String name : BACKENDS) {
            outcomes.add(runOn(name, c, p));
        }
        return new CaseResult(c, outcomes);
    }

    /** The backend-independent part of a case: the translated call, or why there is none. */
    private static final class Prepared {
        DialectCall call;
        Tensor expected;
        /** Set when the case ends before any backend runs. */
        Kind kind;
        String reason;

        Prepared end(Kind k, String r) {
            kind = k;
            reason = r;
            return this;
        }
    }

    private static Prepared prepare(GoldenSet set, GoldenCase c, Function<String, Dialect> dialects) {
        Prepared p = new Prepared();
        if (c.problem() != null) {
            return p.end(Kind.BAD_CASE, "malformed case: " + c.problem());
        }
        Dialect d = dialects.apply(c.system());
        if (d == null) {
            return p.end(Kind.BAD_CASE, "unknown system '" + c.system() + "'");
        }
        Tensor input;
        Tensor kernel;
        Tensor bias = null;
        try {
            input = load(set, c.inputFile());
            kernel = load(set, c.kernelFile());
            if (c.biasFile() != null) {
                bias = load(set, c.biasFile());
            }
            if (c.expectedFile() != null) {
                p.expected = load(set, c.expectedFile());
                if (!Arrays.equals(p.expected.shape(), c.outputShape())) {
                    return p.end(Kind.BAD_CASE, "the expected file has shape " + Arrays.toString(p.expected.shape())
                            + ", output_shape says " + Arrays.toString(c.outputShape()));
                }
            }
        } catch (BadFile e) {
            return p.end(Kind.BAD_CASE, e.getMessage());
        }
        try {
            p.call = d.translate(Params.of(c.params()), input, kernel, bias);
        } catch (UnsupportedOperationException e) {
            return p.end(Kind.NOT_SUPPORTED, notSupported(e));
        } catch (IllegalArgumentException e) {
            if (c.isErrorCase()) {
                return p.end(Kind.REFUSED_AS_EXPECTED, "refused: " + e.getMessage());
            }
            return p.end(Kind.WRONG_VERDICT, "refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return p.end(Kind.ERROR, "translate failed: " + e);
        }
        return p;
    }

    private static final class BadFile extends Exception {
        private static final long serialVersionUID = 1L;

        BadFile(String message) {
            super(message);
        }
    }

    private static Tensor load(GoldenSet set, String name) throws BadFile {
        try {
            return set.array(name);
        } catch (NoSuchFileException e) {
            throw new BadFile("missing file " + set.describe(name));
        } catch (IOException e) {
            throw new BadFile("cannot read " + set.describe(name) + ": " + e);
        } catch (IllegalArgumentException e) {
            // NpyFormatException: the message names the file
            throw new BadFile(e.getMessage());
        }
    }

    private static String notSupported(UnsupportedOperationException e) {
        String m = e.getMessage();
        return m != null && m.startsWith("not supported yet") ? m : "not supported yet: " + m;
    }

    private static BackendOutcome runOn(String name, GoldenCase c, Prepared p) {
        Backend backend;
        try {
            backend = name.equals("native") ? Backends.nativeBackend() : Backends.java();
        } catch (IllegalStateException e) {
            return BackendOutcome.of(name, Kind.UNAVAILABLE, "native backend unavailable: " + e.getMessage());
        }
        if (p.kind != null) {
            return BackendOutcome.of(name, p.kind, p.reason);
        }
        Tensor y;
        try {
            y = p.call.run(backend);
        } catch (UnsupportedOperationException e) {
            return BackendOutcome.of(name, Kind.NOT_SUPPORTED, notSupported(e));
        } catch (IllegalArgumentException e) {
            return BackendOutcome.of(name, c.isErrorCase() ? Kind.REFUSED_AS_EXPECTED : Kind.WRONG_VERDICT,
                    "refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return BackendOutcome.of(name, Kind.ERROR, "run failed: " + e);
        }
        if (c.isErrorCase()) {
            return BackendOutcome.of(name, Kind.WRONG_VERDICT, "accepted, but the reference system refuses it ("
                    + c.expectedError() + ")");
        }
        if (!Arrays.equals(y.shape(), c.outputShape())) {
            return BackendOutcome.of(name, Kind.WRONG_SHAPE, "output shape " + Arrays.toString(y.shape())
                    + ", expected " + Arrays.toString(c.outputShape()));
        }
        DType want = DType.parse(c.dtype());
        if (y.dtype() != want) {
            return BackendOutcome.of(name, Kind.WRONG_SHAPE, "output dtype " + y.dtype().numpyName()
                    + ", expected " + want.numpyName());
        }
        Agreement a = Agreement.of(y, p.expected, c.atol(), c.rtol());
        return BackendOutcome.compared(name, a.within(), a.maxAbsErr(), c.atol());
    }
}
