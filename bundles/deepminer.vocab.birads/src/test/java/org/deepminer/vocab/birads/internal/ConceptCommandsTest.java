package org.deepminer.vocab.birads.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConceptCommandsTest {

    /** A one-concept vocabulary registered beside BI-RADS. */
    static final class Tiny implements ConceptVocabulary {
        final Concept lump = new Concept("lump", "lump", "thing", List.of(new Code("X", "7", "Lump")),
                List.of("BUMP", "NODULE"), Association.NEUTRAL);

        @Override
        public String id() {
            return "tiny";
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public List<Concept> concepts() {
            return List.of(lump);
        }

        @Override
        public Optional<Concept> concept(String id) {
            return lump.id().equals(id) ? Optional.of(lump) : Optional.empty();
        }

        @Override
        public List<Concept> resolve(String category, String term) {
            return List.of(lump);
        }
    }

    private final ConceptCommands commands = new ConceptCommands();
    private final BiradsVocabulary birads = new BiradsVocabulary();
    private final Tiny tiny = new Tiny();

    @BeforeEach
    void register() {
        commands.addVocabulary(tiny, Map.of("deepminer.vocabulary.id", "tiny"));
        commands.addVocabulary(birads, Map.of("deepminer.vocabulary.id", "birads", "deepminer.vocabulary.version", "5"));
    }

    @Test
    void listsBiradsByDefaultWithOneRowPerConcept() {
        ConceptListing listing = commands.concepts("", "birads");
        assertEquals("birads", listing.vocabulary());
        Table table = listing.tables().get(0);
        assertEquals(List.of("id", "term", "category", "code", "association", "synonyms"), table.columns());
        assertEquals(68, table.rows().size());
        assertEquals("birads 5: 68 concepts", table.title());
        List<String> spiculated = table.rows().stream().filter(r -> r.get(0).equals("margin-spiculated")).findFirst()
                .orElseThrow();
        assertEquals("spiculated", spiculated.get(1));
        assertEquals("mass margin", spiculated.get(2));
        assertEquals("SCT 129742005", spiculated.get(3));
        assertEquals("SUSPICIOUS", spiculated.get(4));
        assertTrue(spiculated.get(5).contains("SPICULATED REGION"), spiculated.get(5));
        List<String> indistinct = table.rows().stream().filter(r -> r.get(0).equals("margin-indistinct")).findFirst()
                .orElseThrow();
        assertTrue(indistinct.get(5).contains("ILL_DEFINED"), indistinct.get(5));
        List<String> asymmetry = table.rows().stream().filter(r -> r.get(0).equals("asymmetry")).findFirst()
                .orElseThrow();
        assertEquals("", asymmetry.get(3), "no code");
    }

    @Test
    void oneCategoryAndItsPrintedForm() {
        ConceptListing listing = commands.concepts("Mass Margin", "birads");
        assertEquals("mass margin", listing.category());
        assertEquals(List.of("margin-circumscribed", "margin-obscured", "margin-microlobulated", "margin-indistinct",
                "margin-spiculated"), listing.concepts().stream().map(Concept::id).toList());
        String text = TableFormatter.format(listing);
        assertTrue(text.startsWith("birads 5, mass margin: 5 concepts\n"), text);
        assertTrue(text.contains("margin-indistinct"), text);
        assertTrue(text.contains("SCT 129741003"), text);
        assertEquals(text, listing.toString());
    }

    @Test
    void anotherVocabularyIsChosenByItsIdProperty() {
        ConceptListing listing = commands.concepts("", "tiny");
        assertEquals(List.of(List.of("lump", "lump", "thing", "X 7", "NEUTRAL", "BUMP, NODULE")),
                listing.tables().get(0).rows());
    }

    @Test
    void unknownCategoryOrVocabularyListsTheValidOnes() {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> commands.concepts("mass margins", "birads"));
        assertTrue(e.getMessage().contains("unknown category 'mass margins'"), e.getMessage());
        assertTrue(e.getMessage().contains("breast composition, finding, mass shape, mass margin, mass density,"
                + " calcification type, calcification distribution, associated feature, assessment, anatomy"),
                e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> commands.concepts("", "radlex"));
        assertTrue(e.getMessage().contains("unknown vocabulary 'radlex'; registered: birads, tiny"), e.getMessage());
    }

    @Test
    void aVocabularyThatLeavesIsNoLongerListed() {
        commands.removeVocabulary(birads);
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> commands.concepts("", "birads"));
        assertTrue(e.getMessage().contains("registered: tiny"), e.getMessage());
        commands.removeVocabulary(tiny);
        e = assertThrows(DeepMinerException.class, () -> commands.concepts("", ""));
        assertTrue(e.getMessage().contains("unknown vocabulary 'birads'; no vocabulary is registered"), e.getMessage());
    }
}
