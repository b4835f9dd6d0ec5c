package org.deepminer.backend.dl4j.internal.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Split;
import org.deepminer.backend.dl4j.internal.Nd4jContext;
import org.deepminer.backend.dl4j.internal.Network;
import org.deepminer.backend.dl4j.internal.NetworkFile;
import org.deepminer.backend.dl4j.internal.NetworkMetadata;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a network on patches: class-balanced epochs, progress with loss and rate, per-epoch validation AUC
 * per class (one-vs-rest) and whole-image malignant-vs-rest AUC, a checkpoint after every epoch in the work
 * folder, and resumption from it. The same seed gives the same network: weights are initialised from it and
 * each epoch's patch order and flips come from (seed, epoch) alone, so a resumed run continues exactly where
 * an uninterrupted one would be.
 */
public final class Trainer {

    static final String CHECKPOINT = "checkpoint.zip";
    static final String BEST = "best.zip";
    static final String STATE = "state.json";
    /** The class-map graph of the whole-image epochs, with its updater, for resuming them exactly. */
    static final String WHOLE_IMAGE_CHECKPOINT = "whole-image-checkpoint.zip";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One epoch's numbers.
     *
     * @param epoch 1-based
     * @param loss mean training loss
     * @param patchesPerSecond training throughput
     * @param classAuc validation one-vs-rest patch AUC per class
     * @param wholeImageAuc validation whole-image malignant-vs-rest AUC (NaN without a malignant class)
     * @param conceptAuc validation mean one-vs-rest AUC of the concept head's outputs (NaN without one)
     * @param suspiciousPlaceAuc validation whole-image AUC by the explainer's rule (the least-normal place of the
     *        smoothed maps); 0 in trainings recorded before it was measured
     * @param wholeImages an epoch of fine-tuning on whole mammograms ({@link WholeImageTuning}); its loss is the
     *        per-location one and its rate in images per second
     */
    public record Epoch(int epoch, double loss, double patchesPerSecond, double[] classAuc, double wholeImageAuc,
            double conceptAuc, double suspiciousPlaceAuc, boolean wholeImages) {
        /** The figure that picks the best epoch ({@link TrainOptions#select()}). */
        double score(String select) {
            if (TrainOptions.SELECT_WHOLE_IMAGE.equals(select)) {
                return Double.isNaN(wholeImageAuc) ? 0 : wholeImageAuc;
            }
            if (TrainOptions.SELECT_EXPLAINER.equals(select)) {
                return Double.isNaN(suspiciousPlaceAuc) ? 0 : suspiciousPlaceAuc;
            }
            return Arrays.stream(classAuc).filter(d -> !Double.isNaN(d)).average().orElse(0);
        }
    }

    /** What the work folder's state.json keeps between epochs. */
    public record State(String fingerprint, String dataset, List<String> classes, List<String> concepts, float mean,
            float std, List<Epoch> history, int bestEpoch) {}

    private final TrainOptions o;
    private final PatchData data;
    private final Path work;
    private final String dataset;
    private final Consumer<String> progress;

    public Trainer(TrainOptions options, PatchData data, Path workDir, String datasetIdentity, Consumer<String> progress) {
        this.o = options;
        this.data = data;
        this.work = workDir;
        this.dataset = datasetIdentity;
        this.progress = progress;
    }

    /** Trains (or resumes) and returns the final state; the best epoch's network is {@link #bestNetwork()}. */
    public State run() {
        return Nd4jContext.call(this::train);
    }

    public Path bestNetwork() {
        return work.resolve(BEST);
    }

    private State train() {
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new DeepMinerException(work.toString(), "cannot create the training folder: " + e, e);
        }
        State state = readState();
        ComputationGraph graph;
        float mean;
        float std;
        List<Epoch> history;
        int best;
        if (state != null) {
            if (!TrainOptions.resumeKey(state.fingerprint()).equals(TrainOptions.resumeKey(o.fingerprint()))
                    || !state.dataset().equals(dataset)) {
                throw new DeepMinerException(work.toString(), "holds a training with other settings or data ("
                        + state.fingerprint() + " on " + state.dataset() + "); remove the folder or choose another --out");
            }
            if (!state.classes().equals(data.classes()) || !state.concepts().equals(data.concepts())) {
                throw new DeepMinerException(work.toString(), "holds a training with classes " + state.classes()
                        + " and concepts " + state.concepts() + ", but the data set now gives " + data.classes() + " and "
                        + data.concepts() + "; remove the folder to start again");
            }
            for (int done = 1; done <= state.history().size(); done++) {
                if (TrainOptions.hardShare(state.fingerprint(), done) != o.hardShare(done)) {
                    throw new DeepMinerException(work.toString(), "holds " + state.history().size() + " epochs trained with "
                            + "hard share " + TrainOptions.hardShare(state.fingerprint(), done) + " in epoch " + done
                            + "; hard patches can only be added to epochs still to come (--hard-from "
                            + (state.history().size() + 1) + " or later)");
                }
            }
            history = new ArrayList<>(state.history());
            best = state.bestEpoch();
            mean = state.mean();
            std = state.std();
            int patchEpochs = patchEpochs(history);
            int tuned = history.size() - patchEpochs;
            if (tuned > 0 && o.epochs() > patchEpochs) {
                throw new DeepMinerException(work.toString(), "holds " + patchEpochs + " patch epochs followed by " + tuned
                        + " on whole images; patch epochs cannot be added after those (--epochs " + patchEpochs + ")");
            }
            if (tuned > 0 && o.wholeImageEpochs() > tuned && TrainOptions.wholeImageLr(state.fingerprint()) != o.wholeImageLr()) {
                throw new DeepMinerException(work.toString(), "holds " + tuned + " whole-image epochs trained at --whole-image-lr "
                        + TrainOptions.wholeImageLr(state.fingerprint()) + "; resume them with that rate");
            }
            if (patchEpochs >= o.epochs() && tuned >= o.wholeImageEpochs()) {
                progress.accept("training: all " + history.size() + " epochs are done in " + work + "; nothing to resume");
                return state;
            }
            if (patchEpochs >= o.epochs()) {
                return tuneOnWholeImages(state.history(), best, mean, std);
            }
            graph = NetworkFile.load(work.resolve(CHECKPOINT), true).network().graph();
            progress.accept("training: resuming after epoch " + history.size() + " from " + work.resolve(CHECKPOINT)
                    + (state.fingerprint().equals(o.fingerprint()) ? ""
                            : " (extended to " + o.epochs() + " epochs; the learning-rate schedule stays the first run's)"));
        } else {
            if (o.conceptHead() && data.concepts().isEmpty()) {
                throw new DeepMinerException(dataset, "--concept-head needs concept labels, but no concept is positive in "
                        + o.minConceptPatches() + " or more training patches");
            }
            float[] stats = data.pixelStatistics();
            mean = stats[0];
            std = stats[1];
            history = new ArrayList<>();
            best = 0;
            graph = new ComputationGraph(Architectures.build(new Architectures.Spec(o.arch(), o.size(), data.classes().size(),
                    o.conceptHead() ? data.concepts().size() : 0, o.conceptWeight(), o.units(), o.learningRate(),
                    o.epochs(), o.seed())));
            graph.init();
        }
        NetworkMetadata meta = metadata(mean, std);
        Network net = Network.of(graph);
        for (int epoch = history.size() + 1; epoch <= o.epochs(); epoch++) {
            Epoch e = epoch(graph, net, epoch, mean, std);
            history.add(e);
            if (best == 0 || e.score(o.select()) > history.get(best - 1).score(o.select())) {
                best = epoch;
            }
            NetworkFile.save(net, meta, work.resolve(CHECKPOINT), true);
            if (best == epoch) {
                try {
                    Files.copy(work.resolve(CHECKPOINT), work.resolve(BEST), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ex) {
                    throw new DeepMinerException(work.toString(), "cannot keep the best epoch's network: " + ex, ex);
                }
            }
            state = new State(o.fingerprint(), dataset, data.classes(), data.concepts(), mean, std, history, best);
            writeState(state);
            progress.accept(String.format("epoch %d/%d: loss %.4f, %.0f patches/s, ", epoch, o.epochs(), e.loss(),
                    e.patchesPerSecond()) + validation(e, best == epoch));
        }
        if (o.wholeImageEpochs() > 0) {
            return tuneOnWholeImages(history, best, mean, std);
        }
        return state;
    }

    static int patchEpochs(List<Epoch> history) {
        return (int) history.stream().filter(e -> !e.wholeImages()).count();
    }

    /**
     * The whole-image epochs ({@link WholeImageTuning}) after the patch epochs: the first starts from the best
     * patch epoch's network, each ends with the patch graph's weights updated, validated and checkpointed like a
     * patch epoch (the best epoch is chosen among all by the same rule), and the class-map graph is kept with its
     * updater so that a resumed run continues exactly.
     */
    private State tuneOnWholeImages(List<Epoch> done, int bestSoFar, float mean, float std) {
        List<Epoch> history = new ArrayList<>(done);
        int best = bestSoFar;
        int patchEpochs = patchEpochs(history);
        int tuned = history.size() - patchEpochs;
        Architectures.Spec spec = new Architectures.Spec(o.arch(), o.size(), data.classes().size(), 0, 0, o.units(),
                o.wholeImageLr(), o.wholeImageEpochs(), o.seed());
        ComputationGraph patch;
        ComputationGraph classMap;
        if (tuned == 0) {
            patch = NetworkFile.load(work.resolve(BEST), true).network().graph();
            classMap = WholeImageTuning.classMapGraph(patch, spec);
            Epoch start = history.get(best - 1);
            if (!(start.suspiciousPlaceAuc() > 0)) {
                // recorded before the explainer's rule was measured: measured now, so that the whole-image epochs
                // are chosen against their starting point by the same rule
                Evaluation v = evaluateNow(Network.of(patch), Split.VALIDATION, mean, std, validationSubset());
                history.set(best - 1, new Epoch(start.epoch(), start.loss(), start.patchesPerSecond(), start.classAuc(),
                        start.wholeImageAuc(), start.conceptAuc(), v.suspiciousPlaceAuc, false));
                progress.accept(String.format("training: epoch %d's validation whole-image AUC by the explainer's rule: %.3f",
                        best, v.suspiciousPlaceAuc));
            }
            progress.accept("training: " + o.wholeImageEpochs() + " epochs on whole images from the best patch epoch ("
                    + bestSoFar + ")");
        } else {
            patch = NetworkFile.load(work.resolve(CHECKPOINT), true).network().graph();
            try {
                classMap = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(
                        work.resolve(WHOLE_IMAGE_CHECKPOINT).toFile(), true);
            } catch (IOException e) {
                throw new DeepMinerException(work.resolve(WHOLE_IMAGE_CHECKPOINT).toString(),
                        "cannot read the whole-image checkpoint: " + e, e);
            }
            progress.accept("training: resuming after whole-image epoch " + tuned + " from " + work.resolve(WHOLE_IMAGE_CHECKPOINT));
        }
        WholeImageTuning tuning = new WholeImageTuning(data, WholeImageTuning.Options.defaults(o.wholeImageLr(), o.seed()),
                mean, std, progress);
        NetworkMetadata meta = metadata(mean, std);
        Network net = Network.of(patch);
        State state = null;
        for (int t = tuned + 1; t <= o.wholeImageEpochs(); t++) {
            long started = System.nanoTime();
            double loss = tuning.epoch(classMap, t);
            double rate = data.part(Split.TRAIN).images() / ((System.nanoTime() - started) / 1e9);
            WholeImageTuning.copyBack(classMap, patch);
            Evaluation v = evaluateNow(net, Split.VALIDATION, mean, std, validationSubset());
            int epoch = patchEpochs + t;
            Epoch e = new Epoch(epoch, loss, rate, v.classAuc, v.wholeImageAuc, v.conceptAuc, v.suspiciousPlaceAuc, true);
            history.add(e);
            if (e.score(o.select()) > history.get(best - 1).score(o.select())) {
                best = epoch;
            }
            NetworkFile.save(net, meta, work.resolve(CHECKPOINT), true);
            try {
                Path tmp = Files.createTempFile(work, ".whole-image", ".zip");
                org.deeplearning4j.util.ModelSerializer.writeModel(classMap, tmp.toFile(), true);
                Files.move(tmp, work.resolve(WHOLE_IMAGE_CHECKPOINT), StandardCopyOption.REPLACE_EXISTING);
                if (best == epoch) {
                    Files.copy(work.resolve(CHECKPOINT), work.resolve(BEST), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException ex) {
                throw new DeepMinerException(work.toString(), "cannot keep the whole-image epoch's network: " + ex, ex);
            }
            state = new State(o.fingerprint(), dataset, data.classes(), data.concepts(), mean, std, history, best);
            writeState(state);
            progress.accept(String.format("whole-image epoch %d/%d (epoch %d): loss %.4f, %.2f images/s, ", t,
                    o.wholeImageEpochs(), epoch, e.loss(), rate) + validation(e, best == epoch));
        }
        return state;
    }

    /** The validation part of an epoch's progress line. */
    private String validation(Epoch e, boolean best) {
        return String.format("validation AUC %s, whole-image %s AUC %.3f (explainer's rule %.3f)%s%s", aucs(e.classAuc()),
                positiveClass(), e.wholeImageAuc(), e.suspiciousPlaceAuc(),
                Double.isNaN(e.conceptAuc()) ? "" : String.format(", concepts %.3f", e.conceptAuc()), best ? " (best)" : "");
    }

    private String positiveClass() {
        return data.classes().contains("malignant") ? "malignant" : data.classes().get(data.classes().size() - 1);
    }

    private String aucs(double[] auc) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < auc.length; c++) {
            parts.add(String.format("%s %.3f", data.classes().get(c), auc[c]));
        }
        return String.join(", ", parts);
    }

    NetworkMetadata metadata(float mean, float std) {
        return new NetworkMetadata(data.classes(), o.conceptHead() ? data.concepts() : List.of(), 1, mean, std,
                Architectures.headLayer(o.arch()), o.arch(), o.fraction(), o.size());
    }

    private Epoch epoch(ComputationGraph graph, Network net, int epoch, float mean, float std) {
        graph.getConfiguration().setEpochCount(epoch - 1);
        Random random = new Random(o.seed() * 1_000_003L + epoch);
        int[] order = balancedOrder(random);
        if (o.hardShare(epoch) > 0) {
            order = withHardPatches(net, order, epoch, mean, std);
        }
        PatchData.Part train = data.part(Split.TRAIN);
        int size = data.size();
        int classes = data.classes().size();
        int concepts = o.conceptHead() ? data.concepts().size() : 0;
        double lossSum = 0;
        int steps = 0;
        long started = System.nanoTime();
        long lastReport = started;
        int done = 0;
        for (int start = 0; start < order.length; start += o.batch()) {
            int b = Math.min(o.batch(), order.length - start);
            float[] x = new float[b * size * size];
            float[] y = new float[b * classes];
            float[] yc = new float[b * Math.max(1, concepts)];
            for (int i = 0; i < b; i++) {
                int p = order[start + i];
                boolean fx = o.flips() && random.nextBoolean();
                boolean fy = o.flips() && random.nextBoolean();
                data.copyPatch(train, p, mean, std, fx, fy, x, i * size * size);
                data.target(train, p, y, i * classes);
                for (int c : train.patchConcepts.get(p)) {
                    if (concepts > 0) {
                        yc[i * concepts + c] = 1f;
                    }
                }
            }
            INDArray features = Nd4j.create(x, new long[] {b, 1, size, size}, 'c');
            INDArray labels = Nd4j.create(y, new long[] {b, classes}, 'c');
            MultiDataSet mds = concepts > 0
                    ? new MultiDataSet(new INDArray[] {features}, new INDArray[] {labels, Nd4j.create(yc, new long[] {b, concepts}, 'c')})
                    : new MultiDataSet(new INDArray[] {features}, new INDArray[] {labels});
            graph.fit(mds);
            double loss = graph.score();
            if (!Double.isFinite(loss)) {
                throw new DeepMinerException(work.toString(), "the training loss became " + loss + " in epoch " + epoch
                        + "; try a smaller --lr");
            }
            lossSum += loss;
            steps++;
            done += b;
            long now = System.nanoTime();
            if (now - lastReport > 15_000_000_000L) {
                progress.accept(String.format("epoch %d/%d: %d/%d patches, loss %.4f, %.0f patches/s", epoch, o.epochs(), done,
                        order.length, lossSum / steps, done / ((now - started) / 1e9)));
                lastReport = now;
            }
        }
        double rate = done / ((System.nanoTime() - started) / 1e9);
        Evaluation v = evaluateNow(net, Split.VALIDATION, mean, std, validationSubset());
        return new Epoch(epoch, lossSum / Math.max(1, steps), rate, v.classAuc, v.wholeImageAuc, v.conceptAuc,
                v.suspiciousPlaceAuc, false);
    }

    /**
     * Class-balanced: every class gets as many patches as the largest lesion (non-normal) class has (or
     * {@code epochPatches / classes}); larger classes are subsampled without replacement, smaller ones repeat.
     * With a normal share, normal patches make up that share of the epoch and the other classes stay equal.
     */
    int[] balancedOrder(Random random) {
        PatchData.Part train = data.part(Split.TRAIN);
        int classes = data.classes().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < train.patches(); i++) {
            byClass.get(train.classOf(i)).add(i);
        }
        int target = 0;
        for (int c = 0; c < classes; c++) {
            if (!data.classes().get(c).equals("normal")) {
                target = Math.max(target, byClass.get(c).size());
            }
        }
        if (o.epochPatches() > 0) {
            target = Math.max(1, o.epochPatches() / classes);
        }
        int normal = data.classes().indexOf("normal");
        int normalTarget = target;
        int others = (int) java.util.stream.IntStream.range(0, classes)
                .filter(c -> c != normal && !byClass.get(c).isEmpty()).count();
        if (o.normalShare() > 0 && normal >= 0 && others > 0) {
            // normal tissue gets its share of the epoch, the other classes equal parts of the rest
            if (o.epochPatches() > 0) {
                normalTarget = (int) Math.round(o.normalShare() * o.epochPatches());
                target = Math.max(1, (o.epochPatches() - normalTarget) / others);
            } else {
                normalTarget = (int) Math.round(o.normalShare() * target * others / (1 - o.normalShare()));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            if (members.isEmpty()) {
                continue;
            }
            java.util.Collections.shuffle(members, random);
            int n = c == normal ? normalTarget : target;
            for (int k = 0; k < n; k++) {
                order.add(k < members.size() ? members.get(k) : members.get(random.nextInt(members.size())));
            }
        }
        java.util.Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Replaces a share of a balanced epoch with the training patches the network gets most wrong: a random pool
     * of {@link TrainOptions#HARD_POOL} times as many training patches (all classes, in their natural mix, so
     * mostly normal tissue) is scored, and those with the highest loss (-log p(true class)) are kept. The pool
     * and the mix come from their own random stream, so epochs without hard patches are the same as before.
     */
    int[] withHardPatches(Network net, int[] balanced, int epoch, float mean, float std) {
        PatchData.Part train = data.part(Split.TRAIN);
        int hard = (int) Math.round(o.hardShare(epoch) * balanced.length);
        Random random = new Random((o.seed() * 1_000_003L + epoch) * 7_919L + 1);
        int[] pool = sample(train.patches(), Math.min(train.patches(), TrainOptions.HARD_POOL * hard), random);
        float[] loss = losses(net, train, pool, mean, std);
        int[] picked = hardest(pool, loss, hard);
        int[] order = new int[balanced.length];
        System.arraycopy(balanced, 0, order, 0, balanced.length - picked.length);
        System.arraycopy(picked, 0, order, balanced.length - picked.length, picked.length);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] byClass = new int[data.classes().size()];
        for (int p : picked) {
            byClass[train.classOf(p)]++;
        }
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < byClass.length; c++) {
            parts.add(byClass[c] + " " + data.classes().get(c));
        }
        float[] sorted = loss.clone();
        Arrays.sort(sorted);
        double lossSum = 0;
        for (float l : loss) {
            lossSum += l;
        }
        progress.accept(String.format("epoch %d/%d: %d hard patches from a pool of %d (pool loss %.3f, kept from %.3f): %s",
                epoch, o.epochs(), picked.length, pool.length, lossSum / Math.max(1, pool.length),
                picked.length == 0 ? Double.NaN : sorted[sorted.length - picked.length], String.join(", ", parts)));
        return order;
    }

    /** k distinct indices of [0, n), in random order (a partial Fisher-Yates shuffle). */
    static int[] sample(int n, int k, Random random) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }

    /** The k candidates of highest loss, the highest first; equal losses in the candidates' order. */
    static int[] hardest(int[] candidates, float[] loss, int k) {
        Integer[] at = new Integer[candidates.length];
        Arrays.setAll(at, i -> i);
        Arrays.sort(at, (a, b) -> Float.compare(loss[b], loss[a]));
        int[] out = new int[Math.min(k, candidates.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = candidates[at[i]];
        }
        return out;
    }

    /** -log p(true class) of each patch under the network in inference mode. */
    private float[] losses(Network net, PatchData.Part part, int[] patches, float mean, float std) {
        int size = data.size();
        int classes = data.classes().size();
        float[] loss = new float[patches.length];
        int chunk = 256;
        for (int start = 0; start < patches.length; start += chunk) {
            int b = Math.min(chunk, patches.length - start);
            float[] x = new float[b * size * size];
            for (int i = 0; i < b; i++) {
                data.copyPatch(part, patches[start + i], mean, std, false, false, x, i * size * size);
            }
            INDArray[] out = net.graph().output(false, Nd4j.create(x, new long[] {b, 1, size, size}, 'c'));
            float[] p = Nd4j.toFlattened('c', out[0].castTo(DataType.FLOAT)).toFloatVector();
            for (int i = 0; i < b; i++) {
                float q = p[i * classes + part.classOf(patches[start + i])];
                loss[start + i] = (float) -Math.log(Math.max(q, 1e-7f));
            }
        }
        return loss;
    }

    /**
     * Validation or test numbers of a network.
     *
     * @param wholeImageAuc the patch classifier slid over the whole image, max probability
     * @param wholeImageAucPerLocation the head at every map location, max probability (the original's way);
     *        NaN where not computed
     * @param suspiciousPlaceAuc the explainer's rule: the probability at the least-normal place of the smoothed
     *        per-location maps
     */
    public record Evaluation(double[] classAuc, double wholeImageAuc, double wholeImageAucPerLocation, double conceptAuc,
            int patches, int images, double suspiciousPlaceAuc) {}

    /** Every patch of a split. */
    public Evaluation evaluate(Network net, Split split, float mean, float std) {
        PatchData.Part part = data.part(split);
        int[] all = new int[part.patches()];
        Arrays.setAll(all, i -> i);
        return Nd4jContext.call(() -> {
            Evaluation e = evaluateNow(net, split, mean, std, all);
            return new Evaluation(e.classAuc(), e.wholeImageAuc(), wholeImageAucs(net, part, mean, std, 0)[0], e.conceptAuc(),
                    e.patches(), e.images(), e.suspiciousPlaceAuc());
        });
    }

    /**
     * The validation patches scored after each epoch: every lesion-positive one and at most
     * {@link #VALIDATION_NORMALS} normal ones (a fixed draw; normal patches outnumber the others ten to one).
     * The drawn normal patches are weighted up to all normal patches, so the one-vs-rest AUCs estimate those of
     * the whole validation split.
     */
    int[] validationSubset() {
        PatchData.Part part = data.part(Split.VALIDATION);
        int normal = data.classes().indexOf("normal");
        List<Integer> normals = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < part.patches(); i++) {
            (part.classOf(i) == normal ? normals : kept).add(i);
        }
        java.util.Collections.shuffle(normals, new Random(o.seed()));
        kept.addAll(normals.subList(0, Math.min(VALIDATION_NORMALS, normals.size())));
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static final int VALIDATION_NORMALS = 1500;

    private Evaluation evaluateNow(Network net, Split split, float mean, float std, int[] subset) {
        PatchData.Part part = data.part(split);
        int size = data.size();
        int classes = data.classes().size();
        String conceptOut = net.outputs().size() > 1 ? net.outputs().get(1) : null;
        int concepts = conceptOut == null ? 0 : data.concepts().size();
        int n = subset.length;
        float[] probs = new float[n * classes];
        float[] conceptScores = new float[n * Math.max(1, concepts)];
        int[] labels = new int[n];
        int chunk = 256;
        for (int start = 0; start < n; start += chunk) {
            int b = Math.min(chunk, n - start);
            float[] x = new float[b * size * size];
            for (int i = 0; i < b; i++) {
                data.copyPatch(part, subset[start + i], mean, std, false, false, x, i * size * size);
                labels[start + i] = part.classOf(subset[start + i]);
            }
            INDArray[] out = net.graph().output(false, Nd4j.create(x, new long[] {b, 1, size, size}, 'c'));
            float[] p = Nd4j.toFlattened('c', out[0].castTo(DataType.FLOAT)).toFloatVector();
            System.arraycopy(p, 0, probs, start * classes, b * classes);
            if (concepts > 0) {
                float[] q = Nd4j.toFlattened('c', out[1].castTo(DataType.FLOAT)).toFloatVector();
                System.arraycopy(q, 0, conceptScores, start * concepts, b * concepts);
            }
        }
        int normal = data.classes().indexOf("normal");
        double normalWeight = 1;
        if (normal >= 0) {
            long all = 0;
            long kept = 0;
            for (int i = 0; i < part.patches(); i++) {
                all += part.classOf(i) == normal ? 1 : 0;
            }
            for (int l : labels) {
                kept += l == normal ? 1 : 0;
            }
            normalWeight = kept == 0 ? 1 : (double) all / kept;
        }
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = labels[i] == normal ? normalWeight : 1;
        }
        double[] classAuc = n == 0 ? new double[classes] : Auc.oneVsRest(probs, classes, labels, weights);
        double conceptAuc = Double.NaN;
        if (concepts > 0 && n > 0) {
            double sum = 0;
            int counted = 0;
            double[] s = new double[n];
            boolean[] pos = new boolean[n];
            for (int c = 0; c < concepts; c++) {
                for (int i = 0; i < n; i++) {
                    s[i] = conceptScores[i * concepts + c];
                    final int cc = c;
                    pos[i] = Arrays.stream(part.patchConcepts.get(subset[i])).anyMatch(k -> k == cc);
                }
                double a = Auc.of(s, pos, weights);
                if (!Double.isNaN(a)) {
                    sum += a;
                    counted++;
                }
            }
            conceptAuc = counted == 0 ? Double.NaN : sum / counted;
        }
        double[] whole = wholeImageAucs(net, part, mean, std, data.size(), WholeImage.SUSPICIOUS_PLACE);
        return new Evaluation(classAuc, whole[0], Double.NaN, conceptAuc, n, part.images(), whole[1]);
    }

    /**
     * Whole-image malignant-vs-rest AUCs (METHOD.md §1): the network runs fully convolutionally over the resized
     * mammogram, and each image is scored per {@code patches} entry (see {@link WholeImage#scores}) from one forward
     * pass.
     */
    double[] wholeImageAucs(Network net, PatchData.Part part, float mean, float std, int... patches) {
        int cls = data.classes().indexOf(positiveClass());
        double[][] scores = WholeImage.scores(net, Architectures.headLayer(o.arch()), part, mean, std, cls, patches);
        boolean[] positive = new boolean[part.images()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = part.imageLabel(i).equals(positiveClass());
        }
        double[] out = new double[patches.length];
        for (int r = 0; r < patches.length; r++) {
            out[r] = Auc.of(scores[r], positive);
        }
        return out;
    }

    private State readState() {
        Path f = work.resolve(STATE);
        if (!Files.exists(f) || !Files.exists(work.resolve(CHECKPOINT))) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), State.class);
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "the training state does not parse (" + e.getMessage()
                    + "); remove the folder to start again", e);
        }
    }

    private void writeState(State s) {
        Path f = work.resolve(STATE);
        try {
            Path tmp = Files.createTempFile(work, ".state", ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), s);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "cannot write the training state: " + e, e);
        }
    }
}
