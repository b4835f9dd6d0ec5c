package org.deepminer.annotate.web.internal;

import java.util.List;
import java.util.Optional;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/** Four BI-RADS concepts (ids of docs/concepts.md), enough for the picker and agreement by category. */
final class TestVocabulary implements ConceptVocabulary {
    static final List<Concept> CONCEPTS = List.of(
            new Concept("margin-circumscribed", "circumscribed", "mass margin", List.<Code>of(), List.of("CIRCUMSCRIBED"), Association.BENIGN),
            new Concept("margin-spiculated", "spiculated", "mass margin", List.<Code>of(), List.of("SPICULATED"), Association.SUSPICIOUS),
            new Concept("calc-vascular", "vascular", "calcification, typically benign", List.<Code>of(), List.of("VASCULAR"), Association.BENIGN),
            new Concept("calc-fine-pleomorphic", "fine pleomorphic", "calcification, suspicious", List.<Code>of(), List.of("PLEOMORPHIC"), Association.SUSPICIOUS));

    @Override
    public String id() {
        return "birads";
    }

    @Override
    public String version() {
        return "5";
    }

    @Override
    public List<Concept> concepts() {
        return CONCEPTS;
    }

    @Override
    public Optional<Concept> concept(String id) {
        return CONCEPTS.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public List<Concept> resolve(String category, String term) {
        return CONCEPTS.stream().filter(c -> c.synonyms().contains(term)).toList();
    }
}
