package org.deepminer.data.support;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * The vocabularies a reader can map its terms to, as they come and go (a DS dynamic reference feeds
 * {@link #add} and {@link #remove}); {@link #choose} picks the one a data set is opened with.
 */
public final class Vocabularies {
    private final List<ConceptVocabulary> registered = new CopyOnWriteArrayList<>();

    public void add(ConceptVocabulary vocabulary) {
        registered.add(vocabulary);
    }

    public void remove(ConceptVocabulary vocabulary) {
        registered.remove(vocabulary);
    }

    /** @throws DeepMinerException naming the data set and the registered ids when {@code id} is not there */
    public ConceptVocabulary choose(Path dataset, String id) {
        for (ConceptVocabulary v : registered) {
            if (v.id().equals(id)) {
                return v;
            }
        }
        throw new DeepMinerException(dataset.toString(), "no concept vocabulary '" + id + "' is registered (have: "
                + (registered.isEmpty() ? "none" : String.join(", ", registered.stream().map(ConceptVocabulary::id).toList())) + ")");
    }
}
