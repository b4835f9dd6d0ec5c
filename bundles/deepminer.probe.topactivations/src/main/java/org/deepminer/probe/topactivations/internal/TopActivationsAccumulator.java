package org.deepminer.probe.topactivations.internal;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.Sample;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.core.stats.BilinearAxis;
import org.deepminer.core.stats.TopK;
import org.deepminer.core.stats.UnitQuantiles;
import org.deepminer.probe.topactivations.internal.TopActivationsResult.Kept;

/**
 * Per unit, the {@code k} samples with the highest spatial maximum ({@link TopK}; ties go to the smaller
 * 64-bit hash of the sample id, so the choice does not depend on the order of batches or merges), each
 * with a copy of the unit's map and of the sample's id and image size. Downscaled images are shared by the
 * units that keep the same sample and dropped when none keeps it. Memory: units x k maps of h x w floats,
 * plus at most units x k thumbnails (in practice far fewer: units share their top samples).
 */
final class TopActivationsAccumulator implements ProbeAccumulator, Serializable {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final TopActivationsStrategy.Settings settings;
    private final int k;

    private int units = -1;
    private TopK top;
    private float[][] maps;
    private int[] mapWidth;
    private int[] mapHeight;
    private String[] ids;
    private int[] imageWidth;
    private int[] imageHeight;
    private final HashMap<String, Thumbnail> thumbnails = new HashMap<>();
    private final HashMap<String, Integer> references = new HashMap<>();
    private UnitQuantiles sketch;
    private long samples;

    /** Scratch, rebuilt after deserialisation. */
    private transient BilinearAxis cols;
    private transient BilinearAxis rows;

    TopActivationsAccumulator(ProbeContext context, TopActivationsStrategy.Settings settings) {
        this.layer = context.layer();
        this.settings = settings;
        this.k = settings.imagesPerUnit();
    }

    private void start(int unitCount) {
        units = unitCount;
        top = new TopK(units, k);
        maps = new float[units * k][];
        mapWidth = new int[units * k];
        mapHeight = new int[units * k];
        ids = new String[units * k];
        imageWidth = new int[units * k];
        imageHeight = new int[units * k];
        if (settings.quantileMask()) {
            sketch = new UnitQuantiles(units);
        }
    }

    @Override
    public void accept(ProbeBatch batch) {
        FloatTensor a = batch.activations();
        if (a.rank() != 4 || a.dim(2) == 0 || a.dim(3) == 0) {
            throw new DeepMinerException(layer, "top activations expect activations [n, units, h, w] of layer "
                    + layer + ", got " + Arrays.toString(a.shape()));
        }
        if (units < 0) {
            start(a.dim(1));
        } else if (a.dim(1) != units) {
            throw new DeepMinerException(layer, "layer " + layer + " gave " + a.dim(1)
                    + " units in one batch and " + units + " in another");
        }
        int h = a.dim(2);
        int w = a.dim(3);
        int cells = h * w;
        float[] data = a.data();
        for (int n = 0; n < batch.size(); n++) {
            Sample s = batch.samples().get(n);
            MammogramImage image = s.image();
            long key = key(s.id());
            for (int u = 0; u < units; u++) {
                int off = (n * units + u) * cells;
                float max = Float.NEGATIVE_INFINITY;
                for (int p = off, end = off + cells; p < end; p++) {
                    if (data[p] > max) {
                        max = data[p];
                    }
                }
                int slot = top.offer(u, max, key);
                if (slot >= 0) {
                    int i = u * k + slot;
                    keep(i, s.id(), image.width(), image.height());
                    float[] m = maps[i] != null && maps[i].length == cells ? maps[i] : new float[cells];
                    System.arraycopy(data, off, m, 0, cells);
                    maps[i] = m;
                    mapWidth[i] = w;
                    mapHeight[i] = h;
                    if (!thumbnails.containsKey(s.id())) {
                        thumbnails.put(s.id(), Thumbnail.of(image, settings.thumbnailSize()));
                    }
                }
                if (sketch != null) {
                    axes(w, h, image.width(), image.height());
                    sketch.addUpsampled(u, data, off, cols, rows);
                }
            }
            samples++;
        }
    }

    /** Puts a sample in a slot, releasing the one it replaces. */
    private void keep(int i, String id, int width, int height) {
        release(ids[i]);
        ids[i] = id;
        imageWidth[i] = width;
        imageHeight[i] = height;
        references.merge(id, 1, Integer::sum);
    }

    private void release(String id) {
        if (id != null && references.merge(id, -1, Integer::sum) == 0) {
            references.remove(id);
            thumbnails.remove(id);
        }
    }

    private void axes(int w, int h, int width, int height) {
        if (cols == null || cols.cells() != w || cols.pixels() != width) {
            cols = new BilinearAxis(w, width);
        }
        if (rows == null || rows.cells() != h || rows.pixels() != height) {
            rows = new BilinearAxis(h, height);
        }
    }

    @Override
    public void merge(ProbeAccumulator other) {
        if (!(other instanceof TopActivationsAccumulator o) || !o.settings.sameAs(settings)
                || !o.layer.equals(layer)) {
            throw new IllegalArgumentException("cannot merge " + other + " into " + this);
        }
        samples += o.samples;
        if (o.units < 0) {
            return;
        }
        if (units < 0) {
            start(o.units);
        } else if (o.units != units) {
            throw new IllegalArgumentException("cannot merge top activations of " + o.units + " units into " + units);
        }
        for (int u = 0; u < units; u++) {
            for (int s = 0; s < o.top.size(u); s++) {
                int from = u * k + s;
                int slot = top.offer(u, o.top.score(u, s), o.top.id(u, s));
                if (slot >= 0) {
                    int i = u * k + slot;
                    String id = o.ids[from];
                    keep(i, id, o.imageWidth[from], o.imageHeight[from]);
                    maps[i] = o.maps[from].clone();
                    mapWidth[i] = o.mapWidth[from];
                    mapHeight[i] = o.mapHeight[from];
                    thumbnails.putIfAbsent(id, o.thumbnails.get(id));
                }
            }
        }
        if (sketch != null) {
            sketch.merge(o.sketch);
        }
    }

    /** Thumbnails held: one per distinct kept sample. */
    int thumbnailCount() {
        return thumbnails.size();
    }

    @Override
    public ProbeResult finish() {
        List<List<Kept>> perUnit = new ArrayList<>();
        float[] thresholds = null;
        boolean[] resolved = null;
        if (sketch != null) {
            thresholds = new float[units];
            resolved = new boolean[units];
        }
        for (int u = 0; u < Math.max(0, units); u++) {
            List<Kept> kept = new ArrayList<>();
            for (int slot : top.ranked(u)) {
                int i = u * k + slot;
                kept.add(new Kept(ids[i], top.score(u, slot), maps[i], mapWidth[i], mapHeight[i], imageWidth[i],
                        imageHeight[i], thumbnails.get(ids[i])));
            }
            perUnit.add(kept);
            if (sketch != null) {
                UnitQuantiles.Estimate e = sketch.upperQuantile(u, settings.quantile());
                thresholds[u] = e.value();
                resolved[u] = e.resolved();
            }
        }
        return new TopActivationsResult(layer, settings, samples, perUnit, thresholds, resolved);
    }

    /**
     * A 64-bit key of a sample id for tie-breaking (FNV-1a over its UTF-8 bytes, then a 64-bit finaliser so
     * that similar ids spread).
     */
    static long key(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Override
    public String toString() {
        return "top activations of layer " + layer;
    }
}
