package org.deepminer.backend.dl4j.internal.train;

import org.deepminer.api.DeepMinerException;

/**
 * How {@code deepminer:train} trains.
 *
 * @param arch architecture, {@code small} or {@code resnet}
 * @param epochs epochs to train
 * @param seed weights, patch order and flips follow from it
 * @param conceptWeight weight of the concept head's loss; 0 for no concept head
 * @param fraction patch side as a fraction of the image width
 * @param size the side patches are resized to, in pixels
 * @param batch patches per step
 * @param learningRate Adam's step, divided by 5 at two thirds of the epochs
 * @param units channels of the last convolutional layer
 * @param epochPatches patches per epoch; 0: each class gets as many as the largest lesion class has
 * @param minConceptPatches training patches a concept needs to get a concept-head output
 * @param flips mirror patches at random (left-right, up-down)
 * @param normalShare the share of each epoch's patches that are normal tissue; 0: as many as each other class
 *        (a third of three classes). Whole mammograms are mostly normal tissue, so a classifier slid over them
 *        meets far more normal locations than its balanced epochs showed it
 * @param select which validation figure picks the best epoch: {@code patch} (the mean per-class patch AUC) or
 *        {@code whole-image} (the whole-image AUC of the positive class, the patch classifier slid over the image)
 *        or {@code explainer} (the whole-image AUC as the explainer scores images, the figure the evaluation reports)
 * @param hardShare the share of each epoch's patches taken from the hardest training patches under the
 *        network as it stands (highest loss in a random pool of {@link #HARD_POOL} times as many); 0 for none.
 *        A mammogram is called by its most suspicious place, so the few normal places that look like a lesion,
 *        and the lesions that look like the other class, decide the whole-image AUC; balanced epochs rarely
 *        show them
 * @param hardFrom the first epoch with hard patches (a finished training can be extended with them)
 * @param wholeImageEpochs epochs of fine-tuning on whole training mammograms after the patch epochs
 *        ({@link WholeImageTuning}), starting from the best patch epoch; 0 for none
 * @param wholeImageLr Adam's step in those epochs
 * @param softLabels train lesion patches on P(pathology | the lesion's concepts) fitted on the training lesions
 *        ({@link LesionPosterior}) instead of the lesion's drawn pathology
 */
public record TrainOptions(String arch, int epochs, long seed, double conceptWeight, double fraction, int size,
        int batch, double learningRate, int units, int epochPatches, int minConceptPatches, boolean flips,
        double normalShare, String select, double hardShare, int hardFrom, int wholeImageEpochs, double wholeImageLr,
        boolean softLabels) {

    /** Without soft labels. */
    public TrainOptions(String arch, int epochs, long seed, double conceptWeight, double fraction, int size, int batch,
            double learningRate, int units, int epochPatches, int minConceptPatches, boolean flips, double normalShare,
            String select, double hardShare, int hardFrom, int wholeImageEpochs, double wholeImageLr) {
        this(arch, epochs, seed, conceptWeight, fraction, size, batch, learningRate, units, epochPatches, minConceptPatches,
                flips, normalShare, select, hardShare, hardFrom, wholeImageEpochs, wholeImageLr, false);
    }

    /** The pool of random training patches the hard ones are picked from, as a multiple of their number. */
    public static final int HARD_POOL = 4;

    public static final String SELECT_PATCH = "patch";
    public static final String SELECT_WHOLE_IMAGE = "whole-image";
    public static final String SELECT_EXPLAINER = "explainer";

    public static TrainOptions defaults() {
        return new TrainOptions("small", 20, 123, 0, 0.25, 64, 32, 1e-3, 128, 0, 10, true, 0, SELECT_PATCH, 0, 1, 0, 1e-4);
    }

    public TrainOptions {
        Architectures.check(arch);
        if (epochs < 1 || epochs > 10_000) {
            throw new DeepMinerException(null, "--epochs must be between 1 and 10000, not " + epochs);
        }
        if (!(conceptWeight >= 0) || conceptWeight > 100) {
            throw new DeepMinerException(null, "--concept-head weight must be between 0 and 100, not " + conceptWeight);
        }
        if (!(fraction > 0) || fraction > 1) {
            throw new DeepMinerException(null, "--patch " + fraction + " is not in (0, 1]: the patch side is a fraction of "
                    + "the image width, and a patch cannot be larger than the image");
        }
        if (size < 16 || size > 1024) {
            throw new DeepMinerException(null, "--size must be between 16 and 1024 pixels, not " + size);
        }
        if (batch < 1 || batch > 4096) {
            throw new DeepMinerException(null, "--batch must be between 1 and 4096, not " + batch);
        }
        if (!(learningRate > 0) || learningRate > 1) {
            throw new DeepMinerException(null, "--lr must be in (0, 1], not " + learningRate);
        }
        if (units < 8 || units > 4096) {
            throw new DeepMinerException(null, "--units must be between 8 and 4096, not " + units);
        }
        if (epochPatches < 0) {
            throw new DeepMinerException(null, "--epoch-patches must not be negative");
        }
        if (!(normalShare >= 0) || normalShare >= 1) {
            throw new DeepMinerException(null, "--normal-share must be in [0, 1), not " + normalShare);
        }
        if (!(hardShare >= 0) || hardShare > 0.9) {
            throw new DeepMinerException(null, "--hard-share must be in [0, 0.9], not " + hardShare);
        }
        if (hardFrom < 1) {
            throw new DeepMinerException(null, "--hard-from must be an epoch (1 or more), not " + hardFrom);
        }
        if (wholeImageEpochs < 0 || wholeImageEpochs > 1000) {
            throw new DeepMinerException(null, "--whole-image-epochs must be between 0 and 1000, not " + wholeImageEpochs);
        }
        if (!(wholeImageLr > 0) || wholeImageLr > 1) {
            throw new DeepMinerException(null, "--whole-image-lr must be in (0, 1], not " + wholeImageLr);
        }
        if (!SELECT_PATCH.equals(select) && !SELECT_WHOLE_IMAGE.equals(select) && !SELECT_EXPLAINER.equals(select)) {
            throw new DeepMinerException(null, "--select must be " + SELECT_PATCH + ", " + SELECT_WHOLE_IMAGE + " or "
                    + SELECT_EXPLAINER + ", not " + select);
        }
    }

    /** The hard share of one epoch: {@link #hardShare} from {@link #hardFrom} on, else 0. */
    public double hardShare(int epoch) {
        return epoch >= hardFrom ? hardShare : 0;
    }

    /**
     * The hard share a fingerprint gives an epoch: a resumed training may add hard patches only to epochs it
     * has not trained yet.
     */
    public static double hardShare(String fingerprint, int epoch) {
        java.util.regex.Matcher m = HARD.matcher(fingerprint);
        return m.find() && epoch >= Integer.parseInt(m.group(2)) ? Double.parseDouble(m.group(1)) : 0;
    }

    private static final java.util.regex.Pattern HARD = java.util.regex.Pattern.compile(" hard-share=([0-9.eE-]+) hard-from=(\\d+)");

    public boolean conceptHead() {
        return conceptWeight > 0;
    }

    /**
     * What a resumed training must share with the one in its folder: the fingerprint without the number of
     * epochs, which may grow (a finished training is extended; its learning-rate schedule stays the one it
     * was built with), without the selection rule and without the hard patches (checked epoch by epoch, {@link
     * #hardShare(String, int)}) and without the whole-image epochs (which may be added to a finished training and
     * grow; their learning rate is checked once some have run, {@link #wholeImageLr(String)}).
     */
    public static String resumeKey(String fingerprint) {
        return HARD.matcher(WHOLE_IMAGE.matcher(fingerprint.replaceFirst(" epochs=\\d+", "")).replaceFirst("")).replaceFirst("");
    }

    private static final java.util.regex.Pattern WHOLE_IMAGE =
            java.util.regex.Pattern.compile(" whole-image-epochs=(\\d+) whole-image-lr=([0-9.eE-]+)");

    /** The whole-image learning rate a fingerprint states; NaN where it has no whole-image epochs. */
    public static double wholeImageLr(String fingerprint) {
        java.util.regex.Matcher m = WHOLE_IMAGE.matcher(fingerprint);
        return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }

    /** Everything that changes the weights of each epoch, kept with the training. */
    public String fingerprint() {
        return "arch=" + arch + " epochs=" + epochs + " seed=" + seed + " concept-head=" + conceptWeight + " patch=" + fraction
                + " size=" + size + " batch=" + batch + " lr=" + learningRate + " units=" + units + " epoch-patches="
                + epochPatches + " min-concept-patches=" + minConceptPatches + " flips=" + flips
                + (normalShare > 0 ? " normal-share=" + normalShare : "")
                + (softLabels ? " soft-labels" : "")
                + (hardShare > 0 ? " hard-share=" + hardShare + " hard-from=" + hardFrom : "")
                + (wholeImageEpochs > 0 ? " whole-image-epochs=" + wholeImageEpochs + " whole-image-lr=" + wholeImageLr : "");
    }
}
