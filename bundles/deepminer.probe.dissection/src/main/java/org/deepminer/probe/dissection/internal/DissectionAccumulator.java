package org.deepminer.probe.dissection.internal;

import java.io.Serializable;
import java.util.Arrays;
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
import org.deepminer.core.stats.ConceptRaster;
import org.deepminer.core.stats.IouTally;
import org.deepminer.core.stats.TailTally;
import org.deepminer.core.stats.UnitQuantiles;

/**
 * One pass (the default): a {@link TailTally} finds the thresholds and the IoU counts together. Memory:
 * units x concepts x the buckets of each unit's upper tail.
 *
 * <p>Two passes ({@code passes = 2}): pass 0 a quantile sketch per unit; {@link #beginPass(int) beginPass(1)}
 * turns it into thresholds and drops it; pass 1 the IoU tallies. Memory: units x sketch window in pass 0,
 * units x concepts in pass 1.
 *
 * <p>Merging: accumulators of the same pass merge their sketches or tallies (pass-1 ones must share
 * their thresholds); a fresh accumulator merged with a pass-1 one adopts its thresholds, which is how a
 * runner shards the second pass.
 */
final class DissectionAccumulator implements ProbeAccumulator, Serializable {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final List<String> conceptIds;
    private final DissectionStrategy.Settings settings;
    private final boolean noMasks;
    /** Accumulators the runner merges this one with: the one-pass tally's margin grows with them. */
    private final int shards;

    private int pass;
    /** Whether this accumulator holds any data (a fresh one may adopt another's pass). */
    private boolean touched;
    private int units = -1;
    private long thresholdImages;
    private long sketchNaNs;

    private UnitQuantiles sketch;
    private float[] thresholds;
    private boolean[] resolved;
    private IouTally tally;
    /** One-pass mode's state. */
    private TailTally tail;

    /** Per-image scratch, rebuilt after deserialisation. */
    private transient ConceptRaster raster;
    private transient BilinearAxis cols;
    private transient BilinearAxis rows;
    private transient int gridWidth;
    private transient int gridHeight;

    DissectionAccumulator(ProbeContext context, DissectionStrategy.Settings settings) {
        this.layer = context.layer();
        this.conceptIds = context.conceptIds();
        this.settings = settings;
        this.noMasks = conceptIds.isEmpty();
        this.shards = context.shards();
    }

    /** The one-pass tally, its margin sized for the accumulators it will be merged with. */
    private TailTally newTail() {
        // 0 shards: a checkpoint written before the runner said how many
        return new TailTally(units, conceptIds.size(), settings.quantile(), TailTally.marginFor(Math.max(1, shards)),
                UnitQuantiles.DEFAULT_MANTISSA_BITS, UnitQuantiles.DEFAULT_WINDOW);
    }

    @Override
    public void beginPass(int p) {
        if (p == pass) {
            return;
        }
        if (p != pass + 1 || p > 1 || settings.passes() == 1) {
            throw new IllegalStateException("dissection is in pass " + pass + " of " + settings.passes()
                    + " and cannot begin pass " + p);
        }
        if (units >= 0 && !noMasks) {
            thresholds = new float[units];
            resolved = new boolean[units];
            for (int k = 0; k < units; k++) {
                UnitQuantiles.Estimate e = sketch.upperQuantile(k, settings.quantile());
                thresholds[k] = e.value();
                resolved[k] = e.resolved();
                sketchNaNs += sketch.nanCount(k);
            }
            tally = new IouTally(units, conceptIds.size());
        }
        sketch = null;
        pass = 1;
    }

    @Override
    public void accept(ProbeBatch batch) {
        touched = true;
        if (noMasks) {
            return;
        }
        FloatTensor a = batch.activations();
        if (a.rank() != 4 || a.dim(2) == 0 || a.dim(3) == 0) {
            throw new DeepMinerException(layer, "dissection expects activations [n, units, h, w] of layer "
                    + layer + ", got " + Arrays.toString(a.shape()));
        }
        int u = a.dim(1);
        if (units < 0 && pass == 1) {
            throw new DeepMinerException(layer, "the second pass of dissection got activations, the first "
                    + "got none: there are no thresholds");
        }
        if (units < 0) {
            units = u;
            if (settings.passes() == 1) {
                tail = newTail();
            } else {
                sketch = new UnitQuantiles(units);
            }
        }
        if (u != units) {
            throw new DeepMinerException(layer, "layer " + layer + " gave " + u
                    + " units in one batch and " + units + " in another");
        }
        int h = a.dim(2);
        int w = a.dim(3);
        int cells = h * w;
        float[] data = a.data();
        for (int n = 0; n < batch.size(); n++) {
            Sample s = batch.samples().get(n);
            MammogramImage image = s.image();
            grid(image, w, h);
            axes(w, h, gridWidth, gridHeight);
            int offset = n * units * cells;
            if (tail != null) {
                tail.addImage(data, offset, cols, rows, raster(s, image));
                thresholdImages++;
            } else if (pass == 0) {
                for (int k = 0; k < units; k++) {
                    sketch.addUpsampled(k, data, offset + k * cells, cols, rows);
                }
                thresholdImages++;
            } else {
                tally.addImage(data, offset, cols, rows, thresholds, raster(s, image));
            }
        }
    }

    /** The sample's concept masks, rasterised at the image's size. */
    private ConceptRaster raster(Sample s, MammogramImage image) {
        if (raster == null) {
            raster = new ConceptRaster(conceptIds);
        }
        try {
            raster.load(gridWidth, gridHeight, image.width(), image.height(), s.truth().lesions());
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(s.id(), e.getMessage());
        }
        return raster;
    }

    /**
     * The grid the maps are upsampled to and the masks sampled on: the image, or for an image larger than
     * {@code max.side} on its longer side, or than {@code grid.per.cell} pixels per cell of a {@code mapWidth x
     * mapHeight} map, the image scaled down to fit both (the masks at the scaled pixels' centres). Finer grids
     * resolve nothing more of a bilinear map; the limit per cell keeps a deep layer's coarse maps (7 x 7) from
     * costing 1,000 pixels per cell and unit.
     */
    private void grid(MammogramImage image, int mapWidth, int mapHeight) {
        int w = image.width();
        int h = image.height();
        double scale = 1;
        if (settings.maxSide() > 0) {
            scale = Math.min(scale, (double) settings.maxSide() / Math.max(w, h));
        }
        // whole pixels per cell: a map of ceil(w / 8) cells over a 250-px side is still 8 pixels per cell
        long perCell = Math.max(Math.round((double) w / mapWidth), Math.round((double) h / mapHeight));
        if (settings.gridPerCell() > 0 && perCell > settings.gridPerCell()) {
            scale = Math.min(scale, (double) settings.gridPerCell() / perCell);
        }
        if (scale >= 1) {
            gridWidth = w;
            gridHeight = h;
            return;
        }
        gridWidth = Math.max(1, (int) Math.round(w * scale));
        gridHeight = Math.max(1, (int) Math.round(h * scale));
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
        if (!(other instanceof DissectionAccumulator o) || !o.settings.equals(settings)
                || !o.layer.equals(layer) || !o.conceptIds.equals(conceptIds)) {
            throw new IllegalArgumentException("cannot merge " + other + " into " + this);
        }
        if (o.pass == pass) {
            if (o.units >= 0 && units >= 0 && o.units != units) {
                throw new IllegalArgumentException("cannot merge a dissection of " + o.units + " units into one of " + units);
            }
            if (settings.passes() == 1) {
                if (o.tail != null) {
                    if (tail == null) {
                        units = o.units;
                        tail = newTail();
                    }
                    tail.merge(o.tail);
                }
                thresholdImages += o.thresholdImages;
            } else if (pass == 0) {
                if (o.sketch != null) {
                    if (sketch == null) {
                        units = o.units;
                        sketch = new UnitQuantiles(units);
                    }
                    sketch.merge(o.sketch);
                }
                thresholdImages += o.thresholdImages;
            } else if (o.tally != null) {
                if (tally == null) {
                    adopt(o);
                } else {
                    if (!Arrays.equals(thresholds, o.thresholds)) {
                        throw new IllegalArgumentException("cannot merge second passes of dissection that used other thresholds");
                    }
                    tally.merge(o.tally);
                }
            }
            touched |= o.touched;
        } else if (pass == 0 && !touched) {
            pass = o.pass;
            sketch = null;
            adopt(o);
            touched = true;
        } else if (!(o.pass == 0 && !o.touched)) {
            throw new IllegalArgumentException("cannot merge a dissection in pass " + o.pass + " into one in pass " + pass);
        }
    }

    /** Takes another's thresholds and a copy of its tally. */
    private void adopt(DissectionAccumulator o) {
        units = o.units;
        thresholdImages = o.thresholdImages;
        sketchNaNs = o.sketchNaNs;
        thresholds = o.thresholds == null ? null : o.thresholds.clone();
        resolved = o.resolved == null ? null : o.resolved.clone();
        if (o.tally != null) {
            tally = new IouTally(o.tally.units(), o.tally.concepts());
            tally.merge(o.tally);
        }
    }

    @Override
    public ProbeResult finish() {
        if (noMasks) {
            return DissectionResult.skipped(layer, "the data set has no concept masks; Network Dissection "
                    + "needs lesion or concept masks to compare layer " + layer + "'s units with");
        }
        if (settings.passes() == 1) {
            if (tail == null) {
                return DissectionResult.of(layer, conceptIds, settings, new float[0], new boolean[0],
                        new IouTally(0, conceptIds.size()), 0, 0);
            }
            float[] t = new float[units];
            boolean[] exact = new boolean[units];
            long nans = 0;
            for (int k = 0; k < units; k++) {
                t[k] = tail.threshold(k).value();
                exact[k] = tail.iouResolved(k);
                nans += tail.nanCount(k);
            }
            return DissectionResult.of(layer, conceptIds, settings, t, exact, tail.iou(), thresholdImages, nans);
        }
        if (pass == 0) {
            beginPass(1);
            return DissectionResult.thresholdsOnly(layer, settings, thresholds, resolved, thresholdImages,
                    "only one pass over the data ran: thresholds are known, the IoU tally needs the second pass "
                            + "(the strategy declares passes() = 2)");
        }
        return DissectionResult.of(layer, conceptIds, settings, thresholds, resolved, tally,
                thresholdImages, sketchNaNs);
    }

    @Override
    public String toString() {
        return "dissection of layer " + layer + " (pass " + pass + ")";
    }
}
