package org.alrao4j.examples.robustness;

import java.util.Locale;

/** CSV cells of the benchmark's tables. */
final class Csv {

    private Csv() {
    }

    /** @return {@code v} with up to 6 significant digits; empty for NaN, {@code inf}/{@code -inf} when infinite */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    /** @return {@code text} quoted when it holds a comma, quote or line break */
    static String quote(String text) {
        if (text.matches(".*[,\"\\n\\r].*")) {
            return "\"" + text.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + "\"";
        }
        return text;
    }
}
