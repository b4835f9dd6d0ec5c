package org.deepminer.explain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.core.patch.SuspiciousPlace;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.mining.ClassMaps;
import org.deepminer.mining.ModelInput;

/**
 * A run's model, ready to explain single images the way the run saw them: the run's layer and its head,
 * whole images at the run's scale. A run probed in whole-image mode gives its short side ({@code size}, 0 =
 * as stored); a run probed on patches gives the scale at which a patch met the model (a fixed-size model:
 * the patch resized to the input; any size: the patch as cut), so the units see lesions at the size they
 * were ranked and labelled at.
 */
public final class RunModel implements AutoCloseable {

    /** Finds the model a run was made with; the caller decides how (registered models, files). */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @return the loaded model and whether the caller of {@link RunModel#close()} owns it
         * @throws DeepMinerException when the model is not available
         */
        Resolved resolve(RunManifest.ModelRef model);
    }

    public record Resolved(LoadedModel model, boolean owned) {}

    private final Path run;
    private final RunManifest manifest;
    private final LoadedModel model;
    private final boolean owned;
    private final ClassifierHead head;

    private RunModel(Path run, RunManifest manifest, LoadedModel model, boolean owned, ClassifierHead head) {
        this.run = run;
        this.manifest = manifest;
        this.model = model;
        this.owned = owned;
        this.head = head;
    }

    public static RunModel open(Path run, Resolver resolver) {
        RunWorkspace ws = RunWorkspace.existing(run);
        RunManifest m = ws.manifest().orElseThrow(
                () -> new DeepMinerException(ws.dir().toString(), "not a run folder: no manifest"));
        Resolved r = resolver.resolve(m.model());
        ClassifierHead head;
        try {
            head = r.model().head(m.layer());
        } catch (RuntimeException e) {
            if (r.owned()) {
                r.model().close();
            }
            throw new DeepMinerException(ws.dir().toString(), "the run's layer " + m.layer() + " has no pooling + linear head"
                    + " in model " + m.model().name() + ", so its units cannot be ranked for a class: " + e.getMessage(), e);
        }
        return new RunModel(ws.dir(), m, r.model(), r.owned(), head);
    }

    public Path run() {
        return run;
    }

    public RunManifest manifest() {
        return manifest;
    }

    public LoadedModel model() {
        return model;
    }

    public ClassifierHead head() {
        return head;
    }

    /** The model's input size {@code {h, w}} for an image of this size, at the run's scale. */
    public int[] inputSize(int imageWidth, int imageHeight) {
        InputSpec spec = model.info().input();
        return ModelInput.size(spec, imageWidth, imageHeight, shortSide(manifest.mode(), spec, imageWidth, imageHeight));
    }

    static int shortSide(Map<String, String> mode, InputSpec spec, int imageWidth, int imageHeight) {
        String kind = mode.getOrDefault("kind", "whole");
        if (kind.equals("whole")) {
            return Integer.parseInt(mode.getOrDefault("size", "0"));
        }
        double fraction = Double.parseDouble(mode.getOrDefault("fraction", "0.25"));
        int patchSize = Integer.parseInt(mode.getOrDefault("size", "0"));
        if (spec.fixedSize()) {
            patchSize = spec.width();
        }
        if (patchSize <= 0) {
            return 0; // patches met the model as cut: the image at its own size
        }
        double scale = patchSize / (fraction * imageWidth);
        return (int) Math.round(Math.min(imageWidth, imageHeight) * scale);
    }

    /**
     * One image through the model.
     *
     * @return the model's own probabilities and the layer's activations with its head
     * @throws DeepMinerException naming the image when the model cannot take it
     */
    public Forward forward(String imageId, MammogramImage image) {
        return forward(imageId, image, false);
    }

    /**
     * One image through the model, optionally scored with its left-right mirror image too: the class-probability
     * maps of both (the mirror's mirrored back) are averaged before the most suspicious place is found, or, for a
     * model scored by its pooled output, the two outputs are averaged. Training mirrors patches at random, so the
     * network's two answers for one place differ only by what it failed to learn; their mean is steadier. The
     * layer and units explained stay those of the image itself.
     *
     * @param mirror whether to add the mirror image's pass
     */
    public Forward forward(String imageId, MammogramImage image, boolean mirror) {
        InputSpec spec = model.info().input();
        int[] hw = inputSize(image.width(), image.height());
        float[] input = ModelInput.of(image, spec, hw[0], hw[1]);
        ForwardResult r = run(imageId, spec, hw, input);
        ForwardResult m = mirror ? run(imageId, spec, hw, mirrored(input, spec.channels(), hw[0], hw[1])) : null;
        ImageForward layer = new ImageForward(model.info().classes(), r.activation(manifest.layer()), head);
        int classes = model.info().classes().size();
        double[] probs;
        boolean[] breast = null;
        if (wholeImageRule()) {
            breast = breastLocations(image, layer.mapHeight(), layer.mapWidth());
            if (m == null) {
                probs = layer.mostSuspiciousProbabilities(breast);
            } else {
                float[] maps = ClassMaps.probabilities(layer.activations(), 0, head);
                float[] back = mirrored(ClassMaps.probabilities(m.activation(manifest.layer()), 0, head), classes,
                        layer.mapHeight(), layer.mapWidth());
                for (int i = 0; i < maps.length; i++) {
                    maps[i] = (maps[i] + back[i]) / 2;
                }
                probs = SuspiciousPlace.probabilities(maps, classes, layer.mapHeight(), layer.mapWidth(), breast);
            }
            // the units explained are those that answer on the breast, where the image is scored
            layer = layer.within(breast);
        } else {
            float[] p = r.probabilities().data();
            float[] q = m == null ? p : m.probabilities().data();
            probs = new double[classes];
            for (int c = 0; c < probs.length; c++) {
                probs[c] = (p[c] + q[c]) / 2.0;
            }
        }
        return new Forward(probs, layer, breast);
    }

    private ForwardResult run(String imageId, InputSpec spec, int[] hw, float[] input) {
        try {
            return model.forward(new FloatTensor(new int[] {1, spec.channels(), hw[0], hw[1]}, input), Set.of(manifest.layer()));
        } catch (DeepMinerException e) {
            throw new DeepMinerException(imageId, "model " + manifest.model().name() + " cannot take this image at "
                    + hw[1] + "x" + hw[0] + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DeepMinerException(imageId, "model " + manifest.model().name() + " failed on this image at "
                    + hw[1] + "x" + hw[0] + ": " + e, e);
        }
    }

    /** Planes {@code [planes][h][w]} (flattened), each mirrored left-right, in a new array. */
    static float[] mirrored(float[] planes, int count, int h, int w) {
        float[] out = new float[planes.length];
        for (int p = 0; p < count; p++) {
            for (int y = 0; y < h; y++) {
                int row = (p * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] = planes[row + w - 1 - x];
                }
            }
        }
        return out;
    }

    /**
     * Whether images are scored by their most suspicious location ({@link ImageForward#mostSuspiciousProbabilities})
     * rather than by the model's pooled output: for a model whose first class is {@code normal}, i.e. one
     * trained on patches where normal tissue is a class of its own.
     */
    public boolean wholeImageRule() {
        List<String> classes = model.info().classes();
        return !classes.isEmpty() && classes.get(0).equalsIgnoreCase("normal");
    }

    /** Pixels brighter than this are breast (the patch tiler's threshold). */
    static final float BREAST = 0.02f;

    /**
     * The map locations whose neighbourhood (the cell and the 8 around it, about a training patch of an eighth
     * of the image width at the usual map sizes) is at least half breast, as training patches had to be.
     */
    static boolean[] breastLocations(MammogramImage image, int mapHeight, int mapWidth) {
        int w = image.width();
        int h = image.height();
        float[] px = image.pixels();
        // breast fraction of each cell, then of each 3x3 neighbourhood
        double[] cell = new double[mapHeight * mapWidth];
        for (int y = 0; y < mapHeight; y++) {
            int r0 = y * h / mapHeight;
            int r1 = Math.max(r0 + 1, (y + 1) * h / mapHeight);
            for (int x = 0; x < mapWidth; x++) {
                int c0 = x * w / mapWidth;
                int c1 = Math.max(c0 + 1, (x + 1) * w / mapWidth);
                long breast = 0;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        breast += px[r * w + c] > BREAST ? 1 : 0;
                    }
                }
                cell[y * mapWidth + x] = (double) breast / ((long) (r1 - r0) * (c1 - c0));
            }
        }
        boolean[] out = new boolean[cell.length];
        for (int y = 0; y < mapHeight; y++) {
            for (int x = 0; x < mapWidth; x++) {
                double sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < mapHeight && xx >= 0 && xx < mapWidth) {
                            sum += cell[yy * mapWidth + xx];
                        }
                        n++; // outside the image counts as not breast
                    }
                }
                out[y * mapWidth + x] = sum / n >= 0.5;
            }
        }
        return out;
    }

    /**
     * The model's probabilities for one image and the layer it explains with.
     *
     * @param scored the map locations the image was scored on ({@code [h * w]}, the breast), or null for all
     */
    public record Forward(double[] probabilities, ImageForward layer, boolean[] scored) {
        public Forward(double[] probabilities, ImageForward layer) {
            this(probabilities, layer, null);
        }

        /**
         * Class {@code c}'s probability map with 0 where the image was not scored: outside the breast the maps
         * were zeroed, and the head there would only show its bias.
         */
        public FloatTensor classMap(int c) {
            FloatTensor map = layer.classMap(c);
            if (scored == null || scored.length != map.data().length) {
                return map;
            }
            float[] data = map.data().clone();
            for (int i = 0; i < data.length; i++) {
                if (!scored[i]) {
                    data[i] = 0f;
                }
            }
            return new FloatTensor(map.shape(), data);
        }

        public int predicted() {
            int best = 0;
            for (int c = 1; c < probabilities.length; c++) {
                if (probabilities[c] > probabilities[best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    @Override
    public void close() {
        if (owned) {
            model.close();
        }
    }
}
