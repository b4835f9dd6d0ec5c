package org.deepminer.api.data;

import java.util.BitSet;

/**
 * A binary mask of image pixels, stored as a bit per pixel of its bounding box so that a small lesion
 * on a large mammogram stays small. Coordinates are those of the image in canonical orientation.
 *
 * @param box the bounding box within the image
 * @param bits bit {@code (row - box.y) * box.width + (col - box.x)} is set for a masked pixel; read-only
 */
public record RegionMask(Box box, BitSet bits) {
    public RegionMask {
        bits = (BitSet) bits.clone();
    }

    public boolean contains(int col, int row) {
        return box.contains(col, row) && bits.get((row - box.y()) * box.width() + (col - box.x()));
    }

    /** Number of masked pixels. */
    public int area() {
        return bits.cardinality();
    }

    @Override
    public BitSet bits() {
        return (BitSet) bits.clone();
    }
}
