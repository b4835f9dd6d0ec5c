package org.deepminer.backend.dl4j.internal.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Split;
import org.deepminer.core.patch.SuspiciousPlace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fine-tuning a patch-trained network on whole mammograms (beyond the paper's recipe). A mammogram is called
 * by its most suspicious place (the explainer's rule, {@link SuspiciousPlace}), so what decides the
 * whole-image AUC is the few places of normal tissue that look most like a lesion, and those are rare among
 * the patches of a balanced epoch. Here the class head runs at every location of the head layer's map
 * ({@link Architectures#buildClassMap}) over whole training images, and a per-location cross-entropy is
 * trained on:
 * <ul>
 * <li>every location whose centre lies in a lesion, with the lesion's class;</li>
 * <li>the windows of the image's most suspicious places of normal tissue (the rule's window, at the places the
 * rule would pick under the network as it stands), as normal;</li>
 * <li>a random share of the other normal locations, so that the rest of the breast keeps its calibration.</li>
 * </ul>
 * Locations off the breast, those near a lesion but not on it (their receptive field shows part of it) and
 * those of lesions of unknown pathology do not count. Images are mirrored at random, as patches are. The
 * head's weights move between the two graphs (the linear head and the 1x1 convolution are the same map).
 */
public final class WholeImageTuning {

    /**
     * @param learningRate Adam's step
     * @param batch images per step
     * @param places suspicious places of normal tissue trained per image
     * @param normalShare share of the remaining normal locations trained per image
     * @param lesionWeight the weight of a lesion location against a normal one
     * @param ring locations within this many cells of a lesion, not on it, do not count
     * @param seed image order, mirroring and the normal locations drawn
     */
    public record Options(double learningRate, int batch, int places, double normalShare, double lesionWeight, int ring,
            long seed) {
        /** Three places, 3 % of the other normal locations, lesions weighted 2, a ring of 3 cells, 4 images a step. */
        public static Options defaults(double learningRate, long seed) {
            return new Options(learningRate, 4, 3, 0.03, 2, 3, seed);
        }
    }

    private final PatchData data;
    private final Options o;
    private final float mean;
    private final float std;
    private final Consumer<String> progress;

    public WholeImageTuning(PatchData data, Options options, float mean, float std, Consumer<String> progress) {
        this.data = data;
        this.o = options;
        this.mean = mean;
        this.std = std;
        this.progress = progress;
    }

    /**
     * A class-map graph with the patch graph's weights, each batch normalisation folded into the convolution
     * before it (its updater fresh).
     */
    public static ComputationGraph classMapGraph(ComputationGraph patch, Architectures.Spec spec) {
        ComputationGraph g = new ComputationGraph(Architectures.buildClassMap(spec));
        g.init();
        Map<String, String> normOf = normalisations(patch);
        for (Layer l : g.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (name.equals(Architectures.CLASS_MAP)) {
                Map<String, INDArray> head = patch.getLayer(Architectures.CLASS_OUTPUT).paramTable();
                INDArray w = head.get("W"); // [units][classes]
                l.setParam("W", w.transpose().dup('c').reshape('c', w.size(1), w.size(0), 1, 1));
                l.setParam("b", head.get("b").dup());
            } else if (normOf.containsKey(name)) {
                INDArray[] folded = fold(patch.getLayer(name), patch.getLayer(normOf.get(name)));
                l.setParam("W", folded[0]);
                l.setParam("b", folded[1]);
            } else if (!l.paramTable().isEmpty()) {
                patch.getLayer(name).paramTable().forEach((k, v) -> l.setParam(k, v.dup()));
            }
        }
        return g;
    }

    /**
     * Copies a class-map graph's weights back into the patch graph: the convolutions take the folded weights
     * and their batch normalisations become identities (mean 0, variance 1 - eps, scale 1, shift 0); the
     * patch graph's other heads are unchanged.
     */
    public static void copyBack(ComputationGraph classMap, ComputationGraph patch) {
        Map<String, String> normOf = normalisations(patch);
        for (Layer l : classMap.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (name.equals(Architectures.CLASS_MAP)) {
                INDArray w = l.paramTable().get("W"); // [classes][units][1][1]
                patch.getLayer(Architectures.CLASS_OUTPUT).setParam("W",
                        w.reshape('c', w.size(0), w.size(1)).transpose().dup('c'));
                patch.getLayer(Architectures.CLASS_OUTPUT).setParam("b", l.paramTable().get("b").dup());
            } else if (!l.paramTable().isEmpty()) {
                Layer p = patch.getLayer(name);
                l.paramTable().forEach((k, v) -> p.setParam(k, v.dup()));
                String norm = normOf.get(name);
                if (norm != null) {
                    Layer bn = patch.getLayer(norm);
                    double eps = ((org.deeplearning4j.nn.conf.layers.BatchNormalization) bn.conf().getLayer()).getEps();
                    bn.getParam("gamma").assign(1);
                    bn.getParam("beta").assign(0);
                    bn.getParam("mean").assign(0);
                    bn.getParam("var").assign(1 - eps);
                }
            }
        }
    }

    /** Convolution name -> the batch normalisation that reads it, in a patch graph. */
    static Map<String, String> normalisations(ComputationGraph patch) {
        Map<String, String> out = new java.util.HashMap<>();
        patch.getConfiguration().getVertexInputs().forEach((vertex, inputs) -> {
            Layer l = patch.getLayer(vertex);
            if (l != null && l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                out.put(inputs.get(0), vertex);
            }
        });
        return out;
    }

    /** A convolution followed by batch normalisation (inference mode) as one convolution: {W, b}. */
    static INDArray[] fold(Layer conv, Layer bn) {
        double eps = ((org.deeplearning4j.nn.conf.layers.BatchNormalization) bn.conf().getLayer()).getEps();
        INDArray gamma = bn.getParam("gamma").reshape(-1);
        INDArray scale = gamma.div(Nd4j.math().sqrt(bn.getParam("var").reshape(-1).add(eps)));
        INDArray w = conv.getParam("W").dup('c'); // [out][in][kh][kw]
        long out = w.size(0);
        INDArray w2 = w.reshape('c', out, -1).mulColumnVector(scale.reshape(out, 1)).reshape('c', w.shape());
        INDArray b = conv.paramTable().containsKey("b") ? conv.getParam("b").reshape(-1) : Nd4j.zeros(w.dataType(), out);
        INDArray b2 = b.sub(bn.getParam("mean").reshape(-1)).mul(scale).add(bn.getParam("beta").reshape(-1));
        return new INDArray[] {w2, b2.reshape(1, out)};
    }

    /** One epoch over the training images; returns the mean loss per step. */
    public double epoch(ComputationGraph g, int epoch) {
        PatchData.Part train = data.part(Split.TRAIN);
        Random random = new Random(o.seed() * 1_000_003L + 7_777L * epoch);
        Integer[] order = new Integer[train.images()];
        Arrays.setAll(order, i -> i);
        java.util.Collections.shuffle(Arrays.asList(order), random);
        double lossSum = 0;
        int steps = 0;
        long started = System.nanoTime();
        long lastReport = started;
        int done = 0;
        int i = 0;
        while (i < order.length) {
            List<Integer> batch = new ArrayList<>();
            int w = train.width(order[i]);
            int h = train.height(order[i]);
            while (i < order.length && batch.size() < o.batch() && train.width(order[i]) == w && train.height(order[i]) == h) {
                batch.add(order[i++]);
            }
            lossSum += step(g, train, batch, w, h, random);
            steps++;
            done += batch.size();
            long now = System.nanoTime();
            if (now - lastReport > 30_000_000_000L) {
                progress.accept(String.format("whole-image epoch %d: %d/%d images, loss %.4f, %.2f images/s", epoch, done,
                        order.length, lossSum / steps, done / ((now - started) / 1e9)));
                lastReport = now;
            }
        }
        return lossSum / Math.max(1, steps);
    }

    private double step(ComputationGraph g, PatchData.Part part, List<Integer> images, int w, int h, Random random) {
        int b = images.size();
        boolean[] fx = new boolean[b];
        boolean[] fy = new boolean[b];
        float[] x = new float[b * w * h];
        float[][] raw = new float[b][];
        float inv = 1f / std;
        for (int k = 0; k < b; k++) {
            fx[k] = random.nextBoolean();
            fy[k] = random.nextBoolean();
            float[] img = part.image(images.get(k));
            float[] r = new float[w * h];
            for (int y = 0; y < h; y++) {
                int sy = fy[k] ? h - 1 - y : y;
                for (int xx = 0; xx < w; xx++) {
                    r[y * w + xx] = img[sy * w + (fx[k] ? w - 1 - xx : xx)];
                }
            }
            raw[k] = r;
            for (int p = 0; p < r.length; p++) {
                x[k * w * h + p] = (r[p] - mean) * inv;
            }
        }
        INDArray in = Nd4j.create(x, new long[] {b, 1, h, w}, 'c');
        INDArray probs = g.outputSingle(false, in);
        int classes = (int) probs.size(1);
        int fh = (int) probs.size(2);
        int fw = (int) probs.size(3);
        int cells = fh * fw;
        float[] p = probs.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] labels = new float[b * classes * cells];
        float[] mask = new float[b * cells];
        for (int k = 0; k < b; k++) {
            int[] cell = cellLabels(part, images.get(k), fx[k], fy[k], w, h, fh, fw);
            boolean[] breast = WholeImage.breastCells(raw[k], w, h, fh, fw);
            float[] pk = Arrays.copyOfRange(p, k * classes * cells, (k + 1) * classes * cells);
            float[] weight = weights(cell, breast, pk, classes, fh, fw, random);
            float[][] soft = cellTargets(part, images.get(k), fx[k], fy[k], w, h, fh, fw, cell);
            for (int c = 0; c < cells; c++) {
                mask[k * cells + c] = weight[c];
                if (soft[c] != null) {
                    for (int q = 0; q < classes; q++) {
                        labels[(k * classes + q) * cells + c] = soft[c][q];
                    }
                } else if (cell[c] >= 0) {
                    labels[(k * classes + cell[c]) * cells + c] = 1f;
                }
            }
        }
        MultiDataSet mds = new MultiDataSet(new INDArray[] {in},
                new INDArray[] {Nd4j.create(labels, new long[] {b, classes, fh, fw}, 'c')}, null,
                new INDArray[] {Nd4j.create(mask, new long[] {b, 1, fh, fw}, 'c')});
        g.fit(mds);
        double loss = g.score();
        if (!Double.isFinite(loss)) {
            throw new DeepMinerException(null, "the whole-image training loss became " + loss + "; try a smaller learning rate");
        }
        return loss;
    }

    /** The pixel of the unmirrored image a (mirrored) cell centre reads. */
    private static int sourceX(double cx, boolean fx, int w) {
        return Math.min(w - 1, (int) (fx ? w - cx : cx));
    }

    private static int sourceY(double cy, boolean fy, int h) {
        return Math.min(h - 1, (int) (fy ? h - cy : cy));
    }

    /**
     * Each lesion cell's soft target (the lesion posterior of the lesion at its centre) where the training's
     * targets are soft ({@link PatchData#useLesionPosterior}); null entries elsewhere (the cell's hard class).
     */
    float[][] cellTargets(PatchData.Part part, int image, boolean fx, boolean fy, int w, int h, int fh, int fw, int[] cell) {
        float[][] out = new float[fh * fw][];
        for (int i = 0; i < fh; i++) {
            double cy = (WholeImage.cellStart(i, h, fh) + WholeImage.cellEnd(i, h, fh)) / 2.0;
            for (int j = 0; j < fw; j++) {
                if (cell[i * fw + j] > 0) {
                    double cx = (WholeImage.cellStart(j, w, fw) + WholeImage.cellEnd(j, w, fw)) / 2.0;
                    out[i * fw + j] = part.softTargetAt(image, sourceX(cx, fx, w), sourceY(cy, fy, h));
                }
            }
        }
        return out;
    }

    /**
     * Each map cell's class in the (mirrored) image: the lesion class at the cell's centre, 0 for normal tissue,
     * -1 where it does not count (a lesion of unknown pathology, or normal tissue within {@code ring} cells of a
     * lesion).
     */
    int[] cellLabels(PatchData.Part part, int image, boolean fx, boolean fy, int w, int h, int fh, int fw) {
        int[] out = new int[fh * fw];
        boolean[] nearLesion = new boolean[fh * fw];
        for (int i = 0; i < fh; i++) {
            int y0 = WholeImage.cellStart(i, h, fh);
            int y1 = WholeImage.cellEnd(i, h, fh);
            for (int j = 0; j < fw; j++) {
                int x0 = WholeImage.cellStart(j, w, fw);
                int x1 = WholeImage.cellEnd(j, w, fw);
                // the centre as a continuous coordinate, so that a mirrored cell reads its twin's pixel
                double cy = (y0 + y1) / 2.0;
                double cx = (x0 + x1) / 2.0;
                int centre = part.lesionAt(image, sourceX(cx, fx, w), sourceY(cy, fy, h));
                boolean any = centre != 0;
                for (int y = y0; y < y1 && !any; y += PatchData.GRID) {
                    for (int xx = x0; xx < x1 && !any; xx += PatchData.GRID) {
                        any = part.lesionAt(image, fx ? w - 1 - xx : xx, fy ? h - 1 - y : y) != 0;
                    }
                }
                out[i * fw + j] = centre == PatchData.UNKNOWN_LESION ? -1 : centre;
                nearLesion[i * fw + j] = any;
            }
        }
        int r = o.ring();
        int[] labels = out.clone();
        for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
                if (out[i * fw + j] != 0) {
                    continue;
                }
                search:
                for (int yy = Math.max(0, i - r); yy <= Math.min(fh - 1, i + r); yy++) {
                    for (int xx = Math.max(0, j - r); xx <= Math.min(fw - 1, j + r); xx++) {
                        if (nearLesion[yy * fw + xx]) {
                            labels[i * fw + j] = -1;
                            break search;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /**
     * The loss weight of every cell: lesion cells {@link Options#lesionWeight}; the normal cells in the windows of
     * the {@link Options#places} least-normal places of the smoothed maps (each next place at least a window away
     * from the earlier ones) and a random share of the others 1; the rest 0.
     */
    float[] weights(int[] cell, boolean[] breast, float[] probs, int classes, int fh, int fw, Random random) {
        int cells = fh * fw;
        float[] weight = new float[cells];
        for (int c = 0; c < cells; c++) {
            if (cell[c] > 0 && breast[c]) {
                weight[c] = (float) o.lesionWeight();
            } else if (cell[c] == 0 && breast[c] && random.nextDouble() < o.normalShare()) {
                weight[c] = 1f;
            }
        }
        int r = SuspiciousPlace.radius(fw);
        float[] smooth = SuspiciousPlace.smooth(probs, classes, fh, fw, r);
        boolean[] taken = new boolean[cells];
        for (int n = 0; n < o.places(); n++) {
            int best = -1;
            for (int c = 0; c < cells; c++) {
                if (breast[c] && cell[c] == 0 && !taken[c] && (best < 0 || smooth[c] < smooth[best])) {
                    best = c;
                }
            }
            if (best < 0) {
                break;
            }
            int by = best / fw;
            int bx = best % fw;
            for (int y = Math.max(0, by - 2 * r); y <= Math.min(fh - 1, by + 2 * r); y++) {
                for (int x = Math.max(0, bx - 2 * r); x <= Math.min(fw - 1, bx + 2 * r); x++) {
                    int c = y * fw + x;
                    taken[c] = true;
                    if (Math.abs(y - by) <= r && Math.abs(x - bx) <= r && cell[c] == 0 && breast[c]) {
                        weight[c] = 1f;
                    }
                }
            }
        }
        return weight;
    }
}
