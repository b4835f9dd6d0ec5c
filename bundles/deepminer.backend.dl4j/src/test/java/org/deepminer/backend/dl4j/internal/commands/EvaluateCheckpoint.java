package org.deepminer.backend.dl4j.internal.commands;

import java.nio.file.Path;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.Split;
import org.deepminer.backend.dl4j.internal.Nd4jContext;
import org.deepminer.backend.dl4j.internal.Network;
import org.deepminer.backend.dl4j.internal.NetworkFile;
import org.deepminer.backend.dl4j.internal.NetworkMetadata;
import org.deepminer.backend.dl4j.internal.train.Auc;
import org.deepminer.backend.dl4j.internal.train.MirrorAveraged;
import org.deepminer.backend.dl4j.internal.train.PatchData;
import org.deepminer.backend.dl4j.internal.train.WholeImage;
import org.deepminer.data.phantom.internal.PhantomDatasetSource;
import org.deepminer.dicom.internal.PixelMedDicomService;

/**
 * Whole-image malignant-vs-rest AUC of a saved network on a phantom's validation and test splits, for looking at
 * a training run from outside: {@code EvaluateCheckpoint <network.zip> <phantom folder>}. Prints the maximum over
 * exactly cropped tiles, the trainer's rules and the explainer's rule with test-time mirror averaging.
 */
public final class EvaluateCheckpoint {
    private EvaluateCheckpoint() {}

    static double[] tileScores(Network net, PatchData data, PatchData.Part part, NetworkMetadata meta) {
        double[] max = new double[part.images()];
        int size = data.size();
        float[] x = new float[size * size];
        for (int i = 0; i < part.patches(); i++) {
            data.normalisedPatch(part, i, meta.mean(), meta.std(), x);
            org.nd4j.linalg.api.ndarray.INDArray out = net.graph().output(false,
                    org.nd4j.linalg.factory.Nd4j.create(x, new long[] {1, 1, size, size}, 'c'))[0];
            int image = data.imageOf(part, i);
            max[image] = Math.max(max[image], out.getDouble(0, 2));
        }
        return max;
    }

    public static void main(String[] args) {
        PixelMedDicomService dicom = new PixelMedDicomService();
        dicom.start();
        NetworkFile.Loaded loaded = NetworkFile.load(Path.of(args[0]), false);
        NetworkMetadata meta = loaded.metadata().orElseThrow();
        Network net = loaded.network();
        try (Dataset ds = new PhantomDatasetSource(dicom).open(Path.of(args[1]), DatasetOptions.lenient())) {
            PatchData data = PatchData.load(ds, args[1], meta.patchFraction(), meta.patchSize(), 10, System.out::println);
            for (Split s : new Split[] {Split.VALIDATION, Split.TEST}) {
                PatchData.Part part = data.part(s);
                boolean[] positive = new boolean[part.images()];
                for (int i = 0; i < positive.length; i++) {
                    positive[i] = part.imageLabel(i).equals("malignant");
                }
                // the tiles themselves through the patch classifier, image score = max over its tiles
                double[] tileMax = Nd4jContext.call(() -> tileScores(net, data, part, meta));
                System.out.printf("%s: whole-image malignant AUC %.4f from the max over tiles%n", s.label(), Auc.of(tileMax, positive));
                int[] rules = {0, meta.patchSize(), WholeImage.SUSPICIOUS_PLACE};
                double[][] scores = Nd4jContext.call(() -> WholeImage.scores(net, meta.headLayer(), part, meta.mean(), meta.std(), 2, rules));
                for (int r = 0; r < rules.length; r++) {
                    System.out.printf("%s: whole-image malignant AUC %.4f, %s (%d images)%n", s.label(), Auc.of(scores[r], positive),
                            rules[r] == WholeImage.SUSPICIOUS_PLACE ? "explainer's rule" : "patch " + rules[r], part.images());
                }
                for (int orientations : new int[] {2, 4}) {
                    double[] mirrored = Nd4jContext.call(() -> MirrorAveraged.scores(net, meta, part, orientations));
                    System.out.printf("%s: whole-image malignant AUC %.4f, explainer's rule on the maps of %d mirror images averaged%n",
                            s.label(), Auc.of(mirrored, positive), orientations);
                }
            }
        }
        System.exit(0);
    }
}
