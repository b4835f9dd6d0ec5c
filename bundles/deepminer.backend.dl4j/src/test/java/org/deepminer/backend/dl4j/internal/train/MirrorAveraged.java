package org.deepminer.backend.dl4j.internal.train;

import java.util.Map;
import org.deepminer.backend.dl4j.internal.Network;
import org.deepminer.backend.dl4j.internal.NetworkMetadata;
import org.deepminer.core.patch.SuspiciousPlace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * For measuring from outside a training (EvaluateCheckpoint): the explainer's rule on the class-probability
 * maps of each image averaged with those of its mirror images (mirrored back), a test-time augmentation the
 * product does not use yet.
 */
public final class MirrorAveraged {
    private MirrorAveraged() {}

    /**
     * @param orientations 2: the image and its left-right mirror; 4: also the up-down mirrors (training flips both)
     * @return per image of the part, the malignant (class 2) probability at the least-normal place
     */
    public static double[] scores(Network net, NetworkMetadata m, PatchData.Part part, int orientations) {
        Map<String, INDArray> head = net.params(net.outputs().get(0));
        float[][] w = head.get("W").castTo(DataType.FLOAT).toFloatMatrix();
        float[] b = head.get("b").castTo(DataType.FLOAT).dup('c').toFloatVector();
        int classes = b.length;
        double[] out = new double[part.images()];
        for (int k = 0; k < out.length; k++) {
            int wd = part.width(k);
            int hg = part.height(k);
            float[] img = part.image(k);
            float[] x = new float[orientations * wd * hg];
            for (int o = 0; o < orientations; o++) {
                for (int y = 0; y < hg; y++) {
                    for (int xx = 0; xx < wd; xx++) {
                        x[o * wd * hg + flip(y, hg, o & 2) * wd + flip(xx, wd, o & 1)] = (img[y * wd + xx] - m.mean()) / m.std();
                    }
                }
            }
            INDArray a = net.feedForward(Nd4j.create(x, new long[] {orientations, 1, hg, wd}, 'c')).get(m.headLayer());
            float[] maps = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
            int units = (int) a.size(1);
            int fh = (int) a.size(2);
            int fw = (int) a.size(3);
            int cells = fh * fw;
            float[] p = new float[classes * cells];
            for (int o = 0; o < orientations; o++) {
                float[] q = WholeImage.locationProbabilities(maps, o * units * cells, units, fh, fw, w, b);
                for (int c = 0; c < classes; c++) {
                    for (int y = 0; y < fh; y++) {
                        for (int xx = 0; xx < fw; xx++) {
                            p[c * cells + y * fw + xx] += q[c * cells + flip(y, fh, o & 2) * fw + flip(xx, fw, o & 1)] / orientations;
                        }
                    }
                }
            }
            out[k] = SuspiciousPlace.probabilities(p, classes, fh, fw, WholeImage.breastCells(img, wd, hg, fh, fw))[2];
        }
        return out;
    }

    private static int flip(int i, int n, int mirrored) {
        return mirrored != 0 ? n - 1 - i : i;
    }
}
