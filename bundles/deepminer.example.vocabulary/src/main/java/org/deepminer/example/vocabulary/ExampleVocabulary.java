package org.deepminer.example.vocabulary;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.osgi.service.component.annotations.Component;

/**
 * Three mass-margin concepts. Everything a vocabulary plug-in needs: the service, its two properties,
 * and a {@link #resolve} that copes with joined and repeated data-set tokens.
 */
@Component(property = {"deepminer.vocabulary.id=example", "deepminer.vocabulary.version=1",
        "deepminer.description=three mass margins, for the plug-in tutorial"})
public class ExampleVocabulary implements ConceptVocabulary {

    private static final String MARGIN = "mass margin";

    private final List<Concept> concepts = List.of(
            new Concept("margin-circumscribed", "circumscribed", MARGIN,
                    List.of(new Code("SCT", "129738007", "Circumscribed")), List.of("CIRCUMSCRIBED"), Association.BENIGN),
            new Concept("margin-indistinct", "indistinct", MARGIN,
                    List.of(new Code("SCT", "129741003", "Indistinct")), List.of("ILL_DEFINED", "INDISTINCT"),
                    Association.SUSPICIOUS),
            new Concept("margin-spiculated", "spiculated", MARGIN,
                    List.of(new Code("SCT", "129742005", "Spiculated")), List.of("SPICULATED"), Association.SUSPICIOUS));

    @Override
    public String id() {
        return "example";
    }

    @Override
    public String version() {
        return "1";
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
            Concept c = concepts.stream()
                    .filter(x -> category == null || category.isEmpty() || x.category().equals(category))
                    .filter(x -> x.synonyms().contains(key) || x.term().equalsIgnoreCase(key))
                    .findFirst()
                    .orElseThrow(() -> new DeepMinerException(null,
                            "unknown term '" + token + "' in '" + term + "' (vocabulary example)"));
            found.add(c);
        }
        return new ArrayList<>(found);
    }
}
