package org.deepminer.core.patch;

import java.util.Optional;
import org.deepminer.api.data.Box;

/**
 * Patch sample ids, {@code <imageId>@x,y,w,h}: a patch names its whole image and where it lies on it, so
 * that a montage can show the patch's box on the mammogram without the tiler.
 *
 * @param imageId the whole image's sample id
 * @param box the patch in the whole image's pixels
 */
public record PatchId(String imageId, Box box) {

    public static String of(String imageId, Box box) {
        return imageId + "@" + box.x() + "," + box.y() + "," + box.width() + "," + box.height();
    }

    /** The image and box of a patch id; empty for a whole-image id (no {@code @x,y,w,h} suffix). */
    public static Optional<PatchId> parse(String sampleId) {
        int at = sampleId.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String[] parts = sampleId.substring(at + 1).split(",");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            int x = Integer.parseInt(parts[0]);
            int y = Integer.parseInt(parts[1]);
            int w = Integer.parseInt(parts[2]);
            int h = Integer.parseInt(parts[3]);
            if (w < 0 || h < 0) {
                return Optional.empty();
            }
            return Optional.of(new PatchId(sampleId.substring(0, at), new Box(x, y, w, h)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return of(imageId, box);
    }
}
