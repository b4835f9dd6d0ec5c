package org.deepminer.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReaderAnalogTest {

    @Test
    void foldsKeepCasesTogetherAndBalanceTheLabels() {
        int cases = 53;
        int[] caseOf = new int[3 * cases];
        boolean[] positive = new boolean[caseOf.length];
        for (int i = 0; i < caseOf.length; i++) {
            caseOf[i] = i / 3;
            positive[i] = (i / 3) % 4 == 0;
        }
        int[] fold = CaseFolds.assign(Cases.of(caseOf), positive, 5, 8);
        Map<Integer, Integer> foldOfCase = new HashMap<>();
        int[] positiveCases = new int[5];
        int[] allCases = new int[5];
        for (int i = 0; i < fold.length; i++) {
            Integer before = foldOfCase.putIfAbsent(caseOf[i], fold[i]);
            assertTrue(before == null || before == fold[i], "case " + caseOf[i] + " split across folds");
            if (before == null) {
                allCases[fold[i]]++;
                positiveCases[fold[i]] += positive[i] ? 1 : 0;
            }
        }
        for (int f = 0; f < 5; f++) {
            assertTrue(Math.abs(positiveCases[f] - 14 / 5.0) <= 1, "positives per fold " + positiveCases[f]);
            assertTrue(Math.abs(allCases[f] - cases / 5.0) <= 1, "cases per fold " + allCases[f]);
        }
    }

    @Test
    void wordsThatNameThePathologyAreReadPerfectly() {
        List<Set<String>> words = new ArrayList<>();
        boolean[] malignant = new boolean[200];
        int[] caseOf = new int[200];
        Random rnd = new Random(2);
        for (int i = 0; i < 200; i++) {
            caseOf[i] = i / 2;
            malignant[i] = (i / 2) % 2 == 0;
            Set<String> w = new HashSet<>();
            w.add(malignant[i] ? "margin-spiculated" : "margin-circumscribed");
            if (rnd.nextBoolean()) {
                w.add("calc-vascular"); // the same noise word in both classes, as in the original
            }
            words.add(w);
        }
        ReaderAnalog.Result r = ReaderAnalog.crossValidate(words, malignant, Cases.of(caseOf), 5, 1.0, 3);
        assertEquals(1.0, r.accuracy());
        assertEquals(1.0, r.sensitivity());
        assertEquals(1.0, r.specificity());
    }

    @Test
    void aWordSharedOnlyByTheViewsOfOneCaseDoesNotLeakTheLabel() {
        // every case has its own word and a random label: only a reader that saw the other view of the same
        // case in training could use it. Folds by case must leave it at chance.
        int cases = 300;
        List<Set<String>> words = new ArrayList<>();
        boolean[] malignant = new boolean[2 * cases];
        int[] caseOf = new int[2 * cases];
        Random rnd = new Random(4);
        for (int c = 0; c < cases; c++) {
            boolean m = rnd.nextBoolean();
            for (int v = 0; v < 2; v++) {
                caseOf[2 * c + v] = c;
                malignant[2 * c + v] = m;
                words.add(Set.of("case-word-" + c));
            }
        }
        ReaderAnalog.Result r = ReaderAnalog.crossValidate(words, malignant, Cases.of(caseOf), 5, 0.1, 5);
        assertEquals(0.5, r.accuracy(), 0.08);
        // the same data split by image would read the other view's word: nearly perfect
        int[] imageAsCase = new int[2 * cases];
        for (int i = 0; i < imageAsCase.length; i++) {
            imageAsCase[i] = i;
        }
        ReaderAnalog.Result leaky = ReaderAnalog.crossValidate(words, malignant, Cases.of(imageAsCase), 5, 0.1, 5);
        assertTrue(leaky.accuracy() > 0.75, "splitting views apart leaks: " + leaky.accuracy());
    }

    @Test
    void summaryArithmetic() {
        boolean[] guess = {true, true, false, false, true};
        boolean[] truth = {true, false, false, true, true};
        ReaderAnalog.Result r = ReaderAnalog.summarise(guess, truth);
        assertEquals(3.0 / 5, r.accuracy(), 1e-12);
        assertEquals(2.0 / 3, r.sensitivity(), 1e-12);
        assertEquals(1.0 / 2, r.specificity(), 1e-12);
    }
}
