package org.deepminer.backend.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepminer.api.DeepMinerException;
import org.deepminer.backend.dl4j.internal.train.Architectures;
import org.deepminer.backend.dl4j.internal.train.Auc;
import org.junit.jupiter.api.Test;

class AucAndArchitectureTest {

    @Test
    void aucCountsPairsWithTiesAsHalf() {
        // positives 0.9, 0.4; negatives 0.4, 0.1: pairs (0.9>0.4) (0.9>0.1) (0.4=0.4 half) (0.4>0.1) -> 3.5 / 4
        assertEquals(0.875, Auc.of(new double[] {0.9, 0.4, 0.4, 0.1}, new boolean[] {true, true, false, false}), 1e-12);
        assertEquals(1.0, Auc.of(new double[] {3, 2, 1}, new boolean[] {true, false, false}), 1e-12);
        assertEquals(0.0, Auc.of(new double[] {1, 2, 3}, new boolean[] {true, false, false}), 1e-12);
        assertTrue(Double.isNaN(Auc.of(new double[] {1, 2}, new boolean[] {true, true})));
    }

    @Test
    void aWeightedSampleGivesThePopulationsAuc() {
        // population: positives 0.9, 0.4; negatives 0.4, 0.1, 0.1, 0.1 -> pairs won: 0.9 beats 4, 0.4 ties one
        // and beats 3 -> (4 + 3.5) / 8
        double population = Auc.of(new double[] {0.9, 0.4, 0.4, 0.1, 0.1, 0.1},
                new boolean[] {true, true, false, false, false, false});
        assertEquals(7.5 / 8, population, 1e-12);
        // one of the three 0.1 negatives drawn, standing for three
        assertEquals(population, Auc.of(new double[] {0.9, 0.4, 0.4, 0.1}, new boolean[] {true, true, false, false},
                new double[] {1, 1, 1, 3}), 1e-12);
    }

    @Test
    void oneVsRestUsesEachClassColumn() {
        float[] p = {0.8f, 0.1f, 0.1f, 0.2f, 0.7f, 0.1f, 0.1f, 0.2f, 0.7f, 0.6f, 0.3f, 0.1f};
        int[] labels = {0, 1, 2, 1};
        double[] auc = Auc.oneVsRest(p, 3, labels);
        // class 0: positive 0.8 vs 0.2, 0.1, 0.6 -> 1; class 1: positives 0.7, 0.3 vs 0.1, 0.2 -> 1;
        // class 2: positive 0.7 vs 0.1, 0.1, 0.1 -> 1
        assertArrayEquals(new double[] {1, 1, 1}, auc, 1e-12);
        labels = new int[] {1, 0, 2, 1};
        // class 1: positives 0.1, 0.3 vs negatives 0.7, 0.2 -> only 0.3 > 0.2 of four pairs
        assertEquals(0.25, Auc.oneVsRest(p, 3, labels)[1], 1e-12);
    }

    @Test
    void architecturesEndInThePoolingAndLinearHead() {
        for (String arch : Architectures.NAMES) {
            Network net = Nets.build(arch, 64, 0, 1);
            Network.Node out = net.node(Architectures.CLASS_OUTPUT);
            assertEquals(java.util.List.of(Architectures.POOLED), out.inputs());
            assertEquals(java.util.List.of(Architectures.headLayer(arch)), net.node(Architectures.POOLED).inputs());
            assertEquals(64L, net.params(Architectures.headLayer(arch).replace("relu", "conv").replace("s3b_conv", "s3b_conv2")).get("W").size(0));
        }
        assertTrue(assertThrows(DeepMinerException.class, () -> Architectures.check("vgg")).getMessage()
                .contains("unknown architecture 'vgg'; known: small, resnet, context"));
    }
}
