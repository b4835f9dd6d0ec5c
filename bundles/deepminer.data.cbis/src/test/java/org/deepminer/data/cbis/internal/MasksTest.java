package org.deepminer.data.cbis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepminer.api.data.Box;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.junit.jupiter.api.Test;

class MasksTest {

    private static MammogramImage mask(int w, int h, int... xy) {
        float[] p = new float[w * h];
        for (int i = 0; i < xy.length; i += 2) {
            p[xy[i + 1] * w + xy[i]] = 1f;
        }
        return new MammogramImage(w, h, p);
    }

    @Test
    void sameSizeGivesTheNonZeroPixelsWithATightBox() {
        RegionMask r = Masks.region(mask(10, 8, 2, 3, 3, 3, 3, 4), 10, 8, false);
        assertEquals(new Box(2, 3, 2, 2), r.box());
        assertEquals(3, r.area());
        assertTrue(r.contains(2, 3) && r.contains(3, 3) && r.contains(3, 4));
        assertFalse(r.contains(2, 4));
    }

    @Test
    void mirroringFollowsTheImage() {
        // (2,3),(3,3),(3,4) in a 10-wide image -> (7,3),(6,3),(6,4)
        RegionMask r = Masks.region(mask(10, 8, 2, 3, 3, 3, 3, 4), 10, 8, true);
        assertEquals(new Box(6, 3, 2, 2), r.box());
        assertTrue(r.contains(7, 3) && r.contains(6, 3) && r.contains(6, 4));
        assertFalse(r.contains(7, 4));
    }

    @Test
    void aCoarserMaskIsResampledNearestNeighbour() {
        // each pixel of a 5x4 mask covers a 2x2 block of the 10x8 image: (1,2) -> columns 2-3, rows 4-5
        RegionMask r = Masks.region(mask(5, 4, 1, 2), 10, 8, false);
        assertEquals(new Box(2, 4, 2, 2), r.box());
        assertEquals(4, r.area());
        // a finer mask: the 20x16 pixel (5,9) is read by image pixel (2,4), whose centre maps to it
        RegionMask fine = Masks.region(mask(20, 16, 5, 9), 10, 8, false);
        assertEquals(new Box(2, 4, 1, 1), fine.box());
        // and one whose pixel falls between image centres vanishes
        assertEquals(0, Masks.region(mask(20, 16, 4, 8), 10, 8, false).area());
    }

    @Test
    void binaryMeansAtMostTwoValues() {
        assertTrue(Masks.isBinary(mask(4, 4, 1, 1)));
        assertTrue(Masks.isBinary(new MammogramImage(2, 1, new float[] {0.3f, 0.3f})));
        assertFalse(Masks.isBinary(new MammogramImage(3, 1, new float[] {0f, 0.5f, 1f})));
    }
}
