package org.jconv.bench;

import java.util.Locale;

/** Number formatting shared by the quick table and RESULTS.md. */
final class Fmt {
    private Fmt() {
    }

    /** Milliseconds with about four significant digits, never in exponent form: 1234, 12.35, 0.001046. */
    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        int decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : a >= 0.1 ? 4 : a >= 0.01 ? 5 : 6;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A ratio with three decimals, or "-". */
    static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
