package org.jconv.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jconv.DType;
import org.jconv.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every array numpy wrote for the golden set reads back with the shape and dtype cases.json states. */
class NpyGoldenFilesTest {

    /** The repository root: system property {@code jconv.root}, else the nearest ancestor holding {@code testdata/}. */
    static Path root() {
        String prop = System.getProperty("jconv.root");
        if (prop != null && !prop.isEmpty() && Files.isDirectory(Paths.get(prop, "testdata"))) {
            return Paths.get(prop).toAbsolutePath();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a folder holding testdata/) above "
                + Paths.get("").toAbsolutePath() + "; set -Djconv.root");
    }

    static Path golden() {
        return root().resolve("testdata/golden");
    }

    static JsonArray cases() throws IOException {
        try (Reader r = Files.newBufferedReader(golden().resolve("cases.json"))) {
            return JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("cases");
        }
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    static Stream<Arguments> expectedFiles() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : cases()) {
            JsonObject c = e.getAsJsonObject();
            if (c.has("expected")) {
                out.add(Arguments.of(c.get("expected").getAsString(), ints(c.getAsJsonArray("output_shape")),
                        c.get("dtype").getAsString()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedFiles")
    void expectedFileHasTheStatedShapeAndDtype(String file, int[] outputShape, String dtype) throws IOException {
        Path f = golden().resolve(file);
        Tensor t = Npy.read(f);
        assertArrayEquals(outputShape, t.shape());
        assertEquals(DType.parse(dtype), t.dtype());
        try (InputStream in = Files.newInputStream(f)) {
            Tensor s = Npy.read(in, file);
            assertArrayEquals(t.shape(), s.shape());
            for (int i = 0; i < t.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(t.get(i)), Double.doubleToRawLongBits(s.get(i)), "element " + i);
            }
        }
        // np.save wrote it; writing it back must give the same bytes
        assertArrayEquals(Files.readAllBytes(f), Npy.toBytes(t));
    }

    @Test
    void everyNpyFileOfTheGoldenSetReads() throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.list(golden())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".npy")).sorted()::iterator) {
                Tensor t = Npy.read(f);
                assertTrue(t.rank() >= 1, f.toString());
                n++;
            }
        }
        assertTrue(n >= 800, "read " + n + " files; the public set has over 800 arrays");
    }

    @Test
    void seedKernelValuesAsNumpyPrintsThem() throws IOException {
        // numpy: np.load('seedA-keras-Conv2D-same-002.kernel.npy')[:, :, 0, 0]
        float[] want = {0.04277903f, 0.5318366f, 0.02529192f, 0.5756132f, -0.493123f, 0.11635999f, 0.10616145f,
            -0.319581f, -0.11505301f};
        Tensor k = Npy.read(golden().resolve("seedA-keras-Conv2D-same-002.kernel.npy"));
        assertArrayEquals(new int[] {3, 3, 1, 1}, k.shape());
        assertArrayEquals(want, k.floats(), 5e-8f);
        // the scipy case holds kernel.T: the same numbers, rows and columns exchanged
        Tensor kt = Npy.read(golden().resolve("seedA-scipy-convolve2d-same-kernelT-001.kernel.npy"));
        assertArrayEquals(k.reshape(3, 3).transpose(1, 0).floats(), kt.floats());
    }
}
