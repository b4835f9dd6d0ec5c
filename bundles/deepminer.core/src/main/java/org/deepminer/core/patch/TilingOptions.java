package org.deepminer.core.patch;

/**
 * How a mammogram is cut into patches (METHOD.md §1, the DeepMiner recipe).
 *
 * @param fraction tile side as a fraction of the image width (0.25: four tiles across)
 * @param breastThreshold a pixel of the [0, 1] image is breast when it is above this value
 * @param minBreast a tile is kept when at least this fraction of its pixels is breast
 * @param lesionCover a lesion makes a tile positive when it covers at least this fraction of the tile, or
 *        when at least this fraction of the lesion lies inside the tile
 */
public record TilingOptions(double fraction, float breastThreshold, double minBreast, double lesionCover) {

    public static final double DEFAULT_FRACTION = 0.25;
    public static final float DEFAULT_BREAST_THRESHOLD = 0.02f;
    public static final double DEFAULT_MIN_BREAST = 0.5;
    public static final double DEFAULT_LESION_COVER = 0.3;

    public TilingOptions {
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("patch fraction must be above 0 and at most 1, not " + fraction);
        }
        if (!(breastThreshold >= 0) || breastThreshold >= 1) {
            throw new IllegalArgumentException("breast threshold must be in [0, 1), not " + breastThreshold);
        }
        if (!(minBreast >= 0) || minBreast > 1) {
            throw new IllegalArgumentException("minimum breast fraction must be in [0, 1], not " + minBreast);
        }
        if (!(lesionCover > 0) || lesionCover > 1) {
            throw new IllegalArgumentException("lesion cover must be above 0 and at most 1, not " + lesionCover);
        }
    }

    /** The original's values: a quarter of the width, half breast, 30 % lesion cover. */
    public static TilingOptions defaults() {
        return new TilingOptions(DEFAULT_FRACTION, DEFAULT_BREAST_THRESHOLD, DEFAULT_MIN_BREAST, DEFAULT_LESION_COVER);
    }

    public TilingOptions withFraction(double f) {
        return new TilingOptions(f, breastThreshold, minBreast, lesionCover);
    }

    /** Tile side in pixels for an image of this width (at least 1). */
    public int side(int imageWidth) {
        return Math.max(1, (int) Math.round(fraction * imageWidth));
    }

    /** Half a tile (at least 1). */
    public int stride(int imageWidth) {
        return Math.max(1, side(imageWidth) / 2);
    }
}
