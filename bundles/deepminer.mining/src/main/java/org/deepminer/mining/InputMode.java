package org.deepminer.mining;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deepminer.api.model.InputSpec;
import org.deepminer.core.patch.TilingOptions;

/**
 * How images reach the model.
 *
 * @param patches true: each mammogram is cut into patches ({@link org.deepminer.core.patch.PatchTiler}) and
 *        every kept patch is one item; false: the whole mammogram is one item
 * @param size for a model with a dynamic input size: whole images are scaled so that their shorter side is
 *        this many pixels, patches to this side; 0 keeps the image's (or patch's) own size. A model with a
 *        fixed input size always gets that size.
 * @param tiling the tiling, for patches
 */
public record InputMode(boolean patches, int size, TilingOptions tiling) {
    public InputMode {
        if (size < 0) {
            throw new IllegalArgumentException("size must be 0 (keep) or positive, not " + size);
        }
        if (tiling == null) {
            tiling = TilingOptions.defaults();
        }
    }

    public static InputMode whole(int shortSide) {
        return new InputMode(false, shortSide, TilingOptions.defaults());
    }

    public static InputMode patches(TilingOptions tiling) {
        return new InputMode(true, 0, tiling);
    }

    /**
     * The default for a model: whole images for a model that takes any size (it runs fully convolutionally),
     * patches for one with a fixed input (it was trained on patches).
     */
    public static InputMode defaultFor(InputSpec spec) {
        return spec.fixedSize() ? patches(TilingOptions.defaults()) : whole(0);
    }

    /** The values that make two runs' inputs the same, for the manifest and the step hashes. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", patches ? "patches" : "whole");
        m.put("size", Integer.toString(size));
        if (patches) {
            m.put("fraction", Double.toString(tiling.fraction()));
            m.put("breast_threshold", Float.toString(tiling.breastThreshold()));
            m.put("min_breast", Double.toString(tiling.minBreast()));
            m.put("lesion_cover", Double.toString(tiling.lesionCover()));
        }
        return m;
    }
}
