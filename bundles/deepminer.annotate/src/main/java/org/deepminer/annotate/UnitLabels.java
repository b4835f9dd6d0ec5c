package org.deepminer.annotate;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * The effective label of each unit, as explanations print it.
 *
 * <ul>
 * <li>When any expert rated the unit, the experts decide: the majority of their latest entries' first concepts
 * ({@link Agreement#consensus}: ties by mean confidence, then the latest entry). Entries that name no concept
 * (not interpretable) vote for "no label"; when that wins, the unit has no label, and the automatic one does
 * not come back: the experts looked and saw nothing nameable. Source {@code EXPERT}, score the fraction of
 * experts in the majority, {@code by} their names joined by commas.</li>
 * <li>Otherwise the latest automatic entry ({@value AnnotationRules#AUTO}): its first concept, source
 * {@code AUTO}, score its IoU (the {@value AnnotationRules#ANSWER_IOU} answer), {@code by} the run it came
 * from (the {@value AnnotationRules#ANSWER_RUN} answer, else {@code auto}). When that entry is a withdrawal
 * ({@link AnnotationRules#isWithdrawal}), the unit has no automatic label.</li>
 * </ul>
 * The term is the vocabulary's preferred term, or the concept id without a vocabulary.
 */
public final class UnitLabels {
    private UnitLabels() {}

    /** The labelled units of a model layer, by unit index. */
    public static Map<Integer, UnitLabel> of(AnnotationStore store, String modelSha256, String layer,
            ConceptVocabulary vocabulary) {
        Map<Integer, UnitLabel> out = new TreeMap<>();
        effective(store.current(modelSha256, layer), vocabulary).forEach((k, v) -> out.put(k.unit(), v));
        return out;
    }

    /** The labelled units among the entries (current entries or whole histories), in unit order. */
    public static Map<UnitKey, UnitLabel> effective(Collection<Annotation> entries, ConceptVocabulary vocabulary) {
        Map<UnitKey, UnitLabel> out = new LinkedHashMap<>();
        verdicts(entries, vocabulary).forEach((k, v) -> {
            if (v.label() != null) {
                out.put(k, v.label());
            }
        });
        return out;
    }

    /**
     * Every unit with an entry, labelled or not, in unit order; a unit whose latest automatic entry is a withdrawal
     * and that no expert rated is here without a label.
     */
    public static Map<UnitKey, UnitVerdict> verdicts(Collection<Annotation> entries, ConceptVocabulary vocabulary) {
        Map<UnitKey, Annotation> autos = new TreeMap<>(Agreement.UNIT_ORDER);
        for (Annotation a : entries) {
            if (AnnotationRules.isAuto(a.annotator())) {
                autos.merge(a.unit(), a, (old, now) -> now.time().isBefore(old.time()) ? old : now);
            }
        }
        Map<UnitKey, Consensus> experts = Agreement.consensus(entries);
        TreeMap<UnitKey, UnitVerdict> out = new TreeMap<>(Agreement.UNIT_ORDER);
        experts.forEach((unit, c) -> out.put(unit, new UnitVerdict(unit, c.labelled() ? expert(c, vocabulary) : null, c,
                autos.get(unit))));
        autos.forEach((unit, a) -> out.computeIfAbsent(unit, u -> new UnitVerdict(u, auto(a, vocabulary), null, a)));
        return new LinkedHashMap<>(out);
    }

    /** The label a consensus gives. */
    public static UnitLabel expert(Consensus c, ConceptVocabulary vocabulary) {
        if (!c.labelled()) {
            throw new IllegalArgumentException("unit " + c.unit().unit() + ": the experts' consensus is no label");
        }
        return new UnitLabel(c.conceptId(), term(c.conceptId(), vocabulary), UnitLabel.Source.EXPERT, c.fraction(),
                String.join(",", c.annotators()));
    }

    /**
     * The label an automatic entry gives; null when the entry is a withdrawal ({@link AnnotationRules#isWithdrawal}):
     * the unit then has no automatic label.
     *
     * @throws IllegalArgumentException for an automatic entry that is neither a label nor a withdrawal
     */
    public static UnitLabel auto(Annotation a, ConceptVocabulary vocabulary) {
        if (AnnotationRules.isWithdrawal(a)) {
            return null;
        }
        if (a.concepts().isEmpty()) {
            throw new IllegalArgumentException("unit " + a.unit().unit() + ": an automatic entry without a concept");
        }
        String concept = a.concepts().get(0);
        double iou;
        try {
            iou = Double.parseDouble(a.answers().getOrDefault(AnnotationRules.ANSWER_IOU, "NaN"));
        } catch (NumberFormatException e) {
            iou = Double.NaN; // the store refuses such entries; a hand-made list may still hold one
        }
        String run = a.answers().getOrDefault(AnnotationRules.ANSWER_RUN, "");
        // the run folder's name, not its path: explanations leave the machine, its folder layout need not
        String name = run.isEmpty() ? "" : java.nio.file.Path.of(run).getFileName() == null ? run
                : java.nio.file.Path.of(run).getFileName().toString();
        return new UnitLabel(concept, term(concept, vocabulary), UnitLabel.Source.AUTO, iou,
                name.isEmpty() ? AnnotationRules.AUTO : AnnotationRules.AUTO + " (run " + name + ")");
    }

    private static String term(String conceptId, ConceptVocabulary vocabulary) {
        return vocabulary == null ? conceptId : vocabulary.concept(conceptId).map(Concept::term).orElse(conceptId);
    }
}
