package org.deepminer.imaging.figure;

import java.util.Arrays;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.imaging.Resample;

/**
 * The maps of an explanation's shown units, min-max normalised jointly (one minimum and one maximum over
 * all shown units, so that a weak unit looks weak next to a strong one) and upsampled bilinearly onto the
 * image; and the class-probability map. Maps are normalised at layer resolution, before upsampling: bilinear
 * interpolation commutes with the affine rescaling, and the layer map is a few hundred values against the
 * image's millions. Immutable and thread-safe.
 */
public final class UnitMaps {
    private final String sample;
    private final List<UnitContribution> units;
    private final float min;
    private final float max;

    private UnitMaps(String sample, List<UnitContribution> units, float min, float max) {
        this.sample = sample;
        this.units = units;
        this.min = min;
        this.max = max;
    }

    /**
     * @throws DeepMinerException naming the sample and the unit when a map is not two-dimensional
     *         ({@code [h, w]}, leading dimensions of size 1 allowed) or is empty
     */
    public static UnitMaps of(Explanation explanation) {
        String sample = sampleName(explanation);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (UnitContribution u : explanation.units()) {
            check(sample, "unit " + u.unit(), u.map());
            for (float v : u.map().data()) {
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (explanation.classMap() != null) {
            check(sample, "the class map", explanation.classMap());
        }
        if (lo > hi) { // no units, or maps without a finite value
            lo = 0;
            hi = 0;
        }
        return new UnitMaps(sample, explanation.units(), lo, hi);
    }

    /** The smallest raw activation over the shown units' maps (0 without units). */
    public float jointMin() {
        return min;
    }

    /** The largest raw activation over the shown units' maps (0 without units). */
    public float jointMax() {
        return max;
    }

    public int count() {
        return units.size();
    }

    /** Unit {@code i}'s map in [0, 1] on the joint scale, upsampled to {@code width x height}. */
    public float[] unit(int i, int width, int height) {
        FloatTensor map = units.get(i).map();
        float[] normalised = normalise(map.data());
        return Resample.bilinear(normalised, columns(map), rows(map), width, height);
    }

    /**
     * All shown units at once: the per-position maximum of their jointly normalised maps, taken at layer
     * resolution and then upsampled. Zero everywhere without units.
     */
    public float[] combined(int width, int height) {
        if (units.isEmpty()) {
            return new float[width * height];
        }
        FloatTensor first = units.get(0).map();
        int w = columns(first);
        int h = rows(first);
        float[] top = new float[w * h];
        boolean sameShape = true;
        for (UnitContribution u : units) {
            if (columns(u.map()) != w || rows(u.map()) != h) {
                sameShape = false;
                break;
            }
            float[] n = normalise(u.map().data());
            for (int k = 0; k < top.length; k++) {
                top[k] = Math.max(top[k], n[k]);
            }
        }
        if (sameShape) {
            return Resample.bilinear(top, w, h, width, height);
        }
        // maps of different sizes (not what the explainer makes, but legal): combine at image resolution
        float[] out = new float[width * height];
        for (int i = 0; i < units.size(); i++) {
            float[] up = unit(i, width, height);
            for (int k = 0; k < out.length; k++) {
                out[k] = Math.max(out[k], up[k]);
            }
        }
        return out;
    }

    /**
     * The class-probability map upsampled to {@code width x height}, values clamped to [0, 1] (they are
     * probabilities: no normalisation), or {@code null} when the explanation has none.
     */
    public static float[] classMap(Explanation explanation, int width, int height) {
        FloatTensor map = explanation.classMap();
        if (map == null) {
            return null;
        }
        check(sampleName(explanation), "the class map", map);
        float[] p = map.data().clone();
        for (int k = 0; k < p.length; k++) {
            float v = p[k];
            p[k] = Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
        }
        return Resample.bilinear(p, columns(map), rows(map), width, height);
    }

    /**
     * Unit {@code i}'s hot area on a {@code width x height} image: the bounding box of the pixels where its
     * upsampled raw map reaches at least half of its own range above its own minimum (for a ReLU map, half
     * its maximum). A map without contrast is hot everywhere: the whole image.
     */
    public Box hotArea(int i, int width, int height) {
        FloatTensor map = units.get(i).map();
        float[] up = Resample.bilinear(finiteOrLowest(map.data()), columns(map), rows(map), width, height);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : up) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) {
            return new Box(0, 0, width, height);
        }
        float threshold = lo + 0.5f * (hi - lo);
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (up[row + x] >= threshold) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = y;
                }
            }
        }
        return new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** Non-finite activations (a broken model) count as the lowest finite one, so they never look hot. */
    private static float[] finiteOrLowest(float[] data) {
        float lowest = Float.POSITIVE_INFINITY;
        boolean clean = true;
        for (float v : data) {
            if (Float.isFinite(v)) {
                lowest = Math.min(lowest, v);
            } else {
                clean = false;
            }
        }
        if (clean) {
            return data;
        }
        float fill = Float.isFinite(lowest) ? lowest : 0;
        float[] out = data.clone();
        for (int k = 0; k < out.length; k++) {
            if (!Float.isFinite(out[k])) {
                out[k] = fill;
            }
        }
        return out;
    }

    private float[] normalise(float[] data) {
        float[] out = new float[data.length];
        float range = max - min;
        if (!(range > 0)) {
            return out; // flat maps: nothing stands out
        }
        float scale = 1 / range;
        for (int k = 0; k < data.length; k++) {
            float v = (data[k] - min) * scale;
            out[k] = Float.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
        }
        return out;
    }

    /** Columns of a map {@code [..., h, w]}. */
    static int columns(FloatTensor map) {
        return map.dim(map.rank() - 1);
    }

    /** Rows of a map {@code [..., h, w]}. */
    static int rows(FloatTensor map) {
        return map.dim(map.rank() - 2);
    }

    private static void check(String sample, String what, FloatTensor map) {
        if (map == null) {
            throw new DeepMinerException(sample, what + " has no map");
        }
        int[] shape = map.shape();
        boolean ok = shape.length >= 2 && shape[shape.length - 1] > 0 && shape[shape.length - 2] > 0;
        for (int d = 0; ok && d < shape.length - 2; d++) {
            ok = shape[d] == 1;
        }
        if (!ok) {
            throw new DeepMinerException(sample, what + " has shape " + Arrays.toString(shape)
                    + ": an activation map must be [h, w] (leading dimensions of size 1 allowed)");
        }
    }

    static String sampleName(Explanation explanation) {
        return explanation.sample() == null || explanation.sample().ref() == null ? "explanation"
                : "sample " + explanation.sample().id();
    }

    @Override
    public String toString() {
        return "UnitMaps[" + units.size() + " units, joint range " + min + ".." + max + " in " + sample + "]";
    }
}
