package org.deepminer.annotate;

import static org.deepminer.annotate.Fixtures.at;
import static org.deepminer.annotate.Fixtures.auto;
import static org.deepminer.annotate.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.junit.jupiter.api.Test;

class AgreementTest {

    private static final String S = "margin-spiculated";
    private static final String C = "margin-circumscribed";
    private static final String O = "shape-oval";

    /** n copies of a rating. */
    private static List<String> times(int n, String r) {
        return Collections.nCopies(n, r);
    }

    private static List<String> concat(List<List<String>> parts) {
        List<String> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    @Test
    void cohenTwoByTwoTable() {
        // 50 units: both S 20, A=S B=C 5, A=C B=S 10, both C 15.
        // po = (20 + 15) / 50 = 0.70
        // A: S 25, C 25 -> 0.5, 0.5;  B: S 30, C 20 -> 0.6, 0.4
        // pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.30 + 0.20 = 0.50
        // kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40
        List<String> a = concat(List.of(times(20, S), times(5, S), times(10, C), times(15, C)));
        List<String> b = concat(List.of(times(20, S), times(5, C), times(10, S), times(15, C)));
        Kappa k = Agreement.cohen(a, b);
        assertEquals(0.40, k.value(), 1e-12);
        assertEquals(0.70, k.observed(), 1e-12);
        assertEquals(0.50, k.expected(), 1e-12);
        assertEquals(50, k.units());
        assertEquals(2, k.categories());
        assertEquals("cohen", k.method());
    }

    @Test
    void cohenDegenerateCases() {
        // perfect agreement over two categories: po = 1, pe = 0.5 * 0.5 + 0.5 * 0.5 = 0.5 -> kappa = 0.5 / 0.5 = 1
        Kappa perfect = Agreement.cohen(List.of(S, C, S, C), List.of(S, C, S, C));
        assertEquals(1.0, perfect.value(), 1e-12);
        // complete disagreement: po = 0, pe = 0.5 * 0.5 + 0.5 * 0.5 = 0.5 -> kappa = -0.5 / 0.5 = -1
        assertEquals(-1.0, Agreement.cohen(List.of(S, C), List.of(C, S)).value(), 1e-12);
        // one category only: po = 1, pe = 1 * 1 = 1 -> 0/0, undefined, and said so
        Kappa one = Agreement.cohen(List.of(S, S, S), List.of(S, S, S));
        assertFalse(one.defined());
        assertTrue(Double.isNaN(one.value()));
        assertEquals(1.0, one.observed(), 1e-12);
        assertTrue(one.note().contains("one category"), one.note());
        // nothing rated by both
        Kappa none = Agreement.cohen(List.of(), List.of());
        assertFalse(none.defined());
        assertEquals(0, none.units());
        assertThrows(IllegalArgumentException.class, () -> Agreement.cohen(List.of(S), List.of()));
    }

    @Test
    void fleissTextbookExample() {
        // 10 items, 14 raters, 5 categories (the classic table of Fleiss' kappa):
        //   item: counts per category        sum n^2 - 14   P_i = (sum n^2 - 14) / (14 * 13)
        //   1: 0 0 0 0 14                     196 - 14 = 182   1.000
        //   2: 0 2 6 4 2                       60 - 14 =  46   0.253
        //   3: 0 0 3 5 6                       70 - 14 =  56   0.308
        //   4: 0 3 9 2 0                       94 - 14 =  80   0.440
        //   5: 2 2 8 1 1                       74 - 14 =  60   0.330
        //   6: 7 7 0 0 0                       98 - 14 =  84   0.462
        //   7: 3 2 6 3 0                       58 - 14 =  44   0.242
        //   8: 2 5 3 2 2                       46 - 14 =  32   0.176
        //   9: 6 5 2 1 0                       66 - 14 =  52   0.286
        //  10: 0 2 2 3 7                       66 - 14 =  52   0.286
        // P = 688 / (182 * 10) = 172/455 = 0.378022
        // column sums 20 28 39 21 32 of 140: Pe = (400 + 784 + 1521 + 441 + 1024) / 140^2 = 4170/19600 = 0.212755
        // kappa = (172/455 - 417/1960) / (1 - 417/1960) = (9632 - 5421) / (25480 - 5421) = 4211/20059 = 0.209930
        int[][] table = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
                {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        List<List<String>> ratings = new ArrayList<>();
        for (int[] row : table) {
            List<String> item = new ArrayList<>();
            for (int j = 0; j < row.length; j++) {
                item.addAll(times(row[j], "category-" + (j + 1)));
            }
            ratings.add(item);
        }
        Kappa k = Agreement.fleiss(ratings);
        assertEquals(4211.0 / 20059.0, k.value(), 1e-12);
        assertEquals(172.0 / 455.0, k.observed(), 1e-12);
        assertEquals(4170.0 / 19600.0, k.expected(), 1e-12);
        assertEquals(10, k.units());
        assertEquals(14, k.raters());
        assertEquals(5, k.categories());
    }

    @Test
    void fleissDegenerateCases() {
        // every item rated alike by its 3 raters, two categories used: P_i = (9 - 3) / 6 = 1, P = 1;
        // p = 2/4, 2/4 -> Pe = 0.5 -> kappa = (1 - 0.5) / (1 - 0.5) = 1
        Kappa perfect = Agreement.fleiss(List.of(times(3, S), times(3, C), times(3, S), times(3, C)));
        assertEquals(1.0, perfect.value(), 1e-12);
        // one category only: P = 1, Pe = 1 -> 0/0
        Kappa one = Agreement.fleiss(List.of(times(3, S), times(3, S)));
        assertFalse(one.defined());
        assertTrue(one.note().contains("one category"), one.note());
        assertFalse(Agreement.fleiss(List.of()).defined());
        assertThrows(IllegalArgumentException.class, () -> Agreement.fleiss(List.of(times(3, S), times(2, S))));
    }

    @Test
    void twoExpertsFromEntriesOverConceptsAndCategories() {
        // 10 units; S = margin-spiculated, C = margin-circumscribed (both "mass margin"), O = shape-oval ("mass
        // shape"), N = not interpretable.
        //   unit: 1 2 3 4 5 6 7 8 9 10
        //   ann:  S S S C C O O N N S
        //   bob:  S S C C C O S N O S
        // concepts: agree on 1 2 4 5 6 8 10 -> po = 7/10
        //   ann S 4, C 2, O 2, N 2; bob S 4, C 3, O 2, N 1
        //   pe = .4*.4 + .2*.3 + .2*.2 + .2*.1 = .16 + .06 + .04 + .02 = .28
        //   kappa = (.70 - .28) / (1 - .28) = .42 / .72 = 0.583333
        // categories (M margin, S shape, N none):
        //   ann:  M M M M M S S N N M;  bob: M M M M M S M N S M -> agree on all but 7 and 9: po = .8
        //   ann M 6, S 2, N 2; bob M 7, S 2, N 1 -> pe = .6*.7 + .2*.2 + .2*.1 = .42 + .04 + .02 = .48
        //   kappa = (.80 - .48) / (1 - .48) = .32 / .52 = 0.615385
        String[] ann = {S, S, S, C, C, O, O, null, null, S};
        String[] bob = {S, S, C, C, C, O, S, null, O, S};
        List<Annotation> entries = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            entries.add(rated("a" + u, "ann", u + 1, u, ann[u]));
            entries.add(rated("b" + u, "bob", u + 1, u, bob[u]));
        }
        // an earlier entry of ann for unit 3 that she edited later: only the latest counts
        entries.add(rated("old", "ann", 3, -100, C));
        // automatic labels are not a rater
        entries.add(auto("auto1", 1, 5, C, "0.2"));
        AgreementReport r = Agreement.of(entries, Fixtures.vocabulary());
        assertEquals(List.of("ann", "bob"), r.annotators());
        assertEquals(10, r.units());
        assertEquals(0.42 / 0.72, r.concepts().value(), 1e-12);
        assertEquals(10, r.concepts().units());
        assertEquals("cohen", r.concepts().method());
        assertEquals(0.32 / 0.52, r.categories().value(), 1e-12);
        assertEquals(1, r.pairs().size());
        // without a vocabulary there are no categories
        AgreementReport plain = Agreement.of(entries, null);
        assertFalse(plain.categories().defined());
        assertEquals(0.42 / 0.72, plain.concepts().value(), 1e-12);
    }

    @Test
    void threeExpertsUseFleissOverTheUnitsAllRated() {
        // units 1-4 rated by ann, bob, cat; unit 5 by ann and bob only (left out of Fleiss, kept in the pair).
        //   unit 1: S S S   unit 2: C C C   unit 3: S S C   unit 4: C C S
        //   P_i = (9-3)/6 = 1, 1, (4+1-3)/6 = 1/3, 1/3 -> P = (1 + 1 + 1/3 + 1/3) / 4 = 2/3
        //   S: 3 + 0 + 2 + 1 = 6 of 12, C 6 of 12 -> Pe = .25 + .25 = .5
        //   kappa = (2/3 - 1/2) / (1 - 1/2) = 1/3
        List<Annotation> e = new ArrayList<>();
        String[][] rows = {{S, S, S}, {C, C, C}, {S, S, C}, {C, C, S}};
        String[] who = {"ann", "bob", "cat"};
        for (int u = 0; u < rows.length; u++) {
            for (int r = 0; r < 3; r++) {
                e.add(rated(who[r] + u, who[r], u + 1, u, rows[u][r]));
            }
        }
        e.add(rated("x1", "ann", 5, 9, O));
        e.add(rated("x2", "bob", 5, 9, S));
        AgreementReport r = Agreement.of(e, Fixtures.vocabulary());
        assertEquals("fleiss", r.concepts().method());
        assertEquals(1.0 / 3.0, r.concepts().value(), 1e-12);
        assertEquals(4, r.concepts().units());
        assertEquals(3, r.concepts().raters());
        // all of S and C are mass margins: one category only
        assertFalse(r.categories().defined());
        assertEquals(3, r.pairs().size());
        // ann-bob: units 1-5, agree on 1-4 and not 5 -> po = .8; ann S2 C2 O1, bob S3 C2
        // pe = .4*.6 + .4*.4 + .2*0 = .24 + .16 = .40 -> kappa = (.8 - .4) / .6 = 2/3
        AgreementReport.PairAgreement annBob = r.pairs().get(0);
        assertEquals("ann", annBob.first());
        assertEquals("bob", annBob.second());
        assertEquals(5, annBob.concepts().units());
        assertEquals(2.0 / 3.0, annBob.concepts().value(), 1e-12);
        assertEquals(5, r.units());
    }

    @Test
    void oneAnnotatorHasNoAgreement() {
        AgreementReport r = Agreement.of(List.of(rated("1", "ann", 1, 0, S)), null);
        assertFalse(r.concepts().defined());
        assertEquals(List.of("ann"), r.annotators());
        assertEquals(1, r.consensus().size());
    }

    @Test
    void consensusIsTheMajorityThenConfidenceThenTheLatest() {
        List<Annotation> e = new ArrayList<>();
        // unit 1: two S against one C
        e.add(at("1", "ann", 1, 0, 2, S));
        e.add(at("2", "bob", 1, 1, 2, S));
        e.add(at("3", "cat", 1, 2, 5, C));
        // unit 2: one against one, C more confident
        e.add(at("4", "ann", 2, 3, 2, S));
        e.add(at("5", "bob", 2, 4, 5, C));
        // unit 3: one against one, same confidence: the later one (S) wins
        e.add(at("6", "ann", 3, 5, 3, C));
        e.add(at("7", "bob", 3, 6, 3, S));
        // unit 4: two of three see nothing
        e.add(at("8", "ann", 4, 7, 3));
        e.add(at("9", "bob", 4, 8, 4));
        e.add(at("10", "cat", 4, 9, 3, O));
        // unit 5: bob changed his mind from C to S
        e.add(at("11", "ann", 5, 10, 3, S));
        e.add(at("12", "bob", 5, 11, 3, C));
        e.add(at("13", "bob", 5, 12, 3, S));
        Map<UnitKey, Consensus> c = Agreement.consensus(e);
        assertEquals(S, c.get(unit(1)).conceptId());
        assertEquals(2, c.get(unit(1)).votes());
        assertEquals(3, c.get(unit(1)).raters());
        assertEquals(2.0 / 3.0, c.get(unit(1)).fraction(), 1e-12);
        assertEquals(List.of("ann", "bob"), c.get(unit(1)).annotators());
        assertEquals(Map.of(S, 2, C, 1), c.get(unit(1)).tally());
        assertEquals(C, c.get(unit(2)).conceptId());
        assertEquals(5.0, c.get(unit(2)).meanConfidence(), 1e-12);
        assertEquals(S, c.get(unit(3)).conceptId());
        assertFalse(c.get(unit(4)).labelled());
        assertEquals(Map.of(Agreement.NO_LABEL, 2, O, 1), c.get(unit(4)).tally());
        assertEquals(S, c.get(unit(5)).conceptId());
        assertEquals(1.0, c.get(unit(5)).fraction(), 1e-12);
        // the input's order does not matter
        List<Annotation> reversed = new ArrayList<>(e);
        Collections.reverse(reversed);
        assertEquals(c, Agreement.consensus(reversed));
        assertEquals(List.of(unit(1), unit(2), unit(3), unit(4), unit(5)), List.copyOf(c.keySet()));
    }

    private static Annotation rated(String id, String who, int unit, long second, String concept) {
        return concept == null ? at(id, who, unit, second, 3) : at(id, who, unit, second, 3, concept);
    }
}
