package org.deepminer.data.support;

import java.util.Arrays;

/**
 * Line numbers for problems found in a data set's text files: a CSV parser reports character positions,
 * users want the line. Also the innermost message of a parser's exception, the one that says what is wrong.
 */
public final class TextLines {
    private TextLines() {}

    /** The character position at which each line of {@code text} starts; line 1 at 0. */
    public static int[] lineStarts(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        int[] starts = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }

    /** The 1-based line of a character position, given {@link #lineStarts}. */
    public static int lineOf(int[] starts, long position) {
        int i = Arrays.binarySearch(starts, (int) Math.min(Integer.MAX_VALUE, position));
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** The message of the innermost cause. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
