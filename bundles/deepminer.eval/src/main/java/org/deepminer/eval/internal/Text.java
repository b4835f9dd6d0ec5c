package org.deepminer.eval.internal;

import java.util.Locale;

/** Escaping and number formatting shared by the HTML, SVG and text writers. */
public final class Text {
    private Text() {}

    /**
     * Escapes text for HTML/XML element content and quoted attributes. Characters XML cannot carry (most
     * controls, lone surrogates) become U+FFFD, so the report stays parseable whatever a label holds.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Three decimals; "n/a" for NaN (an undefined figure, e.g. a class without positives). */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A coordinate for SVG: one decimal, locale-independent. */
    static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
