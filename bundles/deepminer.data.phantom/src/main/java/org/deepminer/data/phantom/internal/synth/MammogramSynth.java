package org.deepminer.data.phantom.internal.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepminer.data.phantom.internal.model.CaseSpec;
import org.deepminer.data.phantom.internal.model.Concepts;
import org.deepminer.data.phantom.internal.model.Kind;
import org.deepminer.data.phantom.internal.model.LesionSpec;

/**
 * Synthesises one view of a case: plain Java, deterministic from the case seed and the view's index.
 *
 * <p>The image is built in attenuation units {@code D} (fat 0.30, fully glandular tissue 0.80 at full
 * thickness) and then "exposed": quanta {@code N0 exp(-mu D)} with Poisson noise (Gaussian
 * approximation, ~10^4 quanta per breast pixel), a 0.5-1 px Gaussian detector blur, a log transform back
 * to {@code D} and a linear map to 12 bits, dense tissue bright (MONOCHROME2, "for presentation").
 *
 * <p>Steps: outline; lesion positions; power-law texture thresholded to the case's glandular fraction; the
 * lesions that change the tissue itself (focal asymmetry, the dense overlap that obscures a margin, the
 * pull of a distortion); tissue attenuation with the thickness roll-off; vessels and ligaments; lesions;
 * pectoral muscle, skin and nipple; detector.
 *
 * <p>One instance per thread: it owns its buffers.
 */
public final class MammogramSynth {
    // attenuation of the tissue model
    private static final float FAT = 0.30f;
    private static final float GLAND = 0.50f;
    private static final float FINE_TEXTURE = 0.035f;
    private static final float PECTORAL = 0.70f;
    private static final float SKIN = 0.10f;
    private static final float NIPPLE = 0.24f;
    /** Fraction of a lesion's contrast lost over fully glandular tissue (a mass replaces tissue of similar density). */
    private static final float OBSCURING = 0.55f;

    // physical (contrast 1) heights of the lesions, in attenuation units
    /** A mass is this much denser than fibroglandular tissue at contrast 1 (times the contrast above it). */
    static final double MASS_EXCESS = 0.20;
    /** Compressed breast thickness: a mass's chord over it is the fraction of the column it replaces. */
    static final double THICKNESS_MM = 50;
    static final float GLAND_ATTENUATION = GLAND;
    static final double SPICULE = 0.045;
    static final double DISTORTION_LINE = 0.040;
    static final double CALC = 0.090;
    static final double VESSEL = 0.025;
    static final double ASYMMETRY = 0.20;

    /** Texture structures run 1.6x longer towards the nipple than across. */
    private static final double ELONGATION = 1.6;
    /** Width of the soft threshold that turns texture into glandular fraction, in texture SDs. */
    private static final float SOFTNESS = 1.6f;

    // detector
    private static final double N0 = 5.0e4;
    private static final double MU = 3.0;
    private static final double OFFSET = 40;
    private static final double GAIN = 3300;

    private final SynthSettings settings;
    private final int size;
    private final PowerLawField fields;
    private final Canvas canvas;
    private final float[] texture;
    private final float[] fine;
    private final float[] gland;
    private final float[] atten;
    private final float[] scratch;

    public MammogramSynth(SynthSettings settings) {
        this.settings = settings;
        this.size = settings.size();
        int n = size * size;
        fields = new PowerLawField(PowerLawField.gridFor(size));
        canvas = new Canvas(size);
        texture = new float[n];
        fine = new float[n];
        gland = new float[n];
        atten = new float[n];
        scratch = new float[n];
    }

    /** The random stream of one view of a case. */
    public static long viewSeed(long caseSeed, int viewIndex) {
        return mix(caseSeed + 0x9E3779B97F4A7C15L * (viewIndex + 1));
    }

    /** SplitMix64's finaliser: decorrelates seeds that differ in few bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Renders one view.
     *
     * @param viewIndex position of the view in the requested list (its random stream)
     * @param view CC or MLO
     * @param pixelsToo false renders only the outline and the masks (for statistics over many cases)
     */
    public SynthView render(CaseSpec spec, int viewIndex, String view, boolean pixelsToo) {
        SplittableRandom viewRng = new SplittableRandom(viewSeed(spec.seed(), viewIndex));
        boolean mlo = view.equals("MLO");
        BreastGeometry geometry = BreastGeometry.draw(viewRng.split(), size, mlo, settings.spacingMm());
        SplittableRandom textureRng = viewRng.split();
        SplittableRandom vesselRng = viewRng.split();
        SplittableRandom placeRng = viewRng.split();
        SplittableRandom lesionRng = viewRng.split();
        SplittableRandom noiseRng = viewRng.split();

        LesionPainter painter = new LesionPainter(settings, geometry, canvas, gland, atten, texture, scratch, OBSCURING);
        List<LesionPainter.Placed> placed = new ArrayList<>();
        for (LesionSpec lesion : spec.lesions()) {
            placed.add(painter.place(lesion, placeRng, placed));
        }
        // the random streams are consumed alike with and without pixels, so the masks are the same
        List<SplittableRandom> tissueRngs = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            tissueRngs.add(lesionRng.split());
        }
        double roll = viewRng.nextDouble();
        if (pixelsToo) {
            fields.generate(textureRng, size, spec.beta(), 2.0, ELONGATION, texture, fine);
            glandular(geometry, spec.glandularFraction());
            for (int i = 0; i < placed.size(); i++) {
                painter.alterTissue(placed.get(i), tissueRngs.get(i));
            }
            tissue(geometry, roll);
            vessels(geometry, vesselRng);
        }
        List<RenderedLesion> lesions = new ArrayList<>();
        byte[] tissueMap = geometry.tissueMap();
        for (LesionPainter.Placed p : placed) {
            LesionPainter.Drawn drawn = painter.draw(p, lesionRng.split(), pixelsToo);
            Map<String, Mask> concepts = new LinkedHashMap<>();
            drawn.conceptMasks().forEach((c, m) -> concepts.put(c, m.within(tissueMap, size)));
            Mask union = drawn.union().within(tissueMap, size);
            for (Mask m : concepts.values()) {
                union = union.union(m);
            }
            union = union.fillHoles().within(tissueMap, size);
            double sizeMm = p.spec().kind() == Kind.CALCIFICATION ? drawn.extentMm() : p.sizeMm();
            lesions.add(new RenderedLesion(p.spec(), union, concepts, p.cx(), p.cy(), location(geometry, p),
                    drawn.subtlety(), sizeMm));
        }
        short[] pixels = new short[size * size];
        if (pixelsToo) {
            finish(geometry);
            expose(noiseRng, pixels);
        }
        double center = OFFSET + GAIN * 0.55;
        double width = GAIN * 1.0;
        return new SynthView(view, size, pixels, geometry.breastMap(), tissueMap, lesions, center, width);
    }

    /** Thresholds the texture (plus a central bias) to the glandular fraction; soft edges. */
    private void glandular(BreastGeometry g, double fraction) {
        float[] r = g.radius;
        int bins = 2048;
        float lo = -6f;
        float hi = 8f;
        int[] histogram = new int[bins];
        int count = 0;
        double retro = 0.10 * g.a;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                // glandular tissue gathers behind the nipple, away from the skin and from the chest wall
                float bias = (float) (1.1 * (1 - r[i] * r[i]) - 0.7 * Math.exp(-x / retro));
                float v = texture[i] + bias;
                gland[i] = v;
                if (g.region[i] == BreastGeometry.TISSUE) {
                    int b = (int) ((v - lo) / (hi - lo) * bins);
                    histogram[Math.max(0, Math.min(bins - 1, b))]++;
                    count++;
                }
            }
        }
        int target = (int) Math.round(count * (1 - fraction));
        int cumulative = 0;
        int bin = 0;
        while (bin < bins - 1 && cumulative + histogram[bin] < target) {
            cumulative += histogram[bin++];
        }
        float threshold = lo + (bin + 0.5f) * (hi - lo) / bins;
        for (int i = 0; i < gland.length; i++) {
            float v = 0.5f + (gland[i] - threshold) / SOFTNESS;
            gland[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
        }
    }

    /** Tissue attenuation: fat + glandular fraction, fine texture, thickness roll-off towards the skin. */
    private void tissue(BreastGeometry g, double rollDraw) {
        double roll = settings.px(8 + 6 * rollDraw);
        for (int i = 0; i < atten.length; i++) {
            float e = g.edge[i];
            if (g.region[i] == BreastGeometry.AIR && e < -1) {
                atten[i] = 0;
                continue;
            }
            double t = Math.min(1, Math.max(0, e) / roll);
            double profile = 0.25 + 0.75 * Math.sqrt(1 - (1 - t) * (1 - t));
            float gl = gland[i];
            double d = profile * (FAT + GLAND * gl + FINE_TEXTURE * fine[i] * (0.5 + 0.5 * gl));
            if (e < 0.5) {
                d *= Math.max(0, e + 0.5); // one-pixel anti-aliased outline
            }
            atten[i] = (float) d;
        }
    }

    /** 2-5 normal vessels and Cooper's ligaments: linear structures that are not lesions. */
    private void vessels(BreastGeometry g, SplittableRandom rng) {
        int count = 2 + rng.nextInt(4);
        double k = settings.contrast();
        for (int n = 0; n < count; n++) {
            boolean ligament = rng.nextDouble() < 0.35;
            double[] xs = new double[12];
            double[] ys = new double[12];
            double width;
            double height;
            if (ligament) {
                // a short thin arc near the skin, roughly parallel to it
                double t = (rng.nextDouble() - 0.5) * 2.4;
                double rr = BreastGeometry.uniform(rng, 0.72, 0.9);
                double span = BreastGeometry.uniform(rng, 0.12, 0.3);
                for (int i = 0; i < xs.length; i++) {
                    double tt = t + span * (i / (double) (xs.length - 1) - 0.5);
                    double wobble = 1 + 0.03 * Math.sin(i * 0.9 + t);
                    xs[i] = g.a * rr * wobble * Math.cos(tt);
                    ys[i] = g.cy + g.b * rr * wobble * Math.sin(tt);
                }
                width = settings.px(BreastGeometry.uniform(rng, 0.3, 0.5));
                height = k * SPICULE * BreastGeometry.uniform(rng, 0.5, 0.9);
            } else {
                // a vessel running from the chest wall towards the nipple
                double x0 = g.a * BreastGeometry.uniform(rng, 0.02, 0.25);
                double y0 = g.cy + g.b * BreastGeometry.uniform(rng, -0.7, 0.7);
                double x1 = g.a * BreastGeometry.uniform(rng, 0.55, 0.9);
                double y1 = g.cy + g.b * BreastGeometry.uniform(rng, -0.45, 0.45);
                double bend = BreastGeometry.uniform(rng, -0.25, 0.25) * Math.hypot(x1 - x0, y1 - y0);
                double nx = -(y1 - y0);
                double ny = x1 - x0;
                double nl = Math.hypot(nx, ny);
                for (int i = 0; i < xs.length; i++) {
                    double t = i / (double) (xs.length - 1);
                    double s = 4 * t * (1 - t) * bend;
                    xs[i] = x0 + t * (x1 - x0) + s * nx / nl;
                    ys[i] = y0 + t * (y1 - y0) + s * ny / nl;
                }
                width = settings.px(BreastGeometry.uniform(rng, 0.8, 1.6));
                height = k * VESSEL * BreastGeometry.uniform(rng, 0.7, 1.2);
            }
            canvas.polyline(xs, ys, width, width * 0.6, 1.0, 0.7);
            canvas.commit(atten, (float) height, null, 0f, g.region, null, 1f);
        }
    }

    /** Pectoral muscle, skin line and nipple. */
    private void finish(BreastGeometry g) {
        double skin = settings.px(0.75);
        double half = skin / 2;
        for (int i = 0; i < atten.length; i++) {
            byte region = g.region[i];
            if (g.mlo && region != BreastGeometry.AIR) {
                int x = i % size;
                int y = i / size;
                double level = g.pectoralLevel(x, y);
                if (level < 1.04) {
                    // a muscle brighter towards the corner, with fibres, and a slightly soft edge
                    double pect = PECTORAL * (0.9 + 0.1 * (1 - level)) + 0.02 * fine[i];
                    double w = Math.min(1, (1.04 - level) / 0.06);
                    atten[i] = (float) (w * pect + (1 - w) * atten[i]);
                    continue;
                }
            }
            if (region == BreastGeometry.NIPPLE) {
                atten[i] = NIPPLE + 0.01f * fine[i];
            } else {
                float e = g.edge[i];
                if (e > -1 && e < 3 * skin) {
                    double z = (e - half) / half;
                    atten[i] += (float) (SKIN * Math.exp(-0.5 * z * z) * Math.min(1, e + 1));
                }
            }
        }
    }

    /** Poisson quanta, detector blur, log transform, 12-bit quantisation. */
    private void expose(SplittableRandom rng, short[] out) {
        double sigma = BreastGeometry.uniform(rng, 0.5, 1.0);
        for (int i = 0; i < atten.length; i++) {
            double lambda = N0 * Math.exp(-MU * atten[i]);
            double q = lambda + Math.sqrt(lambda) * rng.nextGaussian();
            scratch[i] = (float) Math.max(q, 1.0);
        }
        Blur.gaussian(scratch, size, size, sigma, atten);
        for (int i = 0; i < out.length; i++) {
            double d = Math.log(N0 / Math.max(scratch[i], 1f)) / MU;
            long v = Math.round(OFFSET + GAIN * d);
            out[i] = (short) (v < 0 ? 0 : (v > 4095 ? 4095 : v));
        }
    }

    private String location(BreastGeometry g, LesionPainter.Placed p) {
        if (p.spec().distribution() != null && p.spec().distribution().equals(Concepts.DIST_DIFFUSE)) {
            return "throughout the breast";
        }
        double depth = p.cx() / g.a;
        String third = depth < 0.33 ? "posterior" : (depth < 0.66 ? "middle" : "anterior");
        String side;
        if (g.mlo) {
            side = p.cy() < g.cy ? "upper" : "lower";
        } else {
            side = p.cy() < g.cy ? "outer" : "inner";
        }
        return "in the " + third + " third, " + side + " breast";
    }
}
