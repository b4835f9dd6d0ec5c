package org.deepminer.api.explain;

/**
 * The concept a unit is labelled with.
 *
 * @param conceptId vocabulary concept id
 * @param term the concept's preferred term
 * @param source where the label comes from; expert labels take precedence over automatic ones
 * @param score IoU for automatic labels, agreement or confidence (0-1) for expert labels
 * @param by annotator name for expert labels, the dissection run for automatic ones
 */
public record UnitLabel(String conceptId, String term, Source source, double score, String by) {

    public enum Source {
        EXPERT, AUTO
    }
}
