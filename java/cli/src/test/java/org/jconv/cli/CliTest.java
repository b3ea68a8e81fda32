package org.jconv.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jconv.Tensor;
import org.jconv.golden.Agreement;
import org.jconv.golden.BackendOutcome;
import org.jconv.golden.CaseResult;
import org.jconv.golden.GoldenSet;
import org.jconv.golden.Verifier;
import org.jconv.golden.GoldenDirs;
import org.jconv.golden.TestRepo;
import org.jconv.io.Npy;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: results, exit statuses, and what a user sees when something is wrong. */
class CliTest {
    @TempDir
    Path tmp;

    static String golden(String file) {
        return TestRepo.golden().resolve(file).toString();
    }

    static void assertAllLinesFit(String text) {
        for (String l : text.split("\\R")) {
            assertTrue(l.length() <= 80, "line of " + l.length() + " columns: " + l);
        }
    }

    /** A user mistake: status 2, one to three lines on stderr, no stack trace, nothing on stdout. */
    static Cli assertUserMistake(Cli r, String fragment) {
        assertEquals(2, r.status, r.toString());
        assertFalse(r.errLines().isEmpty(), r.toString());
        assertTrue(r.errLines().size() <= 3, "more than 3 lines on stderr: " + r);
        assertFalse(r.err.contains("\tat "), "stack trace without --verbose: " + r);
        assertTrue(r.err.contains(fragment), "stderr lacks '" + fragment + "': " + r);
        assertEquals("", r.out, r.toString());
        return r;
    }

    // ---------------------------------------------------------------------------- conv on golden files

    /** Per system, one case with an expected output (one with a bias when the system has such cases). */
    static Stream<Named<JsonObject>> onePerDialect() {
        Map<String, JsonObject> pick = new LinkedHashMap<>();
        for (JsonObject c : GoldenDirs.cases()) {
            if (!c.has("expected")) {
                continue;
            }
            String sys = c.get("system").getAsString();
            boolean bias = c.getAsJsonObject("inputs").has("bias");
            JsonObject had = pick.get(sys);
            if (had == null || (bias && !had.getAsJsonObject("inputs").has("bias"))) {
                pick.put(sys, c);
            }
        }
        return pick.values().stream().map(c -> Named.of(c.get("system").getAsString() + " " + c.get("id").getAsString(), c));
    }

    /** True when jconv does not translate this case's system yet (the verifier says "not supported yet"). */
    static boolean notSupportedYet(JsonObject c) throws IOException {
        GoldenSet set = GoldenSet.read(TestRepo.golden());
        CaseResult r = Verifier.verifyCase(set, set.find(c.get("id").getAsString()));
        return r.outcomes().get(0).kind() == BackendOutcome.Kind.NOT_SUPPORTED;
    }

    /** A JSON param value written the way the command line takes it. */
    static String cliValue(JsonElement v) {
        if (v.isJsonNull()) {
            return "None";
        }
        if (v.isJsonPrimitive()) {
            return v.getAsString();
        }
        boolean flat = true;
        for (JsonElement x : v.getAsJsonArray()) {
            flat &= x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber();
        }
        if (!flat) {
            return v.toString(); // nested: JSON
        }
        List<String> parts = new ArrayList<>();
        v.getAsJsonArray().forEach(x -> parts.add(x.getAsString()));
        return String.join(",", parts) + (parts.size() == 1 ? "," : "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onePerDialect")
    void convReproducesTheGoldenOutput(JsonObject c) throws IOException {
        List<String> args = new ArrayList<>(List.of("conv", "--dialect", c.get("system").getAsString()));
        JsonObject in = c.getAsJsonObject("inputs");
        for (Map.Entry<String, JsonElement> p : c.getAsJsonObject("params").entrySet()) {
            if (p.getKey().equals("bias")) {
                // torch.nn.Conv2d(bias=...): "--bias false" is the param; with a bias array it goes through JSON
                args.addAll(in.has("bias") ? List.of("--params-json", "{\"bias\": " + p.getValue() + "}")
                        : List.of("--bias", cliValue(p.getValue())));
                continue;
            }
            args.add("--" + p.getKey().replace('_', '-'));
            args.add(cliValue(p.getValue()));
        }
        args.add(golden(in.get("input").getAsString()));
        args.add(golden(in.get("kernel").getAsString()));
        if (in.has("bias")) {
            args.addAll(List.of("--bias", golden(in.get("bias").getAsString())));
        }
        Path out = tmp.resolve("out.npy");
        args.addAll(List.of("-o", out.toString(), "--backend", "crosscheck"));
        Cli r = Cli.run(args);
        if (notSupportedYet(c)) {
            assertUserMistake(r, "not supported yet");
            return;
        }
        assertEquals(0, r.status, args + "\n" + r);
        assertTrue(r.out.startsWith(c.get("system").getAsString() + ": "), r.out);
        assertTrue(r.out.contains("crosscheck: max |native - java| = "), r.out);

        Tensor got = Npy.read(out);
        Tensor want = Npy.read(TestRepo.golden().resolve(c.get("expected").getAsString()));
        assertArrayEquals(want.shape(), got.shape());
        assertEquals(want.dtype(), got.dtype());
        Agreement a = Agreement.of(got, want, c.get("atol").getAsDouble(), c.get("rtol").getAsDouble());
        assertTrue(a.within(), a.toString());
    }

    @Test
    void everySystemOfTheGoldenDataHasAConvCase() {
        long systems = GoldenDirs.cases().stream().filter(c -> c.has("expected")).map(c -> c.get("system").getAsString())
                .distinct().count();
        assertTrue(systems >= 20, "the public set covers 22 systems, got " + systems);
        assertEquals(systems, onePerDialect().count());
    }

    @Test
    void aliasesAndJsonParamsWork() throws IOException {
        String id = "seedA-keras-Conv2D-same-002";
        Path out = tmp.resolve("y.npy");
        Cli r = Cli.run("conv", "--dialect", "keras", "--params-json", "{'padding': 'same', 'use_bias': false}",
                golden(id + ".input.npy"), golden(id + ".kernel.npy"), "-o", out.toString(), "--backend", "java");
        assertEquals(0, r.status, r.toString());
        assertTrue(r.out.contains("wrote " + out + ": float32 (1, 8, 8, 1), java backend"), r.out);
        Tensor want = Npy.read(TestRepo.golden().resolve(id + ".expected.npy"));
        assertTrue(Agreement.of(Npy.read(out), want, 2.12e-5, 0).within());
    }

    @Test
    void nanAndInfinityInTheDataAreNotMistakes() throws IOException {
        Path x = tmp.resolve("x.npy");
        Path k = tmp.resolve("k.npy");
        Npy.write(x, Tensor.of(new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY}, 2, 2));
        Npy.write(k, Tensor.of(new double[] {1}, 1, 1));
        Cli r = Cli.run("conv", "--dialect", "scipy.correlate2d", "--mode", "same", x.toString(), k.toString(),
                "-o", tmp.resolve("y.npy").toString());
        assertEquals(0, r.status, r.toString());
        Tensor y = Npy.read(tmp.resolve("y.npy"));
        assertEquals(1, y.get(0));
        assertTrue(Double.isNaN(y.get(1)));
        assertEquals(Double.POSITIVE_INFINITY, y.get(3));
    }

    // ---------------------------------------------------------------------------- user mistakes: exit 2

    @Test
    void missingInputFile() {
        assertUserMistake(Cli.run("conv", "--dialect", "keras", "--padding", "same", tmp.resolve("nope.npy").toString(),
                golden("seedA-keras-Conv2D-same-002.kernel.npy"), "-o", tmp.resolve("y.npy").toString()),
                "cannot read the input: no such file");
    }

    @Test
    void invalidNpyFile() throws IOException {
        Path bad = tmp.resolve("bad.npy");
        Files.writeString(bad, "hello");
        assertUserMistake(Cli.run("conv", "--dialect", "keras", golden("seedA-keras-Conv2D-same-002.input.npy"),
                bad.toString(), "-o", tmp.resolve("y.npy").toString()), "invalid kernel file " + bad + ": not a .npy file");
    }

    @Test
    void unsupportedDtype() throws IOException {
        // an int64 array as np.save writes it: np.save('k.npy', np.arange(9).reshape(3, 3))
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (3, 3), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 72).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length())
                .put(h.toString().getBytes(StandardCharsets.US_ASCII));
        Path k = tmp.resolve("k.npy");
        Files.write(k, b.array());
        assertUserMistake(Cli.run("conv", "--dialect", "scipy.convolve2d", golden("seedA-scipy-correlate2d-same-003.input.npy"),
                k.toString(), "-o", tmp.resolve("y.npy").toString()), "astype(np.float32)");
    }

    @Test
    void missingOutputDirectoryIsNotCreated() {
        Path out = tmp.resolve("no/such/dir/y.npy");
        assertUserMistake(Cli.run("conv", "--dialect", "scipy.correlate2d", golden("seedA-scipy-correlate2d-same-003.input.npy"),
                golden("seedA-scipy-correlate2d-same-003.kernel.npy"), "-o", out.toString()), "does not exist");
        assertFalse(Files.exists(tmp.resolve("no")));
    }

    @Test
    void refusedCallPrintsTheReferenceSystemsReason() {
        String id = "torch-conv2d-s2x2-psame-d1x1-g1-f32-110";
        Path out = tmp.resolve("y.npy");
        assertUserMistake(Cli.run("conv", "--dialect", "torch.nn.functional.conv2d", "--stride", "2", "--padding", "same",
                golden(id + ".input.npy"), golden(id + ".kernel.npy"), "-o", out.toString()),
                "padding='same' is not supported for strided convolutions");
        assertFalse(Files.exists(out), "nothing is written for a refused call");
    }

    @Test
    void shapesThatDoNotFit() {
        assertUserMistake(Cli.run("conv", "--dialect", "keras", golden("seedA-keras-Conv2D-same-002.input.npy"),
                golden("seedA-scipy-correlate2d-same-003.kernel.npy"), "-o", tmp.resolve("y.npy").toString()),
                "keras.layers.Conv2D");
    }

    static Stream<Named<String[]>> mistakes() {
        String in = golden("seedA-keras-Conv2D-same-002.input.npy");
        String k = golden("seedA-keras-Conv2D-same-002.kernel.npy");
        return Stream.of(
            Named.of("unknown dialect", new String[] {"conv", "--dialect", "kerass", in, k, "-o", "y.npy"}),
            Named.of("unknown dialect param", new String[] {"conv", "--dialect", "keras", "--paddin", "same", in, k, "-o", "y.npy"}),
            Named.of("bad param value", new String[] {"conv", "--dialect", "keras", "--strides", "x", in, k, "-o", "y.npy"}),
            Named.of("bad JSON value", new String[] {"conv", "--dialect", "tf", "--padding", "[[0,0]", in, k, "-o", "y.npy"}),
            Named.of("bad --params-json", new String[] {"conv", "--dialect", "keras", "--params-json", "{bad", in, k, "-o", "y.npy"}),
            Named.of("param given twice", new String[] {"conv", "--dialect", "keras", "--padding", "same", "--params-json",
                "{\"padding\": \"valid\"}", in, k, "-o", "y.npy"}),
            Named.of("missing operands", new String[] {"conv", "--dialect", "keras", "-o", "y.npy"}),
            Named.of("missing --dialect", new String[] {"conv", in, k, "-o", "y.npy"}),
            Named.of("unknown short option", new String[] {"conv", "-x", "--dialect", "keras", in, k, "-o", "y.npy"}),
            Named.of("dialect option without value", new String[] {"conv", "--dialect", "keras", in, k, "-o", "y.npy", "--padding"}),
            Named.of("unknown backend", new String[] {"conv", "--dialect", "keras", in, k, "-o", "y.npy", "--backend", "gpu"}),
            Named.of("1-D dialect on 2-D arrays", new String[] {"conv", "--dialect", "tf.nn.conv1d", in, k, "-o", "y.npy"}),
            Named.of("unknown command", new String[] {"convolve"}),
            Named.of("unknown top-level option", new String[] {"--fast"}),
            Named.of("verify without a golden directory", new String[] {"verify", "/no/such/dir"}),
            Named.of("verify without DIR", new String[] {"verify"}),
            Named.of("explain with a bad shape", new String[] {"explain", "--dialect", "keras", "--input-shape", "1,a",
                "--kernel-shape", "3,3,3,64"}),
            Named.of("explain with a huge shape", new String[] {"explain", "--dialect", "keras", "--input-shape",
                "64,2048,2048,3", "--kernel-shape", "3,3,3,64"}),
            Named.of("explain with a bad dtype", new String[] {"explain", "--dialect", "keras", "--input-shape", "1,8,8,3",
                "--kernel-shape", "3,3,3,4", "--dtype", "int8"}),
            Named.of("explain, kernel too large", new String[] {"explain", "--dialect", "tf", "--strides", "1", "--padding",
                "VALID", "--input-shape", "1,3,3,1", "--kernel-shape", "5,5,1,1"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void userMistakesExitWith2InAtMostThreeLines(String[] args) {
        Cli r = Cli.run(args);
        assertUserMistake(r, "jconv");
        assertTrue(r.errLines().get(0).startsWith("jconv"), r.toString());
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli r = Cli.run("conv", "--verbose", "--dialect", "keras", tmp.resolve("nope.npy").toString(), "k.npy",
                "-o", "y.npy");
        assertEquals(2, r.status);
        assertTrue(r.err.contains("\tat "), r.toString());
    }

    // ---------------------------------------------------------------------------- other statuses

    @Test
    void internalErrorExitsWith1() {
        Cli r = Cli.run("test-crash");
        assertEquals(1, r.status, r.toString());
        assertTrue(r.errLines().get(0).contains("internal error: java.lang.IllegalStateException: simulated bug"), r.toString());
        assertTrue(r.errLines().size() <= 3, r.toString());
        assertTrue(Cli.run("test-crash", "--verbose").err.contains("\tat "));
    }

    @Test
    void verifyExitsWith0WhenAllPassAnd1WhenSomeFail() throws IOException {
        Path good = GoldenDirs.copy(tmp.resolve("good"), c -> c.get("id").getAsString().startsWith("seedA"), c -> { });
        Cli ok = Cli.run("verify", good.toString());
        assertEquals(0, ok.status, ok.toString());
        assertEquals(List.of("4 passed, 0 failed"), ok.outLines());

        Path bad = GoldenDirs.copy(tmp.resolve("bad"), c -> c.get("id").getAsString().startsWith("seedA"),
                c -> c.addProperty("system", c.get("system").getAsString().replace("keras.layers.Conv2D", "keras.Conv2D")));
        Cli fail = Cli.run("verify", bad.toString());
        assertEquals(1, fail.status, fail.toString());
        assertEquals(List.of("FAIL seedA-keras-Conv2D-same-002 [native,java] unknown system 'keras.Conv2D'",
                "3 passed, 1 failed"), fail.outLines());
        assertEquals("", fail.err, "failing cases are not a usage error");
    }

    // ---------------------------------------------------------------------------- explain, demo, help

    @Test
    void explainFromShapes() {
        Cli r = Cli.run("explain", "--dialect", "keras", "--padding", "same", "--strides", "2", "--input-shape",
                "1,224,224,3", "--kernel-shape", "3,3,3,64");
        assertEquals(0, r.status, r.toString());
        assertTrue(r.out.contains("keras.layers.Conv2D: cross-correlation; pads top 0 bottom 1 left 0 right 1, zero;"), r.out);
        assertTrue(r.out.contains("output shape: (1, 112, 112, 64)"), r.out);
        assertTrue(r.out.contains("multiply-adds: 27 per output element"), r.out);

        Cli t = Cli.run("explain", "--dialect", "theano", "--border-mode", "half", "--input-shape", "1,1,50,50",
                "--kernel-shape", "1,1,8,8", "--dtype", "float64");
        assertEquals(0, t.status, t.toString());
        assertTrue(t.out.contains("output shape: (1, 1, 51, 51)"), t.out);
        assertTrue(t.out.contains("true convolution"), t.out);
    }

    @Test
    void demoIsTheDefaultAndFits80Columns() {
        Cli demo = Cli.run("demo");
        assertEquals(0, demo.status, demo.toString());
        assertAllLinesFit(demo.out);
        assertTrue(demo.out.contains("scipy.signal.convolve2d: true convolution"), demo.out);
        assertTrue(demo.out.contains("keras.layers.Conv2D: cross-correlation"), demo.out);
        assertTrue(demo.out.contains("a transpose is not a rotation"), demo.out);
        assertTrue(demo.out.contains("native vs pure Java: max |difference|"), demo.out);
        assertTrue(demo.out.matches("(?s).*convolve2d\\(image, kernel.T, 'same'\\)\\s+vs Keras: 5\\.00\\s+DIFFERENT.*"), demo.out);
        assertTrue(demo.out.matches("(?s).*correlate2d\\(image, kernel, 'same'\\)\\s+vs Keras: \\S+\\s+same.*"), demo.out);
        assertTrue(demo.out.contains("All 4 results match the real libraries' outputs on both backends."), demo.out);
        assertEquals("", demo.err);

        Cli bare = Cli.run();
        assertEquals(0, bare.status);
        assertEquals(demo.out, bare.out);
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"", "demo", "verify", "conv", "explain"})
    void everyCommandHasHelp(String command) {
        Cli r = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
        assertEquals(0, r.status, r.toString());
        assertTrue(r.out.startsWith("Usage: jconv" + (command.isEmpty() ? "" : " " + command)), r.out);
        assertAllLinesFit(r.out);
        assertEquals("", r.err);
    }

    @Test
    void convHelpListsTheDialects() {
        String help = Cli.run("conv", "--help").out;
        for (String s : org.jconv.dialect.Dialects.systems()) {
            assertTrue(help.contains(s), s);
        }
        for (String a : org.jconv.dialect.Dialects.aliases().keySet()) {
            assertTrue(help.contains("  " + a + " "), a);
        }
    }

    @Test
    void version() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.status);
        assertTrue(r.out.startsWith("jconv "), r.out);
        assertTrue(r.out.contains("native backend: "), r.out);
    }

    @Test
    void zeroArraysOfExplainHaveTheRequestedDtype() {
        Cli r = Cli.run("explain", "--dialect", "onnx", "--input-shape", "(1, 3, 10, 10)", "--kernel-shape", "[8,3,4,4]",
                "--auto-pad", "SAME_LOWER", "--strides", "2,2", "--dtype", "float64");
        assertEquals(0, r.status, r.toString());
        assertTrue(r.out.contains("pads top 1 bottom 1 left 1 right 1"), r.out);
        assertTrue(r.out.contains("NCHW/OIHW; float64"), r.out);
    }
}
