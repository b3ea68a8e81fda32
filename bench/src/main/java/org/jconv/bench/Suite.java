package org.jconv.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark workload: the cases of a {@code suite.json} (the shared file
 * {@code shared/bench/suite.json}, of which {@code bench/suite.json} is the repository's copy and is
 * also bundled in the bench jar).
 *
 * <pre>{@code
 * Suite suite = Suite.bundled();                       // or Suite.load(Path.of("bench/suite.json"))
 * BenchCase c = suite.byId("r50_3x3_56");
 * System.out.println(c.describe());   // r50_3x3_56: layer float32 x[1,64,56,56] w[64,64,3,3] -> [1,64,56,56] ...
 * }</pre>
 */
public final class Suite {
    /** Where the repository's copy of suite.json lives inside the bench jar. */
    public static final String RESOURCE = "/org/jconv/bench/suite.json";

    private final List<BenchCase> cases;

    private Suite(List<BenchCase> cases) {
        this.cases = Collections.unmodifiableList(cases);
    }

    /** Reads a suite.json file. */
    public static Suite load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read suite " + file + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The repository's copy of the suite, bundled in the bench jar. */
    public static Suite bundled() {
        try (InputStream in = Suite.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bench jar does not contain " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite at {@code file}, or the bundled copy when {@code file} is null. */
    public static Suite loadOrBundled(Path file) {
        return file == null ? bundled() : load(file);
    }

    /**
     * Parses suite.json text: an object whose {@code cases} array holds one object per case.
     *
     * @throws IllegalArgumentException naming the case and the field that is missing or invalid
     */
    public static Suite parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonSyntaxException e) {
            throw new IllegalArgumentException("suite is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("cases")
                || !root.getAsJsonObject().get("cases").isJsonArray()) {
            throw new IllegalArgumentException("suite must be an object with a 'cases' array");
        }
        JsonArray arr = root.getAsJsonObject().getAsJsonArray("cases");
        List<BenchCase> list = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!arr.get(i).isJsonObject()) {
                throw new IllegalArgumentException("cases[" + i + "] must be an object");
            }
            JsonObject o = arr.get(i).getAsJsonObject();
            BenchCase c = BenchCase.fromJson(o, i);
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("case id '" + c.id() + "' appears twice");
            }
            list.add(c);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("suite has no cases");
        }
        return new Suite(list);
    }

    /** The cases in file order. */
    public List<BenchCase> cases() {
        return cases;
    }

    /** The case ids in file order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (BenchCase c : cases) {
            ids.add(c.id());
        }
        return ids;
    }

    /**
     * The case called {@code id}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public BenchCase byId(String id) {
        for (BenchCase c : cases) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("case '" + id + "' is not in the suite; cases: " + ids());
    }
}
