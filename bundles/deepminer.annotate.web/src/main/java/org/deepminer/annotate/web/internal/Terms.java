package org.deepminer.annotate.web.internal;

import java.util.List;
import java.util.Optional;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/** Concept ids as the pages print them: the active vocabulary's preferred term and category, else the id. */
final class Terms {
    private final ConceptVocabulary vocabulary;

    Terms(ConceptVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    Optional<ConceptVocabulary> vocabulary() {
        return Optional.ofNullable(vocabulary);
    }

    List<Concept> concepts() {
        return vocabulary == null ? List.of() : vocabulary.concepts();
    }

    Optional<Concept> concept(String id) {
        return vocabulary == null || id == null ? Optional.empty() : vocabulary.concept(id);
    }

    String term(String id) {
        return concept(id).map(Concept::term).orElse(id);
    }

    String category(String id) {
        return concept(id).map(Concept::category).orElse("");
    }

    String vocabularyLabel() {
        return vocabulary == null ? "no vocabulary" : vocabulary.id() + " " + vocabulary.version();
    }
}
