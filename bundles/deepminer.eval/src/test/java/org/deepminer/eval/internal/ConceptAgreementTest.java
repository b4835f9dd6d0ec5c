package org.deepminer.eval.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;

class ConceptAgreementTest {

    private static ConceptAgreement agreement(List<List<String>> e, List<Set<String>> r, Map<String, String> cat,
            int[] caseOf, int[] predicted, int[] truth, int classes) {
        return new ConceptAgreement(e, r, cat, Cases.of(caseOf), predicted, truth, classes);
    }

    @Test
    void precisionRecallF1ByHand() {
        List<List<String>> e = List.of(List.of("a", "b"), List.of("c", "c"), List.of());
        List<Set<String>> r = List.of(Set.of("a", "c"), Set.of("c"), Set.of("d"));
        Map<String, String> cat = Map.of("a", "X", "b", "X", "c", "Y", "d", "Z");
        ConceptAgreement ca = agreement(e, r, cat, new int[] {0, 1, 2}, new int[3], new int[3], 1);
        ConceptAgreement.Tally exact = ca.explanationTally(false);
        // named: a, b, c (c twice counts once) -> 2 right of 3; reported a, c, c, d -> 2 of 4 found
        assertEquals(2.0 / 3, exact.precision(), 1e-12);
        assertEquals(0.5, exact.recall(), 1e-12);
        assertEquals(4.0 / 7, exact.f1(), 1e-12);
        ConceptAgreement.Tally byCategory = ca.explanationTally(true);
        // categories named {X}, {Y}, {} against {X, Y}, {Y}, {Z}: 2 of 2 right, 2 of 4 found
        assertEquals(1.0, byCategory.precision(), 1e-12);
        assertEquals(0.5, byCategory.recall(), 1e-12);
        assertEquals(2.0 / 3, byCategory.f1(), 1e-12);
    }

    @Test
    void perImageAveragesByHandDifferFromTheTotals() {
        // per image (hits, named, reported) exact: (1, 3, 1), (1, 1, 4), (0, 0, 1), (0, 0, 0), (0, 1, 0)
        List<List<String>> e = List.of(List.of("a", "b", "c"), List.of("d"), List.of(), List.of(), List.of("a"));
        List<Set<String>> r = List.of(Set.of("a"), Set.of("d", "e", "f", "g"), Set.of("h"), Set.of(), Set.of());
        Map<String, String> cat = Map.of("a", "X", "b", "X", "c", "Y", "d", "Z", "e", "Z");
        ConceptAgreement ca = agreement(e, r, cat, new int[] {0, 1, 2, 3, 4}, new int[5], new int[5], 1);
        ConceptAgreement.Tally exact = ca.explanationTally(false);
        // precision: 1/3, 1, -, -, 0 (images 2 and 3 name nothing: left out)
        assertArrayEquals(new double[] {1.0 / 3, 1, Double.NaN, Double.NaN, 0}, exact.precisionPerImage(), 1e-12);
        assertEquals(4.0 / 9, exact.precisionMeanOverImages(), 1e-12);
        assertEquals(2.0 / 5, exact.precision(), 1e-12);
        // recall: 1, 1/4, 0, -, - (images 3 and 4 have an empty report: left out)
        assertEquals(5.0 / 12, exact.recallMeanOverImages(), 1e-12);
        assertEquals(2.0 / 6, exact.recall(), 1e-12);
        // F1 = 2 hits / (named + reported): 2/4, 2/5, 0 (nothing named against a finding), -, 0 (only wrong names);
        // image 3 (both empty) is left out: scoring it 1 would give 1.9 / 5 = 0.38
        assertArrayEquals(new double[] {0.5, 0.4, 0, Double.NaN, 0}, exact.f1PerImage(), 1e-12);
        assertEquals(0.9 / 4, exact.f1MeanOverImages(), 1e-12);
        assertEquals(4.0 / 11, exact.f1(), 1e-12);
        // by category {X,Y} vs {X}, {Z} vs {Z,f,g}, {} vs {h}, {} vs {}, {X} vs {}
        ConceptAgreement.Tally byCategory = ca.explanationTally(true);
        assertEquals((0.5 + 1 + 0) / 3, byCategory.precisionMeanOverImages(), 1e-12);
        assertEquals((1 + 1.0 / 3 + 0) / 3, byCategory.recallMeanOverImages(), 1e-12);
        assertEquals((2.0 / 3 + 0.5 + 0 + 0) / 4, byCategory.f1MeanOverImages(), 1e-12);
        assertEquals(2.0 / 5, byCategory.recall(), 1e-12);
        // the bootstrap statistic is the weighted mean of the defined values: weights 2, 1, 1, 1, 0
        int[] w = {2, 1, 1, 1, 0};
        assertEquals((2.0 / 3 + 1) / 3, exact.precisionPerImageStatistic().value(w), 1e-12);
        assertEquals((2 * 1 + 0.25 + 0) / 4, exact.recallPerImageStatistic().value(w), 1e-12);
        assertEquals((2 * 0.5 + 0.4 + 0) / 4, exact.f1PerImageStatistic().value(w), 1e-12);
        assertEquals(exact.f1MeanOverImages(), exact.f1PerImageStatistic().value(new int[] {1, 1, 1, 1, 1}), 1e-12);
    }

    @Test
    void perImageBaselinesByHandFollowTheSameRule() {
        // two cases of two views; both views of a case share their report, so every shuffle hands images 0, 1
        // the report {b, c} and images 2, 3 the report {a}: the shuffled baseline is known exactly (sd 0)
        List<List<String>> e = List.of(List.of("b"), List.of("a"), List.of("a", "b"), List.of());
        List<Set<String>> r = List.of(Set.of("a"), Set.of("a"), Set.of("b", "c"), Set.of("b", "c"));
        ConceptAgreement ca = agreement(e, r, Map.of(), new int[] {0, 0, 1, 1}, new int[4], new int[4], 1);
        ConceptAgreement.View exact = ca.evaluate(10, 3)[0];
        // explanation: (P, R, F1) = (0, 0, 0), (1, 1, 1), (1/2, 1/2, 1/2), (-, 0, 0)
        assertEquals(1.5 / 3, exact.explanation().precisionMeanOverImages(), 1e-12);
        assertEquals(1.5 / 4, exact.explanation().recallMeanOverImages(), 1e-12);
        assertEquals(1.5 / 4, exact.explanation().f1MeanOverImages(), 1e-12);
        assertEquals(2.0 / 6, exact.explanation().recall(), 1e-12);
        // shuffled: {b} vs {b,c} (1, 1/2, 2/3), {a} vs {b,c} (0, 0, 0), {a,b} vs {a} (1/2, 1, 2/3), {} vs {a} (-, 0, 0)
        ConceptAgreement.Spread shuffled = exact.shuffledPerImage();
        assertEquals(1.5 / 3, shuffled.precisionMean(), 1e-12);
        assertEquals(1.5 / 4, shuffled.recallMean(), 1e-12);
        assertEquals((4.0 / 3) / 4, shuffled.f1Mean(), 1e-12);
        assertEquals(0.0, shuffled.precisionSd(), 1e-12);
        assertEquals(0.0, shuffled.f1Sd(), 1e-12);
        // the totals of the same shuffles: 2 hits of 4 named, of 6 reported
        assertEquals(2.0 / 6, exact.shuffled().recallMean(), 1e-12);
        // class-prior (from the other case only): images 0, 1 name {b} (b and c tie at 2, b first), image 2
        // names {a, b}, image 3 nothing: (0, 0, 0), (0, 0, 0), (1/2, 1/2, 1/2), (-, 0, 0)
        ConceptAgreement.Tally prior = exact.classPrior();
        assertEquals(0.5 / 3, prior.precisionMeanOverImages(), 1e-12);
        assertEquals(0.5 / 4, prior.recallMeanOverImages(), 1e-12);
        assertEquals(0.5 / 4, prior.f1MeanOverImages(), 1e-12);
        assertEquals(1.0 / 4, prior.precision(), 1e-12);
        // an empty explanation makes an empty class-prior explanation: the same image is left out of precision
        assertTrue(Double.isNaN(prior.precisionPerImage()[3]) && Double.isNaN(exact.explanation().precisionPerImage()[3]));
    }

    @Test
    void shuffledPerImageIsTheSpreadOfPerImageMeansWithinEachShuffle() {
        // replaying the shuffles: each shuffle's per-image mean, then mean and sd over the shuffles
        List<List<String>> e = new ArrayList<>();
        List<Set<String>> r = new ArrayList<>();
        int n = 30;
        int[] caseOf = new int[n];
        Random rnd = new Random(5);
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < n; i++) {
            caseOf[i] = i / 2;
            e.add(List.of(ids[rnd.nextInt(4)], ids[rnd.nextInt(4)]));
            Set<String> rep = new HashSet<>();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                rep.add(ids[rnd.nextInt(4)]);
            }
            r.add(rep);
        }
        ConceptAgreement ca = agreement(e, r, Map.of(), caseOf, new int[n], new int[n], 1);
        int shuffles = 12;
        ConceptAgreement.Spread got = ca.evaluate(shuffles, 21)[0].shuffledPerImage();
        BitSet[] named = new BitSet[n];
        BitSet[] reported = new BitSet[n];
        for (int i = 0; i < n; i++) {
            named[i] = bits(e.get(i), ca.concepts());
            reported[i] = bits(r.get(i), ca.concepts());
        }
        SplittableRandom replay = new SplittableRandom(21);
        double[] recall = new double[shuffles];
        for (int s = 0; s < shuffles; s++) {
            int[] from = ca.shuffleAcrossCases(replay);
            BitSet[] moved = new BitSet[n];
            for (int i = 0; i < n; i++) {
                moved[i] = reported[from[i]];
            }
            recall[s] = ca.tally(named, moved, false).recallMeanOverImages();
        }
        assertEquals(ConceptAgreement.mean(recall), got.recallMean(), 1e-12);
        assertEquals(ConceptAgreement.sd(recall), got.recallSd(), 1e-12);
        assertTrue(got.recallSd() > 0);
    }

    private static BitSet bits(Iterable<String> names, List<String> ids) {
        BitSet b = new BitSet();
        names.forEach(x -> b.set(ids.indexOf(x)));
        return b;
    }

    @Test
    void f1OfNothingRightIsZeroAndOfNothingNamedUndefined() {
        assertEquals(0, ConceptAgreement.Tally.f1(0, 0));
        assertTrue(Double.isNaN(ConceptAgreement.Tally.f1(Double.NaN, 0.5)));
    }

    @Test
    void classPriorNamesTheMostCommonConceptsOfTheExplainedClassFromOtherCases() {
        // class 1 reports: case 0 {a, b}, case 1 {a, c}, case 2 {a, c}; class 0 report: case 3 {z}
        List<Set<String>> r = List.of(Set.of("a", "b"), Set.of("a", "c"), Set.of("a", "c"), Set.of("z"));
        List<List<String>> e = List.of(List.of("q", "r"), List.of("b"), List.of("x"), List.of("y", "w"));
        int[] truth = {1, 1, 1, 0};
        int[] explained = {1, 1, 1, 1};
        ConceptAgreement ca = agreement(e, r, Map.of(), new int[] {0, 1, 2, 3}, explained, truth, 2);
        BitSet[] prior = ca.classPrior();
        List<String> ids = ca.concepts();
        // image 0 (k = 2): other class-1 reports count a 2, c 2 -> {a, c}
        assertEquals(Set.of("a", "c"), names(prior[0], ids));
        // image 1 (k = 1): others count a 2, b 1, c 1 -> {a}
        assertEquals(Set.of("a"), names(prior[1], ids));
        // image 3 is class 0 but explained as class 1: all three class-1 reports count, a 3 then c 2
        assertEquals(Set.of("a", "c"), names(prior[3], ids));
    }

    @Test
    void classPriorNeverPeeksAtTheImagesOwnCase() {
        // case A (3 views) has concept uA, every other case (2 views) its own u_k; all one class.
        // Counting the image's own case would make uA the top-1 concept for case A and hit; without it, every
        // image is given another case's concept and never hits.
        List<List<String>> e = new ArrayList<>();
        List<Set<String>> r = new ArrayList<>();
        List<Integer> caseOf = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            e.add(List.of("anything"));
            r.add(Set.of("uA"));
            caseOf.add(0);
        }
        for (int c = 1; c <= 6; c++) {
            for (int k = 0; k < 2; k++) {
                e.add(List.of("anything"));
                r.add(Set.of("u" + c));
                caseOf.add(c);
            }
        }
        int n = r.size();
        ConceptAgreement ca = agreement(e, r, Map.of(), caseOf.stream().mapToInt(Integer::intValue).toArray(),
                new int[n], new int[n], 1);
        ConceptAgreement.View exact = ca.evaluate(20, 1)[0];
        assertEquals(0.0, exact.classPrior().precision(), 1e-12);
        BitSet[] prior = ca.classPrior();
        for (int i = 0; i < 3; i++) {
            // ties among u1..u6 (2 each) break by id
            assertEquals(Set.of("u1"), names(prior[i], ca.concepts()), "case A's images must not be given uA");
        }
        for (int i = 3; i < n; i++) {
            assertEquals(Set.of("uA"), names(prior[i], ca.concepts()));
        }
    }

    @Test
    void shuffleGivesEveryImageAReportOfAnotherCaseAndUsesEachOnce() {
        int n = 41;
        int[] caseOf = new int[n];
        for (int i = 0; i < n; i++) {
            caseOf[i] = i / 2;
        }
        List<List<String>> e = new ArrayList<>();
        List<Set<String>> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            e.add(List.of("a"));
            r.add(Set.of("a"));
        }
        ConceptAgreement ca = agreement(e, r, Map.of(), caseOf, new int[n], new int[n], 1);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int t = 0; t < 50; t++) {
            int[] from = ca.shuffleAcrossCases(rnd);
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < n; i++) {
                assertNotEquals(caseOf[i], caseOf[from[i]]);
                used.add(from[i]);
            }
            assertEquals(n, used.size());
        }
    }

    @Test
    void shuffleThatCannotLeaveTheCaseIsAnError() {
        List<List<String>> e = List.of(List.of("a"), List.of("a"), List.of("a"));
        List<Set<String>> r = List.of(Set.of("a"), Set.of("a"), Set.of("a"));
        ConceptAgreement ca = agreement(e, r, Map.of(), new int[] {0, 0, 1}, new int[3], new int[3], 1);
        DeepMinerException ex = assertThrows(DeepMinerException.class, () -> ca.evaluate(20, 3));
        assertTrue(ex.getMessage().contains("cannot shuffle"), ex.getMessage());
    }

    @Test
    void shuffledBaselineMatchesChanceWhenExplanationsIgnoreTheReport() {
        // explanations and reports drawn independently: explanation precision = shuffled = sum_c q_c p_c
        String[] ids = {"a", "b", "c", "d", "e", "f"};
        double[] p = {0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
        Random rnd = new Random(77);
        List<List<String>> e = new ArrayList<>();
        List<Set<String>> r = new ArrayList<>();
        int n = 3000;
        int[] caseOf = new int[n];
        for (int i = 0; i < n; i++) {
            caseOf[i] = i / 2;
            Set<String> rep = new HashSet<>();
            for (int c = 0; c < ids.length; c++) {
                if (rnd.nextDouble() < p[c]) {
                    rep.add(ids[c]);
                }
            }
            r.add(rep);
            e.add(List.of(ids[rnd.nextInt(ids.length)]));
        }
        double chance = 0;
        for (double q : p) {
            chance += q / ids.length;
        }
        ConceptAgreement.View v = agreement(e, r, Map.of(), caseOf, new int[n], new int[n], 1).evaluate(30, 4)[0];
        assertEquals(chance, v.explanation().precision(), 0.02);
        assertEquals(chance, v.shuffled().precisionMean(), 0.01);
        assertEquals(v.explanation().precision(), v.shuffled().precisionMean(), 0.02);
        assertTrue(v.shuffled().precisionSd() > 0 && v.shuffled().precisionSd() < 0.02);
    }

    private static Set<String> names(BitSet bits, List<String> ids) {
        Set<String> out = new HashSet<>();
        for (int c = bits.nextSetBit(0); c >= 0; c = bits.nextSetBit(c + 1)) {
            out.add(ids.get(c));
        }
        return out;
    }
}
