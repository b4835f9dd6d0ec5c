package org.deepminer.imaging.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.junit.jupiter.api.Test;

class WordingTest {

    @Test
    void unlabelledUnitIsNamedByNumber() {
        UnitContribution third = Explanations.standard().units().get(2);
        assertEquals("unit 3", Wording.term(third));
        assertEquals("#3 unit 3: unlabelled", Wording.caption(third));
    }

    @Test
    void labelSaysItsSourceAndWhatItsScoreMeans() {
        List<UnitContribution> units = Explanations.standard().units();
        assertEquals("spiculated (expert, confidence 0.80)", Wording.labelSummary(units.get(0)));
        assertEquals("fine pleomorphic (auto, IoU 0.31)", Wording.labelSummary(units.get(1)));
        assertEquals("score 1.230 = 0.410 x 3.000", Wording.score(units.get(0)));
    }

    @Test
    void probabilitiesMostProbableFirst() {
        Explanation e = Explanations.standard();
        assertEquals(List.of("malignant", "benign", "normal"),
                Wording.probabilities(e).stream().map(Map.Entry::getKey).toList());
        assertEquals("malignant 0.91, benign 0.07, normal 0.02", Wording.probabilityLine(e));
    }

    @Test
    void notesExplainMissingLabels() {
        assertTrue(Wording.unitsNote(Explanations.standard()).isEmpty());
        assertTrue(Wording.unitsNote(Explanations.builder().units(0).build()).orElseThrow().startsWith("No units to show"));
        assertTrue(Wording.unitsNote(Explanations.builder().unlabelled().build()).orElseThrow().contains("named by number"));
    }

    @Test
    void numbersIgnoreTheLocale() {
        java.util.Locale previous = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("0.50", Wording.fixed(0.5, 2));
            assertEquals("NaN", Wording.fixed(Double.NaN, 2));
        } finally {
            java.util.Locale.setDefault(previous);
        }
    }
}
