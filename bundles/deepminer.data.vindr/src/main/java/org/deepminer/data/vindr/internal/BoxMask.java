package org.deepminer.data.vindr.internal;

import java.util.BitSet;
import java.util.List;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.RegionMask;

/** Finding boxes as masks: from the CSV's real coordinates to whole pixels, clipped to the image. */
final class BoxMask {
    private BoxMask() {}

    /** A box in whole pixels, and whether clipping to the image cut it. */
    record Clipped(Box box, boolean clipped) {}

    /**
     * The pixels a box covers: every pixel the rectangle [xmin, xmax] x [ymin, ymax] touches (VinDr's boxes are
     * real-valued), after scaling by {@code sx, sy}, cut to the {@code width x height} image.
     *
     * @param box xmin, ymin, xmax, ymax
     * @return null when nothing of it lies in the image
     */
    static Clipped clip(double[] box, double sx, double sy, int width, int height) {
        double x0 = Math.floor(box[0] * sx);
        double y0 = Math.floor(box[1] * sy);
        double x1 = Math.max(x0 + 1, Math.ceil(box[2] * sx)); // exclusive; a zero-width box still covers a pixel
        double y1 = Math.max(y0 + 1, Math.ceil(box[3] * sy));
        double cx0 = Math.max(0, x0);
        double cy0 = Math.max(0, y0);
        double cx1 = Math.min(width, x1);
        double cy1 = Math.min(height, y1);
        if (cx1 <= cx0 || cy1 <= cy0) {
            return null;
        }
        boolean clipped = cx0 != x0 || cy0 != y0 || cx1 != x1 || cy1 != y1;
        return new Clipped(new Box((int) cx0, (int) cy0, (int) (cx1 - cx0), (int) (cy1 - cy0)), clipped);
    }

    /** The box in an image mirrored left to right. */
    static Box mirror(Box b, int width) {
        return new Box(width - b.x() - b.width(), b.y(), b.width(), b.height());
    }

    /** Every pixel of the box. */
    static RegionMask filled(Box b) {
        BitSet bits = new BitSet(b.width() * b.height());
        bits.set(0, b.width() * b.height());
        return new RegionMask(b, bits);
    }

    /** The corners, clockwise from the top left, as alternating x, y of pixel positions. */
    static List<Integer> corners(Box b) {
        int x1 = b.x() + b.width() - 1;
        int y1 = b.y() + b.height() - 1;
        return List.of(b.x(), b.y(), x1, b.y(), x1, y1, b.x(), y1);
    }
}
