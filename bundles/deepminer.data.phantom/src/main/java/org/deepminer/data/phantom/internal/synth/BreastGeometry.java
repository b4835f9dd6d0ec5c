package org.deepminer.data.phantom.internal.synth;

import java.util.SplittableRandom;

/**
 * The breast of one view in canonical orientation: a half-ellipse against the chest wall at column 0,
 * the nipple at its tip, and in MLO views the pectoral muscle as a (slightly convex) triangle in the upper
 * left corner. Holds per-pixel maps the renderer needs: the normalised elliptical radius, the distance to
 * the skin and the region of every pixel.
 */
final class BreastGeometry {
    static final byte AIR = 0;
    static final byte TISSUE = 1;
    static final byte PECTORAL = 2;
    static final byte NIPPLE = 3;

    final int size;
    final boolean mlo;
    /** Ellipse centre row (the centre column is 0, the chest wall) and semi-axes, pixels. */
    final double cy;
    final double a;
    final double b;
    final double nippleX;
    final double nippleR;
    /** Pectoral triangle legs along the top edge and the chest wall, and the exponent of its edge curve. */
    final double pectoralWidth;
    final double pectoralHeight;
    final double pectoralCurve;
    final float[] radius;
    final float[] edge;
    final byte[] region;

    private BreastGeometry(int size, boolean mlo, double cy, double a, double b, double nippleR, double pw, double ph,
            double q) {
        this.size = size;
        this.mlo = mlo;
        this.cy = cy;
        this.a = a;
        this.b = b;
        this.nippleR = nippleR;
        this.nippleX = a - 0.3 * nippleR;
        this.pectoralWidth = pw;
        this.pectoralHeight = ph;
        this.pectoralCurve = q;
        int n = size * size;
        radius = new float[n];
        edge = new float[n];
        region = new byte[n];
        double minAxis = Math.min(a, b);
        for (int y = 0; y < size; y++) {
            double v = (y - cy) / b;
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double u = x / a;
                double r = Math.sqrt(u * u + v * v);
                radius[i] = (float) r;
                double dist = Math.hypot(x, y - cy);
                // distance to the ellipse along the ray from its centre: good near the skin, where it matters
                edge[i] = (float) (r < 1e-6 ? minAxis : (1 - r) * dist / r);
                byte g = AIR;
                if (r <= 1) {
                    g = TISSUE;
                } else if (Math.hypot(x - nippleX, y - cy) <= nippleR) {
                    g = NIPPLE;
                }
                if (mlo && inPectoral(x, y)) {
                    g = PECTORAL;
                }
                region[i] = g;
            }
        }
    }

    /**
     * Draws the outline of one view.
     *
     * @param spacingMm pixel size, for the nipple's physical size
     */
    static BreastGeometry draw(SplittableRandom rng, int size, boolean mlo, double spacingMm) {
        double cy;
        double a;
        double b;
        double pw = 0;
        double ph = 0;
        double q = 1;
        if (mlo) {
            cy = size * uniform(rng, 0.40, 0.47);
            a = size * uniform(rng, 0.58, 0.78);
            b = size * uniform(rng, 0.47, 0.54);
            pw = size * uniform(rng, 0.20, 0.34);
            ph = size * uniform(rng, 0.50, 0.80);
            q = uniform(rng, 1.0, 1.25);
        } else {
            cy = size * uniform(rng, 0.47, 0.53);
            a = size * uniform(rng, 0.60, 0.80);
            b = size * uniform(rng, 0.38, 0.46);
        }
        double nippleR = uniform(rng, 3.0, 5.0) / spacingMm;
        return new BreastGeometry(size, mlo, cy, a, b, nippleR, pw, ph, q);
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + rng.nextDouble() * (hi - lo);
    }

    boolean inPectoral(double x, double y) {
        return pectoralLevel(x, y) < 1;
    }

    /** The pectoral edge function: below 1 inside the muscle, 1 on its edge, above outside. */
    double pectoralLevel(double x, double y) {
        if (!mlo || x < 0 || y < 0 || x >= pectoralWidth * 1.1 || y >= pectoralHeight * 1.1) {
            return 2;
        }
        return Math.pow(x / pectoralWidth, pectoralCurve) + Math.pow(y / pectoralHeight, pectoralCurve);
    }

    /** Whether a pixel is breast (tissue, pectoral or nipple). */
    boolean isBreast(int i) {
        return region[i] != AIR;
    }

    /** 1 where a lesion may lie (breast tissue, not muscle, not nipple), else 0. */
    byte[] tissueMap() {
        byte[] map = new byte[region.length];
        for (int i = 0; i < map.length; i++) {
            map[i] = region[i] == TISSUE ? (byte) 1 : 0;
        }
        return map;
    }

    /** 1 on every breast pixel. */
    byte[] breastMap() {
        byte[] map = new byte[region.length];
        for (int i = 0; i < map.length; i++) {
            map[i] = region[i] != AIR ? (byte) 1 : 0;
        }
        return map;
    }

    /**
     * Whether a disc of radius {@code extent} around a point lies in breast tissue at least {@code skinMargin}
     * pixels from the skin and away from the pectoral muscle (checked on its centre and 24 rim points).
     */
    boolean canHold(double cx, double cy, double extent, double skinMargin) {
        if (!holds(cx, cy, skinMargin)) {
            return false;
        }
        for (int k = 0; k < 24; k++) {
            double t = 2 * Math.PI * k / 24;
            if (!holds(cx + extent * Math.cos(t), cy + extent * Math.sin(t), skinMargin)) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(double x, double y, double skinMargin) {
        int xi = (int) Math.round(x);
        int yi = (int) Math.round(y);
        if (xi < 1 || yi < 1 || xi >= size - 1 || yi >= size - 1) {
            return false;
        }
        int i = yi * size + xi;
        return region[i] == TISSUE && edge[i] >= skinMargin && !inPectoral(x - 3, y - 3);
    }

    /** A random point of breast tissue at least {@code skinMargin} from the skin, within {@code maxRadius}. */
    double[] randomPoint(SplittableRandom rng, double maxRadius, double skinMargin) {
        for (int attempt = 0; attempt < 200; attempt++) {
            double t = rng.nextDouble() * Math.PI - Math.PI / 2;
            double r = Math.sqrt(rng.nextDouble()) * maxRadius;
            double x = a * r * Math.cos(t);
            double y = cy + b * r * Math.sin(t);
            if (holds(x, y, skinMargin)) {
                return new double[] {x, y};
            }
        }
        return new double[] {a * 0.5, cy};
    }
}
