package org.deepminer.data.ddsm.internal;

import java.util.Arrays;
import java.util.BitSet;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.RegionMask;

/**
 * Turns closed outlines into pixel masks. The outline is drawn as an 8-connected pixel path (its closing
 * segment included), the outside is flood-filled 4-connected from a one-pixel frame around it, and
 * everything the flood cannot reach is the mask: the outline pixels, the interior, and any holes of a
 * self-crossing outline. Then it is clipped to the image, so outlines that touch or cross the border
 * keep their inside part.
 */
final class OutlineMask {
    private OutlineMask() {}

    /** Bounds the work for an outline that is garbage (its box may exceed the image, but not wildly). */
    private static final long MAX_CELLS = 1L << 28;

    static final RegionMask EMPTY = new RegionMask(new Box(0, 0, 0, 0), new BitSet());

    /**
     * @param xy polygon vertices, alternating x, y, in image pixels (may lie outside the image)
     * @return the filled mask clipped to {@code width x height}, with a tight box; {@link #EMPTY} when
     *         nothing is inside the image
     */
    static RegionMask fill(int[] xy, int width, int height) {
        if (xy.length < 2) {
            return EMPTY;
        }
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int i = 0; i < xy.length; i += 2) {
            minX = Math.min(minX, xy[i]);
            maxX = Math.max(maxX, xy[i]);
            minY = Math.min(minY, xy[i + 1]);
            maxY = Math.max(maxY, xy[i + 1]);
        }
        if (maxX < 0 || maxY < 0 || minX >= width || minY >= height) {
            return EMPTY;
        }
        // grid over the outline's box plus a one-pixel frame that is surely outside; in long arithmetic, since
        // garbage coordinates near the int limits overflow an int span (found by fuzzing)
        long spanX = (long) maxX - minX + 3;
        long spanY = (long) maxY - minY + 3;
        // the box may exceed the image (outlines that cross the border), but not by more than a few times its area
        long maxCells = Math.min(MAX_CELLS, Math.max(1L << 20, 4L * width * height));
        if (spanX * spanY > maxCells || minX == Integer.MIN_VALUE || minY == Integer.MIN_VALUE
                || maxX == Integer.MAX_VALUE || maxY == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("outline spans " + spanX + "x" + spanY + " pixels, far beyond a "
                    + width + "x" + height + " image");
        }
        int gx = minX - 1;
        int gy = minY - 1;
        int gw = (int) spanX;
        int gh = (int) spanY;
        long cells = spanX * spanY;
        byte[] grid = new byte[(int) cells];
        final byte line = 1;
        final byte outside = 2;
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            drawLine(grid, gw, xy[2 * i] - gx, xy[2 * i + 1] - gy, xy[2 * j] - gx, xy[2 * j + 1] - gy, line);
        }
        floodOutside(grid, gw, gh, outside);

        // clip to the image and find the tight box of what is inside
        int x0 = Math.max(0, minX);
        int y0 = Math.max(0, minY);
        int x1 = Math.min(width - 1, maxX);
        int y1 = Math.min(height - 1, maxY);
        int bx0 = Integer.MAX_VALUE;
        int by0 = Integer.MAX_VALUE;
        int bx1 = -1;
        int by1 = -1;
        for (int y = y0; y <= y1; y++) {
            int row = (y - gy) * gw - gx;
            for (int x = x0; x <= x1; x++) {
                if (grid[row + x] != outside) {
                    bx0 = Math.min(bx0, x);
                    bx1 = Math.max(bx1, x);
                    by0 = Math.min(by0, y);
                    by1 = y;
                }
            }
        }
        if (bx1 < 0) {
            return EMPTY;
        }
        int bw = bx1 - bx0 + 1;
        BitSet bits = new BitSet(bw * (by1 - by0 + 1));
        for (int y = by0; y <= by1; y++) {
            int row = (y - gy) * gw - gx;
            for (int x = bx0; x <= bx1; x++) {
                if (grid[row + x] != outside) {
                    bits.set((y - by0) * bw + (x - bx0));
                }
            }
        }
        return new RegionMask(new Box(bx0, by0, bw, by1 - by0 + 1), bits);
    }

    /** Bresenham: an 8-connected line, which a 4-connected flood cannot cross. */
    private static void drawLine(byte[] grid, int gw, int x0, int y0, int x1, int y1, byte value) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            grid[y0 * gw + x0] = value;
            if (x0 == x1 && y0 == y1) {
                return;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    private static void floodOutside(byte[] grid, int gw, int gh, byte outside) {
        int[] stack = new int[Math.max(16, 2 * (gw + gh))];
        int top = 0;
        grid[0] = outside; // the frame corner is never on the outline
        stack[top++] = 0;
        while (top > 0) {
            int p = stack[--top];
            int x = p % gw;
            int y = p / gw;
            for (int k = 0; k < 4; k++) {
                int nx = x + (k == 0 ? 1 : k == 1 ? -1 : 0);
                int ny = y + (k == 2 ? 1 : k == 3 ? -1 : 0);
                if (nx < 0 || ny < 0 || nx >= gw || ny >= gh) {
                    continue;
                }
                int q = ny * gw + nx;
                if (grid[q] == 0) {
                    grid[q] = outside;
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                    }
                    stack[top++] = q;
                }
            }
        }
    }

    /** The union of two masks, on the box that holds both. */
    static RegionMask union(RegionMask a, RegionMask b) {
        if (a.area() == 0) {
            return b;
        }
        if (b.area() == 0) {
            return a;
        }
        Box ba = a.box();
        Box bb = b.box();
        int x0 = Math.min(ba.x(), bb.x());
        int y0 = Math.min(ba.y(), bb.y());
        int x1 = Math.max(ba.x() + ba.width(), bb.x() + bb.width());
        int y1 = Math.max(ba.y() + ba.height(), bb.y() + bb.height());
        Box box = new Box(x0, y0, x1 - x0, y1 - y0);
        BitSet bits = new BitSet();
        copyInto(a, box, bits);
        copyInto(b, box, bits);
        return new RegionMask(box, bits);
    }

    private static void copyInto(RegionMask m, Box target, BitSet bits) {
        Box b = m.box();
        BitSet src = m.bits();
        for (int i = src.nextSetBit(0); i >= 0; i = src.nextSetBit(i + 1)) {
            int x = b.x() + i % b.width();
            int y = b.y() + i / b.width();
            bits.set((y - target.y()) * target.width() + (x - target.x()));
        }
    }

    /** Mirrors a mask left to right within an image {@code width} pixels wide. */
    static RegionMask mirror(RegionMask m, int width) {
        if (m.area() == 0) {
            return m;
        }
        Box b = m.box();
        Box box = new Box(width - b.x() - b.width(), b.y(), b.width(), b.height());
        BitSet src = m.bits();
        BitSet bits = new BitSet(src.length());
        for (int i = src.nextSetBit(0); i >= 0; i = src.nextSetBit(i + 1)) {
            int col = i % b.width();
            int row = i / b.width();
            bits.set(row * b.width() + (b.width() - 1 - col));
        }
        return new RegionMask(box, bits);
    }
}
