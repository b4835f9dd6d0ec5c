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
        this.width = imageWidth;
        this.height = imageHeight;
        this.countedCols = null;
        this.countedRows = null;
        Arrays.fill(area, 0L);
        int x0 = imageWidth;
        int y0 = imageHeight;
        int x1 = 0;
        int y1 = 0;
        Set<String> concepts = new LinkedHashSet<>();
        for (Lesion l : lesions) {
            for (RegionMask m : masksOf(l)) {
                Box b = m.box();
                x0 = Math.min(x0, Math.max(0, b.x()));
                y0 = Math.min(y0, Math.max(0, b.y()));
                x1 = Math.max(x1, Math.min(imageWidth, b.x() + b.width()));
                y1 = Math.max(y1, Math.min(imageHeight, b.y() + b.height()));
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

    private void paint(RegionMask mask, long bit) {
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
}
