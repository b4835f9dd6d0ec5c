package org.deepminer.data.ddsm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepminer.api.data.Box;
import org.deepminer.api.data.RegionMask;
import org.junit.jupiter.api.Test;

class OutlineMaskTest {

    @Test
    void everyDirectionMovesAsTheDdsmDocumentationSays() {
        // 0 up, 1 up-right, 2 right, 3 down-right, 4 down, 5 down-left, 6 left, 7 up-left (col, row)
        int[][] expected = {{0, -1}, {1, -1}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}};
        for (int d = 0; d < 8; d++) {
            int[] v = ChainCode.vertices(5, 5, new byte[] {(byte) d});
            assertArrayEquals(new int[] {5, 5, 5 + expected[d][0], 5 + expected[d][1]}, v, "direction " + d);
        }
    }

    @Test
    void coordinatesAtTheIntLimitsAreRefusedNotOverflowed() {
        // a chain code starting near Integer.MAX_VALUE: the span used to overflow to a negative array size
        int[] v = ChainCode.vertices(Integer.MAX_VALUE - 5, 20, new byte[] {6, 6, 4, 2, 2});
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutlineMask.fill(new int[] {-10, 20, Integer.MAX_VALUE - 3, 22, 5, 25}, 100, 100));
        assertTrue(e.getMessage().contains("far beyond a 100x100 image"), e.getMessage());
        assertEquals(0, OutlineMask.fill(v, 100, 100).area()); // wholly outside: empty, nothing allocated
    }

    @Test
    void aThreeByThreeSquareDecodesToItsCornersAndFillsNinePixels() {
        // by hand: from (10,20) right twice, down twice, left twice, up twice
        byte[] steps = {2, 2, 4, 4, 6, 6, 0, 0};
        int[] v = ChainCode.vertices(10, 20, steps);
        assertArrayEquals(new int[] {10, 20, 12, 20, 12, 22, 10, 22, 10, 20}, v);

        RegionMask m = OutlineMask.fill(v, 100, 100);
        assertEquals(new Box(10, 20, 3, 3), m.box());
        assertEquals(9, m.area());
        for (int y = 19; y <= 23; y++) {
            for (int x = 9; x <= 13; x++) {
                boolean inside = x >= 10 && x <= 12 && y >= 20 && y <= 22;
                assertEquals(inside, m.contains(x, y), x + "," + y);
            }
        }
    }

    @Test
    void aConcaveOutlineLeavesItsNotchEmpty() {
        // a U: 7x7 square with a notch one column wide (x = 3) cut from the top down to row 3
        int[] u = {0, 0, 2, 0, 2, 4, 4, 4, 4, 0, 6, 0, 6, 6, 0, 6};
        RegionMask m = OutlineMask.fill(u, 50, 50);
        assertEquals(49 - 4, m.area());
        for (int y = 0; y <= 3; y++) {
            assertFalse(m.contains(3, y), "notch at row " + y);
            assertTrue(m.contains(2, y) && m.contains(4, y), "arms at row " + y);
        }
        assertTrue(m.contains(3, 4));
        assertEquals(new Box(0, 0, 7, 7), m.box());
    }

    @Test
    void aSelfCrossingOutlineHasItsHoleFilled() {
        // a pentagram drawn as one closed path: even-odd filling would leave its centre empty
        int[] star = {50, 0, 79, 90, 2, 34, 97, 34, 20, 90};
        RegionMask m = OutlineMask.fill(star, 100, 100);
        assertTrue(m.contains(50, 50), "centre of the pentagram");
        assertTrue(m.contains(50, 20), "a point");
        assertFalse(m.contains(10, 80), "outside, between two points");
    }

    @Test
    void outlinesCrossingOrTouchingTheBorderAreClipped() {
        // 6x6 square from (-2,-2) to (3,3): only columns and rows 0..3 are in the image
        RegionMask crossing = OutlineMask.fill(new int[] {-2, -2, 3, -2, 3, 3, -2, 3}, 10, 10);
        assertEquals(new Box(0, 0, 4, 4), crossing.box());
        assertEquals(16, crossing.area());

        // touching the top-left corner: all 5x5 inside
        RegionMask touching = OutlineMask.fill(new int[] {0, 0, 4, 0, 4, 4, 0, 4}, 10, 10);
        assertEquals(new Box(0, 0, 5, 5), touching.box());
        assertEquals(25, touching.area());

        // crossing the right and bottom borders of a 10x10 image: columns and rows 7..9 remain
        RegionMask lowerRight = OutlineMask.fill(new int[] {7, 7, 12, 7, 12, 12, 7, 12}, 10, 10);
        assertEquals(new Box(7, 7, 3, 3), lowerRight.box());
        assertEquals(9, lowerRight.area());

        // wholly outside
        assertEquals(0, OutlineMask.fill(new int[] {20, 20, 25, 20, 25, 25}, 10, 10).area());
    }

    @Test
    void aSinglePointIsOnePixel() {
        RegionMask m = OutlineMask.fill(ChainCode.vertices(3, 4, new byte[0]), 10, 10);
        assertEquals(new Box(3, 4, 1, 1), m.box());
        assertEquals(1, m.area());
    }

    @Test
    void mirroringMapsColumnToWidthMinusOneMinusColumn() {
        RegionMask m = OutlineMask.fill(new int[] {1, 2, 2, 2}, 10, 10); // pixels (1,2) and (2,2)
        RegionMask flipped = OutlineMask.mirror(m, 10);
        assertEquals(2, flipped.area());
        assertTrue(flipped.contains(8, 2));
        assertTrue(flipped.contains(7, 2));
        assertFalse(flipped.contains(1, 2));

        // an L shape keeps its handedness mirrored: (0,0),(0,1),(1,1) -> (9,0),(9,1),(8,1)
        RegionMask l = OutlineMask.fill(new int[] {0, 0, 0, 1, 1, 1}, 10, 10);
        RegionMask lm = OutlineMask.mirror(l, 10);
        assertEquals(3, lm.area());
        assertTrue(lm.contains(9, 0) && lm.contains(9, 1) && lm.contains(8, 1));
        assertFalse(lm.contains(8, 0));
    }

    @Test
    void unionCoversBothMasks() {
        RegionMask a = OutlineMask.fill(new int[] {0, 0, 1, 0, 1, 1, 0, 1}, 20, 20);
        RegionMask b = OutlineMask.fill(new int[] {10, 10, 11, 10, 11, 11, 10, 11}, 20, 20);
        RegionMask u = OutlineMask.union(a, b);
        assertEquals(8, u.area());
        assertTrue(u.contains(0, 0) && u.contains(11, 11));
        assertFalse(u.contains(5, 5));
        assertEquals(new Box(0, 0, 12, 12), u.box());
    }
}
