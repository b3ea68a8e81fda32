package org.jconv.dialect;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jconv.Tensor;
import org.jconv.io.Npy;
import org.jconv.testing.GoldenFiles;

/**
 * One case of {@code testdata/golden/cases.json} (format: FORMAT.md), read with Gson (test scope
 * only: the core module has no JSON dependency). Numbers arrive as Double, as from any JSON
 * reader, which is exactly what {@link Params#of} must cope with.
 *
 * <pre>{@code
 * for (GoldenCase c : GoldenCase.all()) {
 *     if (!c.isError()) { Tensor y = c.translate().run(Backends.java()); }
 * }
 * }</pre>
 */
final class GoldenCase {
    private static List<GoldenCase> all;

    final String id;
    final String system;
    final Map<String, Object> raw;

    private GoldenCase(Map<String, Object> raw) {
        this.raw = raw;
        this.id = (String) raw.get("id");
        this.system = (String) raw.get("system");
    }

    /** Every case of the file, in file order. */
    static synchronized List<GoldenCase> all() {
        if (all == null) {
            Path json = GoldenFiles.dir().resolve("cases.json");
            try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
                Map<String, Object> root = new Gson().fromJson(r, new TypeToken<Map<String, Object>>() { }.getType());
                List<GoldenCase> cases = new ArrayList<>();
                for (Object c : (List<?>) root.get("cases")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) c;
                    cases.add(new GoldenCase(m));
                }
                all = Collections.unmodifiableList(cases);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** The case with this id. */
    static GoldenCase byId(String id) {
        for (GoldenCase c : all()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no golden case " + id);
    }

    List<String> tags() {
        Object t = raw.get("tags");
        List<String> out = new ArrayList<>();
        if (t instanceof List) {
            for (Object o : (List<?>) t) {
                out.add((String) o);
            }
        }
        return out;
    }

    /** Tag {@code transposed}: evaluated also by the test's own scatter definition. */
    boolean isTransposed() {
        return tags().contains("transposed");
    }

    boolean isError() {
        return raw.containsKey("expected_error");
    }

    String expectedErrorMessage() {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) raw.get("expected_error");
        return e == null ? null : e.get("type") + ": " + e.get("message");
    }

    @SuppressWarnings("unchecked")
    Params params() {
        return Params.of((Map<String, Object>) raw.get("params"));
    }

    double atol() {
        return ((Number) raw.get("atol")).doubleValue();
    }

    double rtol() {
        Object r = raw.get("rtol");
        return r == null ? 0 : ((Number) r).doubleValue();
    }

    int[] outputShape() {
        List<?> l = (List<?>) raw.get("output_shape");
        int[] s = new int[l.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) l.get(i)).intValue();
        }
        return s;
    }

    private Tensor file(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Npy.read(GoldenFiles.dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private String input(String which) {
        return (String) ((Map<String, Object>) raw.get("inputs")).get(which);
    }

    Tensor input() {
        return file(input("input"));
    }

    Tensor kernel() {
        return file(input("kernel"));
    }

    Tensor bias() {
        return file(input("bias"));
    }

    Tensor expected() {
        return file((String) raw.get("expected"));
    }

    /** The case's call through the dialect of its system. */
    DialectCall translate() {
        return Dialects.forSystem(system).translate(params(), input(), kernel(), bias());
    }

    @Override
    public String toString() {
        return id;
    }
}
