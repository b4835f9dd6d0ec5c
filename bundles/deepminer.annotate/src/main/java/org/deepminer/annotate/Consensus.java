package org.deepminer.annotate;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.annotate.UnitKey;

/**
 * What the experts' latest entries for one unit say together ({@link Agreement#consensus}).
 *
 * @param unit the unit
 * @param conceptId the majority vote (each expert's first concept); empty when the majority says "no label"
 *        (not interpretable, or no concept named)
 * @param votes experts who voted for it
 * @param raters experts who rated the unit
 * @param fraction {@code votes / raters}
 * @param meanConfidence the mean confidence (1-5) of those who voted for it
 * @param annotators those who voted for it, by name
 * @param latest the time of the latest entry among them
 * @param tally votes per rating ({@link Agreement#NO_LABEL} for "no label"), by rating
 */
public record Consensus(UnitKey unit, String conceptId, int votes, int raters, double fraction, double meanConfidence,
        List<String> annotators, Instant latest, Map<String, Integer> tally) {
    public Consensus {
        annotators = List.copyOf(annotators);
        tally = Collections.unmodifiableMap(new TreeMap<>(tally));
    }

    /** Whether the experts' majority names a concept. */
    public boolean labelled() {
        return !conceptId.isEmpty();
    }
}
