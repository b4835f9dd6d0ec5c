package org.deepminer.data.ddsm.internal;

import java.util.Arrays;

/**
 * DDSM chain codes: a start column and row, then one digit per step. Direction d moves by
 * ({@link #DX}[d], {@link #DY}[d]) in (column, row): 0 up, 2 right, 4 down, 6 left, odd digits diagonal.
 */
final class ChainCode {
    static final int[] DX = {0, 1, 1, 1, 0, -1, -1, -1};
    static final int[] DY = {-1, -1, 0, 1, 1, 1, 0, -1};

    private ChainCode() {}

    /**
     * The outline's corners as alternating x, y: the start, every point where the direction changes and
     * the end. Runs in one direction collapse to their end points, so the polygon is exact but small.
     */
    static int[] vertices(int startCol, int startRow, byte[] steps) {
        int[] xy = new int[16];
        int n = 0;
        xy[n++] = startCol;
        xy[n++] = startRow;
        int x = startCol;
        int y = startRow;
        for (int i = 0; i < steps.length; i++) {
            int d = steps[i];
            x += DX[d];
            y += DY[d];
            boolean turn = i + 1 == steps.length || steps[i + 1] != d;
            if (turn) {
                if (n + 2 > xy.length) {
                    xy = Arrays.copyOf(xy, xy.length * 2);
                }
                xy[n++] = x;
                xy[n++] = y;
            }
        }
        return Arrays.copyOf(xy, n);
    }
}
