package org.deepminer.core.patch;

import java.util.List;
import org.deepminer.api.data.Box;

/**
 * One kept tile of a mammogram.
 *
 * @param box the tile in the whole image's pixels
 * @param breastFraction fraction of the tile's pixels that are breast
 * @param label {@code malignant} when a malignant lesion makes the tile positive, else {@code benign} when any
 *        lesion does, else {@code normal}
 * @param positiveLesions ids of the lesions that make the tile positive
 */
public record Patch(Box box, double breastFraction, String label, List<String> positiveLesions) {
    public Patch {
        positiveLesions = List.copyOf(positiveLesions);
    }

    /** The patch's sample id: {@code <imageId>@x,y,w,h}. */
    public String idIn(String imageId) {
        return PatchId.of(imageId, box);
    }
}
