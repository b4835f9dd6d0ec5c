package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;

class BilinearAxisTest {

    @Test
    void cellsPartitionThePixelsAndReproduceTheUpsamplingBitForBit() {
        Random rnd = new Random(7);
        int[][] sizes = {{8, 227}, {7, 64}, {29, 908}, {5, 5}, {16, 256}, {3, 2}, {1, 17}, {13, 100}};
        for (int[] sx : sizes) {
            for (int[] sy : sizes) {
                int w = sx[0];
                int bigW = sx[1];
                int h = sy[0];
                int bigH = sy[1];
                float[] map = new float[w * h];
                for (int i = 0; i < map.length; i++) {
                    map[i] = (float) (rnd.nextGaussian() * 3);
                }
                BilinearAxis cols = new BilinearAxis(w, bigW);
                BilinearAxis rows = new BilinearAxis(h, bigH);
                assertEquals(0, cols.start(0));
                assertEquals(bigW, cols.start(w));
                float[] byCells = new float[bigW * bigH];
                int covered = 0;
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < w; i++) {
                        assertTrue(cols.start(i) <= cols.start(i + 1));
                        int i1 = Math.min(i + 1, w - 1);
                        int j1 = Math.min(j + 1, h - 1);
                        float a = map[j * w + i];
                        float b = map[j * w + i1];
                        float c = map[j1 * w + i];
                        float d = map[j1 * w + i1];
                        for (int y = rows.start(j); y < rows.start(j + 1); y++) {
                            for (int x = cols.start(i); x < cols.start(i + 1); x++) {
                                assertEquals(i, cols.tap0(x));
                                float top = a + (b - a) * cols.frac(x);
                                float bottom = c + (d - c) * cols.frac(x);
                                byCells[y * bigW + x] = top + (bottom - top) * rows.frac(y);
                                covered++;
                            }
                        }
                    }
                }
                assertEquals(bigW * bigH, covered, "cells must tile the image");
                assertArrayEquals(Resample.bilinear(map, w, h, bigW, bigH), byCells,
                        "per-cell values differ from Resample.bilinear for " + w + "x" + h + " -> " + bigW + "x" + bigH);
            }
        }
    }
}
