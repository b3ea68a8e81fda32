package org.jconv.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jconv.Tensor;
import org.jconv.io.Npy;

/**
 * A golden directory ({@code FORMAT.md}, format {@code jconv-golden/1}): {@code cases.json} and the
 * {@code .npy} files it names, side by side. Reads the cases (ignoring fields the format does not
 * define) and opens the arrays. The directory may be a folder or a class-path package (the
 * command-line tool's built-in seed cases).
 *
 * <pre>{@code
 * GoldenSet set = GoldenSet.read(Path.of("testdata/golden"));
 * for (GoldenCase c : set.cases()) {
 *     Tensor x = set.array(c.inputFile());
 * }
 * }</pre>
 */
public final class GoldenSet {
    /** The one format this reader understands. */
    public static final String FORMAT = "jconv-golden/1";

    /** Where the files are. */
    private interface ArraySource {
        Tensor read(String name) throws IOException;

        String describe(String name);
    }

    private final String location;
    private final String set;
    private final List<GoldenCase> cases;
    private final ArraySource files;

    private GoldenSet(String location, String set, List<GoldenCase> cases, ArraySource files) {
        this.location = location;
        this.set = set;
        this.cases = Collections.unmodifiableList(cases);
        this.files = files;
    }

    /**
     * Reads {@code dir/cases.json}.
     *
     * @throws GoldenFormatException if the directory or its cases.json is missing, not JSON, or not jconv-golden/1
     * @throws IOException           if cases.json cannot be read
     */
    public static GoldenSet read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new GoldenFormatException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
        }
        Path json = dir.resolve("cases.json");
        if (!Files.isRegularFile(json)) {
            throw new GoldenFormatException(dir + ": no cases.json (a golden directory holds cases.json and its .npy files)");
        }
        try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
            return parse(r, json.toString(), dir.toString(), new ArraySource() {
                @Override
                public Tensor read(String name) throws IOException {
                    return Npy.read(dir.resolve(name));
                }

                @Override
                public String describe(String name) {
                    return dir.resolve(name).toString();
                }
            });
        }
    }

    /**
     * Reads a golden directory packaged as class-path resources: {@code cases.json} and the arrays
     * under {@code resourceDir} (e.g. {@code "/org/jconv/cli/seed"}), loaded through {@code anchor}.
     *
     * @throws GoldenFormatException if there is no such cases.json, or it is not jconv-golden/1
     */
    public static GoldenSet fromClasspath(Class<?> anchor, String resourceDir) throws IOException {
        String base = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
        InputStream in = anchor.getResourceAsStream(base + "cases.json");
        if (in == null) {
            throw new GoldenFormatException("class-path resource " + base + "cases.json not found");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(r, "classpath:" + base + "cases.json", "classpath:" + base, new ArraySource() {
                @Override
                public Tensor read(String name) throws IOException {
                    try (InputStream s = anchor.getResourceAsStream(base + name)) {
                        if (s == null) {
                            throw new FileNotFoundException("classpath:" + base + name);
                        }
                        return Npy.read(s, name);
                    }
                }

                @Override
                public String describe(String name) {
                    return "classpath:" + base + name;
                }
            });
        }
    }

    private static GoldenSet parse(Reader r, String source, String location, ArraySource files) {
        JsonElement root;
        try {
            root = JsonParser.parseReader(r);
        } catch (JsonParseException e) {
            throw new GoldenFormatException(source + ": not valid JSON: " + JsonValues.firstLine(e.getMessage()));
        }
        if (!root.isJsonObject()) {
            throw new GoldenFormatException(source + ": not a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        JsonElement format = o.get("format");
        if (format == null || !format.isJsonPrimitive() || !FORMAT.equals(format.getAsString())) {
            throw new GoldenFormatException(source + ": format " + (format == null ? "missing" : format.toString())
                    + ", this verifier reads " + FORMAT);
        }
        if (!o.has("cases") || !o.get("cases").isJsonArray()) {
            throw new GoldenFormatException(source + ": no \"cases\" array");
        }
        List<GoldenCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonElement e : o.getAsJsonArray("cases")) {
            cases.add(GoldenCase.parse(e, i++, ids));
        }
        JsonElement set = o.get("set");
        return new GoldenSet(location, set != null && set.isJsonPrimitive() ? set.getAsString() : null, cases, files);
    }

    /** Where the set was read from. */
    public String location() {
        return location;
    }

    /** The {@code set} field ({@code "public"} for the public set), or null. */
    public String setName() {
        return set;
    }

    /** The cases, in file order. */
    public List<GoldenCase> cases() {
        return cases;
    }

    /** The case with this id. @throws IllegalArgumentException if there is none */
    public GoldenCase find(String id) {
        for (GoldenCase c : cases) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no case '" + id + "' in " + location);
    }

    /**
     * Reads an array of the set.
     *
     * @throws org.jconv.io.NpyFormatException if it is not a readable .npy array
     * @throws IOException                     if it cannot be read (e.g. {@link NoSuchFileException})
     */
    public Tensor array(String name) throws IOException {
        return files.read(name);
    }

    /** The full name of a file of the set, for messages. */
    public String describe(String name) {
        return files.describe(name);
    }
}
