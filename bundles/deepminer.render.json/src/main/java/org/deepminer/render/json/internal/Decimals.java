package org.deepminer.render.json.internal;

/**
 * Map values as JSON numbers with at most 4 decimals, written into a reused buffer without creating a
 * string per value ({@code 0.1235}, {@code -2}, {@code 0.0001}; never exponent notation).
 */
final class Decimals {
    private Decimals() {}

    static final int DIGITS = 4;
    /** Magnitudes from here on would overflow the scaled long: the caller writes them as they are. */
    static final double LIMIT = 1e14;
    private static final double SCALE = 10_000;

    /**
     * Writes {@code value} rounded half away from zero to 4 decimals, trailing zeros dropped.
     *
     * @param value finite, of magnitude below {@link #LIMIT}
     * @param out at least 32 characters
     * @return the number of characters written
     */
    static int format(double value, char[] out) {
        long scaled = Math.round(Math.abs(value) * SCALE);
        int n = 0;
        if (value < 0 && scaled != 0) {
            out[n++] = '-';
        }
        long whole = scaled / 10_000;
        int fraction = (int) (scaled % 10_000);
        n = appendLong(whole, out, n);
        if (fraction != 0) {
            out[n++] = '.';
            int divisor = 1000;
            while (fraction != 0) {
                out[n++] = (char) ('0' + fraction / divisor);
                fraction %= divisor;
                divisor /= 10;
            }
        }
        return n;
    }

    private static int appendLong(long v, char[] out, int n) {
        if (v == 0) {
            out[n] = '0';
            return n + 1;
        }
        int start = n;
        while (v > 0) {
            out[n++] = (char) ('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = n - 1; i < j; i++, j--) {
            char t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return n;
    }
}
