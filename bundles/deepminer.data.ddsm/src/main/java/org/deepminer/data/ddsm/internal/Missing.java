package org.deepminer.data.ddsm.internal;

import java.util.Locale;

/** The spellings data sets use for "no value": blank, {@code N/A}, {@code NA}, {@code NaN}. */
final class Missing {
    private Missing() {}

    static boolean is(String value) {
        if (value == null) {
            return true;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.isEmpty() || v.equals("N/A") || v.equals("NAN") || v.equals("NA");
    }
}
