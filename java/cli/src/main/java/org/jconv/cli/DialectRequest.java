package org.jconv.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jconv.Tensor;
import org.jconv.dialect.Dialect;
import org.jconv.dialect.DialectCall;
import org.jconv.dialect.Dialects;
import org.jconv.dialect.Params;
import org.jconv.golden.JsonValues;

/**
 * What {@code conv} and {@code explain} ask a dialect: the dialect named by {@code --dialect}, and
 * its params from the generic options and {@code --params-json}. Translating reports unknown
 * dialects and bad params as {@link UserError}s; a refusal of the reference system stays a
 * {@code DialectRefusal} (also exit status 2).
 *
 * <pre>{@code
 * DialectRequest r = new DialectRequest("keras", Map.of("padding", "same"), null);
 * DialectCall call = r.translate(x, w, null);
 * }</pre>
 */
final class DialectRequest {
    private final String name;
    private final Map<String, Object> params;

    DialectRequest(String name, Map<String, Object> options, String paramsJson) {
        this.name = name;
        this.params = merge(options, paramsJson);
    }

    private static Map<String, Object> merge(Map<String, Object> options, String paramsJson) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (paramsJson != null) {
            Object v;
            try {
                v = JsonValues.parse(paramsJson);
            } catch (IllegalArgumentException e) {
                throw new UserError("--params-json: " + e.getMessage());
            }
            if (!(v instanceof Map)) {
                throw new UserError("--params-json must be a JSON object such as '{\"padding\": \"same\"}', got " + paramsJson);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            out.putAll(m);
        }
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (out.containsKey(e.getKey())) {
                throw new UserError("param '" + e.getKey() + "' is given twice: in --params-json and as --"
                        + e.getKey().replace('_', '-'));
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The dialect. @throws UserError for an unknown name */
    Dialect dialect() {
        if (name == null) {
            throw new UserError("missing --dialect (a system name such as keras.layers.Conv2D, or an alias such as keras)");
        }
        try {
            return Dialects.forSystem(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("unknown dialect '" + name + "'\naliases: " + String.join(", ", Dialects.aliases().keySet())
                    + "\nsystem names such as keras.layers.Conv2D: see 'jconv conv --help'", e);
        }
    }

    /** The params. */
    Map<String, Object> params() {
        return params;
    }

    /** Translates the call; refusals and bad params propagate as IllegalArgumentException (exit status 2). */
    DialectCall translate(Tensor input, Tensor kernel, Tensor bias) {
        Dialect d = dialect();
        return d.translate(Params.of(params), input, kernel, bias);
    }
}
