package org.deepminer.api.data;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One annotated abnormality.
 *
 * @param id unique within its sample
 * @param kind the finding, as a concept id of the vocabulary (e.g. {@code mass}, {@code calcification})
 * @param pathology {@code benign} or {@code malignant} (or {@code unproven})
 * @param concepts the vocabulary concept ids that describe it (shape, margin, morphology, distribution...)
 * @param mask the lesion's pixels
 * @param conceptMasks masks for single concepts where they differ from the lesion's mask (e.g. the spicule
 *        halo of a spiculated mass, a dilated cluster mask of calcifications); concepts absent here use
 *        {@link #mask()}
 * @param outline the outline polygon as alternating x, y pixel coordinates, empty when there is none
 * @param assessment the BI-RADS assessment given to it (0-6), or -1
 */
public record Lesion(String id, String kind, String pathology, Set<String> concepts, RegionMask mask,
        Map<String, RegionMask> conceptMasks, List<Integer> outline, int assessment) {
    public Lesion {
        concepts = Set.copyOf(concepts);
        conceptMasks = Map.copyOf(conceptMasks);
        outline = List.copyOf(outline);
    }

    /** The mask that stands for one of this lesion's concepts. */
    public RegionMask maskOf(String concept) {
        return conceptMasks.getOrDefault(concept, mask);
    }
}
