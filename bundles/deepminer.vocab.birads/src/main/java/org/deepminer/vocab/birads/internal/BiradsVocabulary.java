package org.deepminer.vocab.birads.internal;

import java.util.List;
import java.util.Optional;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.vocab.lexicon.Lexicon;
import org.osgi.service.component.annotations.Component;

/**
 * The BI-RADS 5th-edition mammography lexicon, with its DICOM codes, the spellings of DDSM, CBIS-DDSM,
 * VinDr-Mammo and INbreast, and the anatomy units detect. All of it is data: {@code birads/lexicon.tsv}.
 */
@Component(service = ConceptVocabulary.class, property = {
        "deepminer.vocabulary.id=" + BiradsVocabulary.ID,
        "deepminer.vocabulary.version=" + BiradsVocabulary.VERSION,
        "deepminer.name=BI-RADS",
        "deepminer.description=BI-RADS 5th edition mammography lexicon with DICOM codes, dataset spellings and anatomy"})
public class BiradsVocabulary implements ConceptVocabulary {

    static final String ID = "birads";
    static final String VERSION = "5";
    static final String LEXICON = "/birads/lexicon.tsv";

    private final Lexicon lexicon = Lexicon.load(ID, BiradsVocabulary.class, LEXICON);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public List<Concept> concepts() {
        return lexicon.concepts();
    }

    @Override
    public Optional<Concept> concept(String id) {
        return lexicon.concept(id);
    }

    @Override
    public List<Concept> resolve(String category, String term) {
        return lexicon.resolve(category, term);
    }

    @Override
    public String toString() {
        return lexicon.toString();
    }
}
