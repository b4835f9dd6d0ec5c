package org.deepminer.data.phantom.internal.synth;

/**
 * Rasterises thin structures (vessels, spicules, distortion lines, calcification specks) into a float image.
 *
 * <p>Lines are drawn as strokes: each polyline goes into a scratch layer with max-compositing (so that
 * joints are not counted twice), then the layer is added to the image once with a gain and cleared.
 * Specks are added directly with their area coverage, found by 4 x 4 supersampling of each pixel.
 * Not thread-safe.
 */
final class Canvas {
    private static final int SUB = 4;

    final int size;
    private final float[] layer;
    private int x0;
    private int y0;
    private int x1;
    private int y1;

    Canvas(int size) {
        this.size = size;
        this.layer = new float[size * size];
        resetBox();
    }

    private void resetBox() {
        x0 = size;
        y0 = size;
        x1 = -1;
        y1 = -1;
    }

    /**
     * Draws one segment of a stroke into the layer: a Gaussian ridge whose width and height vary linearly
     * from one end to the other.
     *
     * @param w0 width (about the full width at half maximum) in pixels at the start
     * @param a0 height at the start (relative; the gain is applied when the stroke is committed)
     */
    void segment(double ax, double ay, double bx, double by, double w0, double w1, double a0, double a1) {
        double reach = Math.max(w0, w1) * 1.5 + 1.5;
        int cx0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
        int cy0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int cx1 = Math.min(size - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        int cy1 = Math.min(size - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        if (cx0 > cx1 || cy0 > cy1) {
            return;
        }
        x0 = Math.min(x0, cx0);
        y0 = Math.min(y0, cy0);
        x1 = Math.max(x1, cx1);
        y1 = Math.max(y1, cy1);
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = Math.max(dx * dx + dy * dy, 1e-9);
        for (int y = cy0; y <= cy1; y++) {
            int row = y * size;
            for (int x = cx0; x <= cx1; x++) {
                double t = ((x - ax) * dx + (y - ay) * dy) / len2;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double px = ax + t * dx - x;
                double py = ay + t * dy - y;
                double d2 = px * px + py * py;
                double width = w0 + t * (w1 - w0);
                // sigma ~ width / 2.35 (FWHM), never below a pixel fraction so thin lines stay sampled
                double sigma = Math.max(0.42, width / 2.35);
                double v = (a0 + t * (a1 - a0)) * Math.exp(-d2 / (2 * sigma * sigma));
                if (v > layer[row + x]) {
                    layer[row + x] = (float) v;
                }
            }
        }
    }

    /** Draws a polyline whose width and height taper linearly along its length. */
    void polyline(double[] xs, double[] ys, double wStart, double wEnd, double aStart, double aEnd) {
        int n = xs.length;
        double total = 0;
        double[] cumulative = new double[n];
        for (int i = 1; i < n; i++) {
            total += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
            cumulative[i] = total;
        }
        if (total <= 0) {
            return;
        }
        for (int i = 1; i < n; i++) {
            double t0 = cumulative[i - 1] / total;
            double t1 = cumulative[i] / total;
            segment(xs[i - 1], ys[i - 1], xs[i], ys[i], wStart + t0 * (wEnd - wStart), wStart + t1 * (wEnd - wStart),
                    aStart + t0 * (aEnd - aStart), aStart + t1 * (aEnd - aStart));
        }
    }

    /**
     * Adds the layer to an image with a gain, optionally marking the pixels where the layer reaches
     * {@code maskLevel}, then clears the layer.
     *
     * @param gland glandular fraction map: over dense tissue a lesion keeps only {@code 1 - obscuring} of
     *        its contrast (it replaces tissue of similar attenuation); null for full contrast everywhere
     * @param region pixels with 0 here receive nothing (air), or null
     * @param mask receives the drawn pixels, or null
     */
    void commit(float[] image, float gain, float[] gland, float obscuring, byte[] region, Mask.Builder mask,
            float maskLevel) {
        if (x1 < 0) {
            return;
        }
        for (int y = y0; y <= y1; y++) {
            int row = y * size;
            for (int x = x0; x <= x1; x++) {
                int i = row + x;
                float v = layer[i];
                if (v == 0f) {
                    continue;
                }
                layer[i] = 0f;
                if (region != null && region[i] == 0) {
                    continue;
                }
                float w = gland == null ? 1f : 1f - obscuring * Math.min(1f, gland[i]);
                image[i] += gain * v * w;
                if (mask != null && v >= maskLevel) {
                    mask.set(x, y);
                }
            }
        }
        resetBox();
    }

    /** A small closed shape for supersampled rasterisation. */
    interface Shape {
        double minX();

        double minY();

        double maxX();

        double maxY();

        boolean inside(double x, double y);
    }

    /**
     * Adds {@code amplitude x coverage} of a shape to the image, coverage measured on a 4 x 4 grid per pixel.
     *
     * @return the covered pixel area
     */
    double fill(float[] image, Shape shape, double amplitude) {
        int cx0 = Math.max(0, (int) Math.floor(shape.minX() + 0.5));
        int cy0 = Math.max(0, (int) Math.floor(shape.minY() + 0.5));
        int cx1 = Math.min(size - 1, (int) Math.ceil(shape.maxX() - 0.5));
        int cy1 = Math.min(size - 1, (int) Math.ceil(shape.maxY() - 0.5));
        double area = 0;
        double step = 1.0 / SUB;
        for (int y = cy0; y <= cy1; y++) {
            for (int x = cx0; x <= cx1; x++) {
                int hits = 0;
                for (int sy = 0; sy < SUB; sy++) {
                    double py = y - 0.5 + (sy + 0.5) * step;
                    for (int sx = 0; sx < SUB; sx++) {
                        if (shape.inside(x - 0.5 + (sx + 0.5) * step, py)) {
                            hits++;
                        }
                    }
                }
                if (hits > 0) {
                    double coverage = hits / (double) (SUB * SUB);
                    image[y * size + x] += (float) (amplitude * coverage);
                    area += coverage;
                }
            }
        }
        return area;
    }

    /** Adds an isotropic Gaussian splat (a hazy speck). */
    void splat(float[] image, double cx, double cy, double sigma, double amplitude) {
        int r = (int) Math.ceil(3 * sigma);
        int xa = Math.max(0, (int) Math.floor(cx) - r);
        int xb = Math.min(size - 1, (int) Math.ceil(cx) + r);
        int ya = Math.max(0, (int) Math.floor(cy) - r);
        int yb = Math.min(size - 1, (int) Math.ceil(cy) + r);
        double k = 1 / (2 * sigma * sigma);
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                image[y * size + x] += (float) (amplitude * Math.exp(-d2 * k));
            }
        }
    }

    static Shape disc(double cx, double cy, double radius) {
        double r2 = radius * radius;
        return new Bounded(cx - radius, cy - radius, cx + radius, cy + radius) {
            @Override
            public boolean inside(double x, double y) {
                return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r2;
            }
        };
    }

    static Shape ring(double cx, double cy, double inner, double outer) {
        double i2 = inner * inner;
        double o2 = outer * outer;
        return new Bounded(cx - outer, cy - outer, cx + outer, cy + outer) {
            @Override
            public boolean inside(double x, double y) {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                return d2 <= o2 && d2 >= i2;
            }
        };
    }

    /** A segment with round ends (a rod), {@code radius} its half width. */
    static Shape capsule(double ax, double ay, double bx, double by, double radius) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = Math.max(dx * dx + dy * dy, 1e-9);
        double r2 = radius * radius;
        return new Bounded(Math.min(ax, bx) - radius, Math.min(ay, by) - radius, Math.max(ax, bx) + radius,
                Math.max(ay, by) + radius) {
            @Override
            public boolean inside(double x, double y) {
                double t = ((x - ax) * dx + (y - ay) * dy) / len2;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double px = ax + t * dx - x;
                double py = ay + t * dy - y;
                return px * px + py * py <= r2;
            }
        };
    }

    /** A simple polygon (even-odd rule). */
    static Shape polygon(double[] xs, double[] ys) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < xs.length; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        return new Bounded(minX, minY, maxX, maxY) {
            @Override
            public boolean inside(double x, double y) {
                boolean in = false;
                for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
                    if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                        in = !in;
                    }
                }
                return in;
            }
        };
    }

    private abstract static class Bounded implements Shape {
        private final double minX;
        private final double minY;
        private final double maxX;
        private final double maxY;

        Bounded(double minX, double minY, double maxX, double maxY) {
            this.minX = minX;
            this.minY = minY;
            this.maxX = maxX;
            this.maxY = maxY;
        }

        @Override
        public double minX() {
            return minX;
        }

        @Override
        public double minY() {
            return minY;
        }

        @Override
        public double maxX() {
            return maxX;
        }

        @Override
        public double maxY() {
            return maxY;
        }
    }
}
