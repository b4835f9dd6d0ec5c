package org.deepminer.eval.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Items grouped by case: bootstrap draws and cross-validation folds are made of whole cases. */
public final class Cases {
    private final int[] caseOf;
    private final int count;

    private Cases(int[] caseOf, int count) {
        this.caseOf = caseOf;
        this.count = count;
    }

    /** @param caseIds the case id of each item, in item order */
    public static Cases of(List<String> caseIds) {
        Map<String, Integer> index = new HashMap<>();
        int[] caseOf = new int[caseIds.size()];
        for (int i = 0; i < caseOf.length; i++) {
            caseOf[i] = index.computeIfAbsent(caseIds.get(i), k -> index.size());
        }
        return new Cases(caseOf, index.size());
    }

    public static Cases of(int[] caseOf) {
        int max = -1;
        for (int c : caseOf) {
            max = Math.max(max, c);
        }
        return new Cases(caseOf.clone(), max + 1);
    }

    /** The case index of item {@code i}, in {@code [0, count())}. */
    public int caseOf(int i) {
        return caseOf[i];
    }

    public int items() {
        return caseOf.length;
    }

    public int count() {
        return count;
    }

    /** The weight of each item when every case has weight {@code caseWeight[case]}. */
    public int[] itemWeights(int[] caseWeight) {
        int[] w = new int[caseOf.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = caseWeight[caseOf[i]];
        }
        return w;
    }

    /** The same cases restricted to the items {@code keep} (in that order). */
    public Cases subset(int[] keep) {
        int[] sub = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            sub[i] = caseOf[keep[i]];
        }
        return new Cases(sub, count);
    }
}
