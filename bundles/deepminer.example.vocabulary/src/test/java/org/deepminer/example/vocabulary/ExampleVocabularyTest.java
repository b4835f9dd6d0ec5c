package org.deepminer.example.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Concept;
import org.junit.jupiter.api.Test;

class ExampleVocabularyTest {
    private final ExampleVocabulary vocabulary = new ExampleVocabulary();

    @Test
    void joinedAndRepeatedTokensGiveEachConceptOnce() {
        List<String> ids = vocabulary.resolve("mass margin", "SPICULATED-ILL_DEFINED-SPICULATED").stream()
                .map(Concept::id).toList();
        assertEquals(List.of("margin-spiculated", "margin-indistinct"), ids);
    }

    @Test
    void missingValuesResolveToNothing() {
        assertTrue(vocabulary.resolve("", "N/A").isEmpty());
        assertTrue(vocabulary.resolve("", " ").isEmpty());
    }

    @Test
    void unknownTermsAreNamedInTheError() {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> vocabulary.resolve("", "LOBULATED"));
        assertTrue(e.getMessage().contains("LOBULATED"), e.getMessage());
    }
}
