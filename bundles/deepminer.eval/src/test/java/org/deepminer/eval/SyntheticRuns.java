package org.deepminer.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Synthetic runs for the tests: cases of two views each, reports drawn from class-typical concept pools, and
 * explanations that either repeat the image's own report concepts (informative) or name random concepts.
 */
final class SyntheticRuns {
    static final List<String> CLASSES = List.of("normal", "benign", "malignant");
    static final List<String> BENIGN = List.of("shape-oval", "shape-round", "margin-circumscribed", "calc-punctate",
            "calc-round", "calc-coarse");
    static final List<String> MALIGNANT = List.of("margin-spiculated", "shape-irregular", "calc-fine-pleomorphic",
            "calc-fine-linear-branching", "architectural-distortion", "margin-indistinct");
    static final String MODEL_HASH = "9f2c4a7be1d03356aa11bb22cc33dd44ee55ff6600112233445566778899aabb";

    enum Explanations { INFORMATIVE, RANDOM }

    private SyntheticRuns() {}

    static RunEvidence run(String name, Explanations kind, int cases, long seed) {
        Random rnd = new Random(seed);
        List<ScoredItem> images = new ArrayList<>();
        List<ScoredItem> patches = new ArrayList<>();
        List<ImageEvidence> evidence = new ArrayList<>();
        List<String> pool = new ArrayList<>(BENIGN);
        pool.addAll(MALIGNANT);
        for (int c = 0; c < cases; c++) {
            String caseId = "case-" + c;
            int truth = c % 3;
            Set<String> report = new LinkedHashSet<>();
            if (truth > 0) {
                List<String> own = truth == 2 ? MALIGNANT : BENIGN;
                List<String> other = truth == 2 ? BENIGN : MALIGNANT;
                while (report.size() < 2) {
                    List<String> from = rnd.nextDouble() < 0.85 ? own : other;
                    report.add(from.get(rnd.nextInt(from.size())));
                }
            }
            for (String view : List.of("CC", "MLO")) {
                String id = caseId + "-" + view;
                Map<String, Double> p = probabilities(truth, rnd);
                images.add(new ScoredItem(id, caseId, CLASSES.get(truth), p));
                for (int k = 0; k < 3; k++) {
                    patches.add(new ScoredItem(id + "-p" + k, caseId, CLASSES.get(truth), probabilities(truth, rnd)));
                }
                String predicted = argmax(p);
                List<String> explanation = new ArrayList<>();
                if (kind == Explanations.INFORMATIVE) {
                    List<String> own = new ArrayList<>(report);
                    Collections.shuffle(own, rnd);
                    explanation.addAll(own);
                    if (!own.isEmpty() && rnd.nextDouble() < 0.2) {
                        explanation.add(pool.get(rnd.nextInt(pool.size())));
                    }
                } else {
                    // random words for every image, lesion or not: nothing about the image leaks into them
                    int k = 2 + rnd.nextInt(2);
                    for (int i = 0; i < k; i++) {
                        explanation.add(pool.get(rnd.nextInt(pool.size())));
                    }
                }
                boolean lesion = truth > 0;
                double drop = 0.5 + 0.1 * rnd.nextGaussian();
                double[] randomDrops = new double[40];
                double[] top20 = new double[40];
                for (int d = 0; d < 40; d++) {
                    randomDrops[d] = 0.05 + 0.03 * rnd.nextGaussian();
                    top20[d] = 0.25 + 0.08 * rnd.nextGaussian();
                }
                double[] curve = new double[11];
                double[] randomCurve = new double[11];
                for (int k = 0; k <= 10; k++) {
                    curve[k] = 0.9 * Math.exp(-0.3 * k);
                    randomCurve[k] = 0.9 - 0.01 * k;
                }
                evidence.add(new ImageEvidence(id, caseId, CLASSES.get(truth), p, predicted, predicted, explanation,
                        report, report, truth == 0 ? "" : CLASSES.get(truth),
                        lesion ? (rnd.nextDouble() < 0.7 ? 1 : 0) : Double.NaN,
                        lesion ? 0.2 + 0.4 * rnd.nextDouble() : Double.NaN, drop, randomDrops, top20, curve,
                        lesion ? 0.05 : Double.NaN, randomCurve));
            }
        }
        List<UnitRow> units = new ArrayList<>();
        List<UnitRow> control = new ArrayList<>();
        for (String clazz : CLASSES) {
            for (int r = 1; r <= 20; r++) {
                boolean detector = r <= 15;
                boolean specific = r <= 10;
                units.add(new UnitRow(clazz, r, 100 * r + clazz.length(), detector ? MALIGNANT.get(r % 6) : "",
                        detector ? 0.06 : 0.01, 0.2, specific ? 2.0 : 1.1, detector, specific, r <= 5 ? "spiculation" : ""));
                control.add(new UnitRow(clazz, r, 7 * r, "", 0.01, 0.2, 1.0, r == 1, false, ""));
            }
        }
        Map<String, String> terms = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (String id : pool) {
            terms.put(id, id.replace('-', ' '));
            categories.put(id, id.startsWith("calc") ? "calcification" : id.startsWith("shape") ? "mass shape"
                    : id.startsWith("margin") ? "mass margin" : "finding");
        }
        return new RunEvidence(name, Map.of("model.sha256", MODEL_HASH, "dataset", "phantom-1000", "split", "test",
                "parameters", "top=20 k=8"), CLASSES, images, patches, evidence, units, control,
                Map.of("auc.malignant", 0.95, "auc.benign", 0.9, "auc.normal", 0.99, "accuracy.benign-vs-malignant", 0.83),
                OptionalDouble.of(0.61), List.of(new GalleryItem(evidence.get(0).id(), "predicted normal", true, png(seed)),
                        new GalleryItem(evidence.get(1).id(), "predicted benign, truth normal", false, png(seed + 1))),
                terms, categories);
    }

    /** The class with the highest probability, first on a tie (as the evaluation reads it). */
    static String argmax(Map<String, Double> p) {
        String best = CLASSES.get(0);
        for (String c : CLASSES) {
            if (p.get(c) > p.get(best)) {
                best = c;
            }
        }
        return best;
    }

    /** Softmax of a class-dependent logit plus noise: informative but imperfect scores. */
    static Map<String, Double> probabilities(int truth, Random rnd) {
        double[] z = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            z[k] = (k == truth ? 1.5 : 0) + rnd.nextGaussian();
            z[k] = Math.exp(z[k]);
            sum += z[k];
        }
        Map<String, Double> p = new HashMap<>();
        for (int k = 0; k < 3; k++) {
            p.put(CLASSES.get(k), z[k] / sum);
        }
        return p;
    }

    static byte[] png(long seed) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample((int) (seed & 7), 3, 0, 255);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
