package org.deepminer.vocab.birads.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.vocab.lexicon.Lexicon;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code deepminer:concepts}: the concepts of any registered vocabulary, chosen by its id. */
@Component(service = ConceptCommands.class, property = {"osgi.command.scope=deepminer",
        "osgi.command.function=concepts"})
public class ConceptCommands {

    static final String DEFAULT_VOCABULARY = "birads";

    record VocabularyEntry(String id, ConceptVocabulary vocabulary) {}

    final List<VocabularyEntry> vocabularies = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVocabulary(ConceptVocabulary vocabulary, Map<String, Object> props) {
        Object id = props.get(ServiceProperties.VOCABULARY_ID);
        vocabularies.add(new VocabularyEntry(id == null ? vocabulary.id() : String.valueOf(id), vocabulary));
    }

    void removeVocabulary(ConceptVocabulary vocabulary) {
        vocabularies.removeIf(e -> e.vocabulary() == vocabulary);
    }

    @Descriptor("list the concepts of a vocabulary: id, term, category, best code, association and synonyms")
    public ConceptListing concepts(
            @Descriptor("only this category, e.g. \"mass margin\"")
            @Parameter(names = {"-c", "--category"}, absentValue = "") String category,
            @Descriptor("the vocabulary's id")
            @Parameter(names = {"-v", "--vocabulary"}, absentValue = DEFAULT_VOCABULARY) String vocabulary) {
        ConceptVocabulary v = vocabulary(vocabulary);
        List<Concept> all = v.concepts();
        if (category == null || category.isBlank()) {
            return new ConceptListing(v.id(), v.version(), "", all);
        }
        List<String> categories = all.stream().map(Concept::category).distinct().toList();
        String wanted = Lexicon.key(category);
        String name = categories.stream().filter(c -> Lexicon.key(c).equals(wanted)).findFirst()
                .orElseThrow(() -> new DeepMinerException(null, "unknown category '" + category + "' in vocabulary "
                        + v.id() + "; its categories are: " + String.join(", ", categories)));
        return new ConceptListing(v.id(), v.version(), name,
                all.stream().filter(c -> c.category().equals(name)).toList());
    }

    private ConceptVocabulary vocabulary(String id) {
        String wanted = id == null || id.isBlank() ? DEFAULT_VOCABULARY : id.strip();
        Optional<VocabularyEntry> found = vocabularies.stream().filter(e -> e.id().equals(wanted)).findFirst();
        if (found.isPresent()) {
            return found.get().vocabulary();
        }
        String known = vocabularies.stream().map(VocabularyEntry::id).distinct().sorted()
                .collect(Collectors.joining(", "));
        throw new DeepMinerException(null, "unknown vocabulary '" + wanted + "'; "
                + (known.isEmpty() ? "no vocabulary is registered" : "registered: " + known));
    }
}
