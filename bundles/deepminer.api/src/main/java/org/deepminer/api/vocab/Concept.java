package org.deepminer.api.vocab;

import java.util.List;
import java.util.Optional;

/**
 * One term of a vocabulary.
 *
 * @param id stable identifier used everywhere in the platform, e.g. {@code margin-spiculated}
 * @param term preferred term, as printed in explanations, e.g. {@code spiculated}
 * @param category the lexicon category, e.g. {@code mass margin}
 * @param codes codes in coding schemes (SNOMED CT, DICOM), best first; may be empty
 * @param synonyms other spellings, including those of data sets (e.g. {@code ILL_DEFINED})
 * @param association what the concept typically suggests
 */
public record Concept(String id, String term, String category, List<Code> codes, List<String> synonyms,
        Association association) {
    public Concept {
        codes = List.copyOf(codes);
        synonyms = List.copyOf(synonyms);
    }

    public Optional<Code> code() {
        return codes.stream().findFirst();
    }
}
