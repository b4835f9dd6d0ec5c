package org.deepminer.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Gogo script into top-level statements, so that each one's result is printed and the first
 * failing one is named. A statement ends at a newline or {@code ;} outside brackets and quotes; {@code #}
 * starts a comment at the beginning of a statement.
 */
final class Statements {
    private Statements() {}

    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (comment) {
                if (c == '\n') {
                    comment = false;
                }
                continue;
            }
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < script.length()) {
                    cur.append(script.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'' -> {
                    quote = c;
                    cur.append(c);
                }
                case '{', '(', '[' -> {
                    depth++;
                    cur.append(c);
                }
                case '}', ')', ']' -> {
                    depth = Math.max(0, depth - 1);
                    cur.append(c);
                }
                case '#' -> {
                    if (depth == 0 && cur.toString().isBlank()) {
                        comment = true;
                    } else {
                        cur.append(c);
                    }
                }
                case '\n', ';' -> {
                    if (depth == 0) {
                        flush(cur, out);
                    } else {
                        cur.append(c);
                    }
                }
                case '\\' -> {
                    // a backslash before a newline continues the statement on the next line
                    if (i + 1 < script.length() && script.charAt(i + 1) == '\n') {
                        i++;
                        cur.append(' ');
                    } else {
                        cur.append(c);
                    }
                }
                default -> cur.append(c);
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }
}
