package org.deepminer.data.phantom.internal.synth;

import static org.deepminer.data.phantom.internal.model.Concepts.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deepminer.data.phantom.internal.model.Kind;
import org.deepminer.data.phantom.internal.model.LesionSpec;

/**
 * Places and draws the lesion library of PHANTOM.md into one view, with the concept masks sized for
 * dissection: a mass's shape concept gets its body, its margin concept a band around the edge (for a
 * spiculated margin, the spicule halo as well), calcification concepts the specks dilated to at least one
 * feature-map cell (1/16 of the image side across) and the distribution its dilated convex hull.
 *
 * <p>A lesion's shape (size, harmonics, spicules, speck sizes, counts) comes from its own seed and is the
 * same in every view; position, orientation and the speck layout are drawn per view.
 */
final class LesionPainter {

    /** A lesion's position in a view. {@code scale} shrinks it when the breast is too small to hold it. */
    record Placed(LesionSpec spec, double cx, double cy, double theta, double scale, double extent, double sizeMm) {}

    /**
     * What was drawn: the union mask (before clipping), one mask per descriptor concept, the DDSM subtlety
     * and, for calcifications, the extent of the specks in mm (0 for other kinds: their size is the spec's).
     */
    record Drawn(Mask union, Map<String, Mask> conceptMasks, int subtlety, double extentMm) {
        Drawn(Mask union, Map<String, Mask> conceptMasks, int subtlety) {
            this(union, conceptMasks, subtlety, 0);
        }
    }

    private final SynthSettings settings;
    private final BreastGeometry g;
    private final Canvas canvas;
    private final float[] gland;
    private final float[] atten;
    private final float[] texture;
    private final float[] scratch;
    private final float obscuring;
    private final int size;
    private final double k;
    /** Half width of a margin band, radius of a spicule halo, radius of a calcification cell. */
    private final double band;
    private final double halo;
    private final double cell;

    LesionPainter(SynthSettings settings, BreastGeometry g, Canvas canvas, float[] gland, float[] atten, float[] texture,
            float[] scratch, float obscuring) {
        this.settings = settings;
        this.g = g;
        this.canvas = canvas;
        this.gland = gland;
        this.atten = atten;
        this.texture = texture;
        this.scratch = scratch;
        this.obscuring = obscuring;
        this.size = settings.size();
        this.k = settings.contrast();
        this.band = Math.max(2, size / 64.0);
        this.halo = Math.max(2, size / 128.0);
        this.cell = size / 32.0;
    }

    private double mm(double mm) {
        return settings.px(mm);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return BreastGeometry.uniform(rng, lo, hi);
    }

    // ---------------------------------------------------------------------------------------------------
    // placement

    Placed place(LesionSpec spec, SplittableRandom rng, List<Placed> others) {
        double theta = rng.nextDouble() * Math.PI;
        double margin = mm(3);
        if (DIST_DIFFUSE.equals(spec.distribution())) {
            return new Placed(spec, g.a * 0.45, g.cy, theta, 1, 0, spec.sizeMm());
        }
        double scale = 1;
        for (int shrink = 0; shrink < 8; shrink++) {
            double extent = extent(spec, scale);
            for (int attempt = 0; attempt < 40; attempt++) {
                double[] pt = g.randomPoint(rng, 0.85, margin);
                if (spec.kind() == Kind.LYMPH_NODE && attempt < 25 && pt[1] > g.cy) {
                    continue; // nodes sit in the upper (axillary) part
                }
                if (!g.canHold(pt[0], pt[1], extent, margin)) {
                    continue;
                }
                boolean apart = true;
                for (Placed o : others) {
                    if (o.extent() > 0 && Math.hypot(pt[0] - o.cx(), pt[1] - o.cy()) < 0.8 * (extent + o.extent())) {
                        apart = false;
                        break;
                    }
                }
                if (apart) {
                    return new Placed(spec, pt[0], pt[1], theta, scale, extent, spec.sizeMm() * scale);
                }
            }
            scale *= 0.85;
        }
        // a crowded small breast: put it in the middle, small
        return new Placed(spec, g.a * 0.45, g.cy, theta, scale, extent(spec, scale), spec.sizeMm() * scale);
    }

    private double extent(LesionSpec spec, double scale) {
        return switch (spec.kind()) {
            case MASS, LYMPH_NODE -> new MassShape(spec, scale).extent();
            case CALCIFICATION -> new CalcShape(spec, scale).extent;
            case DISTORTION -> mm(spec.sizeMm() * scale) + halo;
            case ASYMMETRY -> mm(spec.sizeMm() * scale / 2) * 1.3;
        };
    }

    // ---------------------------------------------------------------------------------------------------
    // lesions that change the tissue before it is turned into attenuation

    void alterTissue(Placed p, SplittableRandom rng) {
        LesionSpec spec = p.spec();
        if (spec.kind() == Kind.ASYMMETRY) {
            asymmetry(p, true);
        } else if (spec.kind() == Kind.MASS && MARGIN_OBSCURED.equals(spec.margin())) {
            MassShape shape = new MassShape(spec, p.scale());
            int blobs = 1 + rng.nextInt(2);
            for (int b = 0; b < blobs; b++) {
                double phi = rng.nextDouble() * 2 * Math.PI;
                double[] e = shape.edgePoint(phi, p);
                double sigma = shape.r * uniform(rng, 0.45, 0.65);
                addBlob(e[0], e[1], sigma, uniform(rng, 0.6, 0.9));
            }
        } else if (spec.kind() == Kind.DISTORTION) {
            pull(p.cx(), p.cy(), mm(spec.sizeMm() * p.scale()) * 0.45, 0.3);
        }
    }

    /** Raises the glandular fraction in a Gaussian blob, textured like the surrounding tissue. */
    private void addBlob(double cx, double cy, double sigma, double height) {
        int r = (int) Math.ceil(2.5 * sigma);
        for (int y = Math.max(0, (int) cy - r); y <= Math.min(size - 1, (int) cy + r); y++) {
            for (int x = Math.max(0, (int) cx - r); x <= Math.min(size - 1, (int) cx + r); x++) {
                int i = y * size + x;
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                double tex = 0.75 + 0.25 * Math.tanh(texture[i]);
                gland[i] = (float) Math.min(1.0, gland[i] + height * tex * Math.exp(-d2 / (2 * sigma * sigma)));
            }
        }
    }

    /** Pulls the tissue towards a point (the retraction around an architectural distortion). */
    private void pull(double cx, double cy, double s, double strength) {
        int r = (int) Math.ceil(2.5 * s);
        int x0 = Math.max(0, (int) cx - r);
        int y0 = Math.max(0, (int) cy - r);
        int x1 = Math.min(size - 1, (int) cx + r);
        int y1 = Math.min(size - 1, (int) cy + r);
        int w = x1 - x0 + 1;
        for (int y = y0; y <= y1; y++) {
            System.arraycopy(gland, y * size + x0, scratch, (y - y0) * w, w);
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double f = strength * Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
                double sx = x + dx * f - x0;
                double sy = y + dy * f - y0;
                gland[y * size + x] = bilinear(scratch, w, y1 - y0 + 1, sx, sy);
            }
        }
    }

    private static float bilinear(float[] img, int w, int h, double x, double y) {
        x = Math.max(0, Math.min(w - 1.001, x));
        y = Math.max(0, Math.min(h - 1.001, y));
        int xi = (int) x;
        int yi = (int) y;
        double fx = x - xi;
        double fy = y - yi;
        int i = yi * w + xi;
        double top = img[i] * (1 - fx) + img[i + 1] * fx;
        double bottom = img[i + w] * (1 - fx) + img[i + w + 1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    // ---------------------------------------------------------------------------------------------------
    // drawing

    Drawn draw(Placed p, SplittableRandom rng, boolean pixels) {
        return switch (p.spec().kind()) {
            case MASS, LYMPH_NODE -> mass(p, pixels);
            case CALCIFICATION -> calcifications(p, rng, pixels);
            case DISTORTION -> distortion(p, pixels);
            case ASYMMETRY -> asymmetry(p, false);
        };
    }

    /** The shape of a mass or lymph node, from the lesion's seed. */
    private final class MassShape {
        final double r;
        final double ax;
        final double ay;
        final int[] harmonic;
        final double[] amplitude;
        final double[] phase;
        final boolean lobulated;
        final double blur;
        final double[] spiculeAngle;
        final double[] spiculeLength;
        final double[] spiculeWidth;
        final double[] spiculeBend;
        final double[] spiculeTurn;
        final boolean hilum;

        MassShape(LesionSpec spec, double scale) {
            SplittableRandom rng = new SplittableRandom(spec.seed());
            r = mm(spec.sizeMm() * scale / 2);
            String shape = spec.kind() == Kind.LYMPH_NODE ? SHAPE_OVAL : spec.shape();
            double aspect = switch (shape) {
                case SHAPE_ROUND -> uniform(rng, 1.0, 1.1);
                case SHAPE_OVAL -> uniform(rng, 1.35, 1.9);
                default -> uniform(rng, 1.0, 1.5);
            };
            ax = r * Math.sqrt(aspect);
            ay = r / Math.sqrt(aspect);
            String margin = spec.margin();
            lobulated = MARGIN_MICROLOBULATED.equals(margin);
            boolean irregular = SHAPE_IRREGULAR.equals(shape);
            List<double[]> terms = new ArrayList<>();
            if (irregular) {
                for (int h = 2; h <= 7; h++) {
                    terms.add(new double[] {h, uniform(rng, 0.4, 1.0) * 0.32 / h, rng.nextDouble() * 2 * Math.PI});
                }
            } else {
                for (int h = 2; h <= 3; h++) {
                    terms.add(new double[] {h, uniform(rng, 0.0, 0.025), rng.nextDouble() * 2 * Math.PI});
                }
            }
            if (lobulated) {
                // small undulations of the edge: a few lobules of 1-2 mm
                int base = Math.max(8, (int) Math.round(2 * Math.PI * mm(spec.sizeMm() * scale / 2) / mm(2.5)));
                for (int t = 0; t < 3; t++) {
                    terms.add(new double[] {base + rng.nextInt(5) - 2, uniform(rng, 0.035, 0.06), rng.nextDouble() * 2 * Math.PI});
                }
            }
            harmonic = new int[terms.size()];
            amplitude = new double[terms.size()];
            phase = new double[terms.size()];
            for (int t = 0; t < terms.size(); t++) {
                harmonic[t] = (int) terms.get(t)[0];
                amplitude[t] = terms.get(t)[1];
                phase[t] = terms.get(t)[2];
            }
            if (MARGIN_INDISTINCT.equals(margin)) {
                blur = mm(uniform(rng, 1.0, 2.0));
            } else if (MARGIN_SPICULATED.equals(margin)) {
                blur = mm(0.35);
            } else {
                blur = 0;
            }
            if (MARGIN_SPICULATED.equals(margin)) {
                int n = 8 + rng.nextInt(13);
                spiculeAngle = new double[n];
                spiculeLength = new double[n];
                spiculeWidth = new double[n];
                spiculeBend = new double[n];
                spiculeTurn = new double[n];
                double offset = rng.nextDouble() * 2 * Math.PI;
                for (int s = 0; s < n; s++) {
                    spiculeAngle[s] = offset + 2 * Math.PI * (s + uniform(rng, -0.35, 0.35)) / n;
                    spiculeLength[s] = Math.min(r * uniform(rng, 1.0, 2.5), mm(14));
                    spiculeWidth[s] = mm(uniform(rng, 0.3, 0.8));
                    spiculeBend[s] = uniform(rng, -0.08, 0.08);
                    spiculeTurn[s] = uniform(rng, -0.2, 0.2);
                }
            } else {
                spiculeAngle = new double[0];
                spiculeLength = new double[0];
                spiculeWidth = new double[0];
                spiculeBend = new double[0];
                spiculeTurn = new double[0];
            }
            hilum = spec.kind() == Kind.LYMPH_NODE;
        }

        double factor(double phi) {
            double f = 1;
            for (int t = 0; t < harmonic.length; t++) {
                double c = Math.cos(harmonic[t] * phi + phase[t]);
                // lobules bulge outwards: |cos| gives rounded bumps with narrow clefts between them
                f += lobulated && harmonic[t] >= 8 ? amplitude[t] * (2 * Math.abs(c) - 1.27) : amplitude[t] * c;
            }
            return Math.max(0.5, f);
        }

        double maxFactor() {
            double f = 1;
            for (double a : amplitude) {
                f += 2 * a;
            }
            return f;
        }

        double extent() {
            double spicules = 0;
            for (double l : spiculeLength) {
                spicules = Math.max(spicules, l);
            }
            return Math.max(ax, ay) * maxFactor() + spicules + 2 * blur + band;
        }

        /** The edge point at mass-frame angle phi, in image coordinates. */
        double[] edgePoint(double phi, Placed p) {
            double f = factor(phi);
            double u = ax * f * Math.cos(phi);
            double v = ay * f * Math.sin(phi);
            double c = Math.cos(p.theta());
            double s = Math.sin(p.theta());
            return new double[] {p.cx() + u * c - v * s, p.cy() + u * s + v * c};
        }
    }

    private Drawn mass(Placed p, boolean pixels) {
        LesionSpec spec = p.spec();
        MassShape shape = new MassShape(spec, p.scale());
        double reach = Math.max(shape.ax, shape.ay) * shape.maxFactor() + 3 * shape.blur + 2;
        int x0 = Math.max(0, (int) Math.floor(p.cx() - reach));
        int y0 = Math.max(0, (int) Math.floor(p.cy() - reach));
        int x1 = Math.min(size - 1, (int) Math.ceil(p.cx() + reach));
        int y1 = Math.min(size - 1, (int) Math.ceil(p.cy() + reach));
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        float[] patch = new float[w * h];
        Mask.Builder body = Mask.builder(x0, y0, w, h);
        double c = Math.cos(p.theta());
        double s = Math.sin(p.theta());
        double hilumU = shape.ax * 0.95;
        double hilumR = shape.ay * 0.45;
        double glandSum = 0;
        int bodyCount = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x - p.cx();
                double dy = y - p.cy();
                double u = dx * c + dy * s;
                double v = -dx * s + dy * c;
                double nu = u / shape.ax;
                double nv = v / shape.ay;
                double rho = Math.sqrt(nu * nu + nv * nv) / shape.factor(Math.atan2(nv, nu));
                if (rho <= 1) {
                    body.set(x, y);
                    double value = Math.min(1, 1.8 * Math.sqrt(1 - rho * rho));
                    if (shape.hilum && Math.hypot(u - hilumU, v) < hilumR) {
                        value *= 0.15; // the fatty hilum of a lymph node
                    }
                    patch[(y - y0) * w + (x - x0)] = (float) value;
                    glandSum += gland[y * size + x];
                    bodyCount++;
                }
            }
        }
        Mask bodyMask = body.build();
        // the mass replaces the tissue along its chord: bright over fat, nearly lost in dense tissue
        double diameter = spec.sizeMm() * p.scale();
        double column = Math.min(0.45, diameter / MammogramSynth.THICKNESS_MM);
        double density = 1 + MammogramSynth.MASS_EXCESS * k;
        if (pixels) {
            if (shape.blur > 0) {
                Blur.gaussian(patch, w, h, shape.blur, scratch);
            }
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int i = y * size + x;
                    float v = patch[(y - y0) * w + (x - x0)];
                    if (v != 0f && g.region[i] != BreastGeometry.AIR) {
                        double excess = Math.max(0, density - gland[i]);
                        atten[i] += (float) (MammogramSynth.GLAND_ATTENUATION * column * v * excess);
                    }
                }
            }
        }
        Mask marginMask = bodyMask.dilate(band, size, size).minus(bodyMask.erode(band));
        if (shape.spiculeAngle.length > 0) {
            Mask.Builder lines = Mask.builder(0, 0, size, size);
            for (int t = 0; t < shape.spiculeAngle.length; t++) {
                double[] e = shape.edgePoint(shape.spiculeAngle[t], p);
                double dirX = e[0] - p.cx();
                double dirY = e[1] - p.cy();
                double norm = Math.hypot(dirX, dirY);
                double turn = shape.spiculeTurn[t];
                double ux = (dirX * Math.cos(turn) - dirY * Math.sin(turn)) / norm;
                double uy = (dirX * Math.sin(turn) + dirY * Math.cos(turn)) / norm;
                double startX = p.cx() + dirX * 0.85;
                double startY = p.cy() + dirY * 0.85;
                double length = shape.spiculeLength[t] + norm * 0.15;
                double[] xs = new double[6];
                double[] ys = new double[6];
                for (int j = 0; j < 6; j++) {
                    double f = j / 5.0;
                    double off = shape.spiculeBend[t] * length * Math.sin(Math.PI * f);
                    xs[j] = startX + ux * length * f - uy * off;
                    ys[j] = startY + uy * length * f + ux * off;
                }
                canvas.polyline(xs, ys, shape.spiculeWidth[t], 0.3, 1.0, 0.35);
            }
            canvas.commit(atten, (float) (k * MammogramSynth.SPICULE), gland, obscuring, g.region, lines, 0.3f);
            // the halo: the spicules widened, and the gaps between neighbouring spicules near the body closed
            Mask spicules = lines.build().dilate(halo, size, size).union(marginMask);
            double close = size / 64.0;
            marginMask = spicules.dilate(close, size, size).erode(close).union(spicules).minus(bodyMask.erode(band));
        }
        Map<String, Mask> concepts = new LinkedHashMap<>();
        if (spec.shape() != null) {
            concepts.put(spec.shape(), bodyMask);
        }
        if (spec.margin() != null) {
            concepts.put(spec.margin(), marginMask);
        }
        Mask union = bodyMask.union(marginMask);
        double meanGland = bodyCount == 0 ? 0.5 : glandSum / bodyCount;
        double visible = column * Math.max(0, density - meanGland) / 0.2;
        if (MARGIN_INDISTINCT.equals(spec.margin()) || MARGIN_OBSCURED.equals(spec.margin())) {
            visible *= 0.7;
        }
        if (MARGIN_SPICULATED.equals(spec.margin())) {
            visible *= 1.2;
        }
        return new Drawn(union, concepts, subtlety(pixels ? visible : 0.5));
    }

    private static int subtlety(double visibility) {
        return (int) Math.max(1, Math.min(5, Math.round(1 + 4 * visibility)));
    }

    private Drawn distortion(Placed p, boolean pixels) {
        SplittableRandom rng = new SplittableRandom(p.spec().seed());
        int n = 10 + rng.nextInt(11);
        double reach = mm(p.spec().sizeMm() * p.scale());
        double offset = rng.nextDouble() * 2 * Math.PI;
        Mask.Builder lines = Mask.builder(0, 0, size, size);
        for (int t = 0; t < n; t++) {
            double angle = offset + p.theta() + 2 * Math.PI * (t + uniform(rng, -0.4, 0.4)) / n;
            double r0 = mm(uniform(rng, 0.8, 2.5));
            double r1 = reach * uniform(rng, 0.5, 1.0);
            double bend = uniform(rng, -0.1, 0.1);
            double width = mm(uniform(rng, 0.25, 0.5));
            double height = uniform(rng, 0.6, 1.0);
            double[] xs = new double[6];
            double[] ys = new double[6];
            double ux = Math.cos(angle);
            double uy = Math.sin(angle);
            for (int j = 0; j < 6; j++) {
                double f = j / 5.0;
                double rr = r0 + (r1 - r0) * f;
                double off = bend * (r1 - r0) * Math.sin(Math.PI * f);
                xs[j] = p.cx() + ux * rr - uy * off;
                ys[j] = p.cy() + uy * rr + ux * off;
            }
            canvas.polyline(xs, ys, width, 0.3, height, 0.3 * height);
        }
        canvas.commit(atten, (float) (k * MammogramSynth.DISTORTION_LINE), gland, obscuring, g.region, lines, 0.2f);
        Mask.Builder dot = Mask.builder(0, 0, size, size);
        dot.set((int) Math.round(p.cx()), (int) Math.round(p.cy()));
        Mask centre = dot.build().dilate(band, size, size);
        Mask union = lines.build().dilate(band, size, size).union(centre).fillHoles();
        return new Drawn(union, Map.of(), subtlety(pixels ? 0.35 * Math.min(1.5, k / 3) : 0.35));
    }

    /** Focal asymmetry: raised glandular fraction without a border. Called twice: tissue, then mask. */
    private Drawn asymmetry(Placed p, boolean alterTissue) {
        SplittableRandom rng = new SplittableRandom(p.spec().seed());
        double r = mm(p.spec().sizeMm() * p.scale() / 2);
        double aspect = uniform(rng, 1.0, 1.6);
        double rx = r * Math.sqrt(aspect);
        double ry = r / Math.sqrt(aspect);
        double height = Math.min(0.9, k * ASYMMETRY_HEIGHT);
        double c = Math.cos(p.theta());
        double s = Math.sin(p.theta());
        double reach = Math.max(rx, ry) * 1.5;
        int x0 = Math.max(0, (int) (p.cx() - reach));
        int y0 = Math.max(0, (int) (p.cy() - reach));
        int x1 = Math.min(size - 1, (int) (p.cx() + reach));
        int y1 = Math.min(size - 1, (int) (p.cy() + reach));
        Mask.Builder mask = Mask.builder(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x - p.cx();
                double dy = y - p.cy();
                double u = (dx * c + dy * s) / rx;
                double v = (-dx * s + dy * c) / ry;
                double rho2 = u * u + v * v;
                if (rho2 <= 1) {
                    mask.set(x, y);
                }
                if (alterTissue) {
                    int i = y * size + x;
                    double blob = Math.exp(-0.9 * rho2 * rho2);
                    double tex = 0.6 + 0.4 * Math.tanh(texture[i]);
                    gland[i] = (float) Math.min(1.15, gland[i] + height * blob * tex);
                }
            }
        }
        return new Drawn(mask.build(), Map.of(), 2);
    }

    private static final double ASYMMETRY_HEIGHT = MammogramSynth.ASYMMETRY;

    // ---------------------------------------------------------------------------------------------------
    // calcifications

    /** Counts, extents and speck sizes of a calcification lesion, from its seed. */
    private final class CalcShape {
        final int count;
        /** grouped: sigma; linear: length; segmental: trunk length; regional: radius; vascular: length. */
        final double spread;
        final double aspect;
        final double extent;
        final double speck;
        final SplittableRandom rng;

        CalcShape(LesionSpec spec, double scale) {
            rng = new SplittableRandom(spec.seed());
            double s = spec.sizeMm() * scale;
            String dist = spec.distribution();
            String morph = spec.morphology();
            int n;
            if (CALC_VASCULAR.equals(morph)) {
                spread = mm(12 * s);
                n = 0;
                aspect = 1;
                extent = spread / 2 + cell;
            } else if (DIST_GROUPED.equals(dist)) {
                spread = mm(1.2 + 1.0 * s);
                n = 5 + rng.nextInt(21);
                aspect = 1;
                extent = 2.2 * spread + cell;
            } else if (DIST_LINEAR.equals(dist)) {
                spread = mm(6 + 5 * s);
                n = 6 + rng.nextInt(13);
                aspect = 1;
                extent = spread / 2 + cell;
            } else if (DIST_SEGMENTAL.equals(dist)) {
                spread = mm(9 + 7 * s);
                n = 15 + rng.nextInt(21);
                aspect = 1;
                extent = spread * 0.75 + cell;
            } else if (DIST_REGIONAL.equals(dist)) {
                spread = mm(6 + 5 * s);
                n = 15 + rng.nextInt(21);
                aspect = uniform(rng, 1.0, 1.5);
                extent = spread * aspect + cell;
            } else { // diffuse
                spread = 0;
                n = 25 + rng.nextInt(26);
                aspect = 1;
                extent = 0;
            }
            if (CALC_COARSE.equals(morph)) {
                n = 2 + rng.nextInt(5);
            } else if (CALC_RIM.equals(morph)) {
                n = Math.min(n, 2 + rng.nextInt(7));
            } else if (CALC_AMORPHOUS.equals(morph)) {
                n = n * 3 / 2;
            }
            count = n;
            speck = switch (morph == null ? "" : morph) {
                case CALC_PUNCTATE -> uniform(rng, 0.25, 0.45);
                case CALC_ROUND -> uniform(rng, 0.6, 1.0);
                default -> 0;
            };
        }
    }

    private Drawn calcifications(Placed p, SplittableRandom rng, boolean pixels) {
        LesionSpec spec = p.spec();
        CalcShape shape = new CalcShape(spec, p.scale());
        String morph = spec.morphology();
        double toNipple = Math.atan2(g.cy - p.cy(), g.nippleX - p.cx());
        double axis = toNipple + uniform(rng, -0.5, 0.5);
        double height = k * MammogramSynth.CALC;
        Mask.Builder centres = Mask.builder(0, 0, size, size);
        List<double[]> points = new ArrayList<>();
        double visibility;
        if (CALC_VASCULAR.equals(morph)) {
            vascular(p, axis, shape, rng, centres, pixels);
            visibility = 0.8;
        } else {
            points = layout(p, spec.distribution(), shape, axis, rng);
            for (double[] pt : points) {
                centres.set((int) Math.round(pt[0]), (int) Math.round(pt[1]));
                if (pixels) {
                    speck(morph, pt, shape, rng, height);
                }
            }
            visibility = switch (morph) {
                case CALC_COARSE -> 1.0;
                case CALC_RIM -> 0.85;
                case CALC_ROUND -> 0.75;
                case CALC_AMORPHOUS -> 0.3;
                default -> 0.55;
            } * Math.min(1, 0.5 + points.size() / 30.0);
        }
        Mask specks = centres.build();
        Mask morphology = specks.dilate(cell, size, size);
        Map<String, Mask> concepts = new LinkedHashMap<>();
        concepts.put(morph, morphology);
        Mask union = morphology;
        if (spec.distribution() != null) {
            Mask hull = hull(points).dilate(cell, size, size).union(morphology);
            concepts.put(spec.distribution(), hull);
            union = hull;
        }
        double extent = Math.max(specks.width(), specks.height()) * settings.spacingMm();
        return new Drawn(union, concepts, subtlety(visibility * Math.min(1.5, k / 3)), extent);
    }

    /** Speck centres (x, y, local direction) for a distribution. */
    private List<double[]> layout(Placed p, String dist, CalcShape shape, double axis, SplittableRandom rng) {
        List<double[]> pts = new ArrayList<>();
        int n = shape.count;
        double ca = Math.cos(axis);
        double sa = Math.sin(axis);
        switch (dist) {
            case DIST_GROUPED -> {
                for (int i = 0; i < n; i++) {
                    double dx = clamp(rng.nextGaussian(), 2.2) * shape.spread;
                    double dy = clamp(rng.nextGaussian(), 2.2) * shape.spread;
                    pts.add(new double[] {p.cx() + dx, p.cy() + dy, axis + uniform(rng, -0.6, 0.6)});
                }
            }
            case DIST_LINEAR -> {
                for (int i = 0; i < n; i++) {
                    double t = uniform(rng, -0.5, 0.5) * shape.spread;
                    double off = rng.nextGaussian() * mm(0.35);
                    pts.add(new double[] {p.cx() + ca * t - sa * off, p.cy() + sa * t + ca * off, axis});
                }
            }
            case DIST_SEGMENTAL -> {
                // a duct tree: trunk towards the nipple, branches spreading back towards the chest wall
                List<double[]> branches = new ArrayList<>();
                double half = shape.spread / 2;
                double sx = p.cx() + ca * half;
                double sy = p.cy() + sa * half;
                double ex = p.cx() - ca * half;
                double ey = p.cy() - sa * half;
                branches.add(new double[] {sx, sy, ex, ey});
                int nb = 2 + rng.nextInt(3);
                for (int b = 0; b < nb; b++) {
                    double t = uniform(rng, 0.15, 0.7);
                    double bx = sx + (ex - sx) * t;
                    double by = sy + (ey - sy) * t;
                    double ang = axis + Math.PI + (rng.nextBoolean() ? 1 : -1) * uniform(rng, 0.35, 0.8);
                    double len = shape.spread * uniform(rng, 0.3, 0.55);
                    branches.add(new double[] {bx, by, bx + Math.cos(ang) * len, by + Math.sin(ang) * len});
                }
                double total = 0;
                for (double[] b : branches) {
                    total += Math.hypot(b[2] - b[0], b[3] - b[1]);
                }
                for (int i = 0; i < n; i++) {
                    double pick = rng.nextDouble() * total;
                    double[] chosen = branches.get(branches.size() - 1);
                    for (double[] b : branches) {
                        double len = Math.hypot(b[2] - b[0], b[3] - b[1]);
                        if (pick < len) {
                            chosen = b;
                            break;
                        }
                        pick -= len;
                    }
                    double t = rng.nextDouble();
                    double jx = rng.nextGaussian() * mm(0.4);
                    double jy = rng.nextGaussian() * mm(0.4);
                    pts.add(new double[] {chosen[0] + (chosen[2] - chosen[0]) * t + jx,
                            chosen[1] + (chosen[3] - chosen[1]) * t + jy,
                            Math.atan2(chosen[3] - chosen[1], chosen[2] - chosen[0])});
                }
            }
            case DIST_REGIONAL -> {
                double rx = shape.spread * Math.sqrt(shape.aspect);
                double ry = shape.spread / Math.sqrt(shape.aspect);
                for (int i = 0; i < n; i++) {
                    double rr = Math.sqrt(rng.nextDouble());
                    double t = rng.nextDouble() * 2 * Math.PI;
                    double u = rx * rr * Math.cos(t);
                    double v = ry * rr * Math.sin(t);
                    pts.add(new double[] {p.cx() + u * ca - v * sa, p.cy() + u * sa + v * ca,
                            rng.nextDouble() * Math.PI});
                }
            }
            default -> { // diffuse
                for (int i = 0; i < n; i++) {
                    double[] pt = g.randomPoint(rng, 0.9, mm(3));
                    pts.add(new double[] {pt[0], pt[1], rng.nextDouble() * Math.PI});
                }
            }
        }
        // keep every speck inside the breast tissue
        pts.removeIf(pt -> {
            int x = (int) Math.round(pt[0]);
            int y = (int) Math.round(pt[1]);
            return x < 0 || y < 0 || x >= size || y >= size || g.region[y * size + x] != BreastGeometry.TISSUE;
        });
        if (pts.isEmpty()) {
            pts.add(new double[] {p.cx(), p.cy(), axis});
        }
        return pts;
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    private void speck(String morph, double[] pt, CalcShape shape, SplittableRandom rng, double height) {
        double x = pt[0];
        double y = pt[1];
        switch (morph) {
            case CALC_PUNCTATE, CALC_ROUND -> {
                double radius = mm(shape.speck / 2 * uniform(rng, 0.85, 1.15));
                canvas.fill(atten, Canvas.disc(x, y, radius), height * uniform(rng, 0.85, 1.0));
            }
            case CALC_FINE_PLEOMORPHIC -> {
                int nv = 3 + rng.nextInt(4);
                double d = mm(uniform(rng, 0.2, 0.9));
                double elong = uniform(rng, 1.0, 2.5);
                double rot = rng.nextDouble() * Math.PI;
                double[] xs = new double[nv];
                double[] ys = new double[nv];
                for (int v = 0; v < nv; v++) {
                    double t = 2 * Math.PI * (v + uniform(rng, -0.3, 0.3)) / nv;
                    double rr = d / 2 * uniform(rng, 0.45, 1.0);
                    double u = rr * Math.cos(t) * elong;
                    double w = rr * Math.sin(t);
                    xs[v] = x + u * Math.cos(rot) - w * Math.sin(rot);
                    ys[v] = y + u * Math.sin(rot) + w * Math.cos(rot);
                }
                canvas.fill(atten, Canvas.polygon(xs, ys), height * uniform(rng, 0.55, 1.0));
            }
            case CALC_FINE_LINEAR_BRANCHING -> {
                double ang = pt[2] + uniform(rng, -0.35, 0.35);
                double len = mm(uniform(rng, 1.0, 3.0));
                double rad = Math.max(0.45, mm(uniform(rng, 0.1, 0.175)));
                double ax = x - Math.cos(ang) * len / 2;
                double ay = y - Math.sin(ang) * len / 2;
                double bx = x + Math.cos(ang) * len / 2;
                double by = y + Math.sin(ang) * len / 2;
                double amp = height * uniform(rng, 0.8, 1.0);
                canvas.fill(atten, Canvas.capsule(ax, ay, bx, by, rad), amp);
                if (rng.nextDouble() < 0.4) {
                    double t = uniform(rng, 0.4, 0.8);
                    double ox = ax + (bx - ax) * t;
                    double oy = ay + (by - ay) * t;
                    double bang = ang + (rng.nextBoolean() ? 1 : -1) * uniform(rng, 0.5, 0.9);
                    double blen = len * uniform(rng, 0.4, 0.7);
                    canvas.fill(atten, Canvas.capsule(ox, oy, ox + Math.cos(bang) * blen, oy + Math.sin(bang) * blen,
                            rad), amp);
                }
            }
            case CALC_AMORPHOUS -> canvas.splat(atten, x, y, Math.max(0.6, mm(uniform(rng, 0.12, 0.22))),
                    height * uniform(rng, 0.25, 0.4));
            case CALC_COARSE -> {
                int blobs = 3 + rng.nextInt(4);
                double amp = height * uniform(rng, 1.0, 1.3);
                for (int b = 0; b < blobs; b++) {
                    double ox = rng.nextGaussian() * mm(0.7);
                    double oy = rng.nextGaussian() * mm(0.7);
                    canvas.fill(atten, Canvas.disc(x + ox, y + oy, mm(uniform(rng, 0.4, 0.9))), amp / 2);
                }
            }
            case CALC_RIM -> {
                double outer = mm(uniform(rng, 0.6, 1.5));
                double thickness = Math.max(0.6, mm(uniform(rng, 0.25, 0.45)));
                canvas.fill(atten, Canvas.ring(x, y, Math.max(0, outer - thickness), outer), height);
            }
            default -> throw new IllegalStateException("no renderer for calcification " + morph);
        }
    }

    /** A calcified vessel: the vessel itself and its two calcified walls, dashed ("tram tracks"). */
    private void vascular(Placed p, double axis, CalcShape shape, SplittableRandom rng, Mask.Builder centres,
            boolean pixels) {
        int n = 24;
        double length = shape.spread;
        double bend = uniform(rng, -0.2, 0.2) * length;
        double ca = Math.cos(axis);
        double sa = Math.sin(axis);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) (n - 1) - 0.5;
            double off = bend * (1 - 4 * t * t);
            xs[i] = p.cx() + ca * t * length - sa * off;
            ys[i] = p.cy() + sa * t * length + ca * off;
        }
        double width = mm(uniform(rng, 1.2, 2.0));
        if (pixels) {
            canvas.polyline(xs, ys, width, width, 1, 1);
            canvas.commit(atten, (float) (k * MammogramSynth.VESSEL), null, 0, g.region, null, 1);
        }
        double wallRadius = Math.max(0.45, mm(uniform(rng, 0.12, 0.2)));
        double height = k * MammogramSynth.CALC * uniform(rng, 0.7, 1.0);
        for (int side = -1; side <= 1; side += 2) {
            boolean on = rng.nextBoolean();
            double run = 0;
            double next = mm(on ? uniform(rng, 1, 4) : uniform(rng, 0.5, 3));
            for (int i = 1; i < n; i++) {
                double dx = xs[i] - xs[i - 1];
                double dy = ys[i] - ys[i - 1];
                double len = Math.hypot(dx, dy);
                double nx = -dy / len * width / 2 * side;
                double ny = dx / len * width / 2 * side;
                // walk the segment in small steps, switching between dash and gap
                int steps = Math.max(1, (int) Math.ceil(len));
                for (int st = 0; st < steps; st++) {
                    double t0 = st / (double) steps;
                    double t1 = (st + 1) / (double) steps;
                    run += len / steps;
                    if (run > next) {
                        on = !on;
                        run = 0;
                        next = mm(on ? uniform(rng, 1, 4) : uniform(rng, 0.5, 3));
                    }
                    if (on) {
                        double ax = xs[i - 1] + dx * t0 + nx;
                        double ay = ys[i - 1] + dy * t0 + ny;
                        double bx = xs[i - 1] + dx * t1 + nx;
                        double by = ys[i - 1] + dy * t1 + ny;
                        int px = (int) Math.round(ax);
                        int py = (int) Math.round(ay);
                        if (px >= 0 && py >= 0 && px < size && py < size
                                && g.region[py * size + px] == BreastGeometry.TISSUE) {
                            centres.set(px, py);
                            if (pixels) {
                                canvas.fill(atten, Canvas.capsule(ax, ay, bx, by, wallRadius), height);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The filled convex hull of speck centres (monotone chain). */
    private Mask hull(List<double[]> points) {
        int n = points.size();
        int[][] pts = new int[n][];
        for (int i = 0; i < n; i++) {
            pts[i] = new int[] {(int) Math.round(points.get(i)[0]), (int) Math.round(points.get(i)[1])};
        }
        java.util.Arrays.sort(pts, (a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        int[][] h = new int[2 * n + 1][];
        int m = 0;
        for (int i = 0; i < n; i++) {
            while (m >= 2 && cross(h[m - 2], h[m - 1], pts[i]) <= 0) {
                m--;
            }
            h[m++] = pts[i];
        }
        for (int i = n - 2, lower = m + 1; i >= 0; i--) {
            while (m >= lower && cross(h[m - 2], h[m - 1], pts[i]) <= 0) {
                m--;
            }
            h[m++] = pts[i];
        }
        int count = Math.max(1, m - 1);
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int[] p : pts) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        Mask.Builder b = Mask.builder(minX, minY, maxX - minX + 1, maxY - minY + 1);
        for (int[] p : pts) {
            b.set(p[0], p[1]);
        }
        if (count >= 3) {
            double[] xs = new double[count];
            double[] ys = new double[count];
            for (int i = 0; i < count; i++) {
                xs[i] = h[i][0];
                ys[i] = h[i][1];
            }
            Canvas.Shape poly = Canvas.polygon(xs, ys);
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    if (poly.inside(x, y)) {
                        b.set(x, y);
                    }
                }
            }
        } else if (count == 2) {
            Canvas.Shape rod = Canvas.capsule(h[0][0], h[0][1], h[1][0], h[1][1], 0.75);
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    if (rod.inside(x, y)) {
                        b.set(x, y);
                    }
                }
            }
        }
        return b.build();
    }

    private static long cross(int[] o, int[] a, int[] b) {
        return (long) (a[0] - o[0]) * (b[1] - o[1]) - (long) (a[1] - o[1]) * (b[0] - o[0]);
    }
}
