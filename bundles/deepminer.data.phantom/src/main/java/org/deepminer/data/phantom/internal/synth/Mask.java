package org.deepminer.data.phantom.internal.synth;

import java.util.ArrayDeque;

/**
 * A binary mask of image pixels stored over its bounding box (one byte per pixel of the box), so that
 * morphology on a lesion costs the lesion's area, not the image's. Immutable: every operation returns a
 * new mask. Coordinates are image pixels, column {@code x}, row {@code y}.
 */
public final class Mask {
    private static final float FAR = 1e20f;

    private final int x;
    private final int y;
    private final int w;
    private final int h;
    private final byte[] bits;

    private Mask(int x, int y, int w, int h, byte[] bits) {
        this.x = x;
        this.y = y;
        this.w = w;
        this.h = h;
        this.bits = bits;
    }

    public static Mask empty() {
        return new Mask(0, 0, 0, 0, new byte[0]);
    }

    /** A mask over a box whose pixels the caller sets through {@link Builder}. */
    public static Builder builder(int x, int y, int w, int h) {
        return new Builder(x, y, Math.max(w, 0), Math.max(h, 0));
    }

    /** Mutable stage of a mask, used while rasterising. */
    public static final class Builder {
        private final int x;
        private final int y;
        private final int w;
        private final int h;
        private final byte[] bits;

        private Builder(int x, int y, int w, int h) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
            this.bits = new byte[w * h];
        }

        public void set(int col, int row) {
            int c = col - x;
            int r = row - y;
            if (c >= 0 && c < w && r >= 0 && r < h) {
                bits[r * w + c] = 1;
            }
        }

        public boolean get(int col, int row) {
            int c = col - x;
            int r = row - y;
            return c >= 0 && c < w && r >= 0 && r < h && bits[r * w + c] != 0;
        }

        public Mask build() {
            return new Mask(x, y, w, h, bits).tight();
        }
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int width() {
        return w;
    }

    public int height() {
        return h;
    }

    public boolean isEmpty() {
        return area() == 0;
    }

    public boolean get(int col, int row) {
        int c = col - x;
        int r = row - y;
        return c >= 0 && c < w && r >= 0 && r < h && bits[r * w + c] != 0;
    }

    public int area() {
        int n = 0;
        for (byte b : bits) {
            n += b;
        }
        return n;
    }

    /** Pixels within distance {@code radius} of the mask, limited to a {@code width x height} image. */
    public Mask dilate(double radius, int width, int height) {
        if (isEmpty() || radius <= 0) {
            return this;
        }
        int pad = (int) Math.ceil(radius);
        int x0 = Math.max(0, x - pad);
        int y0 = Math.max(0, y - pad);
        int x1 = Math.min(width, x + w + pad);
        int y1 = Math.min(height, y + h + pad);
        int bw = x1 - x0;
        int bh = y1 - y0;
        float[] d = new float[bw * bh];
        for (int r = 0; r < bh; r++) {
            for (int c = 0; c < bw; c++) {
                d[r * bw + c] = get(x0 + c, y0 + r) ? 0f : FAR;
            }
        }
        squaredDistance(d, bw, bh);
        double limit = radius * radius;
        byte[] out = new byte[bw * bh];
        for (int i = 0; i < out.length; i++) {
            out[i] = d[i] <= limit ? (byte) 1 : 0;
        }
        return new Mask(x0, y0, bw, bh, out);
    }

    /** Pixels of the mask farther than {@code radius} from any pixel outside it. */
    public Mask erode(double radius) {
        if (isEmpty() || radius <= 0) {
            return this;
        }
        int bw = w + 2;
        int bh = h + 2;
        float[] d = new float[bw * bh];
        for (int r = 0; r < bh; r++) {
            for (int c = 0; c < bw; c++) {
                d[r * bw + c] = get(x - 1 + c, y - 1 + r) ? FAR : 0f;
            }
        }
        squaredDistance(d, bw, bh);
        double limit = radius * radius;
        byte[] out = new byte[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + c] = d[(r + 1) * bw + c + 1] > limit ? (byte) 1 : 0;
            }
        }
        return new Mask(x, y, w, h, out).tight();
    }

    public Mask union(Mask other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        int x0 = Math.min(x, other.x);
        int y0 = Math.min(y, other.y);
        int x1 = Math.max(x + w, other.x + other.w);
        int y1 = Math.max(y + h, other.y + other.h);
        int bw = x1 - x0;
        byte[] out = new byte[bw * (y1 - y0)];
        for (int r = y0; r < y1; r++) {
            for (int c = x0; c < x1; c++) {
                if (get(c, r) || other.get(c, r)) {
                    out[(r - y0) * bw + (c - x0)] = 1;
                }
            }
        }
        return new Mask(x0, y0, bw, y1 - y0, out);
    }

    public Mask minus(Mask other) {
        byte[] out = bits.clone();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (other.get(x + c, y + r)) {
                    out[r * w + c] = 0;
                }
            }
        }
        return new Mask(x, y, w, h, out).tight();
    }

    /** Keeps the pixels that are set in a full-image byte map ({@code region[row * width + col] != 0}). */
    public Mask within(byte[] region, int width) {
        int height = region.length / width;
        byte[] out = new byte[bits.length];
        for (int r = 0; r < h; r++) {
            int row = y + r;
            for (int c = 0; c < w; c++) {
                int col = x + c;
                if (bits[r * w + c] != 0 && col >= 0 && col < width && row >= 0 && row < height
                        && region[row * width + col] != 0) {
                    out[r * w + c] = 1;
                }
            }
        }
        return new Mask(x, y, w, h, out).tight();
    }

    /** The same pixels in the smallest box; an empty mask has a 0 x 0 box. */
    public Mask tight() {
        int minC = w;
        int maxC = -1;
        int minR = h;
        int maxR = -1;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (bits[r * w + c] != 0) {
                    minC = Math.min(minC, c);
                    maxC = Math.max(maxC, c);
                    minR = Math.min(minR, r);
                    maxR = Math.max(maxR, r);
                }
            }
        }
        if (maxC < 0) {
            return empty();
        }
        if (minC == 0 && minR == 0 && maxC == w - 1 && maxR == h - 1) {
            return this;
        }
        int bw = maxC - minC + 1;
        int bh = maxR - minR + 1;
        byte[] out = new byte[bw * bh];
        for (int r = 0; r < bh; r++) {
            System.arraycopy(bits, (r + minR) * w + minC, out, r * bw, bw);
        }
        return new Mask(x + minC, y + minR, bw, bh, out);
    }

    /** The mask with every hole (background not 4-connected to the box's outside) filled. */
    public Mask fillHoles() {
        if (isEmpty()) {
            return this;
        }
        int bw = w + 2;
        int bh = h + 2;
        byte[] outside = new byte[bw * bh];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        outside[0] = 1;
        queue.add(0);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int c = i % bw;
            int r = i / bw;
            int[] next = {c > 0 ? i - 1 : -1, c < bw - 1 ? i + 1 : -1, r > 0 ? i - bw : -1, r < bh - 1 ? i + bw : -1};
            for (int j : next) {
                if (j >= 0 && outside[j] == 0 && !get(x - 1 + j % bw, y - 1 + j / bw)) {
                    outside[j] = 1;
                    queue.add(j);
                }
            }
        }
        byte[] out = new byte[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + c] = outside[(r + 1) * bw + c + 1] == 0 ? (byte) 1 : 0;
            }
        }
        return new Mask(x, y, w, h, out);
    }

    /** The largest 8-connected component (the first in raster order among equals). */
    public Mask largestComponent() {
        int[] label = new int[w * h];
        int best = 0;
        int bestSize = 0;
        int next = 0;
        int[] stack = new int[w * h];
        for (int start = 0; start < bits.length; start++) {
            if (bits[start] == 0 || label[start] != 0) {
                continue;
            }
            next++;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int i = stack[--top];
                size++;
                int c = i % w;
                int r = i / w;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int cc = c + dc;
                        int rr = r + dr;
                        if (cc >= 0 && cc < w && rr >= 0 && rr < h) {
                            int j = rr * w + cc;
                            if (bits[j] != 0 && label[j] == 0) {
                                label[j] = next;
                                stack[top++] = j;
                            }
                        }
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = next;
            }
        }
        if (next <= 1) {
            return this;
        }
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = label[i] == best ? (byte) 1 : 0;
        }
        return new Mask(x, y, w, h, out).tight();
    }

    /** Writes the mask into a full-image byte map (1 inside); pixels outside the image are dropped. */
    public void paint(byte[] full, int width, int height) {
        for (int r = 0; r < h; r++) {
            int row = y + r;
            if (row < 0 || row >= height) {
                continue;
            }
            for (int c = 0; c < w; c++) {
                int col = x + c;
                if (col >= 0 && col < width && bits[r * w + c] != 0) {
                    full[row * width + col] = 1;
                }
            }
        }
    }

    /** Mirrors the mask left-right in an image {@code width} wide. */
    public Mask mirrored(int width) {
        byte[] out = new byte[bits.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + (w - 1 - c)] = bits[r * w + c];
            }
        }
        return new Mask(width - x - w, y, w, h, out);
    }

    /** A mask from a full-image byte map (non-zero inside). */
    public static Mask of(byte[] full, int width, int height) {
        return new Mask(0, 0, width, height, normalised(full)).tight();
    }

    private static byte[] normalised(byte[] full) {
        byte[] out = new byte[full.length];
        for (int i = 0; i < full.length; i++) {
            out[i] = full[i] != 0 ? (byte) 1 : 0;
        }
        return out;
    }

    /**
     * Exact squared Euclidean distance transform in place (Felzenszwalb and Huttenlocher's lower envelope of
     * parabolas): columns first, then rows. Feature pixels hold 0, others {@link #FAR}.
     */
    static void squaredDistance(float[] d, int bw, int bh) {
        int n = Math.max(bw, bh);
        float[] f = new float[n];
        float[] out = new float[n];
        int[] v = new int[n];
        float[] z = new float[n + 1];
        for (int c = 0; c < bw; c++) {
            for (int r = 0; r < bh; r++) {
                f[r] = d[r * bw + c];
            }
            transform1d(f, bh, out, v, z);
            for (int r = 0; r < bh; r++) {
                d[r * bw + c] = out[r];
            }
        }
        for (int r = 0; r < bh; r++) {
            System.arraycopy(d, r * bw, f, 0, bw);
            transform1d(f, bw, out, v, z);
            System.arraycopy(out, 0, d, r * bw, bw);
        }
    }

    private static void transform1d(float[] f, int n, float[] out, int[] v, float[] z) {
        int k = 0;
        int first = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] < FAR) {
                first = q;
                break;
            }
        }
        if (first < 0) {
            for (int q = 0; q < n; q++) {
                out[q] = FAR;
            }
            return;
        }
        v[0] = first;
        z[0] = -Float.MAX_VALUE;
        z[1] = Float.MAX_VALUE;
        for (int q = first + 1; q < n; q++) {
            if (f[q] >= FAR) {
                continue;
            }
            float s;
            while (true) {
                int p = v[k];
                s = ((f[q] + (float) q * q) - (f[p] + (float) p * p)) / (2f * (q - p));
                if (s <= z[k] && k > 0) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Float.MAX_VALUE;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            int p = v[k];
            out[q] = (float) (q - p) * (q - p) + f[p];
        }
    }
}
