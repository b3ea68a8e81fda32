package org.jconv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jconv.dialect.Dialects;

/**
 * The list of dialects at the end of {@code jconv conv --help} and {@code jconv explain --help},
 * built from {@link Dialects} so that it never goes stale.
 *
 * <pre>{@code
 * DialectHelp.lines().forEach(System.out::println);
 * }</pre>
 */
final class DialectHelp {
    private DialectHelp() {
    }

    static List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("Dialects (--dialect D), by system name:");
        out.addAll(Text.wrap(String.join(", ", Dialects.supportedSystems()), Text.WIDTH - 2, "  "));
        out.add("or by alias:");
        for (Map.Entry<String, String> e : Dialects.aliases().entrySet()) {
            StringBuilder sb = new StringBuilder("  ").append(e.getKey());
            while (sb.length() < 21) {
                sb.append(' ');
            }
            out.add(sb.append(e.getValue()).toString());
        }
        List<String> later = new ArrayList<>(Dialects.systems());
        later.removeAll(Dialects.supportedSystems());
        if (!later.isEmpty()) {
            out.add("Known, not supported yet (1-D, 3-D, transposed):");
            out.addAll(Text.wrap(String.join(", ", later), Text.WIDTH - 2, "  "));
        }
        return out;
    }
}
