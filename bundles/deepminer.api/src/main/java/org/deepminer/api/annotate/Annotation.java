package org.deepminer.api.annotate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One label given to a unit. Entries are never changed: an edit is a new entry for the same unit and
 * annotator, and the latest one counts.
 *
 * @param id assigned by the store, empty when appending
 * @param unit the unit
 * @param annotator the expert's account name, or {@code auto} for labels accepted from dissection
 * @param time when it was written, assigned by the store
 * @param concepts vocabulary concept ids; empty when not interpretable
 * @param interpretable false when the expert saw no recognisable phenomenon
 * @param confidence 1 (guess) to 5 (certain)
 * @param text free text
 * @param answers the four questions of the original tool, by question key
 */
public record Annotation(String id, UnitKey unit, String annotator, Instant time, List<String> concepts,
        boolean interpretable, int confidence, String text, Map<String, String> answers) {
    public Annotation {
        concepts = List.copyOf(concepts);
        answers = Map.copyOf(answers);
        if (confidence < 1 || confidence > 5) {
            throw new IllegalArgumentException("confidence must be 1-5, got " + confidence);
        }
    }
}
