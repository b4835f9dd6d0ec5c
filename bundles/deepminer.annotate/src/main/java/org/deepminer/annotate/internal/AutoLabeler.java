package org.deepminer.annotate.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.core.run.UnitTable;

/**
 * Which dissection labels of a run become automatic entries (METHOD.md §5): units whose best concept's IoU is
 * above the threshold (and, when asked, that are specific detectors), unless the unit's latest automatic entry
 * already says the same concept with the same IoU, so that a rerun adds nothing. A unit of the run that no longer
 * qualifies (IoU not above the threshold, not specific with {@code specificOnly}, no best concept or IoU) while its
 * latest automatic entry is a label gets a withdrawal ({@link AnnotationRules#isWithdrawal}): entries are
 * append-only, so only a newer entry can take the label back. A unit whose concept the vocabulary does not know
 * keeps its label: that says more about the vocabulary than about the unit.
 */
final class AutoLabeler {
    private AutoLabeler() {}

    /** Automatic entries carry a neutral confidence: their strength is the IoU they record. */
    static final int CONFIDENCE = 3;
    static final String IOU = "iou";
    static final String LIFT = "lift";
    static final String SPECIFIC = "specific";

    /**
     * @param entries the new automatic entries (labels and withdrawals), without ids and times
     * @param withdrawn units whose automatic label {@code entries} withdraws, with that label
     * @param unchanged units whose automatic label is already this one
     * @param below units whose IoU is not above the threshold
     * @param notSpecific units above it that are not specific detectors (with {@code --specific-only})
     * @param noConcept units without a best concept or IoU
     * @param unknownConcept units whose best concept the vocabulary does not know, with the concept
     */
    record Plan(List<Annotation> entries, Map<Integer, Annotation> withdrawn, int unchanged, int below, int notSpecific,
            int noConcept, Map<Integer, String> unknownConcept) {}

    static Plan plan(RunRef run, Csv units, double minIou, boolean specificOnly, List<Annotation> current,
            ConceptVocabulary vocabulary) {
        for (String c : List.of(UnitTable.BEST_CONCEPT, IOU)) {
            if (!units.columns().contains(c)) {
                throw new DeepMinerException(run.dir().resolve(RunWorkspace.UNITS).toString(), "has no '" + c
                        + "' column: the run has no dissection (it needs a data set with lesion masks)");
            }
        }
        Map<Integer, Annotation> autos = new HashMap<>();
        for (Annotation a : current) {
            if (AnnotationRules.isAuto(a.annotator())) {
                autos.merge(a.unit().unit(), a, (old, now) -> now.time().isBefore(old.time()) ? old : now);
            }
        }
        List<Annotation> entries = new ArrayList<>();
        Map<Integer, Annotation> withdrawn = new LinkedHashMap<>();
        int unchanged = 0;
        int below = 0;
        int notSpecific = 0;
        int noConcept = 0;
        Map<Integer, String> unknown = new LinkedHashMap<>();
        int row = 0;
        for (Map<String, String> r : units.rows()) {
            row++;
            int unit;
            try {
                unit = Integer.parseInt(r.get(UnitTable.UNIT).strip());
            } catch (NumberFormatException e) {
                throw new DeepMinerException(run.dir().resolve(RunWorkspace.UNITS).toString(), "row " + row + ": unit '"
                        + r.get(UnitTable.UNIT) + "' is not a number");
            }
            String concept = r.getOrDefault(UnitTable.BEST_CONCEPT, "").strip();
            String iouText = r.getOrDefault(IOU, "").strip();
            double iou;
            try {
                iou = iouText.isEmpty() ? Double.NaN : Double.parseDouble(iouText);
            } catch (NumberFormatException e) {
                throw new DeepMinerException(run.dir().resolve(RunWorkspace.UNITS).toString(), "row " + row + " (unit "
                        + unit + "): IoU '" + iouText + "' is not a number");
            }
            Annotation last = autos.get(unit);
            String specific = r.getOrDefault(SPECIFIC, "").strip().toLowerCase(Locale.ROOT);
            String reason = null;
            if (concept.isEmpty() || Double.isNaN(iou)) {
                noConcept++;
                reason = "no concept in this run";
            } else if (!(iou > minIou)) {
                below++;
                reason = "IoU " + iouText + " not above " + minIou;
            } else if (specificOnly && !specific.equals("true")) {
                notSpecific++;
                reason = "not a specific detector";
            }
            if (reason != null) {
                if (last != null && !AnnotationRules.isWithdrawal(last)) {
                    entries.add(withdrawal(run, unit, reason));
                    withdrawn.put(unit, last);
                }
                continue;
            }
            if (vocabulary != null && vocabulary.concept(concept).isEmpty()) {
                unknown.put(unit, concept);
                continue;
            }
            if (last != null && last.concepts().equals(List.of(concept))
                    && iouText.equals(last.answers().get(AnnotationRules.ANSWER_IOU))) {
                unchanged++;
                continue;
            }
            Map<String, String> answers = new LinkedHashMap<>();
            answers.put(AnnotationRules.ANSWER_IOU, iouText);
            answers.put(AnnotationRules.ANSWER_RUN, run.name());
            String lift = r.getOrDefault(LIFT, "").strip();
            if (!lift.isEmpty()) {
                answers.put(AnnotationRules.ANSWER_LIFT, lift);
            }
            if (!specific.isEmpty()) {
                answers.put(AnnotationRules.ANSWER_SPECIFIC, specific);
            }
            entries.add(new Annotation("", new UnitKey(run.modelSha256(), run.layer(), unit), AnnotationRules.AUTO, null,
                    List.of(concept), true, CONFIDENCE, "IoU " + iouText + " above " + minIou + " in " + run.name(), answers));
        }
        return new Plan(entries, withdrawn, unchanged, below, notSpecific, noConcept, unknown);
    }

    /** The entry that takes a unit's automatic label back: no concept, the run and the reason. */
    static Annotation withdrawal(RunRef run, int unit, String reason) {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put(AnnotationRules.ANSWER_RUN, run.name());
        answers.put(AnnotationRules.ANSWER_WITHDRAWN, reason);
        return new Annotation("", new UnitKey(run.modelSha256(), run.layer(), unit), AnnotationRules.AUTO, null, List.of(),
                false, CONFIDENCE, "automatic label withdrawn: " + reason + " in " + run.name(), answers);
    }
}
