package org.jconv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jconv.Tensor;

/**
 * Terminal text: word wrapping to 80 columns and compact, aligned matrices.
 *
 * <pre>{@code
 * for (String l : Text.wrap(call.explain(), 78, "   ")) System.out.println(l);
 * for (String l : Text.matrix(y, "%7.3f", "   ")) System.out.println(l);
 * }</pre>
 */
final class Text {
    /** Width the output is laid out for. */
    static final int WIDTH = 80;

    private Text() {
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters, each starting with {@code indent}. */
    static List<String> wrap(String text, int width, String indent) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > indent.length()) {
            out.add(line.toString());
        }
        return out;
    }

    /** The rows of a tensor viewed as a matrix of {@code rows} x (size / rows), each value in {@code format}. */
    static List<String> matrix(Tensor t, int rows, String format, String indent) {
        int cols = t.size() / rows;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            StringBuilder sb = new StringBuilder(indent);
            for (int j = 0; j < cols; j++) {
                sb.append(String.format(Locale.ROOT, format, t.get(i * cols + j)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** A number in 3 significant digits ({@code 1.19e-07}, {@code 5.03}, {@code 0}). */
    static String g3(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s;
    }
}
