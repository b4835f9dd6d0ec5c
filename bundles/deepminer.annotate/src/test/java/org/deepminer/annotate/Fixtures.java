package org.deepminer.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/** Entries and a small vocabulary for the tests. */
public final class Fixtures {
    private Fixtures() {}

    public static final String SHA = "42f467cf6ee12c8aea585fb2c9bd730d468f721e2b50e7e32e883347860a8ccd";
    public static final String LAYER = "relu4";

    public static UnitKey unit(int k) {
        return new UnitKey(SHA, LAYER, k);
    }

    /** A new expert entry (no id, no time) naming the given concepts; none means not interpretable. */
    public static Annotation expert(String annotator, int unit, int confidence, String... concepts) {
        return new Annotation("", unit(unit), annotator, null, List.of(concepts), concepts.length > 0, confidence, "",
                Map.of());
    }

    /** A stored-looking entry with its id and time, for the pure functions. */
    public static Annotation at(String id, String annotator, int unit, long second, int confidence, String... concepts) {
        return new Annotation(id, unit(unit), annotator, Instant.ofEpochSecond(1_600_000_000L + second),
                List.of(concepts), concepts.length > 0, confidence, "", Map.of());
    }

    public static Annotation auto(String id, int unit, long second, String concept, String iou) {
        return new Annotation(id, unit(unit), AnnotationRules.AUTO, Instant.ofEpochSecond(1_600_000_000L + second),
                List.of(concept), true, 3, "", Map.of(AnnotationRules.ANSWER_IOU, iou, AnnotationRules.ANSWER_RUN, "runs/r1"));
    }

    /** A stored-looking withdrawal of the unit's automatic label, as autolabel writes it. */
    public static Annotation withdrawal(String id, int unit, long second, String reason) {
        return new Annotation(id, unit(unit), AnnotationRules.AUTO, Instant.ofEpochSecond(1_600_000_000L + second),
                List.of(), false, 3, "automatic label withdrawn: " + reason,
                Map.of(AnnotationRules.ANSWER_RUN, "runs/r2", AnnotationRules.ANSWER_WITHDRAWN, reason));
    }

    /** Concepts in two categories, as the BI-RADS ids name them. */
    public static ConceptVocabulary vocabulary() {
        List<Concept> cs = new ArrayList<>();
        for (String id : List.of("margin-circumscribed", "margin-spiculated", "margin-indistinct")) {
            cs.add(new Concept(id, id.substring("margin-".length()), "mass margin", List.of(), List.of(), Association.NEUTRAL));
        }
        for (String id : List.of("shape-oval", "shape-round", "shape-irregular")) {
            cs.add(new Concept(id, id.substring("shape-".length()), "mass shape", List.of(), List.of(), Association.NEUTRAL));
        }
        cs.add(new Concept("calc-vascular", "vascular", "calcification, typically benign", List.of(), List.of(),
                Association.BENIGN));
        return new ConceptVocabulary() {
            @Override
            public String id() {
                return "test";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public List<Concept> concepts() {
                return cs;
            }

            @Override
            public Optional<Concept> concept(String id) {
                return cs.stream().filter(c -> c.id().equals(id)).findFirst();
            }

            @Override
            public List<Concept> resolve(String category, String term) {
                return List.of();
            }
        };
    }
}
