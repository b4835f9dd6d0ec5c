package org.deepminer.data.ddsm.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * A test double of the BI-RADS vocabulary with the few DDSM spellings the tests use. Like the real
 * one it splits joined values on '-', drops repeats, treats N/A as missing and rejects unknown tokens.
 * Unlike the real one it knows ARCHITECTURAL_DISTORTION only as a finding, not as a mass shape, so the
 * readers' fallback for findings written as shapes is exercised.
 */
final class FakeVocabulary implements ConceptVocabulary {
    private final List<Concept> concepts = new ArrayList<>();

    FakeVocabulary() {
        add("finding-mass", "finding", "MASS");
        add("finding-calcification", "finding", "CALCIFICATION");
        add("architectural-distortion", "finding", "ARCHITECTURAL_DISTORTION");
        add("asymmetry-focal", "finding", "FOCAL_ASYMMETRIC_DENSITY");
        add("shape-round", "mass shape", "ROUND");
        add("shape-oval", "mass shape", "OVAL", "LOBULATED");
        add("shape-irregular", "mass shape", "IRREGULAR");
        add("margin-circumscribed", "mass margin", "CIRCUMSCRIBED");
        add("margin-indistinct", "mass margin", "ILL_DEFINED");
        add("margin-spiculated", "mass margin", "SPICULATED");
        add("calc-fine-pleomorphic", "calcification type", "PLEOMORPHIC");
        add("calc-rim", "calcification type", "LUCENT_CENTERED", "LUCENT_CENTER", "EGGSHELL");
        add("calc-punctate", "calcification type", "PUNCTATE");
        add("dist-grouped", "calcification distribution", "CLUSTERED");
        add("dist-linear", "calcification distribution", "LINEAR");
        add("density-a", "breast composition", "1");
        add("density-b", "breast composition", "2");
        add("density-c", "breast composition", "3");
        add("density-d", "breast composition", "4");
    }

    private void add(String id, String category, String... spellings) {
        concepts.add(new Concept(id, id, category, List.of(), List.of(spellings), Association.NEUTRAL));
    }

    @Override
    public String id() {
        return "birads";
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public List<Concept> concepts() {
        return concepts;
    }

    @Override
    public Optional<Concept> concept(String id) {
        return concepts.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public List<Concept> resolve(String category, String term) {
        String t = term == null ? "" : term.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("N/A") || t.equalsIgnoreCase("NaN")) {
            return List.of();
        }
        LinkedHashSet<Concept> found = new LinkedHashSet<>();
        for (String token : t.split("-")) {
            String key = token.trim().toUpperCase(Locale.ROOT);
            found.add(concepts.stream()
                    .filter(c -> category.isEmpty() || c.category().equals(category))
                    .filter(c -> c.synonyms().contains(key))
                    .findFirst()
                    .orElseThrow(() -> new DeepMinerException(null, "unknown " + category + " '" + token + "'")));
        }
        return new ArrayList<>(found);
    }
}
