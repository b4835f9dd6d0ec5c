package org.deepminer.data.inbreast.internal;

import java.util.Arrays;
import java.util.BitSet;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.RegionMask;

/**
 * ROI outlines to pixel masks on the image. Point coordinates are pixel positions with integer values at pixel
 * centres. A polygon covers the pixels whose centre lies inside it (even-odd rule, scanline by scanline) and
 * the pixels its edges pass through, so that thin outlines and two-point lines keep their pixels. A single
 * point covers a disc of a given radius. Everything is clipped to the image first: work and memory are bounded
 * by the image, whatever the coordinates say.
 */
final class RoiMask {
    private RoiMask() {}

    static final RegionMask EMPTY = new RegionMask(new Box(0, 0, 0, 0), new BitSet());

    /** A polygon (closed) of two or more points, alternating x, y; {@link #EMPTY} when nothing is in the image. */
    static RegionMask polygon(double[] xy, int width, int height) {
        int n = xy.length / 2;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xy[2 * i]);
            maxX = Math.max(maxX, xy[2 * i]);
            minY = Math.min(minY, xy[2 * i + 1]);
            maxY = Math.max(maxY, xy[2 * i + 1]);
        }
        // the grid: the polygon's box (pixels whose centre is within half a pixel of it) cut to the image
        int gx0 = (int) Math.max(0, Math.floor(minX - 0.5));
        int gy0 = (int) Math.max(0, Math.floor(minY - 0.5));
        int gx1 = (int) Math.min(width - 1, Math.ceil(maxX + 0.5));
        int gy1 = (int) Math.min(height - 1, Math.ceil(maxY + 0.5));
        if (gx1 < gx0 || gy1 < gy0) {
            return EMPTY;
        }
        int gw = gx1 - gx0 + 1;
        int gh = gy1 - gy0 + 1;
        boolean[] grid = new boolean[gw * gh];
        fillInside(xy, n, gx0, gy0, gw, gh, grid);
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            drawEdge(xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], gx0, gy0, gw, gh, grid);
        }
        return tight(grid, gx0, gy0, gw, gh);
    }

    /** Even-odd fill: on each row, the pixel centres between pairs of edge crossings. */
    private static void fillInside(double[] xy, int n, int gx0, int gy0, int gw, int gh, boolean[] grid) {
        if (n < 3) {
            return;
        }
        // edges sorted by their top, so that each row looks at the edges that span it only
        int[] order = new int[n];
        double[] top = new double[n];
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            top[i] = Math.min(xy[2 * i + 1], xy[2 * j + 1]);
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(top[a], top[b]));
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        int[] active = new int[n];
        int activeCount = 0;
        int next = 0;
        double[] crossings = new double[n];
        for (int row = 0; row < gh; row++) {
            double y = gy0 + row;
            while (next < n && top[order[next]] <= y) {
                active[activeCount++] = order[next++];
            }
            int c = 0;
            int kept = 0;
            for (int k = 0; k < activeCount; k++) {
                int i = active[k];
                int j = (i + 1) % n;
                double ya = xy[2 * i + 1];
                double yb = xy[2 * j + 1];
                if (Math.max(ya, yb) < y) {
                    continue; // this edge ends above the row: dropped for good
                }
                active[kept++] = i;
                // half-open in y, so that a vertex shared by two edges is crossed once
                if ((ya <= y && y < yb) || (yb <= y && y < ya)) {
                    double xa = xy[2 * i];
                    double xb = xy[2 * j];
                    crossings[c++] = xa + (y - ya) * (xb - xa) / (yb - ya);
                }
            }
            activeCount = kept;
            Arrays.sort(crossings, 0, c);
            int o = row * gw;
            for (int k = 0; k + 1 < c; k += 2) {
                int from = (int) Math.max(gx0, Math.ceil(crossings[k]));
                int to = (int) Math.min(gx0 + gw - 1, Math.floor(crossings[k + 1]));
                for (int x = from; x <= to; x++) {
                    grid[o + x - gx0] = true;
                }
            }
        }
    }

    /** The pixels a segment passes through, the segment first cut to the grid (Liang-Barsky). */
    private static void drawEdge(double x0, double y0, double x1, double y1, int gx0, int gy0, int gw, int gh,
            boolean[] grid) {
        double lo = gx0 - 0.5;
        double hi = gx0 + gw - 0.5;
        double top = gy0 - 0.5;
        double bottom = gy0 + gh - 0.5;
        double dx = x1 - x0;
        double dy = y1 - y0;
        double t0 = 0;
        double t1 = 1;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x0 - lo, hi - x0, y0 - top, bottom - y0};
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) {
                    return; // parallel to this side and outside it
                }
            } else {
                double t = q[k] / p[k];
                if (p[k] < 0) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
            }
        }
        if (t0 > t1) {
            return;
        }
        double ax = x0 + t0 * dx;
        double ay = y0 + t0 * dy;
        double bx = x0 + t1 * dx;
        double by = y0 + t1 * dy;
        int steps = (int) Math.ceil(Math.max(Math.abs(bx - ax), Math.abs(by - ay))) + 1;
        for (int s = 0; s <= steps; s++) {
            double t = steps == 0 ? 0 : (double) s / steps;
            int x = (int) Math.round(ax + t * (bx - ax));
            int y = (int) Math.round(ay + t * (by - ay));
            if (x >= gx0 && x < gx0 + gw && y >= gy0 && y < gy0 + gh) {
                grid[(y - gy0) * gw + (x - gx0)] = true;
            }
        }
    }

    /** The pixels within {@code radius} of a point (its own pixel at least). */
    static RegionMask disc(double cx, double cy, int radius, int width, int height) {
        int x0 = (int) Math.max(0, Math.floor(cx - radius));
        int y0 = (int) Math.max(0, Math.floor(cy - radius));
        int x1 = (int) Math.min(width - 1, Math.ceil(cx + radius));
        int y1 = (int) Math.min(height - 1, Math.ceil(cy + radius));
        if (x1 < x0 || y1 < y0) {
            return EMPTY;
        }
        int gw = x1 - x0 + 1;
        int gh = y1 - y0 + 1;
        boolean[] grid = new boolean[gw * gh];
        double r2 = radius * (double) radius;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double ddx = x - cx;
                double ddy = y - cy;
                grid[(y - y0) * gw + (x - x0)] = ddx * ddx + ddy * ddy <= r2;
            }
        }
        int px = (int) Math.round(cx);
        int py = (int) Math.round(cy);
        if (px >= x0 && px <= x1 && py >= y0 && py <= y1) {
            grid[(py - y0) * gw + (px - x0)] = true;
        }
        return tight(grid, x0, y0, gw, gh);
    }

    private static RegionMask tight(boolean[] grid, int gx0, int gy0, int gw, int gh) {
        int bx0 = Integer.MAX_VALUE;
        int by0 = Integer.MAX_VALUE;
        int bx1 = -1;
        int by1 = -1;
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                if (grid[y * gw + x]) {
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
            for (int x = bx0; x <= bx1; x++) {
                if (grid[y * gw + x]) {
                    bits.set((y - by0) * bw + (x - bx0));
                }
            }
        }
        return new RegionMask(new Box(gx0 + bx0, gy0 + by0, bw, by1 - by0 + 1), bits);
    }

    /** Mirrors a mask left to right within an image {@code width} pixels wide. */
    static RegionMask mirror(RegionMask m, int width) {
        if (m.area() == 0) {
            return m;
        }
        Box b = m.box();
        BitSet src = m.bits();
        BitSet bits = new BitSet(src.length());
        for (int i = src.nextSetBit(0); i >= 0; i = src.nextSetBit(i + 1)) {
            int col = i % b.width();
            int row = i / b.width();
            bits.set(row * b.width() + (b.width() - 1 - col));
        }
        return new RegionMask(new Box(width - b.x() - b.width(), b.y(), b.width(), b.height()), bits);
    }
}
