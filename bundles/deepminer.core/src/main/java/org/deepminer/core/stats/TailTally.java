package org.deepminer.core.stats;

import java.io.Serializable;

/**
 * Network Dissection in one pass: every unit's threshold {@code T_k} (the upper {@code tail} quantile of its
 * bilinearly upsampled activations over the data set) and the IoU tallies of the masks {@code A_k >= T_k}
 * with every concept's masks, without knowing {@code T_k} while the images go by.
 *
 * <h2>Algorithm</h2>
 * Each unit keeps the bucket counts of {@link UnitQuantiles} (relative width {@code 2^-m}) and, beside them,
 * the same buckets counted only over the pixels of each concept (and of any lesion). Whatever bucket the
 * threshold falls in at the end, the intersections {@code |M_k ∩ L_c|} and {@code |M_k|} are then the sums of
 * the buckets from it upwards. Only the top of each unit's distribution can hold the threshold, so after
 * each image a unit keeps the buckets above a <em>floor</em>: the highest bucket with at least
 * {@code margin x r} values above it ({@code r = ceil(tail x N)} for the {@code N} values so far; over the
 * first 16 images the margin is wider, {@code margin x 16 / images}, since a few strong images early on are
 * not typical of the data set); the floor only rises, and everything below it is a count. A map cell whose four corners (plus {@link Cells#slack})
 * lie below the floor adds its area to that count at once; a cell inside one bucket adds its area and its
 * per-concept pixel counts ({@link ConceptRaster}) to that bucket; the other cells are read row by row from
 * their higher end with the upsampling's own arithmetic, each row only as far as the floor. At a 0.005 tail
 * and a margin of 3, that is the top 2% or so of the pixels instead of all of them.
 *
 * <h2>Exactness</h2>
 * Let {@code T} be the exact upper-{@code tail} quantile of a unit's upsampled values, {@code T'} the lower
 * edge of its bucket, and {@code M_k = {v > 0 : v >= T'}}. When {@link #threshold} is resolved, {@code T'} is
 * exactly {@link UnitQuantiles}' estimate (within {@code 2^-m} of {@code T}, never above it) and the counts of
 * {@link #iou} are exactly those of upsampling every map and thresholding it at {@code T'}. It is resolved
 * when the threshold lies above the floor: always when the values above the floor at its last rise are at
 * least {@code 1/margin} of the data's tail, that is when the data set is not more than {@code margin} times
 * larger than it was then, or its later part is not much weaker in this unit. Otherwise (an ordered data set
 * whose strong images come first) the threshold is reported unresolved with the floor as its upper bound,
 * and the classic two passes ({@link UnitQuantiles} then {@link IouTally}) give exact figures. A threshold of
 * 0 (fewer than a {@code tail} of the values non-zero) selects every positive value. A negative threshold
 * (a layer without ReLU, mostly negative) is unresolved.
 *
 * <p>Merging tallies of split data gives the thresholds and counts of one pass whenever both are resolved.
 * A merged tally keeps the highest of the parts' floors, above which the part that raised it holds at least
 * {@code margin / 1.25} times its own tail (the floor is reconsidered whenever a part's count has grown by a
 * quarter). So the merge of {@code p} parts of equal size is resolved whatever the order of the data when
 * {@code margin >= 1.25 p} ({@link #marginFor}): the default margin of 3 covers the runner's two accumulation
 * threads even when one of them got every strong image (tested, as are four parts with a margin of 5); parts
 * of very unequal size can leave a unit unresolved, which is reported, not wrong.
 * Memory: units x (concepts + 2) x the buckets between floor and maximum (a few hundred), not images.
 */
public final class TailTally implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Three times the tail above the floor: two equal parts always merge resolved (see the class comment). */
    public static final int DEFAULT_MARGIN = 3;
    /** A floor is reconsidered when a unit's count has grown by this factor (a quarter). */
    private static final double SETTLE_GROWTH = 1.25;
    /** A floor moves only by at least this many buckets: fewer copies. */
    private static final int HYSTERESIS = 4;
    /** Images after which the floor keeps exactly {@code margin} times the tail above it (before: more). */
    private static final int MATURE = 16;
    /** Side of the blocks a large cell is cut into when it spans several buckets. */
    private static final int BLOCK = 4;
    /** Room left above the highest bucket when the frame is rebuilt. */
    private static final int HEADROOM = 16;

    private final int units;
    private final int concepts;
    private final int slots;
    private final double tail;
    private final int margin;
    private final int mantissaBits;
    private final int shift;
    private final int window;

    /** Per unit: the key of bucket 0 of the frame. */
    private final int[] low;
    /** Per unit: bucket counts over all pixels; null until the unit's first non-zero value. */
    private final long[][] counts;
    /** Per unit and concept slot: the same buckets over the slot's pixels; null until used. */
    private final long[][][] inSlot;
    /** Per unit: whether the floor has risen; below it only a total is kept. */
    private final boolean[] raised;
    private final long[] zeros;
    private final long[] belowPositive;
    private final long[] belowNegative;
    private final long[] belowFloor;
    private final long[] nans;
    private final long[] total;
    /** Per unit: its count when the floor was last considered. */
    private final long[] settledAt;
    private final long[] conceptArea;
    private long pixels;
    private long images;
    /** Per cell of {@link #addRaisedCell}: each column's top blend and its span to the bottom (scratch). */
    private transient float[] columnTop;
    private transient float[] columnSpan;

    /**
     * The margin for a tally that will be merged with {@code parts - 1} others of about its size: at least
     * {@code 1.25 x parts}, so that whichever part raised the merged floor kept the whole data set's tail above
     * it, however the strong images fell among the parts; never below {@link #DEFAULT_MARGIN}.
     */
    public static int marginFor(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("a tally merged from " + parts + " parts");
        }
        return Math.max(DEFAULT_MARGIN, (int) Math.ceil(SETTLE_GROWTH * parts));
    }

    /** A tally with {@link UnitQuantiles}' default buckets and the default margin. */
    public TailTally(int units, int concepts, double tail) {
        this(units, concepts, tail, DEFAULT_MARGIN, UnitQuantiles.DEFAULT_MANTISSA_BITS, UnitQuantiles.DEFAULT_WINDOW);
    }

    /**
     * @param units number of units
     * @param concepts number of concepts; the lesion pseudo-concept is index {@code concepts}
     * @param tail the upper tail whose quantile is the threshold, in (0, 1)
     * @param margin the floor keeps at least {@code margin} times the tail's values above it
     * @param mantissaBits {@code m}: buckets of relative width {@code 2^-m}
     * @param window buckets kept below a unit's maximum before the floor first rises
     */
    public TailTally(int units, int concepts, double tail, int margin, int mantissaBits, int window) {
        if (units < 0 || concepts < 0 || !(tail > 0 && tail < 1) || margin < 1 || mantissaBits < 1 || mantissaBits > 16
                || window < 2 * HEADROOM) {
            throw new IllegalArgumentException("tail tally of " + units + " units, " + concepts + " concepts, tail " + tail
                    + ", margin " + margin + ", " + mantissaBits + " mantissa bits, window " + window);
        }
        this.units = units;
        this.concepts = concepts;
        this.slots = concepts + 1;
        this.tail = tail;
        this.margin = margin;
        this.mantissaBits = mantissaBits;
        this.shift = 23 - mantissaBits;
        this.window = window;
        this.low = new int[units];
        this.counts = new long[units][];
        this.inSlot = new long[units][slots][];
        this.raised = new boolean[units];
        this.zeros = new long[units];
        this.belowPositive = new long[units];
        this.belowNegative = new long[units];
        this.belowFloor = new long[units];
        this.nans = new long[units];
        this.total = new long[units];
        this.settledAt = new long[units];
        this.conceptArea = new long[slots];
    }

    public int units() {
        return units;
    }

    public int concepts() {
        return concepts;
    }

    public long images() {
        return images;
    }

    /** Values of a unit, NaN excluded. */
    public long count(int unit) {
        return total[unit];
    }

    public long nanCount(int unit) {
        return nans[unit];
    }

    /** Buckets a unit keeps now (its memory, for tests and the benchmark). */
    public int keptBuckets(int unit) {
        return counts[unit] == null ? 0 : counts[unit].length;
    }

    /**
     * Tallies one image.
     *
     * @param maps activations; unit {@code k}'s map is {@code rows.cells() x cols.cells()} row-major from
     *        {@code offset + k * rows.cells() * cols.cells()}
     * @param raster the image's concept masks ({@link ConceptRaster#load} done for this image)
     */
    public void addImage(float[] maps, int offset, BilinearAxis cols, BilinearAxis rows, ConceptRaster raster) {
        if (raster.lesionIndex() != concepts) {
            throw new IllegalArgumentException("masks of " + raster.lesionIndex() + " concepts for a tally of " + concepts);
        }
        if (cols.pixels() != raster.width() || rows.pixels() != raster.height()) {
            throw new IllegalArgumentException("a map upsampled to " + cols.pixels() + "x" + rows.pixels()
                    + " over masks of a " + raster.width() + "x" + raster.height() + " image");
        }
        images++;
        pixels += (long) raster.width() * raster.height();
        for (int l = 0; l < raster.present(); l++) {
            conceptArea[raster.global(l)] += raster.area(l);
        }
        int[] cellCounts = raster.present() > 0 ? raster.cellCounts(cols, rows) : null;
        int cells = cols.cells() * rows.cells();
        for (int k = 0; k < units; k++) {
            addUnit(k, maps, offset + k * cells, cols, rows, raster, cellCounts);
            settle(k);
        }
    }

    private void addUnit(int unit, float[] maps, int offset, BilinearAxis cols, BilinearAxis rows, ConceptRaster raster,
            int[] cellCounts) {
        int w = cols.cells();
        int h = rows.cells();
        int cells = w * h;
        int[] xs = cols.starts();
        int[] ys = rows.starts();
        float[] fx = cols.fracs();
        float[] fy = rows.fracs();
        int present = raster.present();
        // Per map row, the largest magnitude of it and the next: a whole row of cells below a raised floor is
        // one count. Most rows of most maps are, so the cells are only looked at near the unit's top values.
        boolean skipRows = raised[unit];
        float floorEdge = lowerEdge(low[unit]);
        float[] rowMax = skipRows ? rowMax(maps, offset, w, h) : null;
        long zeroArea = 0;
        long belowArea = 0;
        long totalArea = 0;
        for (int j = 0; j < h; j++) {
            int y0 = ys[j];
            int y1 = ys[j + 1];
            if (y0 == y1) {
                continue;
            }
            if (skipRows) {
                float m = Math.max(rowMax[j], rowMax[Math.min(j + 1, h - 1)]);
                if (m + m * 0x1p-18f + Float.MIN_NORMAL < floorEdge) { // NaN rows fail the test
                    long area = (long) (y1 - y0) * cols.pixels();
                    belowArea += area;
                    totalArea += area;
                    continue;
                }
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
                long area = (long) (x1 - x0) * (y1 - y0);
                if (a != a || b != b || c != c || d != d) {
                    nans[unit] += area; // a NaN corner makes every blended pixel NaN
                    continue;
                }
                if (a == 0f && b == 0f && c == 0f && d == 0f) {
                    zeroArea += area;
                    totalArea += area;
                    continue;
                }
                float lo = Math.min(Math.min(a, b), Math.min(c, d));
                float hi = Math.max(Math.max(a, b), Math.max(c, d));
                float s = Cells.slack(a, b, c, d);
                float lower = lo - s;
                float upper = hi + s;
                if (skipRows && upper < floorEdge) {
                    belowArea += area;
                    totalArea += area;
                    continue;
                }
                if (!skipRows && counts[unit] != null && upper < lowerEdge(low[unit])) {
                    if (lower > 0f) {
                        belowPositive[unit] += area;
                        total[unit] += area;
                        continue;
                    }
                    if (upper < 0f) {
                        belowNegative[unit] += area;
                        total[unit] += area;
                        continue;
                    }
                }
                if (lower > 0f || upper < 0f) {
                    int kl = key(lower);
                    int ku = key(upper);
                    if (kl == ku) {
                        // every pixel of the cell is in one bucket
                        frame(unit, ku);
                        int idx = ku - low[unit];
                        if (idx >= 0) {
                            counts[unit][idx] += area;
                            total[unit] += area;
                            int cell = j * w + i;
                            for (int l = 0; l < present; l++) {
                                int n = cellCounts[l * cells + cell];
                                if (n != 0) {
                                    slot(unit, raster.global(l))[idx] += n;
                                }
                            }
                            continue;
                        }
                    }
                }
                if (upper > 0f) {
                    frame(unit, key(upper)); // no pixel of the cell lies above its top
                }
                if (raised[unit] && Float.isFinite(b - a) && Float.isFinite(d - c) && Float.isFinite(a) && Float.isFinite(c)) {
                    addRaisedCell(unit, a, b - a, c, d - c, s, x0, x1, y0, y1, fx, fy, raster);
                } else if ((x1 - x0) * (y1 - y0) > BLOCK * BLOCK && raised[unit]) {
                    addBlocks(unit, a, b - a, c, d - c, s, x0, x1, y0, y1, fx, fy, raster);
                } else {
                    addPixels(unit, a, b - a, c, d - c, x0, x1, y0, y1, fx, fy, raster);
                }
            }
        }
        zeros[unit] += zeroArea;
        belowFloor[unit] += belowArea; // only a raised unit skips rows and cells below its floor
        total[unit] += totalArea;
    }

    /** Largest magnitude of each map row; NaN for a row with a NaN. */
    private static float[] rowMax(float[] maps, int offset, int w, int h) {
        float[] out = new float[h];
        for (int j = 0; j < h; j++) {
            float m = 0f;
            boolean nan = false;
            int from = offset + j * w;
            for (int p = from; p < from + w; p++) {
                float v = maps[p];
                nan |= v != v;
                m = Math.max(m, Math.abs(v));
            }
            out[j] = nan ? Float.NaN : m;
        }
        return out;
    }

    /**
     * A large cell that spans several buckets, cut in four again and again: the blend is bilinear in the
     * pixels' fractions, which grow with x and y, so a block's values lie between those of its four corner
     * pixels; computed values stray from exact ones by at most the slack {@code s}, hence the bounds
     * {@code min - 2s} and {@code max + 2s}. A block below the floor or inside one bucket is added at once;
     * blocks of at most {@link #BLOCK} x {@link #BLOCK} pixels that are neither, pixel by pixel. The work
     * follows the band of values around the floor, not the area of the cell.
     */
    private void addBlocks(int unit, float a, float ba, float c, float dc, float s, int x0, int x1, int y0, int y1,
            float[] fx, float[] fy, ConceptRaster raster) {
        float left0 = a + ba * fx[x0];
        float right0 = a + ba * fx[x1 - 1];
        float left1 = c + dc * fx[x0];
        float right1 = c + dc * fx[x1 - 1];
        float v00 = left0 + (left1 - left0) * fy[y0];
        float v01 = right0 + (right1 - right0) * fy[y0];
        float v10 = left0 + (left1 - left0) * fy[y1 - 1];
        float v11 = right0 + (right1 - right0) * fy[y1 - 1];
        float lower = Math.min(Math.min(v00, v01), Math.min(v10, v11)) - 2 * s;
        float upper = Math.max(Math.max(v00, v01), Math.max(v10, v11)) + 2 * s;
        long area = (long) (x1 - x0) * (y1 - y0);
        if (upper < lowerEdge(low[unit])) {
            belowFloor[unit] += area; // raised: below the floor only the total counts
            total[unit] += area;
            return;
        }
        if ((lower > 0f || upper < 0f) && key(lower) == key(upper)) {
            int idx = key(upper) - low[unit];
            if (idx >= 0 && idx < counts[unit].length) {
                counts[unit][idx] += area;
                total[unit] += area;
                blockSlots(unit, idx, x0, x1, y0, y1, raster);
                return;
            }
        }
        int w = x1 - x0;
        int h = y1 - y0;
        if (w <= BLOCK && h <= BLOCK) {
            addPixels(unit, a, ba, c, dc, x0, x1, y0, y1, fx, fy, raster);
            return;
        }
        int xm = w > BLOCK ? x0 + w / 2 : x1;
        int ym = h > BLOCK ? y0 + h / 2 : y1;
        addBlocks(unit, a, ba, c, dc, s, x0, xm, y0, ym, fx, fy, raster);
        if (xm < x1) {
            addBlocks(unit, a, ba, c, dc, s, xm, x1, y0, ym, fx, fy, raster);
        }
        if (ym < y1) {
            addBlocks(unit, a, ba, c, dc, s, x0, xm, ym, y1, fx, fy, raster);
            if (xm < x1) {
                addBlocks(unit, a, ba, c, dc, s, xm, x1, ym, y1, fx, fy, raster);
            }
        }
    }

    /** Adds a block's concept pixels to bucket {@code idx} of their slots. */
    private void blockSlots(int unit, int idx, int x0, int x1, int y0, int y1, ConceptRaster raster) {
        if (raster.present() == 0) {
            return;
        }
        int bx0 = Math.max(x0, raster.boxX());
        int bx1 = Math.min(x1, raster.boxX() + raster.boxW());
        int by0 = Math.max(y0, raster.boxY());
        int by1 = Math.min(y1, raster.boxY() + raster.boxH());
        long[] bits = raster.rawBits();
        for (int y = by0; y < by1; y++) {
            int row = (y - raster.boxY()) * raster.boxW() - raster.boxX();
            for (int x = bx0; x < bx1; x++) {
                long m = bits[row + x];
                while (m != 0) {
                    slot(unit, raster.global(Long.numberOfTrailingZeros(m)))[idx]++;
                    m &= m - 1;
                }
            }
        }
    }

    /** One cell pixel by pixel, as the naive upsampling computes it. */
    private void addPixels(int unit, float a, float ba, float c, float dc, int x0, int x1, int y0, int y1, float[] fx,
            float[] fy, ConceptRaster raster) {
        long[] bins = counts[unit];
        long[][] bySlot = inSlot[unit];
        int lo = low[unit];
        int present = raster.present();
        int boxX = raster.boxX();
        int boxY = raster.boxY();
        int boxW = raster.boxW();
        int boxH = raster.boxH();
        long[] bits = raster.rawBits();
        // counters in locals: a store to the unit's arrays per pixel would not be hoisted out of the loop
        boolean isRaised = raised[unit];
        long seen = 0;
        long zero = 0;
        long nan = 0;
        long under = 0;
        for (int y = y0; y < y1; y++) {
            float wy = fy[y];
            int by = y - boxY;
            boolean rowInBox = present > 0 && by >= 0 && by < boxH;
            int rowBits = by * boxW - boxX;
            for (int x = x0; x < x1; x++) {
                float top = a + ba * fx[x];
                float bottom = c + dc * fx[x];
                float v = top + (bottom - top) * wy;
                if (v != v) {
                    nan++; // infinite corners
                    continue;
                }
                seen++;
                if (v == 0f) {
                    zero++;
                    continue;
                }
                int key = key(v);
                int idx = bins == null ? -1 : key - lo;
                if (idx < 0) {
                    if (bins == null && v > 0f) {
                        frame(unit, key);
                        bins = counts[unit];
                        bySlot = inSlot[unit];
                        lo = low[unit];
                        idx = key - lo;
                    } else if (isRaised) {
                        under++;
                        continue;
                    } else {
                        below(unit, v);
                        continue;
                    }
                }
                if (idx >= bins.length) {
                    // only for a negative cell (positive ones were framed before): a negative maximum
                    frame(unit, key);
                    bins = counts[unit];
                    bySlot = inSlot[unit];
                    lo = low[unit];
                    idx = key - lo;
                    if (idx < 0) {
                        below(unit, v);
                        continue;
                    }
                }
                addRun(unit, bins, bySlot, idx, rowInBox && x >= boxX && x < boxX + boxW ? bits[rowBits + x] : 0L, 1,
                        raster);
            }
        }
        nans[unit] += nan;
        total[unit] += seen;
        zeros[unit] += zero;
        belowFloor[unit] += under;
    }

    /** Adds {@code n} pixels of bucket {@code idx} with concept bits {@code m}. */
    private void addRun(int unit, long[] bins, long[][] bySlot, int idx, long m, int n, ConceptRaster raster) {
        bins[idx] += n;
        while (m != 0) {
            int g = raster.global(Long.numberOfTrailingZeros(m));
            long[] sc = bySlot[g];
            if (sc == null) {
                sc = slot(unit, g);
            }
            sc[idx] += n;
            m &= m - 1;
        }
    }

    /**
     * A cell of a raised unit (its floor positive), corners finite, row by row. Along a row the blend is
     * affine in the pixels' fractions, which grow with x: its values fall from one end of the row to the other.
     * Each row is read from its higher end, and once a computed value lies {@code 2s} below the floor, the
     * rest of the row, lower still in exact arithmetic and within {@code s} of it when computed, is counted
     * below the floor at once. So the pixels evaluated are the ones above the floor and about one per row,
     * with the same arithmetic as the naive upsampling. A row whose two ends differ by less than {@code 2s}
     * has no sure direction and is read whole.
     */
    private void addRaisedCell(int unit, float a, float ba, float c, float dc, float s, int x0, int x1, int y0, int y1,
            float[] fx, float[] fy, ConceptRaster raster) {
        int w = x1 - x0;
        if (columnTop == null || columnTop.length < w) {
            columnTop = new float[Math.max(w, 64)];
            columnSpan = new float[columnTop.length];
        }
        float[] top = columnTop;
        float[] span = columnSpan;
        for (int i = 0; i < w; i++) {
            float t = a + ba * fx[x0 + i];
            top[i] = t;
            span[i] = (c + dc * fx[x0 + i]) - t;
        }
        // the cell's top bucket was framed by the caller: no computed value lies above the frame
        long[] bins = counts[unit];
        int lo = low[unit];
        float stop = lowerEdge(lo) - 2 * s;
        long[][] bySlot = inSlot[unit];
        int present = raster.present();
        int boxX = raster.boxX();
        int boxY = raster.boxY();
        int boxW = raster.boxW();
        int boxH = raster.boxH();
        long[] bits = raster.rawBits();
        long zero = 0;
        long under = 0;
        // neighbouring pixels mostly share a bucket and their concepts: counted as runs
        int runIdx = -1;
        long runBits = 0;
        int run = 0;
        for (int y = y0; y < y1; y++) {
            float wy = fy[y];
            float left = top[0] + span[0] * wy;
            float right = top[w - 1] + span[w - 1] * wy;
            if (Math.max(left, right) < stop) {
                under += w;
                continue;
            }
            boolean sure = Math.abs(right - left) > 2 * s;
            int from = right >= left ? w - 1 : 0;
            int step = right >= left ? -1 : 1;
            int by = y - boxY;
            boolean rowInBox = present > 0 && by >= 0 && by < boxH;
            int rowBits = by * boxW - boxX;
            for (int n = 0, i = from; n < w; n++, i += step) {
                float v = top[i] + span[i] * wy;
                if (sure && v < stop) {
                    under += w - n;
                    break;
                }
                if (v == 0f) {
                    zero++;
                    continue;
                }
                int idx = key(v) - lo;
                if (idx < 0) {
                    under++; // below the positive floor, negative values included
                    continue;
                }
                int x = x0 + i;
                long m = rowInBox && x >= boxX && x < boxX + boxW ? bits[rowBits + x] : 0L;
                if (idx == runIdx && m == runBits) {
                    run++;
                    continue;
                }
                if (run > 0) {
                    addRun(unit, bins, bySlot, runIdx, runBits, run, raster);
                }
                runIdx = idx;
                runBits = m;
                run = 1;
            }
        }
        if (run > 0) {
            addRun(unit, bins, bySlot, runIdx, runBits, run, raster);
        }
        total[unit] += (long) w * (y1 - y0);
        zeros[unit] += zero;
        belowFloor[unit] += under;
    }

    private void below(int unit, float v) {
        if (raised[unit]) {
            belowFloor[unit]++;
        } else if (v > 0f) {
            belowPositive[unit]++;
        } else {
            belowNegative[unit]++;
        }
    }

    private long[] slot(int unit, int g) {
        long[] sc = inSlot[unit][g];
        if (sc == null) {
            sc = new long[counts[unit].length];
            inSlot[unit][g] = sc;
        }
        return sc;
    }

    /**
     * Makes bucket {@code key} part of the unit's frame. Before the floor rises the frame is the
     * {@code window} buckets below the largest key; after, it starts at the floor and grows upwards (a frame
     * wider than the window moves its floor up).
     */
    private void frame(int unit, int key) {
        long[] c = counts[unit];
        if (c == null) {
            low[unit] = key - window + 1 + HEADROOM;
            counts[unit] = new long[window];
            return;
        }
        int top = low[unit] + c.length - 1;
        if (key <= top) {
            return;
        }
        if (!raised[unit]) {
            // the window slides up: the bottom becomes counts by sign, as in UnitQuantiles
            reframe(unit, key - window + 1 + HEADROOM, window);
            return;
        }
        int need = key - low[unit] + 1 + HEADROOM;
        if (need <= window) {
            reframe(unit, low[unit], Math.min(window, Math.max(need, 2 * c.length)));
        } else {
            reframe(unit, key + HEADROOM - window + 1, window);
        }
    }

    /** Moves the frame to start at {@code newLow} with {@code length} buckets; what falls below is counted. */
    private void reframe(int unit, int newLow, int length) {
        long[] c = counts[unit];
        int oldLow = low[unit];
        long[] next = length == c.length && newLow >= oldLow ? c : new long[length]; // a shift down reuses the array
        for (int idx = 0; idx < c.length; idx++) {
            long v = c[idx];
            if (v == 0) {
                continue;
            }
            c[idx] = next == c ? 0 : v;
            int key = oldLow + idx;
            int to = key - newLow;
            if (to >= length) {
                throw new IllegalStateException("a frame of " + length + " buckets from " + newLow + " misses bucket " + key);
            }
            if (to >= 0) {
                next[to] = v;
            } else if (raised[unit]) {
                belowFloor[unit] += v;
            } else if (key >= 0) {
                belowPositive[unit] += v;
            } else {
                belowNegative[unit] += v;
            }
        }
        counts[unit] = next;
        int from = Math.max(0, newLow - oldLow);
        for (int g = 0; g < slots; g++) {
            long[] sc = inSlot[unit][g];
            if (sc == null) {
                continue;
            }
            int to = Math.min(sc.length, newLow + length - oldLow); // above the highest bucket all counts are 0
            if (length == sc.length && from >= 0 && newLow >= oldLow) {
                System.arraycopy(sc, from, sc, 0, to - from);
                java.util.Arrays.fill(sc, to - from, sc.length, 0L);
                continue;
            }
            long[] moved = new long[length];
            for (int idx = from; idx < to; idx++) {
                moved[oldLow + idx - newLow] = sc[idx];
            }
            inSlot[unit][g] = moved;
        }
        low[unit] = newLow;
    }

    /** Raises the unit's floor to the highest bucket with {@code margin x r} values above it. */
    private void settle(int unit) {
        long[] c = counts[unit];
        long n = total[unit];
        // r grows with the data: the floor can only move once it has grown by a quarter
        if (c == null || n < (long) (settledAt[unit] * SETTLE_GROWTH)) {
            return;
        }
        settledAt[unit] = n;
        // the first images may not be typical of a unit (a few strong lesions): the margin starts wide and
        // narrows to its value over the first MATURE images
        double wide = Math.max(1.0, (double) MATURE / Math.max(1, images));
        long need = (long) Math.ceil(margin * wide * Math.max(1, (long) Math.ceil(tail * n)));
        long cum = 0;
        int highest = -1;
        for (int idx = c.length - 1; idx >= 0; idx--) {
            if (c[idx] != 0 && highest < 0) {
                highest = idx;
            }
            cum += c[idx];
            if (cum >= need) {
                int floor = low[unit] + idx;
                // positive values only: zeros and negatives must stay below every possible floor
                if (floor > 0 && idx >= HYSTERESIS) {
                    if (!raised[unit]) {
                        // what was below the window becomes part of the floor's count
                        belowFloor[unit] += belowPositive[unit] + belowNegative[unit];
                        belowPositive[unit] = 0;
                        belowNegative[unit] = 0;
                        raised[unit] = true;
                    }
                    int needed = highest - idx + 1 + HEADROOM;
                    // keep the array when it is not far too long: no allocation while the floor creeps up
                    reframe(unit, floor, c.length >= needed && c.length <= 4 * needed ? c.length : Math.min(window, needed));
                }
                return;
            }
        }
    }

    /**
     * The unit's threshold {@code T'}: resolved when it lies in the kept buckets (or is 0 with nothing
     * uncounted below), else the floor, an upper bound of {@code T}. NaN for a unit without values.
     */
    public UnitQuantiles.Estimate threshold(int unit) {
        long n = total[unit];
        if (n == 0) {
            return new UnitQuantiles.Estimate(Float.NaN, false);
        }
        long r = Math.max(1, Math.min(n, (long) Math.ceil(tail * n)));
        long[] c = counts[unit];
        long cum = 0;
        int idx = c == null ? -1 : c.length - 1;
        for (; idx >= 0 && low[unit] + idx >= 0; idx--) {
            cum += c[idx];
            if (cum >= r) {
                return new UnitQuantiles.Estimate(lowerEdge(low[unit] + idx), true);
            }
        }
        if (raised[unit]) {
            return new UnitQuantiles.Estimate(lowerEdge(low[unit]), false);
        }
        cum += belowPositive[unit];
        if (cum >= r) {
            return new UnitQuantiles.Estimate(c == null ? Float.NaN : lowerEdge(low[unit]), false);
        }
        cum += zeros[unit];
        if (cum >= r) {
            return new UnitQuantiles.Estimate(0f, true);
        }
        return new UnitQuantiles.Estimate(c == null ? 0f : lowerEdge(Math.max(low[unit], 0)), false);
    }

    /**
     * Whether the unit's IoU counts are exact: its threshold is resolved and positive, or 0 with every
     * positive value in the kept buckets.
     */
    public boolean iouResolved(int unit) {
        UnitQuantiles.Estimate t = threshold(unit);
        if (!t.resolved()) {
            return false;
        }
        return t.value() > 0f || (t.value() == 0f && belowPositive[unit] == 0 && !raised[unit]);
    }

    /**
     * The IoU tallies at the units' thresholds ({@link #threshold}); a unit whose counts are not exact
     * ({@link #iouResolved}) has none: its mask counts as empty.
     */
    public IouTally iou() {
        long[] intersection = new long[units * slots];
        long[] unitArea = new long[units];
        for (int k = 0; k < units; k++) {
            if (!iouResolved(k) || counts[k] == null) {
                continue;
            }
            // T' > 0: the buckets from T's upwards; T' = 0: every positive bucket (keys from 0 up)
            int from = Math.max(0, threshold(k).value() > 0f ? key(threshold(k).value()) - low[k] : -low[k]);
            long[] c = counts[k];
            for (int idx = from; idx < c.length; idx++) {
                unitArea[k] += c[idx];
            }
            for (int g = 0; g < slots; g++) {
                long[] sc = inSlot[k][g];
                if (sc == null) {
                    continue;
                }
                long sum = 0;
                for (int idx = from; idx < sc.length; idx++) {
                    sum += sc[idx];
                }
                intersection[k * slots + g] = sum;
            }
        }
        return IouTally.of(units, concepts, intersection, unitArea, conceptArea.clone(), pixels, images);
    }

    /**
     * Folds another tally of the same shape into this one.
     *
     * @throws IllegalArgumentException when the shapes or settings differ
     */
    public void merge(TailTally o) {
        if (o.units != units || o.concepts != concepts || o.tail != tail || o.margin != margin
                || o.mantissaBits != mantissaBits || o.window != window) {
            throw new IllegalArgumentException("cannot merge a tail tally of " + o.units + " units x " + o.concepts
                    + " concepts into one of " + units + " x " + concepts + " (or their settings differ)");
        }
        for (int k = 0; k < units; k++) {
            zeros[k] += o.zeros[k];
            nans[k] += o.nans[k];
            total[k] += o.total[k];
            if (o.counts[k] == null) {
                belowPositive[k] += o.belowPositive[k];
                belowNegative[k] += o.belowNegative[k];
                belowFloor[k] += o.belowFloor[k];
                continue;
            }
            if (counts[k] == null) {
                counts[k] = new long[0];
                low[k] = o.low[k] + o.counts[k].length; // an empty frame just above the other's
            }
            boolean bothRaised = raised[k] || o.raised[k];
            if (bothRaised && !raised[k]) {
                belowFloor[k] += belowPositive[k] + belowNegative[k];
                belowPositive[k] = 0;
                belowNegative[k] = 0;
                raised[k] = true;
            }
            if (bothRaised) {
                belowFloor[k] += o.belowFloor[k] + o.belowPositive[k] + o.belowNegative[k];
            } else {
                belowPositive[k] += o.belowPositive[k];
                belowNegative[k] += o.belowNegative[k];
            }
            int top = Math.max(low[k] + counts[k].length, o.low[k] + o.counts[k].length) - 1;
            int floor;
            if (bothRaised) {
                floor = Math.max(raised[k] && counts[k].length > 0 ? low[k] : Integer.MIN_VALUE,
                        o.raised[k] ? o.low[k] : Integer.MIN_VALUE);
                floor = Math.max(floor, top - window + 1);
            } else {
                floor = top - window + 1;
            }
            reframe(k, floor, top - floor + 1);
            long[] c = counts[k];
            for (int idx = 0; idx < o.counts[k].length; idx++) {
                long v = o.counts[k][idx];
                if (v == 0) {
                    continue;
                }
                int key = o.low[k] + idx;
                int to = key - floor;
                if (to >= 0) {
                    c[to] += v;
                } else if (raised[k]) {
                    belowFloor[k] += v;
                } else if (key >= 0) {
                    belowPositive[k] += v;
                } else {
                    belowNegative[k] += v;
                }
            }
            for (int g = 0; g < slots; g++) {
                long[] oc = o.inSlot[k][g];
                if (oc == null) {
                    continue;
                }
                long[] sc = slot(k, g);
                for (int idx = 0; idx < oc.length; idx++) {
                    int to = o.low[k] + idx - floor;
                    if (to >= 0 && oc[idx] != 0) {
                        sc[to] += oc[idx];
                    }
                }
            }
            settle(k);
        }
        for (int g = 0; g < slots; g++) {
            conceptArea[g] += o.conceptArea[g];
        }
        pixels += o.pixels;
        images += o.images;
    }

    /** Monotone bucket key: the sign-adjusted bit pattern without its low {@code 23 - m} mantissa bits. */
    private int key(float v) {
        return Buckets.key(v, shift);
    }

    /** The smallest float of a bucket. */
    private float lowerEdge(int key) {
        return Buckets.lowerEdge(key, shift);
    }
}
