package org.deepminer.data.cbis.internal;

import java.util.BitSet;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;

/** ROI mask images to {@link RegionMask}s on their mammogram. */
final class Masks {
    private Masks() {}

    static final RegionMask EMPTY = new RegionMask(new Box(0, 0, 0, 0), new BitSet());

    /** Whether an image holds at most two grey values, as a mask does (a cropped lesion holds many). */
    static boolean isBinary(MammogramImage m) {
        float[] p = m.pixels();
        float a = p[0];
        float b = a;
        boolean second = false;
        for (float v : p) {
            if (v != a) {
                if (!second) {
                    b = v;
                    second = true;
                } else if (v != b) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The non-zero pixels of a mask as a region of a {@code width x height} image. A mask of another size
     * is resampled nearest-neighbour (pixel centres: target column x reads source column
     * {@code floor((x + 0.5) * maskWidth / width)}); the box is tight.
     *
     * @param mirror mirror left to right, as the mammogram was
     */
    static RegionMask region(MammogramImage mask, int width, int height, boolean mirror) {
        int mw = mask.width();
        int mh = mask.height();
        float[] p = mask.pixels();
        // the mask's own bounding box first, so that only its neighbourhood is resampled
        int sx0 = Integer.MAX_VALUE;
        int sy0 = Integer.MAX_VALUE;
        int sx1 = -1;
        int sy1 = -1;
        for (int y = 0; y < mh; y++) {
            int o = y * mw;
            for (int x = 0; x < mw; x++) {
                if (p[o + x] > 0) {
                    sx0 = Math.min(sx0, x);
                    sx1 = Math.max(sx1, x);
                    sy0 = Math.min(sy0, y);
                    sy1 = y;
                }
            }
        }
        if (sx1 < 0) {
            return EMPTY;
        }
        double fx = (double) mw / width;
        double fy = (double) mh / height;
        // target pixels whose centre falls in the source box, with a pixel of slack for rounding
        int tx0 = Math.max(0, (int) Math.floor(sx0 / fx) - 1);
        int tx1 = Math.min(width - 1, (int) Math.ceil((sx1 + 1) / fx) + 1);
        int ty0 = Math.max(0, (int) Math.floor(sy0 / fy) - 1);
        int ty1 = Math.min(height - 1, (int) Math.ceil((sy1 + 1) / fy) + 1);
        int bx0 = Integer.MAX_VALUE;
        int by0 = Integer.MAX_VALUE;
        int bx1 = -1;
        int by1 = -1;
        int tw = tx1 - tx0 + 1;
        BitSet scratch = new BitSet();
        for (int y = ty0; y <= ty1; y++) {
            int sy = Math.min(mh - 1, (int) ((y + 0.5) * fy));
            for (int x = tx0; x <= tx1; x++) {
                int sx = Math.min(mw - 1, (int) ((x + 0.5) * fx));
                if (p[sy * mw + sx] > 0) {
                    scratch.set((y - ty0) * tw + (x - tx0));
                    bx0 = Math.min(bx0, x);
                    bx1 = Math.max(bx1, x);
                    by0 = Math.min(by0, y);
                    by1 = y;
                }
            }
        }
        if (bx1 < 0) {
            return EMPTY; // a mask finer than the image whose few pixels fall between target centres
        }
        int bw = bx1 - bx0 + 1;
        int bh = by1 - by0 + 1;
        BitSet bits = new BitSet(bw * bh);
        for (int i = scratch.nextSetBit(0); i >= 0; i = scratch.nextSetBit(i + 1)) {
            int x = tx0 + i % tw;
            int y = ty0 + i / tw;
            int col = mirror ? bx1 - x : x - bx0;
            bits.set((y - by0) * bw + col);
        }
        int boxX = mirror ? width - 1 - bx1 : bx0;
        return new RegionMask(new Box(boxX, by0, bw, bh), bits);
    }
}
