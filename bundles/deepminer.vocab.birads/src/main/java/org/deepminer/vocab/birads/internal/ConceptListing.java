package org.deepminer.vocab.birads.internal;

import java.util.List;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:concepts} returns: the concepts of one vocabulary, optionally of one category.
 *
 * @param vocabulary the vocabulary's id
 * @param version its version
 * @param category the category listed, or empty for all
 * @param concepts the concepts, in lexicon order
 */
public record ConceptListing(String vocabulary, String version, String category, List<Concept> concepts)
        implements Tabular {

    public static final List<String> COLUMNS = List.of("id", "term", "category", "code", "association", "synonyms");

    public ConceptListing {
        concepts = List.copyOf(concepts);
    }

    @Override
    public List<Table> tables() {
        String title = vocabulary + " " + version + (category.isEmpty() ? "" : ", " + category) + ": "
                + concepts.size() + " concepts";
        return List.of(new Table(title, COLUMNS, concepts.stream().map(ConceptListing::row).toList()));
    }

    private static List<String> row(Concept c) {
        return List.of(c.id(), c.term(), c.category(), c.code().map(ConceptListing::code).orElse(""),
                c.association().name(), String.join(", ", c.synonyms()));
    }

    /** The best code as {@code SCHEME VALUE}; the meaning would only repeat the term. */
    private static String code(Code code) {
        return code.scheme() + " " + code.value();
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
