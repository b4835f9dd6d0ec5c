package org.deepminer.backend.onnx.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The names nearest to a mistyped one, for error messages. */
final class NearNames {
    private NearNames() {}

    static List<String> nearest(String wanted, Collection<String> names, int k) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return names.stream().distinct()
                .map(n -> new Object[] {n, distance(w, n.toLowerCase(Locale.ROOT))})
                .sorted(Comparator.comparingInt((Object[] a) -> (Integer) a[1]))
                .limit(k).map(a -> (String) a[0]).toList();
    }

    /** Edit distance, counting a name that contains the wanted text (or the reverse) as near. */
    static int distance(String a, String b) {
        if (!a.isEmpty() && (b.contains(a) || a.contains(b))) {
            return Math.abs(a.length() - b.length()) / 4;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
