package org.deepminer.imaging.figure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.model.FloatTensor;

/**
 * Synthetic explanations built by hand, the fixtures of the figure tests and (through this module's
 * test-jar) of the renderers' tests: a grey 128x128 image, 8x8 layer maps with one Gaussian bump per unit
 * at a known cell, three units (an expert label, an automatic label, none), a class map and one lesion
 * with outline and mask around the first unit's bump.
 */
public final class Explanations {
    private Explanations() {}

    /** Layer cells (column, row) where the three units peak; the first is the strongest. */
    public static final int[][] PEAKS = {{5, 2}, {1, 6}, {3, 4}};
    /** Peak heights of the three units' raw maps: the joint scale makes the later ones look weaker. */
    public static final float[] HEIGHTS = {3.0f, 2.0f, 1.0f};
    public static final int[] UNIT_NUMBERS = {42, 7, 3};

    public static Builder builder() {
        return new Builder();
    }

    /** The default explanation: 128x128 image, 8x8 maps, three units, non-DICOM metadata. */
    public static Explanation standard() {
        return builder().build();
    }

    /** A {@code n x n} map with a Gaussian bump of {@code peak} at cell (col, row). */
    public static FloatTensor bump(int n, int col, int row, float peak) {
        float[] v = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double d2 = (c - col) * (c - col) + (r - row) * (r - row);
                v[r * n + c] = (float) (peak * Math.exp(-d2 / 1.5));
            }
        }
        return new FloatTensor(new int[] {n, n}, v);
    }

    /** The image pixel at the centre of layer cell (col, row) of an {@code n x n} map over {@code size}. */
    public static int pixelOf(int cell, int n, int size) {
        return (int) ((cell + 0.5) * size / n);
    }

    /** A smooth synthetic breast: brighter towards the chest wall (left), with a faint texture. */
    public static MammogramImage image(int width, int height) {
        float[] px = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double nx = (double) x / width;
                double ny = (double) y / height - 0.5;
                boolean tissue = nx * nx / 0.8 + ny * ny / 0.2 <= 1;
                px[y * width + x] = tissue ? (float) (0.35 + 0.3 * (1 - nx) + 0.05 * Math.sin(x * 0.3 + y * 0.2)) : 0.02f;
            }
        }
        return new MammogramImage(width, height, px);
    }

    public static final class Builder {
        private int width = 128;
        private int height = 128;
        private int mapSize = 8;
        private int unitCount = 3;
        private boolean labelled = true;
        private String sentence = "malignant (0.91): spiculated, fine pleomorphic";
        private String firstTerm = "spiculated";
        private String sampleId = "phantom-0001";
        private String caseId = "case-0001";
        private String reportText = "Irregular spiculated mass, upper outer quadrant.";
        private ImageMetadata metadata = new ImageMetadata("OT", Laterality.LEFT, "MLO", 0.07, 12, false, Map.of());
        private MammogramImage image;
        private boolean classMap = true;
        private boolean truth = true;

        public Builder size(int w, int h) {
            width = w;
            height = h;
            return this;
        }

        public Builder mapSize(int n) {
            mapSize = n;
            return this;
        }

        /** How many of the three units to show (0 to 3). */
        public Builder units(int n) {
            unitCount = n;
            return this;
        }

        /** Units without labels (a run nobody labelled). */
        public Builder unlabelled() {
            labelled = false;
            return this;
        }

        public Builder sentence(String s) {
            sentence = s;
            return this;
        }

        /** The first unit's label term (user input: annotations carry free text). */
        public Builder firstTerm(String term) {
            firstTerm = term;
            return this;
        }

        public Builder sampleId(String id) {
            sampleId = id;
            return this;
        }

        public Builder caseId(String id) {
            caseId = id;
            return this;
        }

        public Builder reportText(String text) {
            reportText = text;
            return this;
        }

        public Builder metadata(ImageMetadata m) {
            metadata = m;
            return this;
        }

        /** An image of its own (e.g. read from DICOM); sets the size. */
        public Builder image(MammogramImage img) {
            image = img;
            width = img.width();
            height = img.height();
            return this;
        }

        public Builder withoutClassMap() {
            classMap = false;
            return this;
        }

        /** No ground truth at all ({@code null}), as for an image outside any data set. */
        public Builder withoutTruth() {
            truth = false;
            return this;
        }

        public Explanation build() {
            MammogramImage img = image != null ? image : Explanations.image(width, height);
            List<UnitContribution> units = new ArrayList<>();
            double[] weights = {0.41, 0.30, 0.25};
            for (int i = 0; i < unitCount; i++) {
                Optional<UnitLabel> label = Optional.empty();
                if (labelled && i == 0) {
                    label = Optional.of(new UnitLabel("margin-spiculated", firstTerm, UnitLabel.Source.EXPERT, 0.8, "dr.a"));
                } else if (labelled && i == 1) {
                    label = Optional.of(new UnitLabel("calc-fine-pleomorphic", "fine pleomorphic", UnitLabel.Source.AUTO,
                            0.31, "dissection-run-1"));
                }
                units.add(new UnitContribution(UNIT_NUMBERS[i], i + 1, weights[i], HEIGHTS[i], label,
                        bump(mapSize, PEAKS[i][0], PEAKS[i][1], HEIGHTS[i])));
            }
            // the class map peaks with the strongest unit, at probability 0.95
            FloatTensor cls = classMap ? bump(mapSize, PEAKS[0][0], PEAKS[0][1], 0.95f) : null;
            Sample sample = new Sample(new SampleRef(sampleId, caseId, Split.TEST, "malignant"), img, metadata,
                    truth ? truth(img.width(), img.height()) : null);
            return new Explanation(sample, "demo-cnn", "ab".repeat(32), "layer4", Map.of("malignant", 0.91,
                    "benign", 0.07, "normal", 0.02), "malignant", "malignant", units, sentence, cls);
        }

        /** One spiculated mass around the first unit's peak: a disc mask and an octagon outline. */
        private GroundTruth truth(int w, int h) {
            int cx = pixelOf(PEAKS[0][0], mapSize, w);
            int cy = pixelOf(PEAKS[0][1], mapSize, h);
            int radius = Math.max(3, Math.min(w, h) / 14);
            Box box = new Box(Math.max(0, cx - radius), Math.max(0, cy - radius), 2 * radius + 1, 2 * radius + 1);
            BitSet bits = new BitSet();
            for (int y = 0; y < box.height(); y++) {
                for (int x = 0; x < box.width(); x++) {
                    int dx = box.x() + x - cx;
                    int dy = box.y() + y - cy;
                    if (dx * dx + dy * dy <= radius * radius) {
                        bits.set(y * box.width() + x);
                    }
                }
            }
            List<Integer> outline = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                double a = Math.PI * 2 * k / 8;
                outline.add((int) Math.round(cx + radius * Math.cos(a)));
                outline.add((int) Math.round(cy + radius * Math.sin(a)));
            }
            Lesion lesion = new Lesion("L1", "finding-mass", "malignant", Set.of("margin-spiculated", "shape-irregular"),
                    new RegionMask(box, bits), Map.of(), outline, 5);
            return new GroundTruth("malignant", List.of(lesion),
                    new Report(reportText, Set.of("finding-mass", "margin-spiculated"), 5, "density-b"));
        }
    }
}
