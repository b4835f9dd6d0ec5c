package org.deepminer.backend.dl4j.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                d.minConceptPatches(), true, normalShare, d.select(), 0, 1, 0, 1e-4);
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

    @Test
    void theHardestPatchesAreThoseOfHighestLossEqualOnesInTheirOrder() {
        int[] candidates = {10, 11, 12, 13, 14};
        float[] loss = {0.1f, 2.0f, 0.5f, 2.0f, 3.0f};
        assertArrayEquals(new int[] {14, 11, 13}, Trainer.hardest(candidates, loss, 3));
        assertArrayEquals(new int[] {14, 11, 13, 12, 10}, Trainer.hardest(candidates, loss, 9));
    }

    @Test
    void thePoolIsDistinctPatchesDrawnFromTheSeed() {
        int[] a = Trainer.sample(1000, 200, new Random(5));
        assertEquals(200, java.util.Arrays.stream(a).distinct().count());
        assertTrue(java.util.Arrays.stream(a).allMatch(i -> i >= 0 && i < 1000));
        assertArrayEquals(a, Trainer.sample(1000, 200, new Random(5)));
        assertEquals(1000, java.util.Arrays.stream(Trainer.sample(1000, 1000, new Random(6))).distinct().count());
    }

    @Test
    void theFingerprintSaysFromWhichEpochHardPatchesAreMixedIn() {
        TrainOptions d = TrainOptions.defaults();
        TrainOptions o = new TrainOptions(d.arch(), 40, 1, 0, 0.25, 16, d.batch(), d.learningRate(), d.units(), 300,
                d.minConceptPatches(), true, 0, d.select(), 0.5, 29, 0, 1e-4);
        assertEquals(0, o.hardShare(28));
        assertEquals(0.5, o.hardShare(29));
        assertEquals(0, TrainOptions.hardShare(o.fingerprint(), 28));
        assertEquals(0.5, TrainOptions.hardShare(o.fingerprint(), 40));
        assertEquals(0, TrainOptions.hardShare(options(300, 0).fingerprint(), 40));
        // a training extended with hard patches resumes the plain one in its folder
        TrainOptions plain = new TrainOptions(d.arch(), 28, 1, 0, 0.25, 16, d.batch(), d.learningRate(), d.units(), 300,
                d.minConceptPatches(), true, 0, d.select(), 0, 1, 0, 1e-4);
        assertEquals(TrainOptions.resumeKey(plain.fingerprint()), TrainOptions.resumeKey(o.fingerprint()));
        assertThrows(DeepMinerException.class, () -> new TrainOptions(d.arch(), 1, 1, 0, 0.25, 16, d.batch(),
                d.learningRate(), d.units(), 300, d.minConceptPatches(), true, 0, d.select(), 0.5, 0, 0, 1e-4));
    }

    @Test
    void anEpochRecordedBeforeTheExplainersRuleWasMeasuredStillReads() throws Exception {
        String old = "{\"epoch\":3,\"loss\":0.5,\"patchesPerSecond\":100,\"classAuc\":[0.9,0.8,0.7],"
                + "\"wholeImageAuc\":0.6,\"conceptAuc\":\"NaN\"}";
        Trainer.Epoch e = new com.fasterxml.jackson.databind.ObjectMapper().readValue(old, Trainer.Epoch.class);
        assertEquals(0.6, e.wholeImageAuc());
        assertEquals(0.0, e.suspiciousPlaceAuc());
        assertEquals(0.0, e.score(TrainOptions.SELECT_EXPLAINER));
    }
}
