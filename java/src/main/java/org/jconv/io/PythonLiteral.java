package org.jconv.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the small subset of Python literal syntax a .npy header dictionary uses
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}): dicts, tuples, lists,
 * quoted strings, integers (with Python 2's {@code L} suffix), {@code True}, {@code False},
 * {@code None}. numpy reads the header with {@code ast.literal_eval}; this accepts the same
 * well-formed headers and names the position of anything else. Tuples come back as {@link Tuple}
 * so a caller can tell {@code (3,)} from {@code [3]}, as numpy does.
 *
 * <pre>{@code
 * Object d = PythonLiteral.parse("{'shape': (2, 3), 'fortran_order': False}");
 * // a Map: shape -> Tuple[2, 3], fortran_order -> false
 * }</pre>
 */
final class PythonLiteral {
    /** A Python tuple (immutable list of elements). */
    static final class Tuple {
        final List<Object> items;

        Tuple(List<Object> items) {
            this.items = Collections.unmodifiableList(items);
        }

        @Override
        public String toString() {
            return items.toString().replace('[', '(').replace(']', ')');
        }
    }

    /** A syntax error at a position of the text. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    // Nesting deeper than this is no .npy header; the limit keeps a hostile header off the stack.
    private static final int MAX_DEPTH = 32;

    private final String s;
    private int pos;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** Parses one literal that must make up the whole text (surrounding whitespace allowed). */
    static Object parse(String text) throws SyntaxError {
        PythonLiteral p = new PythonLiteral(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the dictionary");
        }
        return v;
    }

    private SyntaxError error(String what) {
        String near = s.substring(pos, Math.min(s.length(), pos + 20));
        return new SyntaxError(what + " at character " + pos + (pos < s.length() ? " (near \"" + near + "\")" : " (end of header)"));
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipSpace();
        if (pos >= s.length()) {
            throw error("missing value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return sequence(depth, ')');
            case '[':
                return sequence(depth, ']');
            case '\'':
            case '"':
                return string();
            default:
                if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                    return integer();
                }
                if (Character.isLetter(c)) {
                    return name();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> dict(int depth) throws SyntaxError {
        pos++; // '{'
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return out;
            }
            Object key = value(depth + 1);
            if (!(key instanceof String)) {
                throw error("dictionary key " + key + " is not a string");
            }
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (out.put((String) key, v) != null) {
                throw error("duplicate key '" + key + "'");
            }
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos >= s.length() || s.charAt(pos) != '}') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object sequence(int depth, char close) throws SyntaxError {
        pos++; // '(' or '['
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == close) {
                pos++;
                break;
            }
            items.add(value(depth + 1));
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                sawComma = true;
            } else if (pos >= s.length() || s.charAt(pos) != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }
        if (close == ']') {
            return items;
        }
        // Python: "(3)" is the int 3, "(3,)" a tuple of one
        if (items.size() == 1 && !sawComma) {
            return items.get(0);
        }
        return new Tuple(items);
    }

    private void expect(char c) throws SyntaxError {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private String string() throws SyntaxError {
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    break;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case '\\': case '\'': case '"': sb.append(e); break;
                    default: sb.append('\\').append(e); break;
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private BigInteger integer() throws SyntaxError {
        int start = pos;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            pos = start;
            throw error("malformed number");
        }
        // A header is ASCII; a number of more than 40 digits is no shape entry (and no work for BigInteger).
        if (pos - digits > 40) {
            pos = start;
            throw error("number too long");
        }
        BigInteger v = new BigInteger(s.substring(start, pos));
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
            pos++; // Python 2 long, written by old numpy
        }
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                || Character.isLetterOrDigit(s.charAt(pos)))) {
            pos = start;
            throw error("not an integer");
        }
        return v;
    }

    private Object name() throws SyntaxError {
        int start = pos;
        while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
            pos++;
        }
        String n = s.substring(start, pos);
        switch (n) {
            case "True": return Boolean.TRUE;
            case "False": return Boolean.FALSE;
            case "None": return NONE;
            default:
                pos = start;
                throw error("unknown name '" + n + "'");
        }
    }

    /** Python's None (a map cannot hold Java null distinguishably from absence). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };
}
