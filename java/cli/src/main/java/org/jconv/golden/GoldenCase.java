package org.jconv.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One case of a golden directory ({@code FORMAT.md}): the system, its params in the system's own
 * vocabulary, the files, and either the expected output with its tolerance or the error the
 * reference system raised. Fields the format does not define are ignored. A case with a missing
 * or ill-typed required field is still a case: {@link #problem()} says what is wrong, and the
 * verifier reports it as a failure.
 *
 * <pre>{@code
 * GoldenCase c = GoldenSet.read(Path.of("testdata/golden")).find("seedA-keras-Conv2D-same-002");
 * c.system();         // "keras.layers.Conv2D"
 * c.params();         // {filters=1, kernel_size=3, ..., padding=same, ...}
 * c.atol();           // 2.12e-05
 * }</pre>
 */
public final class GoldenCase {
    /** The refusal a reference system gave ({@code expected_error}). */
    public static final class ExpectedError {
        private final String type;
        private final String message;

        ExpectedError(String type, String message) {
            this.type = type;
            this.message = message;
        }

        /** The reference system's exception type, e.g. {@code ValueError}. */
        public String type() { return type; }

        /** The reference system's message. */
        public String message() { return message; }

        @Override
        public String toString() {
            return type + ": " + message;
        }
    }

    private final int index;
    private final String id;
    private final String system;
    private final String reference;
    private final String call;
    private final Map<String, Object> params;
    private final String dtype;
    private final Map<String, String> layout;
    private final String inputFile;
    private final String kernelFile;
    private final String biasFile;
    private final String expectedFile;
    private final int[] outputShape;
    private final double rtol;
    private final double atol;
    private final ExpectedError expectedError;
    private final List<String> tags;
    private final String note;
    private final String problem;

    private GoldenCase(Parser p) {
        this.index = p.index;
        this.id = p.id;
        this.system = p.system;
        this.reference = p.reference;
        this.call = p.call;
        this.params = p.params;
        this.dtype = p.dtype;
        this.layout = p.layout;
        this.inputFile = p.inputFile;
        this.kernelFile = p.kernelFile;
        this.biasFile = p.biasFile;
        this.expectedFile = p.expectedFile;
        this.outputShape = p.outputShape;
        this.rtol = p.rtol;
        this.atol = p.atol;
        this.expectedError = p.expectedError;
        this.tags = p.tags;
        this.note = p.note;
        this.problem = p.problems.isEmpty() ? null : String.join("; ", p.problems);
    }

    /**
     * Reads case number {@code index} (0-based) of a cases array. Never throws for bad content.
     *
     * @param seenIds the ids of the earlier cases; this case's id is added (a repeated id is a problem:
     *                the two cases would share their files)
     */
    static GoldenCase parse(JsonElement e, int index, Set<String> seenIds) {
        Parser p = new Parser(e, index);
        if (!seenIds.add(p.id)) {
            p.problems.add("duplicate id '" + p.id + "'");
        }
        return new GoldenCase(p);
    }

    /** Position in the cases array (0-based). */
    public int index() { return index; }

    /** The case id; {@code "#<index>"} when the case has none. */
    public String id() { return id; }

    /** The system name, e.g. {@code "scipy.signal.convolve2d"}; null when absent. */
    public String system() { return system; }

    /** What really computed the expected output (informational). */
    public String reference() { return reference; }

    /** The call as a Python user writes it (informational). */
    public String call() { return call; }

    /** The params as JSON-like values (ints stay Integer), unmodifiable; empty when absent. */
    public Map<String, Object> params() { return params; }

    /** {@code float32} or {@code float64}: the computation dtype. */
    public String dtype() { return dtype; }

    /** The axis orders {@code input}, {@code kernel}, {@code output} (informational), unmodifiable. */
    public Map<String, String> layout() { return layout; }

    /** The input file name (a name in the golden directory). */
    public String inputFile() { return inputFile; }

    /** The kernel file name. */
    public String kernelFile() { return kernelFile; }

    /** The bias file name, or null when the call has no bias. */
    public String biasFile() { return biasFile; }

    /** The expected output file name, or null for an error case. */
    public String expectedFile() { return expectedFile; }

    /** The shape of the expected output (a copy), or null for an error case. */
    public int[] outputShape() { return outputShape == null ? null : outputShape.clone(); }

    /** Relative tolerance (0 in the generated data). */
    public double rtol() { return rtol; }

    /** Absolute tolerance. */
    public double atol() { return atol; }

    /** The reference system's refusal, or null when the case has an expected output. */
    public ExpectedError expectedError() { return expectedError; }

    /** True when the reference system refused the call. */
    public boolean isErrorCase() { return expectedError != null; }

    /** Tags such as {@code seed}, {@code 1d}, {@code transposed} (informational), unmodifiable. */
    public List<String> tags() { return tags; }

    /** True when the case needs more than the 2-D canonical core (tags 1d, 3d, transposed). */
    public boolean beyond2d() {
        return tags.contains("1d") || tags.contains("3d") || tags.contains("transposed");
    }

    /** The note, or null. */
    public String note() { return note; }

    /** What is wrong with this case's fields, or null when it is well-formed. */
    public String problem() { return problem; }

    @Override
    public String toString() {
        return id;
    }

    /** Collects the fields, recording problems instead of throwing. */
    private static final class Parser {
        final int index;
        final List<String> problems = new ArrayList<>();
        String id;
        String system;
        String reference;
        String call;
        Map<String, Object> params = Collections.emptyMap();
        String dtype;
        Map<String, String> layout = Collections.emptyMap();
        String inputFile;
        String kernelFile;
        String biasFile;
        String expectedFile;
        int[] outputShape;
        double rtol;
        double atol = Double.NaN;
        ExpectedError expectedError;
        List<String> tags = Collections.emptyList();
        String note;

        Parser(JsonElement e, int index) {
            this.index = index;
            this.id = "#" + index;
            if (e == null || !e.isJsonObject()) {
                problems.add("case #" + index + " is not a JSON object");
                return;
            }
            JsonObject o = e.getAsJsonObject();
            String given = string(o, "id", true);
            if (given != null) {
                id = given;
            }
            system = string(o, "system", true);
            reference = string(o, "reference", false);
            call = string(o, "call", false);
            note = string(o, "note", false);
            dtype = string(o, "dtype", true);
            if (dtype != null && !dtype.equals("float32") && !dtype.equals("float64")) {
                problems.add("dtype '" + dtype + "' is neither float32 nor float64");
            }
            if (o.has("params") && o.get("params").isJsonObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) JsonValues.toJava(o.get("params"));
                params = Collections.unmodifiableMap(m);
            } else {
                problems.add(o.has("params") ? "params is not an object" : "missing field 'params'");
            }
            if (o.has("layout") && o.get("layout").isJsonObject()) {
                Map<String, String> l = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> x : o.getAsJsonObject("layout").entrySet()) {
                    l.put(x.getKey(), x.getValue().isJsonPrimitive() ? x.getValue().getAsString() : x.getValue().toString());
                }
                layout = Collections.unmodifiableMap(l);
            }
            if (o.has("inputs") && o.get("inputs").isJsonObject()) {
                JsonObject in = o.getAsJsonObject("inputs");
                inputFile = fileName(in, "input", true);
                kernelFile = fileName(in, "kernel", true);
                biasFile = fileName(in, "bias", false);
            } else {
                problems.add(o.has("inputs") ? "inputs is not an object" : "missing field 'inputs'");
            }
            if (o.has("tags") && o.get("tags").isJsonArray()) {
                List<String> t = new ArrayList<>();
                for (JsonElement x : o.getAsJsonArray("tags")) {
                    t.add(x.isJsonPrimitive() ? x.getAsString() : x.toString());
                }
                tags = Collections.unmodifiableList(t);
            }
            boolean hasError = o.has("expected_error") && !o.get("expected_error").isJsonNull();
            boolean hasExpected = o.has("expected") && !o.get("expected").isJsonNull();
            if (hasError) {
                if (o.get("expected_error").isJsonObject()) {
                    JsonObject err = o.getAsJsonObject("expected_error");
                    expectedError = new ExpectedError(string(err, "type", false), string(err, "message", false));
                } else {
                    problems.add("expected_error is not an object");
                }
                if (hasExpected) {
                    problems.add("has both expected and expected_error");
                }
            } else if (hasExpected) {
                expectedFile = fileName(o, "expected", true);
                outputShape = shape(o);
                atol = number(o, "atol");
                rtol = number(o, "rtol");
            } else {
                problems.add("has neither expected nor expected_error");
            }
        }

        private String string(JsonObject o, String key, boolean required) {
            JsonElement v = o.get(key);
            if (v == null || v.isJsonNull()) {
                if (required) {
                    problems.add("missing field '" + key + "'");
                }
                return null;
            }
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                problems.add("field '" + key + "' is not a string");
                return null;
            }
            return v.getAsString();
        }

        /** A file name in the flat golden directory: no separators, no "..". */
        private String fileName(JsonObject o, String key, boolean required) {
            String f = string(o, key, required);
            if (f != null && (f.isEmpty() || f.contains("/") || f.contains("\\") || f.equals("..") || f.equals("."))) {
                problems.add("file name '" + f + "' of '" + key + "' is not a plain name in the golden directory");
                return null;
            }
            return f;
        }

        private int[] shape(JsonObject o) {
            JsonElement v = o.get("output_shape");
            if (v == null || !v.isJsonArray()) {
                problems.add("output_shape is missing or not a list");
                return null;
            }
            JsonArray a = v.getAsJsonArray();
            int[] s = new int[a.size()];
            for (int i = 0; i < s.length; i++) {
                Object x = JsonValues.toJava(a.get(i));
                if (!(x instanceof Integer) || (Integer) x < 0) {
                    problems.add("output_shape " + a + " is not a list of sizes");
                    return null;
                }
                s[i] = (Integer) x;
            }
            return s;
        }

        private double number(JsonObject o, String key) {
            JsonElement v = o.get(key);
            if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                problems.add("field '" + key + "' is missing or not a number");
                return Double.NaN;
            }
            double d = v.getAsDouble();
            if (!(d >= 0) || Double.isInfinite(d)) {
                problems.add("field '" + key + "' is " + d + ", not a tolerance");
                return Double.NaN;
            }
            return d;
        }
    }
}
