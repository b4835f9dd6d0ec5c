package org.deepminer.data.phantom.internal.io;

import java.util.ArrayList;
import java.util.List;
import org.deepminer.data.phantom.internal.synth.Mask;

/**
 * DDSM chain codes: the 8-connected outer boundary of a region as a start pixel and one direction digit per
 * step, 0 (0,-1), 1 (1,-1), 2 (1,0), 3 (1,1), 4 (0,1), 5 (-1,1), 6 (-1,0), 7 (-1,-1) as (column, row)
 * deltas: clockwise on the screen starting upwards.
 *
 * @param startX column of the first boundary pixel (the topmost, then leftmost, pixel of the region)
 * @param startY its row
 * @param directions the steps; empty for a one-pixel region
 */
public record ChainCode(int startX, int startY, int[] directions) {
    static final int[] DX = {0, 1, 1, 1, 0, -1, -1, -1};
    static final int[] DY = {-1, -1, 0, 1, 1, 1, 0, -1};

    /**
     * Traces the outer boundary of a mask's largest 8-connected component, clockwise, by radial sweep:
     * from each boundary pixel the neighbours are searched clockwise starting just after the one it was
     * entered from; the trace stops when it would leave the start pixel in its first direction again
     * (Jacob's criterion, so one-pixel-wide parts that are walked twice are handled).
     *
     * @throws IllegalArgumentException for an empty mask
     */
    public static ChainCode trace(Mask mask) {
        Mask region = mask.largestComponent();
        if (region.isEmpty()) {
            throw new IllegalArgumentException("cannot trace an empty mask");
        }
        int sx = -1;
        int sy = region.y();
        for (int x = region.x(); x < region.x() + region.width(); x++) {
            if (region.get(x, sy)) {
                sx = x;
                break;
            }
        }
        List<Integer> steps = new ArrayList<>();
        int x = sx;
        int y = sy;
        int incoming = 2; // as if entered moving right: everything above and to the left is outside
        int first = -1;
        int guard = 4 * (region.width() + 2) * (region.height() + 2) + 16;
        while (guard-- > 0) {
            int next = -1;
            for (int k = 0; k < 8; k++) {
                int d = (incoming + 5 + k) % 8;
                if (region.get(x + DX[d], y + DY[d])) {
                    next = d;
                    break;
                }
            }
            if (next < 0) {
                break; // an isolated pixel
            }
            if (x == sx && y == sy && next == first) {
                break;
            }
            if (first < 0) {
                first = next;
            }
            steps.add(next);
            x += DX[next];
            y += DY[next];
            incoming = next;
        }
        int[] directions = new int[steps.size()];
        for (int i = 0; i < directions.length; i++) {
            directions[i] = steps.get(i);
        }
        return new ChainCode(sx, sy, directions);
    }

    /** The pixels visited, as x0, y0, x1, y1, ... (the start pixel once, even though the path returns to it). */
    public int[] path() {
        int[] xy = new int[2 * (directions.length + 1)];
        int x = startX;
        int y = startY;
        xy[0] = x;
        xy[1] = y;
        for (int i = 0; i < directions.length; i++) {
            x += DX[directions[i]];
            y += DY[directions[i]];
            xy[2 * i + 2] = x;
            xy[2 * i + 3] = y;
        }
        return xy;
    }

    /** The outline polygon: the path's corners only (where the direction changes), x0, y0, x1, y1, ... */
    public List<Integer> corners() {
        List<Integer> out = new ArrayList<>();
        int x = startX;
        int y = startY;
        out.add(x);
        out.add(y);
        for (int i = 0; i < directions.length; i++) {
            x += DX[directions[i]];
            y += DY[directions[i]];
            boolean last = i == directions.length - 1;
            if (!last && directions[i + 1] != directions[i]) {
                out.add(x);
                out.add(y);
            }
        }
        return out;
    }

    /** The DDSM line: start column, start row, the digits, then {@code #}. */
    public String format() {
        StringBuilder sb = new StringBuilder(directions.length * 2 + 16);
        sb.append(startX).append(' ').append(startY);
        for (int d : directions) {
            sb.append(' ').append((char) ('0' + d));
        }
        return sb.append(" #").toString();
    }

    /** Parses a DDSM chain line ({@code x y d d d ... #}); the {@code #} may be missing at the very end. */
    public static ChainCode parse(String line) {
        String[] tokens = line.trim().split("\\s+");
        if (tokens.length < 2) {
            throw new IllegalArgumentException("chain code needs a start column and row: '" + line + "'");
        }
        int x = Integer.parseInt(tokens[0]);
        int y = Integer.parseInt(tokens[1]);
        List<Integer> d = new ArrayList<>();
        for (int i = 2; i < tokens.length; i++) {
            if (tokens[i].equals("#")) {
                break;
            }
            int v = Integer.parseInt(tokens[i]);
            if (v < 0 || v > 7) {
                throw new IllegalArgumentException("chain direction " + v + " is not 0-7");
            }
            d.add(v);
        }
        return new ChainCode(x, y, d.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Fills the closed outline (holes filled), clamped to the image: the path's pixels plus every pixel whose
     * centre lies inside the polygon through the path's pixel centres (even-odd rule; an edge counts for
     * rows {@code min(y0, y1) <= row < max(y0, y1)}).
     *
     * @return {@code height * width} bytes, 1 inside
     */
    public byte[] fill(int width, int height) {
        int[] xy = path();
        int n = xy.length / 2;
        byte[] out = new byte[width * height];
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            minY = Math.min(minY, xy[2 * i + 1]);
            maxY = Math.max(maxY, xy[2 * i + 1]);
        }
        double[] crossings = new double[n + 1];
        for (int row = Math.max(0, minY); row <= Math.min(height - 1, maxY); row++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                int x0 = xy[2 * i];
                int y0 = xy[2 * i + 1];
                int x1 = xy[2 * j];
                int y1 = xy[2 * j + 1];
                if ((y0 <= row && row < y1) || (y1 <= row && row < y0)) {
                    crossings[count++] = x0 + (row - y0) * (double) (x1 - x0) / (y1 - y0);
                }
            }
            java.util.Arrays.sort(crossings, 0, count);
            for (int c = 0; c + 1 < count; c += 2) {
                int from = (int) Math.ceil(crossings[c]);
                int to = (int) Math.floor(crossings[c + 1]);
                for (int col = Math.max(0, from); col <= Math.min(width - 1, to); col++) {
                    out[row * width + col] = 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            int x = xy[2 * i];
            int y = xy[2 * i + 1];
            if (x >= 0 && y >= 0 && x < width && y < height) {
                out[y * width + x] = 1;
            }
        }
        return out;
    }
}
