package org.jconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The native library missing: each scenario runs {@link FallbackProbe} in a child JVM with the test
 * classpath (the loader decides once per JVM). By default jconv falls back to the pure-Java backend,
 * says so in exactly one WARNING, and computes the right numbers; with {@code -Djconv.backend=native}
 * it refuses with an {@link IllegalStateException} that says why instead of falling back.
 * Two ways to lose the library: the documented switch {@code -Djconv.native.disable=true}, and a
 * real load failure (JavaCPP asked for a platform whose library is not on the classpath).
 */
class NativeFallbackTest {
    private static final String WARNING = "jconv: native library unavailable";

    /** stdout and stderr of a finished child. */
    private static final class Child {
        final int exit;
        final String out;
        final String err;

        Child(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        boolean has(String line) {
            return Arrays.asList(out.split("\n")).contains(line);
        }

        long warnings() {
            return Arrays.stream(err.split("\n")).filter(l -> l.contains(WARNING)).count();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Child probe(String... properties) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.addAll(Arrays.asList(properties));
        cmd.add(FallbackProbe.class.getName());
        Path out = Files.createTempFile("probe", ".out");
        Path err = Files.createTempFile("probe", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not finish: " + String.join(" ", cmd));
            }
            return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                    StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void assertFallsBackToJava(Child c) {
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.has("nativeAvailable=false"), c::toString);
        assertTrue(c.has("preferred=java"), c::toString);
        assertTrue(c.out.contains("correct=true"), c::toString);
        assertEquals(1, c.warnings(), () -> "exactly one WARNING line for the fallback:\n" + c);
        assertTrue(Arrays.stream(c.err.split("\n")).anyMatch(l -> l.startsWith("WARNING") && l.contains(WARNING)),
                () -> "the fallback is logged at level WARNING:\n" + c);
        assertTrue(c.has("nativeBackendThrew=java.lang.IllegalStateException"), c::toString);
    }

    @Test
    void disabledNativeLibraryFallsBackToJavaWithOneWarning() throws Exception {
        Child c = probe("-Djconv.native.disable=true");
        assertFallsBackToJava(c);
        assertTrue(c.out.contains("disabled by the system property"), c::toString);
    }

    @Test
    void missingNativeLibraryFallsBackToJavaWithOneWarning() throws Exception {
        // JavaCPP looks for the library of the platform it is told: there is none for linux-ppc64le here
        Child c = probe("-Dorg.bytedeco.javacpp.platform=linux-ppc64le");
        assertFallsBackToJava(c);
        assertTrue(c.out.contains("loadFailure=java.lang.UnsatisfiedLinkError")
                || c.out.contains("loadFailure=java.lang.NoClassDefFoundError")
                || c.out.contains("loadFailure=java.lang.ExceptionInInitializerError"), c::toString);
    }

    @Test
    void strictNativeModeRefusesInsteadOfFallingBack() throws Exception {
        Child c = probe("-Djconv.native.disable=true", "-Djconv.backend=native");
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.has("threw=java.lang.IllegalStateException"), c::toString);
        String message = Arrays.stream(c.out.split("\n")).filter(l -> l.startsWith("message=")).collect(Collectors.joining());
        assertTrue(message.contains("native library cannot be loaded") && message.contains("jconv.native.disable"),
                () -> "the refusal says why: " + c);
        assertEquals(0, c.warnings(), () -> "strict mode refuses, it does not fall back:\n" + c);
    }

    @Test
    void strictNativeModeUsesTheNativeBackendWhenItLoads() throws Exception {
        Child c = probe("-Djconv.backend=native");
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.has("nativeAvailable=true"), c::toString);
        assertTrue(c.has("preferred=native"), c::toString);
        assertTrue(c.out.contains("correct=true"), c::toString);
        assertEquals(0, c.warnings(), c::toString);
    }
}
