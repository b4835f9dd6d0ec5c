package org.deepminer.api.vocab;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The concepts units and explanations are named with. Register it with
 * {@link org.deepminer.api.ServiceProperties#VOCABULARY_ID} and {@code VOCABULARY_VERSION}.
 */
@ConsumerType
public interface ConceptVocabulary {

    String id();

    String version();

    /** All concepts, grouped by category in lexicon order. */
    List<Concept> concepts();

    Optional<Concept> concept(String id);

    /**
     * Maps a data set's spelling to concepts. One token may name several concepts and real data joins and
     * repeats values ({@code PLEOMORPHIC-PLEOMORPHIC}, {@code ROUND-OVAL}); each distinct concept is
     * returned once, in order.
     *
     * @param category the category the term was found in (e.g. {@code mass margin}), which
     *        disambiguates terms used in several categories; empty for any category
     * @param term the spelling as found in the data
     * @return the concepts; empty when the term is missing ({@code N/A}, {@code NaN}, blank)
     * @throws org.deepminer.api.DeepMinerException when a non-empty term is unknown
     */
    List<Concept> resolve(String category, String term);
}
