package org.deepminer.annotate.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.deepminer.annotate.Kappa;

/** How the commands print numbers, times and free text in table cells. */
final class Cells {
    private Cells() {}

    static String time(Instant t) {
        return t == null || t.equals(Instant.MIN) ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String number(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String kappa(Kappa k) {
        return k.defined() ? number(k.value(), 3) : "undefined";
    }

    /** Free text on one line, cut to {@code max} characters: a table cell, not the record. */
    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String s = text.replaceAll("\\s+", " ").strip();
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
