package org.deepminer.data.phantom.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.junit.jupiter.api.Test;

class PathologyModelTest {
    private static final int CASES = 40_000;

    private static List<CaseSpec> draw(int n, long seed) {
        CasePrior prior = new CasePrior(CasePrior.Mix.defaults());
        List<CaseSpec> cases = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cases.add(prior.draw(i, PhantomGenerator.caseSeed(seed, i)));
        }
        return cases;
    }

    @Test
    void aLesionIsAsSuspiciousAsItsMostSuspiciousConcept() {
        assertEquals(0.90, PathologyModel.lesion(List.of("finding-mass", "shape-irregular", "margin-spiculated")));
        assertEquals(0.20, PathologyModel.lesion(List.of("finding-mass", "shape-round", "margin-circumscribed")));
        assertEquals(0.85, PathologyModel.lesion(List.of("finding-calcification", "calc-fine-pleomorphic", "dist-grouped")));
        assertThrows(IllegalArgumentException.class, () -> PathologyModel.lesion(List.of("finding-mass", "dist-grouped")));
        assertEquals(1 - 0.1 * 0.5, PathologyModel.image(new double[] {0.9, 0.5}), 1e-12);
        assertEquals(0, PathologyModel.image(new double[0]));
    }

    @Test
    void assessmentsRiseWithTheProbability() {
        String previous = "2";
        for (double p = 0; p <= 1.0001; p += 0.01) {
            String a = PathologyModel.assessment(p);
            assertTrue(Assessments.rank(a) >= Assessments.rank(previous), p + " -> " + a);
            previous = a;
        }
        assertEquals("5", PathologyModel.assessment(0.90));
        assertEquals("2", PathologyModel.assessment(0.03));
    }

    /** The drawn pathologies follow the model: per concept set, the malignant frequency matches p. */
    @Test
    void drawnPathologiesMatchTheModelsProbabilities() {
        Map<String, int[]> byConcepts = new TreeMap<>();
        Map<String, Double> probability = new TreeMap<>();
        for (CaseSpec c : draw(CASES, 11)) {
            for (LesionSpec l : c.findings()) {
                String key = String.join("+", l.concepts());
                int[] counts = byConcepts.computeIfAbsent(key, k -> new int[2]);
                counts[0]++;
                counts[1] += l.malignant() ? 1 : 0;
                assertEquals(PathologyModel.lesion(l.concepts()), l.pMalignant(), 1e-12);
                probability.put(key, l.pMalignant());
            }
            for (LesionSpec l : c.lesions()) {
                if (l.incidental()) {
                    assertTrue(!l.malignant() && c.type() == CaseType.NORMAL, "incidental lesions are benign, in normals");
                }
            }
        }
        int checked = 0;
        for (Map.Entry<String, int[]> e : byConcepts.entrySet()) {
            int n = e.getValue()[0];
            if (n < 300) {
                continue;
            }
            double p = probability.get(e.getKey());
            double freq = e.getValue()[1] / (double) n;
            double sigma = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, freq, 4 * sigma + 1e-9, e.getKey() + " over " + n + " lesions");
            checked++;
        }
        assertTrue(checked >= 15, "enough concept sets drawn often: " + checked);
    }

    /** The image posterior is calibrated: among images with posterior near q, a fraction q is malignant. */
    @Test
    void imagePosteriorIsCalibrated() {
        int bins = 10;
        double[] sumPosterior = new double[bins];
        int[] malignant = new int[bins];
        int[] count = new int[bins];
        for (CaseSpec c : draw(CASES, 12)) {
            if (c.findings().isEmpty()) {
                assertEquals(0, c.posteriorMalignant());
                assertEquals("normal", c.label());
                continue;
            }
            int b = Math.min(bins - 1, (int) (c.posteriorMalignant() * bins));
            sumPosterior[b] += c.posteriorMalignant();
            malignant[b] += c.label().equals("malignant") ? 1 : 0;
            count[b]++;
        }
        for (int b = 0; b < bins; b++) {
            if (count[b] < 200) {
                continue;
            }
            double q = sumPosterior[b] / count[b];
            double freq = malignant[b] / (double) count[b];
            double sigma = Math.sqrt(q * (1 - q) / count[b]);
            assertEquals(q, freq, 4 * sigma + 0.01, "posterior bin " + b + " (" + count[b] + " images)");
        }
    }

    /** PHANTOM.md: a classifier that sees the true concepts reaches malignant AUC ~.95, B-vs-M accuracy ~.83. */
    @Test
    void ceilingAtTheDefaultMixIsNearThePublishedOne() {
        List<Ceiling.Scored> scored = new ArrayList<>();
        for (CaseSpec c : draw(CASES, 13)) {
            scored.add(new Ceiling.Scored(c.label(), c.posteriorMalignant()));
        }
        Ceiling ceiling = Ceiling.of(scored);
        System.out.printf("CEILING phantom (default mix, %d cases): malignant-vs-rest AUC %.3f, benign-vs-malignant "
                + "accuracy %.3f (expected %.3f) on %d lesion cases%n", CASES, ceiling.malignantAuc(),
                ceiling.benignMalignantAccuracy(), ceiling.expectedAccuracy(), ceiling.lesionImages());
        assertTrue(ceiling.malignantAuc() > 0.90 && ceiling.malignantAuc() < 0.98, "AUC " + ceiling.malignantAuc());
        assertTrue(ceiling.benignMalignantAccuracy() > 0.76 && ceiling.benignMalignantAccuracy() < 0.90,
                "accuracy " + ceiling.benignMalignantAccuracy());
    }
}
