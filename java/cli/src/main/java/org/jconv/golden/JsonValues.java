package org.jconv.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to the JSON-like Java values {@code org.jconv.dialect.Params} takes: {@link Integer} or
 * {@link Long} for integer literals (so {@code 3} stays an int, as in Python), {@link Double} for
 * the others, {@link String}, {@link Boolean}, {@link List}, {@link Map} and {@code null}.
 * Gson's own {@code Map<String, Object>} binding would turn every number into a double.
 *
 * <pre>{@code
 * Object v = JsonValues.parse("[[0, 0], [1, 2]]");     // List of Lists of Integer
 * Object p = JsonValues.parse("{'padding': 'same'}");  // single quotes are accepted
 * }</pre>
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * Parses JSON text (leniently: single quotes and unquoted names are accepted, as a shell user
     * types them).
     *
     * @throws IllegalArgumentException naming the problem when the text is not JSON
     */
    public static Object parse(String text) {
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(ex.getMessage()));
        }
        return toJava(e);
    }

    /** Converts a parsed element. */
    public static Object toJava(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonElement x : (JsonArray) e) {
                out.add(toJava(x));
            }
            return out;
        }
        if (e.isJsonObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> x : ((JsonObject) e).entrySet()) {
                out.put(x.getKey(), toJava(x.getValue()));
            }
            return out;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        return number(p.getAsString());
    }

    /** An integer literal as Integer (or Long when larger), anything else as Double. */
    public static Number number(String literal) {
        if (literal.matches("[+-]?\\d{1,18}")) {
            long v = Long.parseLong(literal);
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
            return v;
        }
        return Double.parseDouble(literal);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
