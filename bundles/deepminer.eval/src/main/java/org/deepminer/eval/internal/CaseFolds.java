package org.deepminer.eval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cross-validation folds made of whole cases, stratified by the case's label so that every fold sees both
 * benign and malignant cases.
 */
public final class CaseFolds {
    private CaseFolds() {}

    /**
     * @param cases the case of each item
     * @param positive each item's label; a case is positive when any of its items is
     * @param folds the number of folds (fewer when there are fewer cases)
     * @return the fold of each item, in {@code [0, folds)}
     */
    public static int[] assign(Cases cases, boolean[] positive, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        boolean[] casePositive = new boolean[cases.count()];
        boolean[] present = new boolean[cases.count()];
        for (int i = 0; i < cases.items(); i++) {
            present[cases.caseOf(i)] = true;
            casePositive[cases.caseOf(i)] |= positive[i];
        }
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int c = 0; c < casePositive.length; c++) {
            if (present[c]) {
                (casePositive[c] ? pos : neg).add(c);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        shuffle(pos, rnd);
        shuffle(neg, rnd);
        int[] foldOfCase = new int[cases.count()];
        int next = 0;
        for (List<Integer> group : List.of(pos, neg)) {
            for (int c : group) {
                foldOfCase[c] = next;
                next = (next + 1) % folds;
            }
        }
        int[] fold = new int[cases.items()];
        for (int i = 0; i < fold.length; i++) {
            fold[i] = foldOfCase[cases.caseOf(i)];
        }
        return fold;
    }

    private static void shuffle(List<Integer> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
