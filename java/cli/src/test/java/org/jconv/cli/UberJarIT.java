package org.jconv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, target/jconv-cli.jar, as users run it: {@code java -jar} with nothing else on the
 * class path. Runs in the package phase, after the shade plugin (execution {@code uber-jar-test} of
 * the module's pom), which passes the jar's path as {@code jconv.cli.jar}.
 */
class UberJarIT {
    static Path jar() {
        String p = System.getProperty("jconv.cli.jar");
        assertNotNull(p, "system property jconv.cli.jar (set by the uber-jar-test execution)");
        Path jar = Paths.get(p);
        assertTrue(Files.isRegularFile(jar), jar + " exists");
        return jar;
    }

    /** Runs {@code java -jar jconv-cli.jar args...}; returns status, stdout + stderr. */
    static Object[] javaJar(String... args) throws IOException, InterruptedException {
        return javaJar(List.of(), args);
    }

    /** Runs {@code java <jvmOptions> -jar jconv-cli.jar args...}; returns status, stdout + stderr. */
    static Object[] javaJar(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache); // keep the build hermetic
        }
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "java -jar finished");
        return new Object[] {p.exitValue(), new String(out, StandardCharsets.UTF_8)};
    }

    @Test
    void demoRunsOnTheNativeBackend() throws Exception {
        Object[] r = javaJar("demo");
        String out = (String) r[1];
        assertEquals(0, r[0], out);
        assertTrue(out.contains("native vs pure Java: max |difference|"), out);
        assertTrue(out.contains("All 4 results match the real libraries' outputs on both backends."), out);
    }

    @Test
    void withoutTheNativeLibraryTheDemoSaysSoAndUsesJava() throws Exception {
        Object[] r = javaJar(List.of("-Djconv.native.disable=true"), "demo");
        String out = (String) r[1];
        assertEquals(0, r[0], out);
        assertTrue(out.contains("The native backend does not load here"), out);
        assertTrue(out.contains("All 4 results match the real libraries' outputs on the Java backend."), out);
        for (String l : out.split("\\R")) {
            assertTrue(l.length() <= 80, l);
        }
    }

    @Test
    void withoutTheNativeLibraryEveryVerifiedCaseFailsOnTheNativeSide() throws Exception {
        Object[] r = javaJar(List.of("-Djconv.native.disable=true"), "verify",
                org.jconv.golden.TestRepo.golden().toString());
        String out = (String) r[1];
        assertEquals(1, r[0], out);
        String[] lines = out.split("\\R");
        int cases = org.jconv.golden.GoldenDirs.cases().size();
        assertEquals("0 passed, " + cases + " failed", lines[lines.length - 1]);
        assertEquals(cases + 1, lines.length, out);
        for (int i = 0; i < cases; i++) {
            assertTrue(lines[i].matches("FAIL \\S+ \\[native] native backend unavailable: .*disabled.*"
                    + "|FAIL \\S+ \\[native] native backend unavailable: .*; \\[java] not supported yet.*"), lines[i]);
        }
    }

    @Test
    void versionSaysTheNativeLibraryLoads() throws Exception {
        Object[] r = javaJar("--version");
        String out = (String) r[1];
        assertEquals(0, r[0], out);
        assertTrue(out.startsWith("jconv " + System.getProperty("jconv.version", "")), out);
        assertTrue(out.contains("native backend: available"), out);
    }

    @Test
    void jarHoldsTheMainClassAndTheNativeLibraries() throws IOException {
        try (JarFile j = new JarFile(jar().toFile())) {
            assertEquals("org.jconv.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> libs = new ArrayList<>();
            j.stream().map(e -> e.getName()).filter(n -> n.contains(".so")).forEach(libs::add);
            assertTrue(libs.stream().anyMatch(n -> n.endsWith("libjnijconv.so")), libs.toString());
            assertTrue(libs.stream().anyMatch(n -> n.contains("openblas")), libs.toString());
            assertTrue(libs.stream().anyMatch(n -> n.endsWith("libjnijavacpp.so")), libs.toString());
            assertNotNull(j.getEntry("org/jconv/cli/seed/cases.json"));
            assertNotNull(j.getEntry("org/jconv/cli/version.properties"));
        }
    }
}
