package org.deepminer.core.run;

import java.util.Map;

/**
 * A finished step of a run, written as {@code steps/<step>.json} after its artefacts: a step whose marker
 * holds the same inputs hash is not recomputed.
 *
 * @param step the step's name (a strategy name, {@code units}, ...)
 * @param inputs hash of everything the step's output depends on
 * @param finished ISO-8601 instant
 * @param summary the step's headline figures
 */
public record StepMarker(String step, String inputs, String finished, Map<String, Object> summary) {
    public StepMarker {
        summary = summary == null ? Map.of() : Map.copyOf(summary);
    }
}
