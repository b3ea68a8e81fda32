package org.jconv.cli;

import java.util.Arrays;

/**
 * Shapes as the command line writes them: sizes separated by commas, {@code 1,224,224,3} (a
 * Python tuple {@code (1, 224, 224, 3)} or list {@code [1,224,224,3]} is accepted too).
 *
 * <pre>{@code
 * int[] s = Shapes.parse("--input-shape", "1,224,224,3");   // [1, 224, 224, 3]
 * Shapes.python(s);                                          // "(1, 224, 224, 3)"
 * }</pre>
 */
final class Shapes {
    private Shapes() {
    }

    /** @throws UserError naming {@code option} when {@code text} is not a list of sizes */
    static int[] parse(String option, String text) {
        String t = text.trim();
        if ((t.startsWith("(") && t.endsWith(")")) || (t.startsWith("[") && t.endsWith("]"))) {
            t = t.substring(1, t.length() - 1);
        }
        t = t.replace(" ", "");
        if (t.endsWith(",")) {
            t = t.substring(0, t.length() - 1);
        }
        String[] parts = t.isEmpty() ? new String[0] : t.split(",", -1);
        if (parts.length == 0) {
            throw new UserError(option + " '" + text + "' is empty; write sizes separated by commas, e.g. 1,224,224,3");
        }
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                s[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                s[i] = -1;
            }
            if (s[i] < 0) {
                throw new UserError(option + " '" + text + "': '" + parts[i]
                        + "' is not a size; write sizes separated by commas, e.g. 1,224,224,3");
            }
        }
        return s;
    }

    /** The shape as numpy prints it. */
    static String python(int[] s) {
        if (s.length == 1) {
            return "(" + s[0] + ",)";
        }
        return Arrays.toString(s).replace('[', '(').replace(']', ')');
    }
}
