package org.jconv.dialect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The options of one call in the system's own vocabulary, as a Python user writes them
 * ({@code padding='same'}, {@code strides=2}, {@code border_mode=(1, (0, 2))}): an immutable map
 * from parameter name to a JSON-like value. Values are {@link Number} (any subclass; a whole
 * float such as the {@code 2.0} a JSON reader produces counts as an int), {@link String},
 * {@link Boolean}, {@link List} (nested as deep as needed) or {@code null} (Python {@code None}).
 * Java arrays ({@code int[]}, {@code int[][]}, ...) are accepted and stored as lists.
 *
 * <p>The typed getters accept exactly the forms the Python APIs accept and otherwise throw an
 * {@link IllegalArgumentException} naming the key and the value, e.g.
 * {@code "strides: expected an int or a list of 2 ints, got [1, 2, 3]"}. A key that is absent means
 * "the system's default"; each dialect declares its keys and refuses any other
 * ({@link #requireKnown}).
 *
 * <pre>{@code
 * Params p = Params.builder().put("padding", "same").put("strides", 2).build();
 * int[] s = p.getInts("strides", 2, new int[] {1, 1});      // [2, 2]
 * String pad = p.getString("padding", "valid");             // "same"
 * Params q = Params.of(Map.of("border_mode", List.of(1, List.of(0, 2))));
 * System.out.println(q);                                    // {'border_mode': [1, [0, 2]]}
 * }</pre>
 */
public final class Params {
    private static final Params EMPTY = new Params(Collections.emptyMap());

    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = values;
    }

    /** No options: every parameter takes the system's default. */
    public static Params empty() {
        return EMPTY;
    }

    /**
     * Copies {@code values} (deeply; lists become unmodifiable).
     *
     * @throws IllegalArgumentException if a key is null or a value is not a JSON-like value
     */
    public static Params of(Map<String, ?> values) {
        if (values == null) {
            throw new IllegalArgumentException("params map must not be null");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("parameter names must not be null");
            }
            copy.put(e.getKey(), normalize(e.getKey(), e.getValue()));
        }
        return copy.isEmpty() ? EMPTY : new Params(Collections.unmodifiableMap(copy));
    }

    /** A builder for Java callers: {@code Params.builder().put("padding", "same").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    private static Object normalize(String key, Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number) {
            return v;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object x : (List<?>) v) {
                out.add(normalize(key, x));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof int[]) {
            List<Object> out = new ArrayList<>();
            for (int x : (int[]) v) {
                out.add(x);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof long[]) {
            List<Object> out = new ArrayList<>();
            for (long x : (long[]) v) {
                out.add(x);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof double[]) {
            List<Object> out = new ArrayList<>();
            for (double x : (double[]) v) {
                out.add(x);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[]) {
            List<Object> out = new ArrayList<>();
            for (Object x : (Object[]) v) {
                out.add(normalize(key, x));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException(key + ": a value must be a number, string, boolean, list or null, got "
                + v.getClass().getName());
    }

    // ---------------------------------------------------------------- raw access

    /** The parameter names, in insertion order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** True when {@code key} is present (even with a {@code null} value). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** True when {@code key} is absent or {@code null} (Python {@code None}). */
    public boolean isAbsentOrNone(String key) {
        return values.get(key) == null;
    }

    /** True when {@code key} holds a string. */
    public boolean isString(String key) {
        return values.get(key) instanceof String;
    }

    /** True when {@code key} holds a list. */
    public boolean isList(String key) {
        return values.get(key) instanceof List;
    }

    /** The stored value (numbers as given, lists unmodifiable), or null when absent. */
    public Object get(String key) {
        return values.get(key);
    }

    /** The options as an unmodifiable map. */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * Refuses any key not in {@code known}.
     *
     * @param system the system name for the message, e.g. {@code "torch.nn.functional.conv2d"}
     * @return this
     * @throws IllegalArgumentException {@code "unknown parameter 'foo' for torch.nn.functional.conv2d
     *         (known: stride, padding, dilation, groups)"}
     */
    public Params requireKnown(String system, Collection<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "' for " + system + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- typed getters

    /** An int, or {@code dflt} when absent. */
    public int getInt(String key, int dflt) {
        if (!has(key)) {
            return dflt;
        }
        Object v = values.get(key);
        Integer i = asInt(v);
        if (i == null) {
            throw expected(key, "an int", v);
        }
        return i;
    }

    /** A number, or {@code dflt} when absent. A one-element list of a number is accepted (numpy's scalar arrays). */
    public double getDouble(String key, double dflt) {
        if (!has(key)) {
            return dflt;
        }
        Object v = values.get(key);
        if (v instanceof List && ((List<?>) v).size() == 1) {
            v = ((List<?>) v).get(0);
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        throw expected(key, "a number", values.get(key));
    }

    /** A bool, or {@code dflt} when absent. */
    public boolean getBoolean(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        Object v = values.get(key);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw expected(key, "a bool", v);
    }

    /** A string, or {@code dflt} when absent. */
    public String getString(String key, String dflt) {
        if (!has(key)) {
            return dflt;
        }
        Object v = values.get(key);
        if (v instanceof String) {
            return (String) v;
        }
        throw expected(key, "a string", v);
    }

    /**
     * An int (meaning "the same on every axis") or a list of {@code n} ints, as {@code int[n]};
     * {@code dflt} when absent.
     */
    public int[] getInts(String key, int n, int[] dflt) {
        if (!has(key)) {
            return dflt == null ? null : dflt.clone();
        }
        Object v = values.get(key);
        Integer single = asInt(v);
        if (single != null) {
            int[] out = new int[n];
            Arrays.fill(out, single);
            return out;
        }
        int[] list = intList(v);
        if (list == null || list.length != n) {
            throw expected(key, "an int or a list of " + n + " ints", v);
        }
        return list;
    }

    /** A list of ints of any length (not a bare int); {@code null} when absent. */
    public int[] getIntList(String key) {
        if (!has(key)) {
            return null;
        }
        Object v = values.get(key);
        int[] list = intList(v);
        if (list == null) {
            throw expected(key, "a list of ints", v);
        }
        return list;
    }

    /** A list of exactly {@code n} ints; {@code dflt} when absent. */
    public int[] getIntList(String key, int n, int[] dflt) {
        if (!has(key)) {
            return dflt == null ? null : dflt.clone();
        }
        Object v = values.get(key);
        int[] list = intList(v);
        if (list == null || list.length != n) {
            throw expected(key, "a list of " + n + " ints", v);
        }
        return list;
    }

    /**
     * A list of {@code n} {@code [before, after]} pairs of ints (TensorFlow's explicit padding),
     * as {@code int[n][2]}; {@code null} when absent.
     */
    public int[][] getPairs(String key, int n) {
        if (!has(key)) {
            return null;
        }
        Object v = values.get(key);
        String want = "a list of " + n + " [before, after] pairs of ints";
        if (!(v instanceof List) || ((List<?>) v).size() != n) {
            throw expected(key, want, v);
        }
        int[][] out = new int[n][];
        List<?> l = (List<?>) v;
        for (int i = 0; i < n; i++) {
            int[] pair = intList(l.get(i));
            if (pair == null || pair.length != 2) {
                throw expected(key, want, v);
            }
            out[i] = pair;
        }
        return out;
    }

    // ---------------------------------------------------------------- value helpers

    /** The int a value stands for (an integral number or a whole float within int range), else null. */
    static Integer asInt(Object v) {
        if (v == null || v instanceof Boolean || !(v instanceof Number)) {
            return null;
        }
        Number n = (Number) v;
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.intValue();
        }
        if (n instanceof Long) {
            long l = n.longValue();
            return l == (int) l ? Integer.valueOf((int) l) : null;
        }
        if (n instanceof BigInteger) {
            BigInteger b = (BigInteger) n;
            return b.bitLength() < 32 ? Integer.valueOf(b.intValue()) : null;
        }
        if (n instanceof BigDecimal) {
            try {
                return ((BigDecimal) n).intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
            return (int) d;
        }
        return null;
    }

    /** The ints of a list of integral values, else null. */
    static int[] intList(Object v) {
        if (!(v instanceof List)) {
            return null;
        }
        List<?> l = (List<?>) v;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Integer x = asInt(l.get(i));
            if (x == null) {
                return null;
            }
            out[i] = x;
        }
        return out;
    }

    /** {@code "key: expected <what>, got <repr(value)>"}. */
    static IllegalArgumentException expected(String key, String what, Object value) {
        return new IllegalArgumentException(key + ": expected " + what + ", got " + repr(value));
    }

    /**
     * A value as Python prints it: {@code None}, {@code True}, {@code 'same'}, {@code 2},
     * {@code 2.5}, {@code [1, [0, 2]]} (whole floats print as ints, since JSON readers turn the
     * user's {@code 2} into {@code 2.0}).
     */
    public static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? "True" : "False";
        }
        if (v instanceof String) {
            return "'" + v + "'";
        }
        if (v instanceof Number) {
            Integer i = asInt(v);
            if (i != null) {
                return Integer.toString(i);
            }
            if (v instanceof Long || v instanceof BigInteger) {
                return v.toString();
            }
            return Double.toString(((Number) v).doubleValue());
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            List<?> l = (List<?>) v;
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    /** Python-dict style: {@code {'padding': 'same', 'strides': 2}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append(first ? "" : ", ").append('\'').append(e.getKey()).append("': ").append(repr(e.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

    /** Equal keys with equal values (numbers compared by value, so 2 equals 2.0). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Params)) {
            return false;
        }
        Params p = (Params) o;
        if (!values.keySet().equals(p.values.keySet())) {
            return false;
        }
        for (String k : values.keySet()) {
            if (!valueEquals(values.get(k), p.values.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueEquals(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0;
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!valueEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        // keys only: numbers of different classes must hash alike, and equal params have equal keys
        return values.keySet().hashCode();
    }

    /** Fluent construction of {@link Params}; later puts of a key replace earlier ones. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets {@code key}. {@code value}: a Number, String, Boolean, List, {@code int[]},
         * {@code int[][]} (pairs), {@code double[]} or null.
         */
        public Builder put(String key, Object value) {
            if (key == null) {
                throw new IllegalArgumentException("parameter names must not be null");
            }
            values.put(key, normalize(key, value));
            return this;
        }

        /** Removes {@code key} (back to the system's default). */
        public Builder remove(String key) {
            values.remove(key);
            return this;
        }

        /** Copies every entry of {@code p}. */
        public Builder putAll(Params p) {
            values.putAll(p.values);
            return this;
        }

        /** The immutable params. */
        public Params build() {
            return values.isEmpty() ? EMPTY : new Params(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
