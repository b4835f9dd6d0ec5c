package org.deepminer.core.stats;

import java.io.Serializable;

/**
 * Network Dissection's tallies over a data set, per unit {@code k} and concept {@code c}: the sums over
 * images of {@code |M_k ∩ L_c|}, {@code |M_k|} and {@code |L_c|}, where {@code M_k} is the unit's map
 * upsampled bilinearly onto the image and thresholded ({@code >= T_k} for a positive threshold, else
 * {@code > T_k}: the mask of {@link TailTally}) and {@code L_c} the concept's mask.
 * Unions follow: {@code |M ∪ L| = |M| + |L| - |M ∩ L|}. A last pseudo-concept, <em>lesion</em> (any lesion
 * or concept mask), gives the lift.
 *
 * <h2>Algorithm</h2>
 * Upsampling every map to the image costs units x pixels per image, far more than the forward pass. Here
 * the image is cut into the map's cells ({@link BilinearAxis}); every pixel of a cell blends the same four
 * map values, so its value lies between their minimum and maximum (plus {@link Cells#slack}, which covers
 * float rounding). A cell entirely above the threshold adds its area to {@code |M_k|} and its per-concept
 * pixel counts ({@link ConceptRaster}) to the intersections; a cell entirely below adds nothing; only cells
 * the threshold crosses are evaluated pixel by pixel, with the upsampling's own arithmetic. The counts are
 * therefore exactly those of the naive computation, at a cost of units x cells plus the pixels of the
 * crossed cells (the iso-line of {@code T_k}, a small part of the image at a 0.995 quantile).
 *
 * <p>Counts are integers: merging split data gives exactly the counts of one pass.
 */
public final class IouTally implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int units;
    private final int concepts;
    private final int slots;
    private final long[] intersection;
    private final long[] unitArea;
    private final long[] conceptArea;
    private long pixels;
    private long images;

    /**
     * @param units number of units
     * @param concepts number of concepts; the lesion pseudo-concept is index {@code concepts}
     */
    public IouTally(int units, int concepts) {
        this.units = units;
        this.concepts = concepts;
        this.slots = concepts + 1;
        this.intersection = new long[units * slots];
        this.unitArea = new long[units];
        this.conceptArea = new long[slots];
    }

    /**
     * A tally from counts made elsewhere ({@link TailTally}, which finds the thresholds and the counts in one
     * pass); the arrays are taken as they are.
     *
     * @param intersection {@code |M_k ∩ L_c|} at {@code [k * (concepts + 1) + c]}, the lesion pseudo-concept last
     */
    public static IouTally of(int units, int concepts, long[] intersection, long[] unitArea, long[] conceptArea,
            long pixels, long images) {
        IouTally t = new IouTally(units, concepts);
        if (intersection.length != t.intersection.length || unitArea.length != units || conceptArea.length != t.slots) {
            throw new IllegalArgumentException("counts of the wrong shape for " + units + " units x " + concepts + " concepts");
        }
        System.arraycopy(intersection, 0, t.intersection, 0, intersection.length);
        System.arraycopy(unitArea, 0, t.unitArea, 0, units);
        System.arraycopy(conceptArea, 0, t.conceptArea, 0, t.slots);
        t.pixels = pixels;
        t.images = images;
        return t;
    }

    public int units() {
        return units;
    }

    public int concepts() {
        return concepts;
    }

    /** Index of the lesion pseudo-concept. */
    public int lesionIndex() {
        return concepts;
    }

    /**
     * Tallies one image.
     *
     * @param maps activations; unit {@code k}'s map is {@code rows.cells() x cols.cells()} row-major from
     *        {@code offset + k * rows.cells() * cols.cells()}
     * @param thresholds {@code T_k} per unit; a NaN threshold selects no pixel
     * @param raster the image's concept masks ({@link ConceptRaster#load} done for this image)
     */
    public void addImage(float[] maps, int offset, BilinearAxis cols, BilinearAxis rows, float[] thresholds,
            ConceptRaster raster) {
        if (raster.lesionIndex() != concepts) {
            throw new IllegalArgumentException("masks of " + raster.lesionIndex() + " concepts for a tally of " + concepts);
        }
        if (cols.pixels() != raster.width() || rows.pixels() != raster.height()) {
            throw new IllegalArgumentException("a map upsampled to " + cols.pixels() + "x" + rows.pixels()
                    + " over masks of a " + raster.width() + "x" + raster.height() + " image");
        }
        if (thresholds.length < units) {
            throw new IllegalArgumentException(thresholds.length + " thresholds for " + units + " units");
        }
        images++;
        pixels += (long) raster.width() * raster.height();
        for (int l = 0; l < raster.present(); l++) {
            conceptArea[raster.global(l)] += raster.area(l);
        }
        int[] counts = raster.present() > 0 ? raster.cellCounts(cols, rows) : null;
        int cells = cols.cells() * rows.cells();
        for (int k = 0; k < units; k++) {
            if (!Float.isNaN(thresholds[k])) {
                addUnit(k, maps, offset + k * cells, cols, rows, thresholds[k], raster, counts);
            }
        }
    }

    private void addUnit(int unit, float[] maps, int offset, BilinearAxis cols, BilinearAxis rows, float t,
            ConceptRaster raster, int[] counts) {
        int w = cols.cells();
        int h = rows.cells();
        int cells = w * h;
        int[] xs = cols.starts();
        int[] ys = rows.starts();
        float[] fx = cols.fracs();
        float[] fy = rows.fracs();
        int present = raster.present();
        int boxX = raster.boxX();
        int boxY = raster.boxY();
        int boxW = raster.boxW();
        int boxH = raster.boxH();
        long[] bits = raster.rawBits();
        int base = unit * slots;
        long area = 0;
        // a positive threshold keeps its own value (it is a bucket's lower edge, see TailTally); 0 keeps v > 0
        boolean inclusive = t > 0f;
        for (int j = 0; j < h; j++) {
            int y0 = ys[j];
            int y1 = ys[j + 1];
            if (y0 == y1) {
                continue;
            }
            int r0 = offset + j * w;
            int r1 = offset + Math.min(j + 1, h - 1) * w;
            for (int i = 0; i < w; i++) {
                int x0 = xs[i];
                int x1 = xs[i + 1];
                if (x0 == x1) {
                    continue;
                }
                int i1 = Math.min(i + 1, w - 1);
                float a = maps[r0 + i];
                float b = maps[r0 + i1];
                float c = maps[r1 + i];
                float d = maps[r1 + i1];
                float lo = Math.min(Math.min(a, b), Math.min(c, d));
                float hi = Math.max(Math.max(a, b), Math.max(c, d));
                float s = Cells.slack(a, b, c, d);
                if (inclusive ? lo - s >= t : lo - s > t) {
                    area += (long) (x1 - x0) * (y1 - y0);
                    int cell = j * w + i;
                    for (int l = 0; l < present; l++) {
                        intersection[base + raster.global(l)] += counts[l * cells + cell];
                    }
                    continue;
                }
                if (inclusive ? hi + s < t : hi + s <= t) {
                    continue;
                }
                // the threshold may cross this cell: count its pixels as the naive upsampling would
                float ba = b - a;
                float dc = d - c;
                for (int y = y0; y < y1; y++) {
                    float wy = fy[y];
                    int by = y - boxY;
                    boolean inBox = present > 0 && by >= 0 && by < boxH;
                    int rowBits = by * boxW - boxX;
                    for (int x = x0; x < x1; x++) {
                        float top = a + ba * fx[x];
                        float bottom = c + dc * fx[x];
                        float v = top + (bottom - top) * wy;
                        if (inclusive ? v >= t : v > t) {
                            area++;
                            if (inBox && x >= boxX && x < boxX + boxW) {
                                long m = bits[rowBits + x];
                                while (m != 0) {
                                    intersection[base + raster.global(Long.numberOfTrailingZeros(m))]++;
                                    m &= m - 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        unitArea[unit] += area;
    }

    /** Sum over images of {@code |M_k ∩ L_c|}; {@code c = lesionIndex()} for any lesion. */
    public long intersection(int unit, int concept) {
        return intersection[unit * slots + concept];
    }

    /** Sum over images of {@code |M_k|}. */
    public long unitArea(int unit) {
        return unitArea[unit];
    }

    /** Sum over images of {@code |L_c|}. */
    public long conceptArea(int concept) {
        return conceptArea[concept];
    }

    public long union(int unit, int concept) {
        return unitArea[unit] + conceptArea[concept] - intersection(unit, concept);
    }

    /** Pixels of all images tallied. */
    public long pixels() {
        return pixels;
    }

    public long images() {
        return images;
    }

    /** {@code sum |M ∩ L| / sum |M ∪ L|}; 0 when both are empty. */
    public double iou(int unit, int concept) {
        long u = union(unit, concept);
        return u == 0 ? 0 : (double) intersection(unit, concept) / u;
    }

    /**
     * The largest IoU any mask of the unit's total size could reach on this concept: with
     * {@code a = sum |M_k|} and {@code b = sum |L_c|} fixed, {@code IoU = I / (a + b - I)} grows with
     * {@code I}, and {@code I <= min(a, b)}, so {@code IoU <= min(a, b) / max(a, b)}. At a 0.995 quantile
     * {@code a} is about 0.5% of the pixels, so a concept covering a fraction {@code f} has a ceiling of
     * about {@code min(f, 0.005) / max(f, 0.005)}: small concepts cannot pass 0.04 whatever the unit does.
     * 0 when both are empty.
     */
    public double ceiling(int unit, int concept) {
        long a = unitArea[unit];
        long b = conceptArea[concept];
        long max = Math.max(a, b);
        return max == 0 ? 0 : (double) Math.min(a, b) / max;
    }

    /**
     * Specificity: {@code P(unit mask pixel on c | on any lesion) / P(c | any lesion)}, that is
     * {@code (I_kc / I_k,lesion) / (|L_c| / |L_lesion|)} (every concept mask lies in the lesion mask).
     * 1 for a unit that fires on lesions regardless of concept; NaN when the unit's mask never touches a
     * lesion or the concept has no pixels.
     */
    public double lift(int unit, int concept) {
        long onLesion = intersection(unit, concepts);
        long c = conceptArea[concept];
        if (onLesion == 0 || c == 0) {
            return Double.NaN;
        }
        return ((double) intersection(unit, concept) / onLesion) / ((double) c / conceptArea[concepts]);
    }

    public void merge(IouTally other) {
        if (other.units != units || other.concepts != concepts) {
            throw new IllegalArgumentException("cannot merge an IoU tally of " + other.units + " units x "
                    + other.concepts + " concepts into one of " + units + " x " + concepts);
        }
        for (int i = 0; i < intersection.length; i++) {
            intersection[i] += other.intersection[i];
        }
        for (int i = 0; i < units; i++) {
            unitArea[i] += other.unitArea[i];
        }
        for (int i = 0; i < slots; i++) {
            conceptArea[i] += other.conceptArea[i];
        }
        pixels += other.pixels;
        images += other.images;
    }
}
