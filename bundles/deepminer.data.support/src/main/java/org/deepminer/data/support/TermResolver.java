package org.deepminer.data.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * Maps a data set's value to vocabulary concepts. The whole value goes to the vocabulary first (it
 * knows joined and repeated tokens); when that fails, token by token, so that in lenient mode a lesion
 * keeps the concepts that could be resolved and only the unknown token becomes a problem. A token that
 * is unknown in its category but names a finding elsewhere is accepted: DDSM writes architectural
 * distortion, asymmetries and lymph nodes as mass shapes.
 */
public final class TermResolver {
    public static final String FINDING = "finding";

    private final ConceptVocabulary vocabulary;
    private final Problems problems;

    public TermResolver(ConceptVocabulary vocabulary, Problems problems) {
        this.vocabulary = vocabulary;
        this.problems = problems;
    }

    public List<Concept> resolve(String category, String value, String where) {
        if (Missing.is(value)) {
            return List.of();
        }
        try {
            return vocabulary.resolve(category, value.trim());
        } catch (DeepMinerException whole) {
            // fall back to single tokens below
        }
        LinkedHashSet<Concept> found = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : value.split("-")) {
            String token = raw.trim();
            if (Missing.is(token)) {
                continue;
            }
            List<Concept> concepts = tryResolve(category, token);
            if (concepts == null && !FINDING.equals(category)) {
                List<Concept> any = tryResolve("", token);
                if (any != null && !any.isEmpty() && any.stream().allMatch(TermResolver::isFinding)) {
                    concepts = any;
                }
            }
            if (concepts == null) {
                unknown.add(token);
            } else {
                found.addAll(concepts);
            }
        }
        if (!unknown.isEmpty()) {
            problems.report(where, "unknown " + category + " " + String.join(", ", unknown.stream().map(t -> "'" + t + "'").toList())
                    + (unknown.size() == 1 && unknown.get(0).equals(value.trim()) ? "" : " in '" + value.trim() + "'")
                    + " (vocabulary " + vocabulary.id() + ")");
        }
        return new ArrayList<>(found);
    }

    private List<Concept> tryResolve(String category, String token) {
        try {
            return vocabulary.resolve(category, token);
        } catch (DeepMinerException e) {
            return null;
        }
    }

    public static boolean isFinding(Concept c) {
        return FINDING.equals(c.category().toLowerCase(Locale.ROOT));
    }
}
