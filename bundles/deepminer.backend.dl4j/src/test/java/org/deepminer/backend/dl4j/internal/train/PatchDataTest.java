package org.deepminer.backend.dl4j.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.junit.jupiter.api.Test;

/** Patches from an in-memory data set: sizes, labels, concepts, and the data sets training refuses. */
class PatchDataTest {

    /** A data set of synthetic images: all breast (0.5), a square lesion where one is given. */
    record Fake(List<Sample> all) implements Dataset {
        @Override
        public String format() {
            return "fake";
        }

        @Override
        public List<SampleRef> samples() {
            return all.stream().map(Sample::ref).toList();
        }

        @Override
        public Sample load(SampleRef ref) {
            return all.stream().filter(s -> s.ref().equals(ref)).findFirst().orElseThrow();
        }

        @Override
        public List<String> problems() {
            return List.of();
        }
    }

    static Sample image(String id, Split split, String label, int w, int h, Box lesion, String pathology, Set<String> concepts) {
        float[] px = new float[w * h];
        java.util.Arrays.fill(px, 0.5f);
        List<Lesion> lesions = new ArrayList<>();
        if (lesion != null) {
            BitSet bits = new BitSet();
            bits.set(0, lesion.width() * lesion.height());
            lesions.add(new Lesion("l1", "finding-mass", pathology, concepts, new RegionMask(lesion, bits), Map.of(), List.of(), 4));
        }
        return new Sample(new SampleRef(id, "case-" + id, split, label), new MammogramImage(w, h, px),
                new ImageMetadata("OT", Laterality.LEFT, "CC", 0, 8, false, Map.of()),
                new GroundTruth(label, lesions, new Report("", Set.of(), -1, "")));
    }

    static List<Sample> mixed() {
        List<Sample> s = new ArrayList<>();
        for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
            String p = split.label();
            s.add(image(p + "n", split, "normal", 128, 128, null, "", Set.of()));
            s.add(image(p + "b", split, "benign", 128, 128, new Box(10, 10, 20, 20), "benign", Set.of("shape-oval")));
            s.add(image(p + "m", split, "malignant", 128, 128, new Box(70, 70, 24, 24), "malignant", Set.of("margin-spiculated")));
        }
        return s;
    }

    @Test
    void patchesAreResizedTilesWithTheTilersLabelsAndTheConceptsOfTheirMasks() {
        PatchData d = PatchData.load(new Fake(mixed()), "fake", 0.25, 16, 1, l -> {});
        assertEquals(List.of("normal", "benign", "malignant"), d.classes());
        assertEquals(List.of("margin-spiculated", "shape-oval"), d.concepts());
        PatchData.Part train = d.part(Split.TRAIN);
        // 128 px, 32 px tiles at stride 16: 7 x 7 tiles an image, all breast
        assertEquals(3 * 49, train.patches());
        assertEquals(64, train.width(0), "a 32-pixel tile became 16 pixels: the image is halved");
        int[] counts = d.classCounts(Split.TRAIN);
        assertTrue(counts[1] > 0 && counts[2] > 0, java.util.Arrays.toString(counts));
        for (int i = 0; i < train.patches(); i++) {
            String id = train.patchId(i);
            assertTrue(id.matches("train[nbm]@\\d+,\\d+,32,32"), id);
            int[] concepts = train.patchConcepts.get(i);
            if (train.classOf(i) == 2) {
                assertArrayEquals(new int[] {0}, concepts, id + " shows the spiculated lesion");
            } else if (train.classOf(i) == 0) {
                assertEquals(0, concepts.length, id);
            }
        }
        float[] patch = new float[16 * 16];
        d.copyPatch(train, 0, 0.5f, 0.25f, true, false, patch, 0);
        for (float v : patch) {
            assertEquals(0f, v, 1e-6, "(0.5 - mean 0.5) / std");
        }
    }

    @Test
    void softLabelsGiveLesionPatchesThePosteriorOfTheirLesionsConcepts() {
        List<Sample> samples = new ArrayList<>(mixed());
        // a spiculated lesion drawn benign: its patches' hard label says benign, the posterior mostly malignant
        samples.add(image("train-sb", Split.TRAIN, "benign", 128, 128, new Box(40, 40, 24, 24), "benign", Set.of("margin-spiculated")));
        for (int i = 0; i < 3; i++) {
            samples.add(image("train-m" + i, Split.TRAIN, "malignant", 128, 128, new Box(30, 60, 24, 24), "malignant", Set.of("margin-spiculated")));
        }
        PatchData d = PatchData.load(new Fake(samples), "fake", 0.25, 16, 1, l -> {});
        PatchData.Part train = d.part(Split.TRAIN);
        float[] y = new float[3];
        d.target(train, 0, y, 0);
        assertEquals(1f, y[train.classOf(0)], "hard before the posterior is fitted");

        LesionPosterior posterior = d.useLesionPosterior();
        assertEquals(6, d.trainLesions.size(), "one oval, five spiculated training lesions");
        double spiculated = posterior.of(List.of("margin-spiculated"))[1];
        assertTrue(spiculated > 0.6 && spiculated < 0.9, "4 of 5 spiculated lesions are malignant: " + spiculated);
        int soft = 0;
        for (int i = 0; i < train.patches(); i++) {
            float[] t = new float[5];
            d.target(train, i, t, 1);
            assertEquals(0f, t[0] + t[4], "written at the offset only");
            assertEquals(1f, t[1] + t[2] + t[3], 1e-6);
            String id = train.patchId(i);
            if (train.classOf(i) == 0) {
                assertEquals(1f, t[1], id);
            } else if (id.startsWith("train-sb") || id.startsWith("train-m") || id.startsWith("trainm")) {
                assertEquals(0f, t[1], id);
                assertEquals(spiculated, t[3], 1e-6, id + ": the spiculated lesion's posterior, whatever was drawn");
                soft++;
            } else if (id.startsWith("trainb")) {
                assertEquals(posterior.of(List.of("shape-oval"))[1], t[3], 1e-6, id);
                assertTrue(t[3] < 0.5, id);
            }
        }
        assertTrue(soft > 4, "lesion patches of spiculated lesions: " + soft);
        assertTrue(Training.describe(posterior, d.trainLesions).contains("margin-spiculated"));
    }

    @Test
    void dataSetsTrainingCannotUseAreClearErrors() {
        List<Sample> oneClass = new ArrayList<>();
        oneClass.add(image("a", Split.TRAIN, "normal", 128, 128, null, "", Set.of()));
        oneClass.add(image("b", Split.VALIDATION, "normal", 128, 128, null, "", Set.of()));
        assertMessage(oneClass, 0.25, "every image has the label 'normal': a classifier needs at least two classes");

        List<Sample> noLesions = new ArrayList<>(oneClass);
        noLesions.add(image("c", Split.TRAIN, "benign", 128, 128, null, "", Set.of()));
        assertMessage(noLesions, 0.25, "no training patch is lesion-positive: the data set has no lesions");

        List<Sample> wide = new ArrayList<>(mixed());
        wide.add(image("w", Split.TRAIN, "normal", 400, 60, null, "", Set.of()));
        assertMessage(wide, 0.25, "image w (400x60) is smaller than a patch of 100 px");
        assertMessage(mixed(), 1.5, "patch fraction 1.5 is not in (0, 1]");

        List<Sample> noValidation = mixed().stream().filter(s -> s.ref().split() == Split.TRAIN).toList();
        assertMessage(noValidation, 0.25, "no validation images");
    }

    static void assertMessage(List<Sample> samples, double fraction, String part) {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> PatchData.load(new Fake(samples), "fake", fraction, 16, 1, l -> {}));
        assertTrue(e.getMessage().startsWith("fake: ") && e.getMessage().contains(part), e.getMessage());
    }
}
