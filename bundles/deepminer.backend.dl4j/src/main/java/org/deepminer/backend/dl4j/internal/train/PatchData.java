package org.deepminer.backend.dl4j.internal.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.core.patch.Patch;
import org.deepminer.core.patch.PatchTiler;
import org.deepminer.core.patch.TilingOptions;
import org.deepminer.imaging.Resample;

/**
 * A data set cut into patches for training, in memory: every image of the train and validation (and test)
 * splits resized once so that a tile becomes {@code size} pixels, and per patch its image, position, class
 * and concept labels. Patches are cut from the resized images when a batch is made, so memory is the
 * resized images (a 512-pixel phantom at a quarter-width tile and size 64: 256 KB an image), not the patches.
 *
 * <p>The tiles and their labels come from {@link PatchTiler} on the full-resolution image (breast >= 50 %, a
 * lesion makes a tile positive when it covers >= 30 % of it or >= 30 % of the lesion is inside). A concept is
 * positive in a patch by the same rule applied to the concept's mask ({@link Lesion#maskOf}).
 */
public final class PatchData {

    public static final List<String> STANDARD_CLASSES = List.of("normal", "benign", "malignant");

    /** Lesion labels are kept for every this many resized pixels (a map cell of the small network is 8). */
    public static final int GRID = 4;

    /** {@link Part#lesionAt} of a lesion whose pathology is not one of the classes. */
    public static final int UNKNOWN_LESION = 255;

    /** One split's images and patches. */
    public static final class Part {
        final List<float[]> images = new ArrayList<>();
        final List<int[]> sizes = new ArrayList<>(); // width, height of each resized image
        final List<String> imageIds = new ArrayList<>();
        final List<String> imageLabels = new ArrayList<>();
        /** Per image, {@link #lesionAt} on a grid of every {@link #GRID}-th resized pixel. */
        final List<byte[]> lesionGrids = new ArrayList<>();
        /** Per image, on the same grid, 1 + the index of the lesion that decided {@link #lesionAt} (0: none). */
        final List<byte[]> lesionIndexGrids = new ArrayList<>();
        /** Per image, each lesion's concepts. */
        final List<List<List<String>>> imageLesionConcepts = new ArrayList<>();
        /** Per image and lesion, its soft target over the classes ({@link #useLesionPosterior}); else null. */
        final List<float[][]> lesionTargets = new ArrayList<>();
        int[] patchImage = new int[0];
        int[] patchX = new int[0];
        int[] patchY = new int[0];
        byte[] patchClass = new byte[0];
        /** Per patch, the original-resolution tile, for patch ids. */
        final List<Box> tiles = new ArrayList<>();
        /** Per patch, the ids of the concepts positive in it (indices into {@link PatchData#concepts}). */
        final List<int[]> patchConcepts = new ArrayList<>();
        /** Concept ids by patch, before the concept list is fixed. */
        final List<List<String>> rawConcepts = new ArrayList<>();
        /** Per patch, the concepts of the lesion that makes it positive (empty for normal tissue). */
        final List<List<String>> lesionConcepts = new ArrayList<>();
        /** Per patch, its training target over the classes when they are soft ({@link #useLesionPosterior}); else null. */
        float[] soft;
        private int count;

        public int patches() {
            return count;
        }

        public int images() {
            return images.size();
        }

        public int classOf(int patch) {
            return patchClass[patch];
        }

        public String patchId(int patch) {
            Box b = tiles.get(patch);
            return imageIds.get(patchImage[patch]) + "@" + b.x() + "," + b.y() + "," + b.width() + "," + b.height();
        }

        public String imageLabel(int image) {
            return imageLabels.get(image);
        }

        public float[] image(int image) {
            return images.get(image);
        }

        public int width(int image) {
            return sizes.get(image)[0];
        }

        public int height(int image) {
            return sizes.get(image)[1];
        }

        /**
         * The class of the lesion under a pixel of the resized image: 0 (normal tissue) where there is none, the
         * index of the lesion's pathology where there is one, {@link #UNKNOWN_LESION} where its pathology is not a
         * class. Sampled every {@link #GRID} pixels (the nearest sample is returned).
         */
        public int lesionAt(int image, int x, int y) {
            return lesionGrids.get(image)[gridCell(image, x, y)] & 0xff;
        }

        /** The grid sample nearest a pixel of the resized image. */
        private int gridCell(int image, int x, int y) {
            int gw = (width(image) + GRID - 1) / GRID;
            int gh = (height(image) + GRID - 1) / GRID;
            int gx = Math.min(gw - 1, Math.max(0, x / GRID));
            int gy = Math.min(gh - 1, Math.max(0, y / GRID));
            return gy * gw + gx;
        }

        /**
         * The training target of the lesion under a pixel (as {@link #lesionAt}) when the targets are soft
         * ({@link PatchData#useLesionPosterior}); null where they are not, or where there is no lesion with concepts.
         */
        public float[] softTargetAt(int image, int x, int y) {
            if (lesionTargets.isEmpty()) {
                return null;
            }
            int index = lesionIndexGrids.get(image)[gridCell(image, x, y)] & 0xff;
            return index == 0 ? null : lesionTargets.get(image)[index - 1];
        }

        void add(int image, int x, int y, int cls, Box tile, List<String> concepts, List<String> lesion) {
            if (count == patchImage.length) {
                int n = Math.max(1024, count * 2);
                patchImage = java.util.Arrays.copyOf(patchImage, n);
                patchX = java.util.Arrays.copyOf(patchX, n);
                patchY = java.util.Arrays.copyOf(patchY, n);
                patchClass = java.util.Arrays.copyOf(patchClass, n);
            }
            patchImage[count] = image;
            patchX[count] = x;
            patchY[count] = y;
            patchClass[count] = (byte) cls;
            tiles.add(tile);
            rawConcepts.add(concepts);
            lesionConcepts.add(lesion);
            count++;
        }
    }

    final List<String> classes;
    List<String> concepts = List.of();
    final int size;
    final double fraction;
    final Map<Split, Part> parts = new EnumMap<>(Split.class);
    /** Every lesion of the training split whose pathology is a class. */
    final List<LesionPosterior.Example> trainLesions = new ArrayList<>();

    private PatchData(List<String> classes, int size, double fraction) {
        this.classes = classes;
        this.size = size;
        this.fraction = fraction;
    }

    public List<String> classes() {
        return classes;
    }

    public List<String> concepts() {
        return concepts;
    }

    public int size() {
        return size;
    }

    public double fraction() {
        return fraction;
    }

    public Part part(Split split) {
        return parts.get(split);
    }

    /**
     * Reads, tiles and resizes the data set's images.
     *
     * @param where the data set, for messages
     * @param fraction tile side as a fraction of the image width
     * @param size the side patches are resized to
     * @param minConceptPatches a concept gets an output of the concept head when at least this many training
     *        patches show it
     * @param progress one line now and then
     * @throws DeepMinerException when the data set has fewer than two classes, no lesions, no validation
     *         images, or images smaller than a tile
     */
    public static PatchData load(Dataset ds, String where, double fraction, int size, int minConceptPatches,
            Consumer<String> progress) {
        if (!(fraction > 0) || fraction > 1) {
            throw new DeepMinerException(where, "patch fraction " + fraction + " is not in (0, 1]: a patch is a fraction "
                    + "of the image width and cannot be larger than the image");
        }
        List<SampleRef> refs = ds.samples();
        if (refs.isEmpty()) {
            throw new DeepMinerException(where, "the data set has no images");
        }
        List<String> classes = classes(refs, where);
        if (refs.stream().noneMatch(r -> r.split() == Split.TRAIN)) {
            throw new DeepMinerException(where, "the data set has no training images (split 'train')");
        }
        if (refs.stream().noneMatch(r -> r.split() == Split.VALIDATION)) {
            throw new DeepMinerException(where, "the data set has no validation images (split 'validation'); "
                    + "per-epoch validation needs some");
        }
        PatchData data = new PatchData(classes, size, fraction);
        for (Split s : Split.values()) {
            data.parts.put(s, new Part());
        }
        PatchTiler tiler = new PatchTiler(TilingOptions.defaults().withFraction(fraction));
        long started = System.nanoTime();
        long lastReport = started;
        int done = 0;
        for (SampleRef ref : refs) {
            Sample s = ds.load(ref);
            data.addImage(s, tiler, where);
            done++;
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L || done == refs.size()) {
                progress.accept(String.format("reading %d/%d images, %d patches, %.0f images/s", done, refs.size(),
                        data.parts.values().stream().mapToInt(Part::patches).sum(), done / ((now - started) / 1e9)));
                lastReport = now;
            }
        }
        Part train = data.parts.get(Split.TRAIN);
        int[] perClass = data.classCounts(Split.TRAIN);
        if (train.patches() == 0) {
            throw new DeepMinerException(where, "no training patch has enough breast (>= 50 %) at a patch fraction of " + fraction);
        }
        long lesionPatches = 0;
        for (int c = 0; c < classes.size(); c++) {
            if (!classes.get(c).equals("normal")) {
                lesionPatches += perClass[c];
            }
        }
        if (lesionPatches == 0) {
            throw new DeepMinerException(where, "no training patch is lesion-positive: the data set has no lesions (or none "
                    + "covers 30 % of a patch or lies 30 % inside one); a classifier of lesions cannot be trained on it");
        }
        int present = 0;
        for (int n : perClass) {
            present += n > 0 ? 1 : 0;
        }
        if (present < 2) {
            throw new DeepMinerException(where, "the training patches are all of one class (" + describe(classes, perClass) + ")");
        }
        data.fixConcepts(minConceptPatches);
        return data;
    }

    /** normal, benign, malignant when the labels are those; else the labels sorted. At least two. */
    static List<String> classes(List<SampleRef> refs, String where) {
        TreeMap<String, Integer> labels = new TreeMap<>();
        refs.forEach(r -> labels.merge(r.label(), 1, Integer::sum));
        if (labels.size() < 2) {
            throw new DeepMinerException(where, "every image has the label '" + labels.firstKey()
                    + "': a classifier needs at least two classes");
        }
        if (STANDARD_CLASSES.containsAll(labels.keySet())) {
            return STANDARD_CLASSES;
        }
        return List.copyOf(labels.keySet());
    }

    private void addImage(Sample s, PatchTiler tiler, String where) {
        MammogramImage img = s.image();
        int side = tiler.options().side(img.width());
        if (side > img.width() || side > img.height()) {
            throw new DeepMinerException(where, "image " + s.id() + " (" + img.width() + "x" + img.height()
                    + ") is smaller than a patch of " + side + " px (fraction " + fraction + " of its width)");
        }
        Part part = parts.get(s.ref().split());
        double scale = (double) size / side;
        int w = Math.max(size, (int) Math.round(img.width() * scale));
        int h = Math.max(size, (int) Math.round(img.height() * scale));
        int index = part.images.size();
        part.images.add(Resample.bilinear(img.pixels(), img.width(), img.height(), w, h));
        part.sizes.add(new int[] {w, h});
        part.imageIds.add(s.id());
        part.imageLabels.add(s.truth().label());
        byte[] lesionIndex = new byte[((w + GRID - 1) / GRID) * ((h + GRID - 1) / GRID)];
        part.lesionGrids.add(lesionGrid(s, w, h, scale, lesionIndex));
        part.lesionIndexGrids.add(lesionIndex);
        part.imageLesionConcepts.add(s.truth().lesions().stream().map(l -> (List<String>) List.copyOf(l.concepts())).toList());
        if (s.ref().split() == Split.TRAIN) {
            for (Lesion l : s.truth().lesions()) {
                if (classes.indexOf(l.pathology()) > 0) {
                    trainLesions.add(new LesionPosterior.Example(List.copyOf(l.concepts()), l.pathology()));
                }
            }
        }
        for (Patch p : tiler.tiles(s)) {
            int cls = classes.indexOf(p.label());
            if (cls < 0) {
                throw new DeepMinerException(where, "patch " + p.idIn(s.id()) + " has label '" + p.label()
                        + "', which is not a class of the data set " + classes);
            }
            int x = Math.min(w - size, (int) Math.round(p.box().x() * scale));
            int y = Math.min(h - size, (int) Math.round(p.box().y() * scale));
            double cover = tiler.options().lesionCover();
            Lesion lesion = cls == 0 ? null : lesionOf(s, p.box(), p.label(), cover);
            part.add(index, x, y, cls, p.box(), conceptsIn(s, p.box(), cover),
                    lesion == null ? List.of() : List.copyOf(lesion.concepts()));
        }
    }

    /** The lesion class at every {@link #GRID}-th pixel of the resized image (the sample's centre). */
    private byte[] lesionGrid(Sample s, int w, int h, double scale, byte[] lesionIndex) {
        int gw = (w + GRID - 1) / GRID;
        int gh = (h + GRID - 1) / GRID;
        byte[] grid = new byte[gw * gh];
        List<Lesion> lesions = s.truth().lesions();
        for (int li = 0; li < lesions.size(); li++) {
            Lesion l = lesions.get(li);
            int cls = classes.indexOf(l.pathology());
            int value = cls > 0 ? cls : UNKNOWN_LESION;
            Box b = l.mask().box();
            int gx0 = Math.max(0, (int) Math.floor(b.x() * scale / GRID) - 1);
            int gx1 = Math.min(gw - 1, (int) Math.ceil((b.x() + b.width()) * scale / GRID));
            int gy0 = Math.max(0, (int) Math.floor(b.y() * scale / GRID) - 1);
            int gy1 = Math.min(gh - 1, (int) Math.ceil((b.y() + b.height()) * scale / GRID));
            for (int gy = gy0; gy <= gy1; gy++) {
                for (int gx = gx0; gx <= gx1; gx++) {
                    int col = (int) Math.floor((gx * GRID + GRID / 2.0) / scale);
                    int row = (int) Math.floor((gy * GRID + GRID / 2.0) / scale);
                    int was = grid[gy * gw + gx] & 0xff;
                    // where lesions overlap, a known class wins over an unknown one and malignant over benign
                    if (l.mask().contains(col, row)
                            && (was == 0 || (value != UNKNOWN_LESION && (was == UNKNOWN_LESION || value > was)))) {
                        grid[gy * gw + gx] = (byte) value;
                        lesionIndex[gy * gw + gx] = (byte) (li < 255 ? li + 1 : 0); // past 255 lesions: the hard class
                    }
                }
            }
        }
        return grid;
    }

    /** The concepts whose masks cover enough of the tile, or lie enough inside it (the lesion rule). */
    static List<String> conceptsIn(Sample s, Box tile, double cover) {
        List<String> out = new ArrayList<>();
        double tileArea = (double) tile.width() * tile.height();
        for (Lesion l : s.truth().lesions()) {
            for (String c : l.concepts()) {
                var mask = l.maskOf(c);
                int area = mask.area();
                if (area == 0 || !overlaps(mask.box(), tile)) {
                    continue;
                }
                int in = PatchTiler.crop(mask, tile).area();
                if (in > 0 && positive(in, area, tileArea, cover) && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The lesion rule: a mask covers enough of the tile, or lies enough inside it. */
    private static boolean positive(int in, int area, double tileArea, double cover) {
        return in / tileArea >= cover || (double) in / area >= cover;
    }

    /** Of the lesions with this pathology that make the tile positive, the one with the most area in it. */
    static Lesion lesionOf(Sample s, Box tile, String pathology, double cover) {
        Lesion best = null;
        int bestIn = 0;
        double tileArea = (double) tile.width() * tile.height();
        for (Lesion l : s.truth().lesions()) {
            int area = l.mask().area();
            if (!pathology.equals(l.pathology()) || area == 0 || !overlaps(l.mask().box(), tile)) {
                continue;
            }
            int in = PatchTiler.crop(l.mask(), tile).area();
            if (in > bestIn && positive(in, area, tileArea, cover)) {
                best = l;
                bestIn = in;
            }
        }
        return best;
    }

    /**
     * Makes the lesion patches' targets soft: P(pathology | the lesion's concepts) fitted on the training split's
     * lesions ({@link LesionPosterior}) instead of the lesion's own pathology. Normal tissue stays normal, and a
     * patch whose lesion has no concepts keeps its hard label. Validation and test figures stay on the true labels.
     *
     * @return the posterior fitted
     */
    public LesionPosterior useLesionPosterior() {
        if (!classes.equals(STANDARD_CLASSES)) {
            throw new DeepMinerException(null, "--soft-labels needs the classes " + STANDARD_CLASSES + ", not " + classes);
        }
        if (trainLesions.stream().noneMatch(l -> !l.concepts().isEmpty())) {
            throw new DeepMinerException(null, "--soft-labels needs lesions described by concepts, but no training lesion has any");
        }
        List<String> lesionClasses = classes.subList(1, classes.size());
        LesionPosterior posterior = LesionPosterior.fit(lesionClasses, trainLesions);
        for (Part part : parts.values()) {
            int k = classes.size();
            part.soft = new float[part.patches() * k];
            for (int p = 0; p < part.patches(); p++) {
                List<String> concepts = part.lesionConcepts.get(p);
                if (part.classOf(p) == 0 || concepts.isEmpty()) {
                    part.soft[p * k + part.classOf(p)] = 1f;
                } else {
                    System.arraycopy(softTarget(posterior, concepts), 0, part.soft, p * k, k);
                }
            }
            part.lesionTargets.clear();
            for (List<List<String>> lesions : part.imageLesionConcepts) {
                // a lesion without concepts keeps its hard class (null: the grid's class decides)
                part.lesionTargets.add(lesions.stream().map(c -> c.isEmpty() ? null : softTarget(posterior, c)).toArray(float[][]::new));
            }
        }
        return posterior;
    }

    private float[] softTarget(LesionPosterior posterior, List<String> concepts) {
        double[] q = posterior.of(concepts);
        float[] t = new float[classes.size()];
        for (int c = 0; c < q.length; c++) {
            t[1 + c] = (float) q[c];
        }
        return t;
    }

    /** Writes a patch's training target (one-hot, or soft after {@link #useLesionPosterior}) at {@code offset}. */
    public void target(Part part, int patch, float[] y, int offset) {
        int k = classes.size();
        if (part.soft == null) {
            y[offset + part.classOf(patch)] = 1f;
        } else {
            System.arraycopy(part.soft, patch * k, y, offset, k);
        }
    }

    private static boolean overlaps(Box a, Box b) {
        return a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
    }

    private void fixConcepts(int minPatches) {
        Map<String, Integer> counts = new TreeMap<>();
        Part train = parts.get(Split.TRAIN);
        for (List<String> cs : train.rawConcepts) {
            cs.forEach(c -> counts.merge(c, 1, Integer::sum));
        }
        List<String> kept = new ArrayList<>();
        counts.forEach((c, n) -> {
            if (n >= minPatches) {
                kept.add(c);
            }
        });
        concepts = List.copyOf(kept);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < concepts.size(); i++) {
            index.put(concepts.get(i), i);
        }
        for (Part p : parts.values()) {
            p.patchConcepts.clear();
            for (List<String> cs : p.rawConcepts) {
                p.patchConcepts.add(cs.stream().filter(index::containsKey).mapToInt(index::get).toArray());
            }
            p.rawConcepts.clear();
        }
    }

    public int[] classCounts(Split split) {
        int[] n = new int[classes.size()];
        Part p = parts.get(split);
        for (int i = 0; i < p.patches(); i++) {
            n[p.patchClass[i]]++;
        }
        return n;
    }

    static String describe(List<String> classes, int[] counts) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            parts.add(classes.get(c) + " " + counts[c]);
        }
        return String.join(", ", parts);
    }

    /**
     * Copies a patch into {@code dst} at {@code offset}, normalised, optionally mirrored.
     */
    void copyPatch(Part part, int patch, float mean, float std, boolean flipX, boolean flipY, float[] dst, int offset) {
        float[] img = part.images.get(part.patchImage[patch]);
        int w = part.sizes.get(part.patchImage[patch])[0];
        int x0 = part.patchX[patch];
        int y0 = part.patchY[patch];
        float inv = 1f / std;
        for (int r = 0; r < size; r++) {
            int sr = flipY ? size - 1 - r : r;
            int src = (y0 + sr) * w + x0;
            int d = offset + r * size;
            if (flipX) {
                for (int c = 0; c < size; c++) {
                    dst[d + c] = (img[src + size - 1 - c] - mean) * inv;
                }
            } else {
                for (int c = 0; c < size; c++) {
                    dst[d + c] = (img[src + c] - mean) * inv;
                }
            }
        }
    }

    /** A patch, normalised, not mirrored, into {@code dst} (for tools outside this package). */
    public void normalisedPatch(Part part, int patch, float mean, float std, float[] dst) {
        copyPatch(part, patch, mean, std, false, false, dst, 0);
    }

    /** The image a patch was cut from. */
    public int imageOf(Part part, int patch) {
        return part.patchImage[patch];
    }

    /** Mean and standard deviation of the training patches' pixels (every 7th patch). */
    float[] pixelStatistics() {
        Part p = parts.get(Split.TRAIN);
        double sum = 0;
        double sq = 0;
        long n = 0;
        float[] buf = new float[size * size];
        for (int i = 0; i < p.patches(); i += 7) {
            copyPatch(p, i, 0f, 1f, false, false, buf, 0);
            for (float v : buf) {
                sum += v;
                sq += (double) v * v;
            }
            n += buf.length;
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(1e-8, sq / n - mean * mean));
        return new float[] {(float) mean, (float) std};
    }
}
