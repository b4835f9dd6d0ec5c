package org.deepminer.annotate;

import static org.deepminer.annotate.Fixtures.at;
import static org.deepminer.annotate.Fixtures.auto;
import static org.deepminer.annotate.Fixtures.unit;
import static org.deepminer.annotate.Fixtures.withdrawal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.explain.UnitLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitLabelsTest {

    @Test
    void expertsOverruleAutomaticLabelsAndNoLabelStaysNoLabel() {
        List<Annotation> entries = List.of(
                // unit 1: automatic only
                auto("a1", 1, 0, "shape-oval", "0.2"),
                // unit 2: automatic, then two of three experts say spiculated
                auto("a2", 2, 0, "shape-oval", "0.3"),
                at("e1", "ann", 2, 1, 4, "margin-spiculated"),
                at("e2", "bob", 2, 2, 2, "margin-spiculated", "shape-irregular"),
                at("e3", "cat", 2, 3, 5, "margin-circumscribed"),
                // unit 3: automatic, but the expert saw nothing nameable
                auto("a3", 3, 0, "calc-vascular", "0.5"),
                at("e4", "ann", 3, 1, 3),
                // unit 4: an expert only
                at("e5", "bob", 4, 1, 3, "calc-vascular"),
                // unit 1 again: a newer automatic label replaces the older one
                auto("a4", 1, 9, "shape-round", "0.25"));
        Map<UnitKey, UnitLabel> labels = UnitLabels.effective(entries, Fixtures.vocabulary());
        assertEquals(List.of(unit(1), unit(2), unit(4)), List.copyOf(labels.keySet()));

        UnitLabel auto1 = labels.get(unit(1));
        assertEquals(new UnitLabel("shape-round", "round", UnitLabel.Source.AUTO, 0.25, "auto (run r1)"), auto1);

        UnitLabel expert2 = labels.get(unit(2));
        assertEquals("margin-spiculated", expert2.conceptId());
        assertEquals("spiculated", expert2.term());
        assertEquals(UnitLabel.Source.EXPERT, expert2.source());
        assertEquals(2.0 / 3.0, expert2.score(), 1e-12);
        assertEquals("ann,bob", expert2.by());

        assertEquals(new UnitLabel("calc-vascular", "vascular", UnitLabel.Source.EXPERT, 1.0, "bob"), labels.get(unit(4)));

        Map<UnitKey, UnitVerdict> verdicts = UnitLabels.verdicts(entries, Fixtures.vocabulary());
        UnitVerdict three = verdicts.get(unit(3));
        assertNull(three.label());
        assertFalse(three.effective().isPresent());
        assertEquals("a3", three.auto().id());
        assertFalse(three.experts().labelled());
        assertNull(verdicts.get(unit(1)).experts());
        assertNull(verdicts.get(unit(4)).auto());
    }

    @Test
    void withoutVocabularyTheTermIsTheId() {
        Map<UnitKey, UnitLabel> labels = UnitLabels.effective(List.of(auto("a", 7, 0, "shape-oval", "0.1")), null);
        assertEquals("shape-oval", labels.get(unit(7)).term());
    }

    @Test
    void anAutomaticLabelNamesItsRunByFolderNameNotPath() {
        Annotation a = new Annotation("x", unit(7), AnnotationRules.AUTO, java.time.Instant.EPOCH, List.of("shape-oval"),
                true, 3, "", Map.of(AnnotationRules.ANSWER_IOU, "0.1", AnnotationRules.ANSWER_RUN,
                        "/home/someone/studies/runs/demo-concepts"));
        UnitLabel l = UnitLabels.auto(a, null);
        assertEquals("auto (run demo-concepts)", l.by());
        assertFalse(l.by().contains("someone"));
    }

    @Test
    void labelsOfAStoreByUnitIndex(@TempDir Path dir) {
        try (AnnotationLog store = AnnotationLog.open(dir)) {
            store.append(Fixtures.expert("ann", 5, 4, "margin-spiculated"));
            store.append(new Annotation("", unit(6), AnnotationRules.AUTO, null, List.of("shape-oval"), true, 3, "",
                    Map.of(AnnotationRules.ANSWER_IOU, "0.08")));
            store.append(Fixtures.expert("ann", 5, 4, "margin-indistinct"));
            Map<Integer, UnitLabel> labels = UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, Fixtures.vocabulary());
            assertEquals(List.of(5, 6), List.copyOf(labels.keySet()));
            assertEquals("margin-indistinct", labels.get(5).conceptId());
            assertEquals(UnitLabel.Source.AUTO, labels.get(6).source());
            assertEquals(0.08, labels.get(6).score(), 1e-12);
            assertEquals("auto", labels.get(6).by());
            assertTrue(UnitLabels.of(store, Fixtures.SHA, "other", null).isEmpty());
        }
    }

    @Test
    void aWithdrawalLeavesTheUnitWithoutAnAutomaticLabelUntilANewerOne() {
        List<Annotation> entries = new ArrayList<>(List.of(
                // unit 1: labelled, then withdrawn
                auto("a1", 1, 0, "shape-oval", "0.05"),
                withdrawal("w1", 1, 5, "IoU 0.05 not above 0.06"),
                // unit 2: withdrawn, then labelled again by a later run
                auto("a2", 2, 0, "shape-round", "0.05"),
                withdrawal("w2", 2, 5, "not a specific detector"),
                auto("a3", 2, 9, "shape-round", "0.07"),
                // unit 3: an expert label stands whatever the automatic entries say
                auto("a4", 3, 0, "calc-vascular", "0.3"),
                at("e1", "ann", 3, 1, 4, "margin-spiculated"),
                withdrawal("w3", 3, 5, "no concept in this run")));
        Map<UnitKey, UnitLabel> labels = UnitLabels.effective(entries, Fixtures.vocabulary());
        assertEquals(List.of(unit(2), unit(3)), List.copyOf(labels.keySet()));
        assertEquals(0.07, labels.get(unit(2)).score(), 1e-12);
        assertEquals(UnitLabel.Source.EXPERT, labels.get(unit(3)).source());
        assertEquals("margin-spiculated", labels.get(unit(3)).conceptId());

        Map<UnitKey, UnitVerdict> verdicts = UnitLabels.verdicts(entries, Fixtures.vocabulary());
        UnitVerdict one = verdicts.get(unit(1));
        assertNull(one.label());
        assertNull(one.experts());
        assertTrue(one.autoWithdrawn());
        assertEquals("w1", one.auto().id());
        assertFalse(verdicts.get(unit(2)).autoWithdrawn());
        assertTrue(verdicts.get(unit(3)).autoWithdrawn());

        // the withdrawal is no label, and asking for one does not throw
        assertNull(UnitLabels.auto(withdrawal("w", 4, 0, "no concept in this run"), null));
        assertTrue(AnnotationRules.isWithdrawal(withdrawal("w", 4, 0, "x")));
        assertFalse(AnnotationRules.isWithdrawal(auto("a", 4, 0, "shape-oval", "0.1")));
        // an expert's answer of the same key is not a withdrawal: only the automatic annotator withdraws
        assertFalse(AnnotationRules.isWithdrawal(new Annotation("e", unit(4), "ann", Instant.EPOCH, List.of(),
                false, 3, "", Map.of(AnnotationRules.ANSWER_WITHDRAWN, "x"))));

        // the order of the input does not matter: the latest entry by time counts
        Collections.reverse(entries);
        assertEquals(labels, UnitLabels.effective(entries, Fixtures.vocabulary()));
    }

    @Test
    void aStoredWithdrawalHoldsAcrossReopen(@TempDir Path dir) {
        try (AnnotationLog store = AnnotationLog.open(dir)) {
            store.append(new Annotation("", unit(6), AnnotationRules.AUTO, null, List.of("shape-oval"), true, 3, "",
                    Map.of(AnnotationRules.ANSWER_IOU, "0.05")));
            store.append(new Annotation("", unit(7), AnnotationRules.AUTO, null, List.of("shape-round"), true, 3, "",
                    Map.of(AnnotationRules.ANSWER_IOU, "0.08")));
            store.append(new Annotation("", unit(6), AnnotationRules.AUTO, null, List.of(), false, 3, "withdrawn",
                    Map.of(AnnotationRules.ANSWER_RUN, "runs/r2", AnnotationRules.ANSWER_WITHDRAWN, "IoU 0.05 not above 0.06")));
            assertEquals(List.of(7), List.copyOf(UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, null).keySet()));
        }
        try (AnnotationLog store = AnnotationLog.open(dir)) {
            assertEquals(List.of(7), List.copyOf(UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, null).keySet()));
            assertEquals(3, store.entries(Fixtures.SHA, Fixtures.LAYER).size());
        }
    }
}
