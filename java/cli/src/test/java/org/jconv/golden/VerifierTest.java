package org.jconv.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jconv.Tensor;
import org.jconv.dialect.Dialect;
import org.jconv.dialect.DialectCall;
import org.jconv.dialect.Dialects;
import org.jconv.dialect.Params;
import org.jconv.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier on small golden directories built from the repository's data, some of them broken on purpose. */
class VerifierTest {
    @TempDir
    Path tmp;

    /** The output lines of verifying {@code dir}. */
    static List<String> lines(Path dir, VerifyReport[] report) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bos, true, StandardCharsets.UTF_8)) {
            report[0] = Verifier.verify(dir, out);
        }
        return List.of(bos.toString(StandardCharsets.UTF_8).split("\n"));
    }

    /** One 2-D case of each system, plus every 2-D error case: a small set that covers every dialect. */
    static Predicate<JsonObject> oneCasePerSystem() {
        Set<String> seen = new HashSet<>();
        return c -> !GoldenDirs.beyond2d(c) && (c.has("expected_error") || seen.add(c.get("system").getAsString()));
    }

    static Predicate<JsonObject> id(String id) {
        return c -> c.get("id").getAsString().equals(id);
    }

    static final String KERAS = "seedA-keras-Conv2D-same-002";
    static final String SCIPY = "seedA-scipy-correlate2d-same-003";

    @Test
    void twoDimensionalSubsetPassesCompletely() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), oneCasePerSystem(), c -> { });
        int n = GoldenSet.read(dir).cases().size();
        assertTrue(n >= 15, "10 systems and the 2-D error cases, got " + n);
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertEquals(List.of(n + " passed, 0 failed"), lines);
        assertEquals(n, r[0].passed());
        assertEquals(0, r[0].failed());
        assertTrue(r[0].failures().isEmpty());
    }

    @Test
    void perturbedExpectedValueFailsOnBothBackendsWithItsError() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS).or(id(SCIPY)), c -> { });
        Path expected = dir.resolve(KERAS + ".expected.npy");
        Tensor e = Npy.read(expected);
        e.set(9, e.get(9) + 0.5); // one pixel off by 0.5: what a misplaced pad row looks like, far above atol
        Npy.write(expected, e);
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("FAIL " + KERAS + " \\[native,java] max_abs_err=0\\.500 atol=2\\.12e-05"),
                lines.get(0));
        assertEquals("1 passed, 1 failed", lines.get(1));
        BackendOutcome o = r[0].failures().get(0).outcome("java");
        assertEquals(BackendOutcome.Kind.MISMATCH, o.kind());
        assertEquals(0.5, o.maxAbsErr(), 1e-6);
    }

    @Test
    void corruptedExpectedFileIsAFailureLine() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> { });
        Files.write(dir.resolve(KERAS + ".expected.npy"), "not an array".getBytes(StandardCharsets.US_ASCII));
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertTrue(lines.get(0).startsWith("FAIL " + KERAS + " [native,java] "), lines.get(0));
        assertTrue(lines.get(0).contains("not a .npy file"), lines.get(0));
        assertEquals("0 passed, 1 failed", lines.get(1));
    }

    @Test
    void unknownSystemIsAFailureNeverASkip() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS).or(id(SCIPY)),
                c -> {
                    if (c.get("id").getAsString().equals(KERAS)) {
                        c.addProperty("system", "keras.layers.Conv2DFancy");
                    }
                });
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertEquals(List.of("FAIL " + KERAS + " [native,java] unknown system 'keras.layers.Conv2DFancy'",
                "1 passed, 1 failed"), lines);
    }

    @Test
    void aCommandLineAliasIsNotASystemName() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> c.addProperty("system", "keras"));
        VerifyReport[] r = new VerifyReport[1];
        assertTrue(lines(dir, r).get(0).endsWith("unknown system 'keras'"));
    }

    @Test
    void unknownParamIsAFailure() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> c.getAsJsonObject("params").addProperty("paddin", "same"));
        VerifyReport[] r = new VerifyReport[1];
        String line = lines(dir, r).get(0);
        assertTrue(line.startsWith("FAIL " + KERAS + " [native,java] refused: "), line);
        assertTrue(line.contains("paddin"), line);
    }

    @Test
    void errorCaseThatRunsIsAFailure() throws IOException {
        // claim the reference refused a call that is in fact valid
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(SCIPY), c -> {
            c.remove("expected");
            JsonObject err = new JsonObject();
            err.addProperty("type", "ValueError");
            err.addProperty("message", "made up");
            c.add("expected_error", err);
        });
        VerifyReport[] r = new VerifyReport[1];
        String line = lines(dir, r).get(0);
        assertTrue(line.contains("[native,java] accepted, but the reference system refuses it (ValueError: made up)"), line);
    }

    @Test
    void errorCasesPassOnlyWhenRefused() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), c -> !GoldenDirs.beyond2d(c) && c.has("expected_error"), c -> { });
        VerifyReport[] r = new VerifyReport[1];
        lines(dir, r);
        assertTrue(r[0].results().size() >= 5, "the public set has 2-D error cases");
        for (CaseResult c : r[0].results()) {
            for (BackendOutcome o : c.outcomes()) {
                assertEquals(BackendOutcome.Kind.REFUSED_AS_EXPECTED, o.kind(), c.id() + " " + o);
            }
        }
    }

    @Test
    void wrongDtypeOrShapeIsAFailure() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(SCIPY).or(id(KERAS)), c -> {
            if (c.get("id").getAsString().equals(SCIPY)) {
                c.addProperty("dtype", "float64"); // scipy computes float32 x float32 in float32
            } else {
                JsonArray s = new JsonArray();
                s.add(8);
                s.add(8);
                c.add("output_shape", s); // the expected file is [1, 8, 8, 1]
            }
        });
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertTrue(lines.get(0).contains("the expected file has shape [1, 8, 8, 1], output_shape says [8, 8]"), lines.get(0));
        assertTrue(lines.get(1).contains("output dtype float32, expected float64"), lines.get(1));
        assertEquals("0 passed, 2 failed", lines.get(2));
    }

    @Test
    void missingFileAndMalformedCaseAreFailures() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(SCIPY).or(id(KERAS)), c -> {
            if (c.get("id").getAsString().equals(SCIPY)) {
                c.remove("params");
            }
        });
        Files.delete(dir.resolve(KERAS + ".kernel.npy"));
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertTrue(lines.get(0).contains("[native,java] missing file"), lines.get(0));
        assertTrue(lines.get(1).contains("[native,java] malformed case: missing field 'params'"), lines.get(1));
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> {
            c.addProperty("provenance_v2", "future field");
            c.add("extra_object", new JsonObject());
        });
        JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("cases.json")))
                .getAsJsonObject();
        json.addProperty("new_top_level_field", 42);
        GoldenDirs.write(dir, json);
        VerifyReport[] r = new VerifyReport[1];
        assertEquals(List.of("1 passed, 0 failed"), lines(dir, r));
    }

    /** A stand-in dialect for {@code system} that behaves as {@code translate} says. */
    static Dialect standIn(String system, Translate translate) {
        return new Dialect() {
            @Override
            public String system() {
                return system;
            }

            @Override
            public DialectCall translate(Params params, Tensor input, Tensor kernel, Tensor bias) {
                return translate.apply(params, input, kernel, bias);
            }
        };
    }

    interface Translate {
        DialectCall apply(Params params, Tensor input, Tensor kernel, Tensor bias);
    }

    static CaseResult withDialect(Path dir, String id, Dialect d) throws IOException {
        GoldenSet set = GoldenSet.read(dir);
        return Verifier.verifyCase(set, set.find(id), name -> name.equals(d.system()) ? d : null);
    }

    @Test
    void unsupportedOperationIsAFailureSayingNotSupportedYet() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS).or(id("scipy-convolve2d-valid-fill-i5x3-k2x6-f64-069")),
                c -> { });
        Translate later = (p, x, k, b) -> {
            throw new UnsupportedOperationException("not supported yet: keras.layers.Conv2D (testing)");
        };
        CaseResult r = withDialect(dir, KERAS, standIn("keras.layers.Conv2D", later));
        assertFalse(r.passed());
        assertEquals("FAIL " + KERAS + " [native,java] not supported yet: keras.layers.Conv2D (testing)", r.failureLine());
        for (BackendOutcome o : r.outcomes()) {
            assertEquals(BackendOutcome.Kind.NOT_SUPPORTED, o.kind());
        }
        // an error case is not passed by "not supported" either: only a refusal passes it
        Translate bare = (p, x, k, b) -> {
            throw new UnsupportedOperationException("3-D");
        };
        CaseResult e = withDialect(dir, "scipy-convolve2d-valid-fill-i5x3-k2x6-f64-069",
                standIn("scipy.signal.convolve2d", bare));
        assertEquals("FAIL scipy-convolve2d-valid-fill-i5x3-k2x6-f64-069 [native,java] not supported yet: 3-D",
                e.failureLine());
    }

    @Test
    void aBackendRefusingAValidCaseIsAFailure() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> { });
        Dialect real = Dialects.forSystem("keras.layers.Conv2D");
        // the real translation with a bias of the wrong length: the backends refuse the plan
        Translate broken = (p, x, k, b) -> {
            DialectCall ok = real.translate(p, x, k, b);
            return new DialectCall(ok.system(), ok.spec(), ok.input(), ok.kernel(), Tensor.zeros(ok.kernel().dtype(), 3),
                    ok.outputShape(), null);
        };
        CaseResult r = withDialect(dir, KERAS, standIn("keras.layers.Conv2D", broken));
        for (BackendOutcome o : r.outcomes()) {
            assertFalse(o.passed(), o.toString());
        }
        assertTrue(r.failureLine().startsWith("FAIL " + KERAS + " [native,java] refused: "), r.failureLine());
    }

    @Test
    void unusableDirectoriesAreRefusedAsAWhole() throws IOException {
        assertThrows(GoldenFormatException.class, () -> Verifier.verify(tmp.resolve("absent"), System.out));
        Files.createDirectories(tmp.resolve("empty"));
        assertThrows(GoldenFormatException.class, () -> Verifier.verify(tmp.resolve("empty"), System.out));
        Files.writeString(tmp.resolve("empty/cases.json"), "{\"format\": \"jconv-golden/2\", \"cases\": []}");
        GoldenFormatException e = assertThrows(GoldenFormatException.class,
                () -> Verifier.verify(tmp.resolve("empty"), System.out));
        assertTrue(e.getMessage().contains("jconv-golden/1"), e.getMessage());
        Files.writeString(tmp.resolve("empty/cases.json"), "{\"format\": \"jconv-golden/1\", \"cases\": [");
        assertThrows(GoldenFormatException.class, () -> Verifier.verify(tmp.resolve("empty"), System.out));
    }

    @Test
    void duplicateIdsAreFailures() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> { });
        JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("cases.json")))
                .getAsJsonObject();
        JsonArray cases = json.getAsJsonArray("cases");
        cases.add(cases.get(0).deepCopy());
        GoldenDirs.write(dir, json);
        VerifyReport[] r = new VerifyReport[1];
        List<String> lines = lines(dir, r);
        assertTrue(lines.get(0).contains("duplicate id"), lines.get(0));
        assertEquals("1 passed, 1 failed", lines.get(1));
    }

    @Test
    void consumerOverloadGivesTheSameLines() throws IOException {
        Path dir = GoldenDirs.copy(tmp.resolve("g"), id(KERAS), c -> c.addProperty("system", "nope"));
        java.util.List<String> got = new java.util.ArrayList<>();
        Consumer<String> sink = got::add;
        Verifier.verify(GoldenSet.read(dir), sink);
        assertEquals(List.of("FAIL " + KERAS + " [native,java] unknown system 'nope'", "0 passed, 1 failed"), got);
    }
}
