package org.deepminer.backend.dl4j.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LesionPosteriorTest {

    private static final List<String> LESION_CLASSES = List.of("benign", "malignant");

    /** Lesions whose pathology is drawn from their concept with the given malignant probabilities. */
    private static List<LesionPosterior.Example> drawn(Random random, int perConcept, String[] concepts, double[] malignant) {
        List<LesionPosterior.Example> out = new ArrayList<>();
        for (int c = 0; c < concepts.length; c++) {
            for (int i = 0; i < perConcept; i++) {
                out.add(new LesionPosterior.Example(List.of(concepts[c]),
                        random.nextDouble() < malignant[c] ? "malignant" : "benign"));
            }
        }
        return out;
    }

    @Test
    void recoversTheProbabilityEachConceptDrawsPathologyWith() {
        String[] concepts = {"shape-irregular", "shape-oval", "calc-punctate"};
        double[] malignant = {0.8, 0.12, 0.25};
        LesionPosterior p = LesionPosterior.fit(LESION_CLASSES, drawn(new Random(1), 2000, concepts, malignant));
        for (int c = 0; c < concepts.length; c++) {
            double[] q = p.of(List.of(concepts[c]));
            assertEquals(1.0, q[0] + q[1], 1e-9);
            assertEquals(malignant[c], q[1], 0.03, concepts[c]);
        }
        assertEquals(LESION_CLASSES, p.classes());
    }

    @Test
    void twoConceptsOfOneLesionAddTheirEvidence() {
        List<LesionPosterior.Example> lesions = new ArrayList<>(drawn(new Random(2), 500,
                new String[] {"shape-irregular", "margin-spiculated", "shape-oval"}, new double[] {0.7, 0.7, 0.1}));
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            lesions.add(new LesionPosterior.Example(List.of("shape-irregular", "margin-spiculated"),
                    random.nextDouble() < 0.95 ? "malignant" : "benign"));
        }
        LesionPosterior p = LesionPosterior.fit(LESION_CLASSES, lesions);
        double both = p.of(List.of("shape-irregular", "margin-spiculated"))[1];
        assertTrue(both > p.of(List.of("shape-irregular"))[1] && both > p.of(List.of("margin-spiculated"))[1], "both: " + both);
        assertTrue(p.of(List.of("shape-oval"))[1] < 0.2);
    }

    @Test
    void unseenConceptsGiveThePriorAndOtherPathologiesAreLeftOut() {
        List<LesionPosterior.Example> lesions = new ArrayList<>(drawn(new Random(4), 400,
                new String[] {"a", "b"}, new double[] {0.9, 0.1}));
        lesions.add(new LesionPosterior.Example(List.of("a"), "unproven"));
        LesionPosterior p = LesionPosterior.fit(LESION_CLASSES, lesions);
        double[] none = p.of(List.of());
        assertArrayEquals(none, p.of(List.of("never-seen")), 1e-12);
        assertEquals(0.5, none[1], 0.1, "half the lesions are malignant");
        // deterministic: the same lesions give the same posterior
        assertArrayEquals(p.of(List.of("a")), LesionPosterior.fit(LESION_CLASSES, lesions).of(List.of("a")), 0.0);
    }
}
