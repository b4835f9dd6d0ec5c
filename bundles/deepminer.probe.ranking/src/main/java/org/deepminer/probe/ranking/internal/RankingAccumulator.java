package org.deepminer.probe.ranking.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.core.stats.ExactSums;
import org.deepminer.core.stats.TopK;
import org.deepminer.probe.ranking.internal.RankingResult.ClassRanking;
import org.deepminer.probe.ranking.internal.RankingResult.RankedUnit;

/**
 * Per (class, unit): how many images had the unit among their top scores for the class, and the exact sum
 * of those scores. Memory {@code classes x units}; counts and exact sums make merges equal one pass.
 */
final class RankingAccumulator implements ProbeAccumulator, Serializable {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final List<String> classNames;
    private final float[] weights;
    private final RankingStrategy.Settings settings;
    private final int classes;
    private final int units;
    private final long[] counts;
    private final ExactSums sums;
    private long images;

    /** Per-image scratch, rebuilt after deserialisation. */
    private transient float[] unitMax;
    private transient TopK perImage;

    RankingAccumulator(ProbeContext context, ClassifierHead head, RankingStrategy.Settings settings) {
        this.layer = context.layer();
        this.classes = head.classes();
        this.units = head.units();
        List<String> names = context.model() == null ? List.of() : context.model().classes();
        List<String> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            out.add(names.size() == classes ? names.get(c) : String.valueOf(c));
        }
        this.classNames = List.copyOf(out);
        this.weights = head.weights().clone();
        this.settings = settings;
        this.counts = new long[classes * units];
        this.sums = new ExactSums(classes * units);
    }

    @Override
    public void accept(ProbeBatch batch) {
        FloatTensor a = batch.activations();
        if (a.rank() != 4 || a.dim(1) != units) {
            throw new DeepMinerException(layer, "the ranking expects activations [n, " + units
                    + ", h, w] to match the classifier head of layer " + layer + ", got "
                    + Arrays.toString(a.shape()));
        }
        int cells = a.dim(2) * a.dim(3);
        if (cells == 0) {
            throw new DeepMinerException(layer, "empty activation maps " + Arrays.toString(a.shape()));
        }
        if (perImage == null) {
            unitMax = new float[units];
            perImage = new TopK(1, Math.min(settings.topUnitsPerImage(), Math.max(1, units)));
        }
        float[] data = a.data();
        for (int n = 0; n < batch.size(); n++) {
            int base = n * units * cells;
            for (int k = 0; k < units; k++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int p = base + k * cells, end = p + cells; p < end; p++) {
                    if (data[p] > m) {
                        m = data[p];
                    }
                }
                unitMax[k] = m;
            }
            for (int c = 0; c < classes; c++) {
                perImage.clear(0);
                for (int k = 0; k < units; k++) {
                    float score = weights[c * units + k] * unitMax[k];
                    if (Float.isFinite(score)) {
                        perImage.offer(0, score, k);
                    }
                }
                for (int s = 0; s < perImage.size(0); s++) {
                    int k = (int) perImage.id(0, s);
                    counts[c * units + k]++;
                    sums.add(c * units + k, perImage.score(0, s));
                }
            }
            images++;
        }
    }

    @Override
    public void merge(ProbeAccumulator other) {
        if (!(other instanceof RankingAccumulator o) || !Arrays.equals(o.weights, weights) || o.classes != classes
                || !o.settings.equals(settings) || !o.layer.equals(layer)) {
            throw new IllegalArgumentException("cannot merge " + other + " into a ranking of layer " + layer);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o.counts[i];
        }
        sums.merge(o.sums);
        images += o.images;
    }

    @Override
    public ProbeResult finish() {
        List<ClassRanking> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<RankedUnit> ranked = new ArrayList<>();
            for (int k = 0; k < units; k++) {
                long n = counts[c * units + k];
                if (n > 0) {
                    ranked.add(new RankedUnit(0, k, n, sums.value(c * units + k) / n));
                }
            }
            // most often first; a higher mean score, then the lower unit, break ties
            ranked.sort(Comparator.comparingLong((RankedUnit r) -> -r.count())
                    .thenComparing(Comparator.comparingDouble(RankedUnit::meanScore).reversed())
                    .thenComparingInt(RankedUnit::unit));
            List<RankedUnit> kept = new ArrayList<>();
            for (int r = 0; r < Math.min(settings.unitsPerClass(), ranked.size()); r++) {
                RankedUnit u = ranked.get(r);
                kept.add(new RankedUnit(r + 1, u.unit(), u.count(), u.meanScore()));
            }
            out.add(new ClassRanking(classNames.get(c), kept));
        }
        return new RankingResult(layer, images, settings.topUnitsPerImage(), settings.unitsPerClass(), out);
    }

    @Override
    public String toString() {
        return "ranking of layer " + layer;
    }
}
