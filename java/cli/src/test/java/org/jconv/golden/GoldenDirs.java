package org.jconv.golden;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds small golden directories for tests: chosen cases of the repository's golden data, copied
 * with their files, optionally edited.
 *
 * <pre>{@code
 * Path dir = GoldenDirs.copy(tmp, c -> c.get("id").getAsString().startsWith("seedA"), c -> {});
 * }</pre>
 */
public final class GoldenDirs {
    private GoldenDirs() {
    }

    /** The repository's cases.json. */
    public static JsonObject casesJson() {
        try (Reader r = Files.newBufferedReader(TestRepo.golden().resolve("cases.json"), StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's cases as JSON objects. */
    public static List<JsonObject> cases() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : casesJson().getAsJsonArray("cases")) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    /** True when a case needs more than the 2-D core (tags 1d, 3d, transposed). */
    public static boolean beyond2d(JsonObject c) {
        if (!c.has("tags")) {
            return false;
        }
        for (JsonElement t : c.getAsJsonArray("tags")) {
            String s = t.getAsString();
            if (s.equals("1d") || s.equals("3d") || s.equals("transposed")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes into {@code dir} a cases.json holding the repository's cases that {@code keep} accepts
     * (each passed through {@code edit}), and copies the files they name.
     *
     * @return {@code dir}
     */
    public static Path copy(Path dir, Predicate<JsonObject> keep, Consumer<JsonObject> edit) throws IOException {
        JsonObject all = casesJson();
        JsonArray kept = new JsonArray();
        for (JsonElement e : all.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            if (!keep.test(c)) {
                continue;
            }
            for (Map.Entry<String, JsonElement> f : c.getAsJsonObject("inputs").entrySet()) {
                copyFile(f.getValue().getAsString(), dir);
            }
            if (c.has("expected")) {
                copyFile(c.get("expected").getAsString(), dir);
            }
            JsonObject copy = c.deepCopy();
            edit.accept(copy);
            kept.add(copy);
        }
        JsonObject out = all.deepCopy();
        out.add("cases", kept);
        write(dir, out);
        return dir;
    }

    /** Writes {@code json} as {@code dir/cases.json}. */
    public static void write(Path dir, JsonObject json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cases.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json));
    }

    private static void copyFile(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            Files.copy(TestRepo.golden().resolve(name), target);
        }
    }
}
