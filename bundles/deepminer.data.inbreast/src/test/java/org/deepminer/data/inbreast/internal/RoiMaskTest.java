package org.deepminer.data.inbreast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepminer.api.data.Box;
import org.deepminer.api.data.RegionMask;
import org.junit.jupiter.api.Test;

class RoiMaskTest {
    @Test
    void aSquareCoversItsPixelsCornersIncluded() {
        RegionMask m = RoiMask.polygon(new double[] {2, 3, 6, 3, 6, 8, 2, 8}, 20, 20);
        assertEquals(new Box(2, 3, 5, 6), m.box());
        assertEquals(30, m.area());
    }

    @Test
    void aTriangleHasTheCentresInsideItAndItsEdges() {
        // right triangle (0,0), (10,0), (0,10): x + y <= 10 holds for every pixel of it, edges included
        RegionMask m = RoiMask.polygon(new double[] {0, 0, 10, 0, 0, 10}, 20, 20);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(x + y <= 10, m.contains(x, y), x + "," + y);
            }
        }
    }

    @Test
    void aSelfCrossingOutlineLeavesItsEvenOddHole() {
        // a bow tie: two triangles meeting at (5,5); the even-odd rule fills both and nothing above or below the crossing
        RegionMask m = RoiMask.polygon(new double[] {0, 0, 10, 10, 10, 0, 0, 10}, 20, 20);
        assertTrue(m.contains(1, 5) && m.contains(9, 5), "both triangles");
        assertTrue(!m.contains(5, 1) && !m.contains(5, 9), "the notches between them");
    }

    @Test
    void aTwoPointLineKeepsItsPixels() {
        RegionMask m = RoiMask.polygon(new double[] {1, 1, 8, 1}, 20, 20);
        assertEquals(new Box(1, 1, 8, 1), m.box());
        assertEquals(8, m.area());
    }

    @Test
    void hugeCoordinatesAreClippedToTheImage() {
        RegionMask m = RoiMask.polygon(new double[] {-1e7, -1e7, 1e7, -1e7, 1e7, 1e7, -1e7, 1e7}, 30, 20);
        assertEquals(new Box(0, 0, 30, 20), m.box());
        assertEquals(600, m.area());
        assertEquals(0, RoiMask.polygon(new double[] {100, 100, 200, 100, 150, 200}, 30, 20).area());
    }

    @Test
    void aPointIsADisc() {
        RegionMask m = RoiMask.disc(10, 10, 2, 30, 30);
        assertEquals(new Box(8, 8, 5, 5), m.box());
        assertEquals(13, m.area()); // x^2 + y^2 <= 4 on the integer grid
        assertEquals(1, RoiMask.disc(0.4, 0.4, 0, 30, 30).area());
        assertEquals(new Box(27, 8, 5, 5), RoiMask.mirror(m, 40).box());
    }
}
