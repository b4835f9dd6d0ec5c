package org.deepminer.data.phantom.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.deepminer.data.phantom.internal.synth.Mask;
import org.junit.jupiter.api.Test;

class ChainCodeTest {

    @Test
    void aSquareIsTracedClockwiseFromItsTopLeftPixel() {
        Mask.Builder b = Mask.builder(0, 0, 10, 10);
        for (int y = 3; y <= 4; y++) {
            for (int x = 5; x <= 6; x++) {
                b.set(x, y);
            }
        }
        ChainCode c = ChainCode.trace(b.build());
        assertEquals(5, c.startX());
        assertEquals(3, c.startY());
        assertArrayEquals(new int[] {2, 4, 6, 0}, c.directions()); // right, down, left, up
        assertEquals("5 3 2 4 6 0 #", c.format());
    }

    @Test
    void aDiagonalLineIsWalkedThereAndBack() {
        Mask.Builder b = Mask.builder(0, 0, 10, 10);
        b.set(2, 2);
        b.set(3, 3);
        b.set(4, 4);
        ChainCode c = ChainCode.trace(b.build());
        assertArrayEquals(new int[] {3, 3, 7, 7}, c.directions());
    }

    /** trace -> format -> parse -> fill gives the region back, holes filled: random blobs of all shapes. */
    @Test
    void roundTripReturnsTheRegion() {
        for (long seed = 0; seed < 60; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int w = 48;
            int h = 40;
            Mask.Builder b = Mask.builder(0, 0, w, h);
            int cx = 12 + rng.nextInt(24);
            int cy = 10 + rng.nextInt(20);
            for (int i = 0; i < 6 + rng.nextInt(20); i++) {
                // a random walk of discs and single pixels: thin necks, diagonal contacts, concavities
                cx = Math.max(2, Math.min(w - 3, cx + rng.nextInt(7) - 3));
                cy = Math.max(2, Math.min(h - 3, cy + rng.nextInt(7) - 3));
                int r = rng.nextInt(3);
                for (int y = cy - r; y <= cy + r; y++) {
                    for (int x = cx - r; x <= cx + r; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                            b.set(x, y);
                        }
                    }
                }
            }
            Mask region = b.build().largestComponent();
            ChainCode parsed = ChainCode.parse(ChainCode.trace(region).format());
            byte[] decoded = parsed.fill(w, h);
            Mask expected = region.fillHoles();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(expected.get(x, y), decoded[y * w + x] != 0, "seed " + seed + " pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void cornersKeepOnlyDirectionChanges() {
        Mask.Builder b = Mask.builder(0, 0, 10, 10);
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 4; x++) {
                b.set(x, y);
            }
        }
        List<Integer> corners = ChainCode.trace(b.build()).corners();
        assertEquals(List.of(1, 1, 4, 1, 4, 3, 1, 3), corners);
    }

    @Test
    void parseRejectsBadDigits() {
        assertThrows(IllegalArgumentException.class, () -> ChainCode.parse("1 2 3 9 #"));
        assertThrows(IllegalArgumentException.class, () -> ChainCode.parse("7"));
    }
}
