package org.deepminer.annotate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.annotate.Agreement;
import org.deepminer.annotate.AnnotationArchive;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.annotate.UnitLabels;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code deepminer:label}, {@code labels}, {@code autolabel} and {@code agreement}: thin front-ends over the
 * annotation store. A run folder names the model layer (its manifest's model SHA-256 and layer), so labels
 * given on one run belong to every run of the same model file and layer.
 */
@Component(service = AnnotateCommands.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=label",
        "osgi.command.function=labels", "osgi.command.function=autolabel", "osgi.command.function=agreement"})
public class AnnotateCommands {

    @Reference
    AnnotationArchive store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(deepminer.vocabulary.id=birads)")
    volatile ConceptVocabulary vocabulary;

    @Descriptor("label a unit of a run with vocabulary concepts (deepminer:concepts lists them); an edit is a new entry")
    public LabelReceipt label(
            @Descriptor("annotator name (default: the user name)") @Parameter(names = {"--annotator"}, absentValue = "") String annotator,
            @Descriptor("free text") @Parameter(names = {"--text"}, absentValue = "") String text,
            @Descriptor("confidence, 1 (guess) to 5 (certain)") @Parameter(names = {"--confidence"}, absentValue = "3") int confidence,
            @Descriptor("the unit shows no recognisable phenomenon (then name no concept)") @Parameter(names = {"--not-interpretable"}, presentValue = "true", absentValue = "false") boolean notInterpretable,
            @Descriptor("run folder") String run,
            @Descriptor("unit number") int unit,
            @Descriptor("concept ids, the main one first") String... concepts) {
        String who = annotator.isBlank() ? System.getProperty("user.name", "") : annotator;
        if (!AnnotationRules.isValidAnnotator(who)) {
            throw new DeepMinerException(null, annotator.isBlank() ? "give --annotator: the user name '" + who
                    + "' is not a valid annotator name (" + AnnotationRules.ANNOTATOR_PATTERN + ")"
                    : "annotator '" + who + "' is not a valid name (" + AnnotationRules.ANNOTATOR_PATTERN + ")");
        }
        if (AnnotationRules.isAuto(who)) {
            throw new DeepMinerException(null, "'auto' is reserved for automatic labels: use deepminer:autolabel");
        }
        if (confidence < 1 || confidence > 5) {
            throw new DeepMinerException(null, "--confidence is 1 (guess) to 5 (certain), got " + confidence);
        }
        List<String> ids = concepts == null ? List.of() : List.of(concepts);
        if (ids.isEmpty() && !notInterpretable) {
            throw new DeepMinerException(null, "name at least one concept, or give --not-interpretable");
        }
        if (!ids.isEmpty() && notInterpretable) {
            throw new DeepMinerException(null, "--not-interpretable names no concept, got " + ids);
        }
        RunRef r = RunRef.open(run);
        r.checkUnit(unit);
        ConceptVocabulary v = vocabulary;
        for (String id : ids) {
            if (v != null && v.concept(id).isEmpty()) {
                throw new DeepMinerException(r.name(), "unknown concept '" + id + "' in vocabulary " + v.id()
                        + " (deepminer:concepts lists them)");
            }
        }
        Annotation written = store.append(new Annotation("", new UnitKey(r.modelSha256(), r.layer(), unit), who, null, ids,
                !notInterpretable, confidence, text, Map.of()));
        List<String> terms = new ArrayList<>();
        for (String id : written.concepts()) {
            terms.add(v == null ? id : v.concept(id).map(Concept::term).orElse(id));
        }
        return new LabelReceipt(r.name(), written, terms);
    }

    @Descriptor("the effective label of every unit of a run with entries: expert consensus, else the automatic label")
    public LabelListing labels(@Descriptor("run folder") String run) {
        RunRef r = RunRef.open(run);
        ConceptVocabulary v = vocabulary;
        List<Annotation> current = store.current(r.modelSha256(), r.layer());
        return LabelListing.of(r.name(), UnitLabels.verdicts(current, v), store.entries(r.modelSha256(), r.layer()));
    }

    @Descriptor("accept the run's dissection labels (units.csv best_concept and IoU) as automatic labels and withdraw those of units that no longer qualify; a rerun adds only what changed")
    public AutolabelReport autolabel(
            @Descriptor("IoU a unit's best concept must exceed") @Parameter(names = {"--min-iou"}, absentValue = "0.04") double minIou,
            @Descriptor("only specific detectors (units.csv specific=true: IoU and lift above their thresholds)") @Parameter(names = {"--specific-only"}, presentValue = "true", absentValue = "false") boolean specificOnly,
            @Descriptor("run folder") String run) {
        if (!(minIou >= 0 && minIou < 1)) {
            throw new DeepMinerException(null, "--min-iou is between 0 and 1, got " + minIou);
        }
        RunRef r = RunRef.open(run);
        ConceptVocabulary v = vocabulary;
        AutoLabeler.Plan plan = AutoLabeler.plan(r, r.units(), minIou, specificOnly, store.current(r.modelSha256(), r.layer()), v);
        List<Annotation> written = plan.entries().isEmpty() ? List.of() : store.appendAll(plan.entries());
        List<List<String>> added = new ArrayList<>();
        List<List<String>> withdrawn = new ArrayList<>();
        for (Annotation a : written) {
            String unit = Integer.toString(a.unit().unit());
            if (AnnotationRules.isWithdrawal(a)) {
                Annotation label = plan.withdrawn().get(a.unit().unit());
                String c = label.concepts().get(0);
                withdrawn.add(List.of(unit, c, term(c, v), label.answers().getOrDefault(AnnotationRules.ANSWER_IOU, ""),
                        a.answers().get(AnnotationRules.ANSWER_WITHDRAWN)));
                continue;
            }
            String c = a.concepts().get(0);
            added.add(List.of(unit, c, term(c, v), a.answers().getOrDefault(AnnotationRules.ANSWER_IOU, ""),
                    a.answers().getOrDefault(AnnotationRules.ANSWER_LIFT, ""),
                    a.answers().getOrDefault(AnnotationRules.ANSWER_SPECIFIC, "")));
        }
        List<List<String>> summary = new ArrayList<>();
        summary.add(List.of("labelled now", Integer.toString(added.size())));
        summary.add(List.of("withdrawn now (labelled before, no longer qualify)", Integer.toString(withdrawn.size())));
        summary.add(List.of("unchanged (same concept and IoU already)", Integer.toString(plan.unchanged())));
        summary.add(List.of("IoU not above " + minIou, Integer.toString(plan.below())));
        if (specificOnly) {
            summary.add(List.of("not specific", Integer.toString(plan.notSpecific())));
        }
        summary.add(List.of("no best concept", Integer.toString(plan.noConcept())));
        if (!plan.unknownConcept().isEmpty()) {
            summary.add(List.of("concept unknown to the vocabulary (" + plan.unknownConcept() + ")",
                    Integer.toString(plan.unknownConcept().size())));
        }
        return new AutolabelReport(r.name(), added, withdrawn, summary);
    }

    private static String term(String conceptId, ConceptVocabulary v) {
        return v == null ? conceptId : v.concept(conceptId).map(Concept::term).orElse(conceptId);
    }

    @Descriptor("inter-annotator agreement of a run's units: Cohen's kappa (two experts) or Fleiss' (more), over concepts and categories, and the consensus per unit")
    public AgreementView agreement(@Descriptor("run folder") String run) {
        RunRef r = RunRef.open(run);
        return new AgreementView(r.name(), Agreement.of(store.current(r.modelSha256(), r.layer()), vocabulary));
    }
}
