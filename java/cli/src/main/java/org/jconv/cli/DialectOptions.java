package org.jconv.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jconv.golden.JsonValues;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The dialect's own options on the command line. A dialect's params depend on the dialect, so
 * {@code conv} and {@code explain} cannot declare them: every {@code --key value} (or
 * {@code --key=value}) the subcommand does not declare itself becomes the param {@code key}, with
 * dashes turned into underscores ({@code --padding-mode reflect} is {@code padding_mode='reflect'}),
 * and the dialect refuses the keys it does not know. Values are written as in Python, without
 * brackets or spaces:
 * <ul>
 * <li>{@code 2} an int, {@code 2.5} a float, {@code 2,1} a list ({@code [2, 1]}), {@code 3,} a list of one;</li>
 * <li>{@code true} / {@code false} a bool, {@code None} / {@code null} Python's None;</li>
 * <li>a value starting with {@code [}, {@code (} or <code>{</code> is JSON (tuples allowed):
 *     {@code '[[0,0],[1,2],[3,4],[0,0]]'};</li>
 * <li>anything else a string: {@code --padding same}.</li>
 * </ul>
 *
 * <pre>{@code
 * DialectOptions.Split s = DialectOptions.split(spec, List.of("--strides", "2,1", "--padding", "same", "x.npy"));
 * s.params();      // {strides=[2, 1], padding=same}
 * s.remaining();   // [x.npy]
 * }</pre>
 */
public final class DialectOptions {
    private static final Pattern INT = Pattern.compile("[+-]?\\d+");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?");

    private DialectOptions() {
    }

    /** The arguments left for the subcommand's own parser, and the dialect params taken out. */
    public static final class Split {
        private final List<String> remaining;
        private final Map<String, Object> params;

        Split(List<String> remaining, Map<String, Object> params) {
            this.remaining = remaining;
            this.params = params;
        }

        /** The arguments for the subcommand's parser, in order. */
        public List<String> remaining() { return remaining; }

        /** The dialect params, in command-line order. */
        public Map<String, Object> params() { return params; }
    }

    /**
     * Takes every long option {@code spec} does not declare out of {@code args}.
     *
     * @throws UserError for an option without a value or an option given twice
     */
    public static Split split(CommandSpec spec, List<String> args) {
        List<String> rest = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, String> spelledAs = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                rest.addAll(args.subList(i, args.size()));
                break;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            OptionSpec known = a.startsWith("-") ? spec.findOption(name) : null;
            if (known != null || !a.startsWith("--") || a.length() == 2) {
                rest.add(a);
                // a declared option's separate value is not an option, even if it starts with "--"
                if (known != null && !a.contains("=") && known.arity().max() > 0 && i + 1 < args.size()) {
                    rest.add(args.get(++i));
                }
                continue;
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UserError("option " + name + " needs a value (dialect options are written --key value)");
            }
            String key = name.substring(2).replace('-', '_');
            if (key.isEmpty()) {
                throw new UserError("option " + name + " has no name");
            }
            if (spelledAs.containsKey(key)) {
                String other = spelledAs.get(key);
                throw new UserError("dialect option " + name + " is given twice"
                        + (other.equals(name) ? "" : " (also as " + other + ")"));
            }
            spelledAs.put(key, name);
            params.put(key, value(name, value));
        }
        return new Split(rest, params);
    }

    /**
     * Converts one command-line value to a JSON-like param value (see the class comment).
     *
     * @throws UserError naming the option when a JSON value does not parse
     */
    public static Object value(String option, String v) {
        String t = v.trim();
        if (t.startsWith("[") || t.startsWith("{") || t.startsWith("(")) {
            String json = t.startsWith("(") ? t.replace('(', '[').replace(')', ']') : t;
            try {
                return JsonValues.parse(json);
            } catch (IllegalArgumentException e) {
                throw new UserError("option " + option + ": value '" + v + "' is " + e.getMessage());
            }
        }
        if (t.contains(",")) {
            // as in Python, a trailing comma only says "a sequence": 3, is (3,)
            String body = t.endsWith(",") ? t.substring(0, t.length() - 1) : t;
            List<Object> out = new ArrayList<>();
            for (String part : body.split(",", -1)) {
                out.add(scalar(part.trim()));
            }
            return out;
        }
        return scalar(t);
    }

    private static Object scalar(String s) {
        switch (s) {
            case "true": case "True": return Boolean.TRUE;
            case "false": case "False": return Boolean.FALSE;
            case "None": case "null": return null;
            default: break;
        }
        if (INT.matcher(s).matches()) {
            try {
                return JsonValues.number(s);
            } catch (NumberFormatException e) {
                return s;
            }
        }
        if (FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        return s;
    }
}
