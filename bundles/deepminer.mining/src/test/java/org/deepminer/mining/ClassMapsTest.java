package org.deepminer.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.junit.jupiter.api.Test;

class ClassMapsTest {

    static FloatTensor activations(long seed, int n, int units, int h, int w) {
        Random r = new Random(seed);
        float[] a = new float[n * units * h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.max(0, r.nextGaussian());
        }
        return new FloatTensor(new int[] {n, units, h, w}, a);
    }

    static ClassifierHead head(long seed, int classes, int units) {
        Random r = new Random(seed);
        float[] w = new float[classes * units];
        float[] b = new float[classes];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        return new ClassifierHead("conv", classes, units, w, b);
    }

    @Test
    void theMeanOfTheLogitMapsIsThePooledHeadsLogit() {
        // the CAM identity: a linear head commutes with the average pooling
        FloatTensor a = activations(1, 2, 5, 3, 4);
        ClassifierHead head = head(2, 3, 5);
        for (int i = 0; i < 2; i++) {
            float[] maps = ClassMaps.logits(a, i, head);
            for (int c = 0; c < 3; c++) {
                double pooled = head.bias()[c];
                for (int k = 0; k < 5; k++) {
                    double mean = 0;
                    for (int p = 0; p < 12; p++) {
                        mean += a.data()[(i * 5 + k) * 12 + p];
                    }
                    pooled += head.weight(c, k) * mean / 12;
                }
                double mapMean = 0;
                for (int p = 0; p < 12; p++) {
                    mapMean += maps[c * 12 + p];
                }
                assertEquals(pooled, mapMean / 12, 1e-5);
                float[] cam = ClassMaps.cam(a, i, head, c);
                for (int p = 0; p < 12; p++) {
                    assertEquals(maps[c * 12 + p] - head.bias()[c], cam[p], 1e-5);
                }
            }
        }
    }

    @Test
    void probabilitiesAreASoftmaxAtEachLocationAndTheScoreIsTheirMaximum() {
        FloatTensor a = activations(3, 2, 4, 2, 3);
        ClassifierHead head = head(4, 3, 4);
        FloatTensor maps = ClassMaps.probabilities(a, head);
        assertEquals(4, maps.rank());
        assertEquals(3, maps.dim(1));
        float[] scores = ClassMaps.imageScores(maps);
        for (int i = 0; i < 2; i++) {
            float[] z = ClassMaps.logits(a, i, head);
            for (int p = 0; p < 6; p++) {
                double sum = 0;
                double norm = 0;
                for (int c = 0; c < 3; c++) {
                    sum += maps.data()[(i * 3 + c) * 6 + p];
                    norm += Math.exp(z[c * 6 + p]);
                }
                assertEquals(1.0, sum, 1e-5);
                for (int c = 0; c < 3; c++) {
                    assertEquals(Math.exp(z[c * 6 + p]) / norm, maps.data()[(i * 3 + c) * 6 + p], 1e-5);
                }
            }
            for (int c = 0; c < 3; c++) {
                float max = 0;
                for (int p = 0; p < 6; p++) {
                    max = Math.max(max, maps.data()[(i * 3 + c) * 6 + p]);
                }
                assertEquals(max, scores[i * 3 + c]);
            }
        }
    }

    @Test
    void aHeadOfAnotherWidthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassMaps.logits(activations(1, 1, 5, 2, 2), 0, head(1, 3, 4)));
        assertEquals("the head of conv weighs 4 units, the activations have 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassMaps.imageScores(new FloatTensor(new int[] {2, 3}, new float[6])));
    }
}
