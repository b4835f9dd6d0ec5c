package org.deepminer.core.stats;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;

/**
 * The concept masks of one image, rasterised once so that every unit's IoU tally can read them: one bit
 * per concept present in the image per pixel, over the bounding box of all its masks only (lesions are
 * small next to a mammogram), plus per-cell pixel counts for a map grid. Reused from image to image.
 *
 * <p>Concept {@code c} of an image covers the union, over its lesions whose kind or concepts include
 * {@code c}, of {@link Lesion#maskOf(String) maskOf(c)}. The <em>lesion</em> pseudo-concept (index
 * {@link #lesionIndex()}) covers every lesion mask and every concept mask, so each concept lies inside it.
 */
public final class ConceptRaster {
    /** Concept bits are a long per pixel; the lesion pseudo-concept takes one of them. */
    public static final int MAX_CONCEPTS_PER_IMAGE = 63;

    private final List<String> conceptIds;
    private final Map<String, Integer> index = new HashMap<>();

    private int width;
    private int height;
    /** Image pixels per grid pixel. */
    private double sx = 1;
    private double sy = 1;
    private boolean identity = true;
    private int boxX;
    private int boxY;
    private int boxW;
    private int boxH;
    private long[] bits = new long[0];
    /** Local bit -> global concept index; bit 0 is the lesion pseudo-concept. */
    private final int[] global = new int[MAX_CONCEPTS_PER_IMAGE + 1];
    private int present;
    private final long[] area = new long[MAX_CONCEPTS_PER_IMAGE + 1];

    private BilinearAxis countedCols;
    private BilinearAxis countedRows;
    private int[] cellCounts = new int[0];

    /** @param conceptIds the concepts tallied, in their fixed order */
    public ConceptRaster(List<String> conceptIds) {
        this.conceptIds = List.copyOf(conceptIds);
        for (int i = 0; i < this.conceptIds.size(); i++) {
            index.putIfAbsent(this.conceptIds.get(i), i);
        }
    }

    public List<String> conceptIds() {
        return conceptIds;
    }

    /** Global index of the lesion pseudo-concept: one past the last concept. */
    public int lesionIndex() {
        return conceptIds.size();
    }

    /**
     * Rasterises the masks of one image's lesions; pixels outside the image are ignored.
     *
     * @throws IllegalArgumentException when the image has more than {@value #MAX_CONCEPTS_PER_IMAGE}
     *         distinct concepts with masks
     */
    public void load(int imageWidth, int imageHeight, List<Lesion> lesions) {
        load(imageWidth, imageHeight, imageWidth, imageHeight, lesions);
    }

    /**
     * Rasterises the masks on a grid of {@code gridWidth x gridHeight} over the image: grid pixel
     * {@code (x, y)} takes the masks' value at the image pixel under its centre (nearest neighbour), the way
     * a coarser segmentation of the image would be sampled. With the image's own size it is {@link #load(int,
     * int, List)}.
     */
    public void load(int gridWidth, int gridHeight, int imageWidth, int imageHeight, List<Lesion> lesions) {
        this.width = gridWidth;
        this.height = gridHeight;
        this.sx = (double) imageWidth / gridWidth;
        this.sy = (double) imageHeight / gridHeight;
        this.identity = gridWidth == imageWidth && gridHeight == imageHeight;
        this.countedCols = null;
        this.countedRows = null;
        Arrays.fill(area, 0L);
        int x0 = gridWidth;
        int y0 = gridHeight;
        int x1 = 0;
        int y1 = 0;
        Set<String> concepts = new LinkedHashSet<>();
        for (Lesion l : lesions) {
            for (RegionMask m : masksOf(l)) {
                Box b = m.box();
                x0 = Math.min(x0, Math.max(0, gridFloor(b.x(), sx)));
                y0 = Math.min(y0, Math.max(0, gridFloor(b.y(), sy)));
                x1 = Math.max(x1, Math.min(gridWidth, gridCeil(b.x() + b.width(), sx)));
                y1 = Math.max(y1, Math.min(gridHeight, gridCeil(b.y() + b.height(), sy)));
            }
            for (String c : conceptsOf(l)) {
                concepts.add(c);
            }
        }
        if (x1 <= x0 || y1 <= y0) {
            boxX = boxY = boxW = boxH = 0;
            present = 0;
            return;
        }
        if (concepts.size() > MAX_CONCEPTS_PER_IMAGE) {
            throw new IllegalArgumentException("an image with " + concepts.size() + " concepts; at most "
                    + MAX_CONCEPTS_PER_IMAGE + " are tallied per image");
        }
        boxX = x0;
        boxY = y0;
        boxW = x1 - x0;
        boxH = y1 - y0;
        int n = boxW * boxH;
        if (bits.length < n) {
            bits = new long[n];
        } else {
            Arrays.fill(bits, 0, n, 0L);
        }
        present = 1;
        global[0] = lesionIndex();
        Map<String, Integer> local = new HashMap<>();
        for (String c : concepts) {
            global[present] = index.get(c);
            local.put(c, present++);
        }
        for (Lesion l : lesions) {
            for (RegionMask m : masksOf(l)) {
                paint(m, 1L);
            }
            for (String c : conceptsOf(l)) {
                paint(l.maskOf(c), 1L << local.get(c));
            }
        }
        for (int p = 0; p < n; p++) {
            long m = bits[p];
            while (m != 0) {
                area[Long.numberOfTrailingZeros(m)]++;
                m &= m - 1;
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Concepts with pixels in this image, the lesion pseudo-concept included (0 for a normal image). */
    public int present() {
        return present;
    }

    /** Global concept index of local bit {@code l}. */
    public int global(int l) {
        return global[l];
    }

    /** Pixels of local concept {@code l} in this image. */
    public long area(int l) {
        return area[l];
    }

    /** The concept bits of a pixel of the image. */
    public long bitsAt(int x, int y) {
        int bx = x - boxX;
        int by = y - boxY;
        return bx >= 0 && bx < boxW && by >= 0 && by < boxH ? bits[by * boxW + bx] : 0L;
    }

    int boxX() {
        return boxX;
    }

    int boxY() {
        return boxY;
    }

    int boxW() {
        return boxW;
    }

    int boxH() {
        return boxH;
    }

    long[] rawBits() {
        return bits;
    }

    /**
     * Pixels of each local concept per map cell, {@code counts[l * cells + j * cols + i]}, for the cells
     * of the given axes (computed once per image and grid).
     */
    int[] cellCounts(BilinearAxis cols, BilinearAxis rows) {
        if (cols == countedCols && rows == countedRows) {
            return cellCounts;
        }
        if (cols.pixels() != width || rows.pixels() != height) {
            throw new IllegalArgumentException("a " + cols.pixels() + "x" + rows.pixels() + " grid over a "
                    + width + "x" + height + " image");
        }
        int cells = cols.cells() * rows.cells();
        int n = present * cells;
        if (cellCounts.length < n) {
            cellCounts = new int[n];
        } else {
            Arrays.fill(cellCounts, 0, n, 0);
        }
        int w = cols.cells();
        for (int by = 0; by < boxH; by++) {
            int row = rows.tap0(boxY + by) * w;
            for (int bx = 0; bx < boxW; bx++) {
                long m = bits[by * boxW + bx];
                if (m == 0) {
                    continue;
                }
                int cell = row + cols.tap0(boxX + bx);
                while (m != 0) {
                    cellCounts[Long.numberOfTrailingZeros(m) * cells + cell]++;
                    m &= m - 1;
                }
            }
        }
        countedCols = cols;
        countedRows = rows;
        return cellCounts;
    }

    private List<RegionMask> masksOf(Lesion l) {
        if (l.conceptMasks().isEmpty()) {
            return List.of(l.mask());
        }
        RegionMask[] all = new RegionMask[l.conceptMasks().size() + 1];
        all[0] = l.mask();
        int i = 1;
        for (RegionMask m : l.conceptMasks().values()) {
            all[i++] = m;
        }
        return List.of(all);
    }

    private Set<String> conceptsOf(Lesion l) {
        Set<String> out = new LinkedHashSet<>();
        if (index.containsKey(l.kind())) {
            out.add(l.kind());
        }
        for (String c : l.concepts()) {
            if (index.containsKey(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first grid pixel whose centre falls at or after image coordinate {@code v}, conservatively. */
    private static int gridFloor(int v, double scale) {
        return (int) Math.floor(v / scale) - 1;
    }

    private static int gridCeil(int v, double scale) {
        return (int) Math.ceil(v / scale) + 1;
    }

    private void paint(RegionMask mask, long bit) {
        if (!identity) {
            paintSampled(mask, bit);
            return;
        }
        Box b = mask.box();
        BitSet set = mask.bits();
        int bw = b.width();
        for (int p = set.nextSetBit(0); p >= 0; p = set.nextSetBit(p + 1)) {
            int x = b.x() + p % bw;
            int y = b.y() + p / bw;
            if (x >= boxX && x < boxX + boxW && y >= boxY && y < boxY + boxH) {
                bits[(y - boxY) * boxW + (x - boxX)] |= bit;
            }
        }
    }

    /** Grid pixels of the box whose centre lies on a set pixel of the mask. */
    private void paintSampled(RegionMask mask, long bit) {
        Box b = mask.box();
        int gx0 = Math.max(boxX, gridFloor(b.x(), sx));
        int gy0 = Math.max(boxY, gridFloor(b.y(), sy));
        int gx1 = Math.min(boxX + boxW, gridCeil(b.x() + b.width(), sx));
        int gy1 = Math.min(boxY + boxH, gridCeil(b.y() + b.height(), sy));
        for (int gy = gy0; gy < gy1; gy++) {
            int iy = (int) ((gy + 0.5) * sy);
            for (int gx = gx0; gx < gx1; gx++) {
                if (mask.contains((int) ((gx + 0.5) * sx), iy)) {
                    bits[(gy - boxY) * boxW + (gx - boxX)] |= bit;
                }
            }
        }
    }
}
