package org.deepminer.core.patch;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;

/**
 * Cuts mammograms into square patches the DeepMiner way (METHOD.md §1): tiles of a fraction of the image
 * width at half-tile stride, in raster order (top row first, left to right); a tile is kept when enough of
 * it is breast; it is positive for a lesion that covers enough of the tile or lies enough inside it.
 *
 * <p>Tile positions start at 0 and step by the stride while the tile fits, so a strip narrower than the
 * stride at the right or bottom edge is not covered (the original's {@code range(0, w - side + 1, stride)}).
 * Deterministic; thread-safe (no state beyond the options).
 */
public final class PatchTiler {

    private final TilingOptions options;

    public PatchTiler(TilingOptions options) {
        this.options = options;
    }

    public TilingOptions options() {
        return options;
    }

    /** The kept tiles of an image, in raster order. */
    public List<Patch> tiles(Sample sample) {
        MammogramImage image = sample.image();
        int w = image.width();
        int h = image.height();
        int side = options.side(w);
        int stride = options.stride(w);
        int nx = positions(w, side, stride);
        int ny = positions(h, side, stride);
        if (nx == 0 || ny == 0) {
            return List.of();
        }
        long[][] breast = breastCounts(image, side, stride, nx, ny);
        List<Lesion> lesions = sample.truth().lesions();
        int[][][] inside = new int[lesions.size()][][];
        for (int i = 0; i < lesions.size(); i++) {
            inside[i] = insideCounts(lesions.get(i).mask(), side, stride, nx, ny);
        }
        double tileArea = (double) side * side;
        List<Patch> out = new ArrayList<>();
        for (int ty = 0; ty < ny; ty++) {
            for (int tx = 0; tx < nx; tx++) {
                double breastFraction = breast[ty][tx] / tileArea;
                if (breastFraction < options.minBreast()) {
                    continue;
                }
                List<String> positive = new ArrayList<>();
                boolean malignant = false;
                for (int i = 0; i < lesions.size(); i++) {
                    Lesion l = lesions.get(i);
                    int in = inside[i][ty][tx];
                    int area = l.mask().area();
                    if (in > 0 && (in / tileArea >= options.lesionCover()
                            || (area > 0 && (double) in / area >= options.lesionCover()))) {
                        positive.add(l.id());
                        malignant |= "malignant".equals(l.pathology());
                    }
                }
                String label = malignant ? "malignant" : positive.isEmpty() ? "normal" : "benign";
                out.add(new Patch(new Box(tx * stride, ty * stride, side, side), breastFraction, label, positive));
            }
        }
        return out;
    }

    /** The kept tiles as samples, in raster order. */
    public List<Sample> patches(Sample sample) {
        List<Patch> tiles = tiles(sample);
        List<Sample> out = new ArrayList<>(tiles.size());
        for (Patch p : tiles) {
            out.add(cut(sample, p));
        }
        return out;
    }

    /**
     * A patch as a sample of its own: id {@code <imageId>@x,y,w,h}, the patch's class as label, the tile's
     * pixels, and every lesion that has a pixel in the tile (of its mask or of a concept mask) with masks and
     * outline moved into the patch's coordinates. Positivity decides the label only: a lesion that grazes a
     * tile still contributes its pixels there, which is what pixel-level statistics (IoU) need. Case, split,
     * metadata and report are the whole image's.
     */
    public static Sample cut(Sample sample, Patch patch) {
        Box b = patch.box();
        MammogramImage image = sample.image();
        if (b.x() < 0 || b.y() < 0 || b.x() + b.width() > image.width() || b.y() + b.height() > image.height()) {
            throw new IllegalArgumentException("patch " + b + " is not inside image " + sample.id() + " of "
                    + image.width() + "x" + image.height());
        }
        float[] pixels = new float[b.width() * b.height()];
        for (int row = 0; row < b.height(); row++) {
            System.arraycopy(image.pixels(), (b.y() + row) * image.width() + b.x(), pixels, row * b.width(), b.width());
        }
        List<Lesion> lesions = new ArrayList<>();
        for (Lesion l : sample.truth().lesions()) {
            RegionMask mask = crop(l.mask(), b);
            Map<String, RegionMask> conceptMasks = new LinkedHashMap<>();
            boolean touches = mask.area() > 0;
            for (Map.Entry<String, RegionMask> e : l.conceptMasks().entrySet()) {
                RegionMask c = crop(e.getValue(), b);
                touches |= c.area() > 0;
                // kept even when empty: dropping it would make maskOf() fall back to the lesion mask
                conceptMasks.put(e.getKey(), c);
            }
            if (!touches) {
                continue;
            }
            List<Integer> outline = new ArrayList<>(l.outline().size());
            for (int i = 0; i + 1 < l.outline().size(); i += 2) {
                outline.add(l.outline().get(i) - b.x());
                outline.add(l.outline().get(i + 1) - b.y());
            }
            lesions.add(new Lesion(l.id(), l.kind(), l.pathology(), l.concepts(), mask, conceptMasks, outline,
                    l.assessment()));
        }
        SampleRef ref = sample.ref();
        SampleRef patchRef = new SampleRef(PatchId.of(ref.id(), b), ref.caseId(), ref.split(), patch.label());
        GroundTruth truth = new GroundTruth(patch.label(), lesions, sample.truth().report());
        return new Sample(patchRef, new MammogramImage(b.width(), b.height(), pixels), sample.metadata(), truth);
    }

    /**
     * The part of a mask inside a tile, in the tile's coordinates; an empty mask with an empty box when
     * they do not meet.
     */
    public static RegionMask crop(RegionMask mask, Box tile) {
        Box m = mask.box();
        int x0 = Math.max(m.x(), tile.x());
        int y0 = Math.max(m.y(), tile.y());
        int x1 = Math.min(m.x() + m.width(), tile.x() + tile.width());
        int y1 = Math.min(m.y() + m.height(), tile.y() + tile.height());
        if (x1 <= x0 || y1 <= y0) {
            return new RegionMask(new Box(0, 0, 0, 0), new BitSet());
        }
        int cw = x1 - x0;
        BitSet src = mask.bits();
        BitSet out = new BitSet(cw * (y1 - y0));
        for (int row = y0; row < y1; row++) {
            int from = (row - m.y()) * m.width() + (x0 - m.x());
            int to = from + cw;
            int dst = (row - y0) * cw - from;
            for (int i = src.nextSetBit(from); i >= 0 && i < to; i = src.nextSetBit(i + 1)) {
                out.set(i + dst);
            }
        }
        return new RegionMask(new Box(x0 - tile.x(), y0 - tile.y(), cw, y1 - y0), out);
    }

    static int positions(int length, int side, int stride) {
        return length < side ? 0 : (length - side) / stride + 1;
    }

    /**
     * Breast pixels per tile: one pass of row prefix sums gives each row's count inside each tile column
     * range, then a running sum over rows gives each tile. O(pixels) time, O(rows x tiles across) memory.
     */
    private long[][] breastCounts(MammogramImage image, int side, int stride, int nx, int ny) {
        int w = image.width();
        int h = image.height();
        float[] px = image.pixels();
        float threshold = options.breastThreshold();
        int[] prefix = new int[w + 1];
        int[][] rowCounts = new int[h][nx];
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < w; x++) {
                prefix[x + 1] = prefix[x] + (px[o + x] > threshold ? 1 : 0);
            }
            for (int tx = 0; tx < nx; tx++) {
                int x0 = tx * stride;
                rowCounts[y][tx] = prefix[x0 + side] - prefix[x0];
            }
        }
        long[][] out = new long[ny][nx];
        for (int ty = 0; ty < ny; ty++) {
            int y0 = ty * stride;
            for (int y = y0; y < y0 + side; y++) {
                for (int tx = 0; tx < nx; tx++) {
                    out[ty][tx] += rowCounts[y][tx];
                }
            }
        }
        return out;
    }

    /** Pixels of a mask inside each tile: each masked pixel adds one to every tile that contains it. */
    private static int[][] insideCounts(RegionMask mask, int side, int stride, int nx, int ny) {
        int[][] out = new int[ny][nx];
        Box b = mask.box();
        if (b.width() == 0) {
            return out;
        }
        BitSet bits = mask.bits();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            int x = b.x() + i % b.width();
            int y = b.y() + i / b.width();
            int txLo = Math.max(0, ceilDiv(x - side + 1, stride));
            int txHi = Math.min(nx - 1, Math.floorDiv(x, stride));
            int tyLo = Math.max(0, ceilDiv(y - side + 1, stride));
            int tyHi = Math.min(ny - 1, Math.floorDiv(y, stride));
            for (int ty = tyLo; ty <= tyHi; ty++) {
                for (int tx = txLo; tx <= txHi; tx++) {
                    out[ty][tx]++;
                }
            }
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
