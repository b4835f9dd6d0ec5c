package org.deepminer.backend.dl4j.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Split;
import org.junit.jupiter.api.Test;

/** The classes' shares of a training epoch, with and without a normal share. */
class BalancedOrderTest {

    static TrainOptions options(int epochPatches, double normalShare) {
        TrainOptions d = TrainOptions.defaults();
        return new TrainOptions(d.arch(), 1, 1, 0, 0.25, 16, d.batch(), d.learningRate(), d.units(), epochPatches,
                d.minConceptPatches(), true, normalShare, d.select());
    }

    static int[] counts(TrainOptions o) {
        PatchData data = PatchData.load(new PatchDataTest.Fake(PatchDataTest.mixed()), "fake", 0.25, 16, 1, l -> {});
        int[] order = new Trainer(o, data, Path.of("unused"), "fake", l -> {}).balancedOrder(new Random(3));
        PatchData.Part train = data.part(Split.TRAIN);
        int[] n = new int[data.classes().size()];
        for (int i : order) {
            n[train.classOf(i)]++;
        }
        return n;
    }

    @Test
    void withoutANormalShareEveryClassGetsTheSame() {
        int[] n = counts(options(300, 0));
        assertEquals(100, n[0]);
        assertEquals(100, n[1]);
        assertEquals(100, n[2]);
    }

    @Test
    void aNormalShareGivesNormalTissueItsPartOfTheEpochAndSplitsTheRest() {
        int[] n = counts(options(300, 0.6));
        assertEquals(180, n[0], "normal: 60 % of 300");
        assertEquals(60, n[1]);
        assertEquals(60, n[2]);
        // without a fixed epoch size, the lesion classes keep their size and normal grows to its share
        int[] free = counts(options(0, 0.5));
        assertEquals(free[1], free[2]);
        assertEquals(free[1] + free[2], free[0]);
    }

    @Test
    void aShareOfOneOrMoreIsRefused() {
        assertThrows(DeepMinerException.class, () -> options(300, 1.0));
        assertThrows(DeepMinerException.class, () -> options(300, -0.1));
    }
}
