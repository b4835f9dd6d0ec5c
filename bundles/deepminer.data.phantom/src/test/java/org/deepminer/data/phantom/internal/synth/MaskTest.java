package org.deepminer.data.phantom.internal.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskTest {
    private static final int W = 60;
    private static final int H = 50;

    private static Mask random(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mask.Builder b = Mask.builder(0, 0, W, H);
        for (int i = 0; i < 12; i++) {
            b.set(10 + rng.nextInt(40), 8 + rng.nextInt(34));
        }
        return b.build();
    }

    @Test
    void dilationAndErosionMatchTheirDefinitions() {
        for (long seed = 0; seed < 5; seed++) {
            Mask m = random(seed);
            double r = 3.5;
            Mask d = m.dilate(r, W, H);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean near = false;
                    for (int yy = 0; yy < H && !near; yy++) {
                        for (int xx = 0; xx < W; xx++) {
                            if (m.get(xx, yy) && (x - xx) * (x - xx) + (y - yy) * (y - yy) <= r * r) {
                                near = true;
                                break;
                            }
                        }
                    }
                    assertEquals(near, d.get(x, y), "dilation at " + x + "," + y);
                }
            }
            Mask e = d.erode(2);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean inside = d.get(x, y);
                    for (int yy = y - 2; yy <= y + 2 && inside; yy++) {
                        for (int xx = x - 2; xx <= x + 2; xx++) {
                            if ((x - xx) * (x - xx) + (y - yy) * (y - yy) <= 4 && !d.get(xx, yy)) {
                                inside = false;
                                break;
                            }
                        }
                    }
                    assertEquals(inside, e.get(x, y), "erosion at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void fillHolesClosesARing() {
        Mask.Builder b = Mask.builder(0, 0, 20, 20);
        for (int y = 5; y <= 15; y++) {
            for (int x = 5; x <= 15; x++) {
                if (x == 5 || x == 15 || y == 5 || y == 15) {
                    b.set(x, y);
                }
            }
        }
        Mask ring = b.build();
        assertFalse(ring.get(10, 10));
        Mask filled = ring.fillHoles();
        assertTrue(filled.get(10, 10));
        assertEquals(121, filled.area());
    }

    @Test
    void largestComponentAndMirror() {
        Mask.Builder b = Mask.builder(0, 0, 30, 10);
        b.set(1, 1);
        for (int x = 10; x < 15; x++) {
            b.set(x, 5);
        }
        Mask m = b.build();
        Mask big = m.largestComponent();
        assertEquals(5, big.area());
        assertFalse(big.get(1, 1));
        Mask mirrored = m.mirrored(30);
        assertTrue(mirrored.get(28, 1));
        assertTrue(mirrored.get(19, 5) && mirrored.get(15, 5));
        assertEquals(m.area(), mirrored.area());
    }
}
