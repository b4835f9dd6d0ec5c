package org.deepminer.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.deepminer.backend.onnx.internal.TestModels;
import org.deepminer.core.patch.TilingOptions;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.probe.dissection.internal.DissectionStrategy;
import org.deepminer.probe.ranking.internal.RankingStrategy;
import org.deepminer.probe.topactivations.internal.TopActivationsStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with real parts: a phantom generated here, ONNX models run by ONNX Runtime through the real
 * backend, and the real ranking, top-activations and dissection strategies.
 */
class MiningIntegrationTest {
    @TempDir
    static Path tmp;
    static Path phantom;
    static TestModels.Written patchModel;
    static TestModels.Written anySizeModel;
    static final OnnxBackend BACKEND = new OnnxBackend();

    @BeforeAll
    static void setUp() {
        phantom = PhantomFixture.phantom();
        patchModel = PhantomFixture.patchModel();
        anySizeModel = PhantomFixture.anySizeModel();
    }

    static Dataset open() {
        return PhantomFixture.open();
    }

    /** The three strategies themselves (the counting wrappers' accumulators are not serialisable). */
    static List<org.deepminer.api.probe.ProbeStrategy> real() {
        return List.of(new RankingStrategy(), new TopActivationsStrategy(), new DissectionStrategy());
    }

    static List<CountingStrategy> strategies() {
        return List.of(new CountingStrategy(new RankingStrategy()), new CountingStrategy(new TopActivationsStrategy()),
                new CountingStrategy(new DissectionStrategy()));
    }

    @Test
    void onePatchProbeFeedsTheThreeStrategiesAndFillsTheRunFolder() throws IOException {
        Path out = tmp.resolve("run-patches");
        List<CountingStrategy> strategies = strategies();
        try (Dataset ds = open(); CountingModel model = new CountingModel(BACKEND.load(ModelSource.of("patch", patchModel.file())))) {
            ProbeOutcome o = ProbeRunner.run(ProbeRequest.builder(model, ds, List.copyOf(strategies), out)
                    .dataset("phantom", phantom).mode(InputMode.patches(TilingOptions.defaults())).batchSize(8).workers(2)
                    .modelFile(patchModel.file()).parameters(Map.of("top-activations.images.per.unit", "8"))
                    .build(), null);
            assertEquals(16, o.samples());
            assertEquals(1, o.passes(), "dissection finds thresholds and IoU in the same pass");
            assertTrue(o.items() > 16, "patches: several per image");
            assertEquals(Map.of("ranking", "computed", "top-activations", "computed", "dissection", "computed"), o.steps(),
                    o.notes().toString());

            CountingStrategy ranking = strategies.get(0);
            CountingStrategy top = strategies.get(1);
            CountingStrategy dissection = strategies.get(2);
            Set<String> firstPass = new HashSet<>(ranking.batches);
            assertEquals(ranking.batches.size(), firstPass.size(), "each batch once");
            assertEquals(firstPass, new HashSet<>(top.batches), "top activations got the very same forward results");
            assertEquals(firstPass, new HashSet<>(dissection.batches), "and so did dissection");
            assertTrue(dissection.batches.stream().allMatch(b -> b.startsWith("0:")), "in the one pass");
            assertEquals(firstPass.size(), model.forwardCalls.get(), "one forward pass per batch: never one per strategy");
            assertEquals(model.forwardCalls.get(), o.forwardCalls());
        }
        for (String f : List.of("manifest.json", "units.csv", "rankings.csv", "rankings.json", "topactivations.csv",
                "dissection.csv", "dissection_concepts.csv", "concepts.json", "steps/ranking.json",
                "steps/top-activations.json", "steps/dissection.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (Stream<Path> montages = Files.list(out.resolve("montages"))) {
            assertEquals(24, montages.filter(p -> p.toString().endsWith(".png")).count(), "a montage per unit");
        }
        Csv units = Csv.read(out.resolve("units.csv"));
        assertEquals(24, units.rows().size());
        for (String c : List.of("unit", "malignant_rank", "malignant_count", "malignant_score", "best_concept", "iou",
                "ceiling", "lift", "runner_up", "detector", "specific", "label_source", "montage")) {
            assertTrue(units.columns().contains(c), c + " in " + units.columns());
        }
        assertTrue(units.rows().stream().allMatch(r -> Files.isRegularFile(out.resolve(r.get("montage")))));
        RunManifest m = RunWorkspace.existing(out).manifest().orElseThrow();
        assertEquals("complete", m.status());
        assertEquals(List.of("ranking", "top-activations", "dissection"), m.strategies());
        assertEquals(patchModel.headLayer(), m.layer());
        assertEquals(org.deepminer.core.run.Hashes.ofFile(patchModel.file()), m.model().sha256());
        assertTrue(Files.readString(out.resolve("concepts.json")).contains("finding-mass")
                || Files.readString(out.resolve("concepts.json")).contains("finding-calcification"));

        // the same probe again: nothing recomputed, no forward pass
        try (Dataset ds = open(); CountingModel model = new CountingModel(BACKEND.load(ModelSource.of("patch", patchModel.file())))) {
            ProbeOutcome again = ProbeRunner.run(ProbeRequest.builder(model, ds, List.copyOf(strategies()), out)
                    .dataset("phantom", phantom).mode(InputMode.patches(TilingOptions.defaults())).batchSize(8).workers(2)
                    .modelFile(patchModel.file()).parameters(Map.of("top-activations.images.per.unit", "8")).build(), null);
            assertTrue(again.upToDate());
            assertEquals(0, model.forwardCalls.get());
        }
    }

    @Test
    void wholeImagesOfAnAnySizeModelGetClassMapScores() throws IOException {
        Path out = tmp.resolve("run-whole");
        try (Dataset ds = open(); CountingModel model = new CountingModel(BACKEND.load(ModelSource.of("any", anySizeModel.file())))) {
            ProbeOutcome o = ProbeRunner.run(ProbeRequest.builder(model, ds,
                    List.of(new RankingStrategy(), new TopActivationsStrategy()), out).dataset("phantom", phantom)
                    .batchSize(4).build(), null);
            assertEquals(16, o.items(), "whole images are the default for a model of any input size");
            assertEquals(4, model.forwardCalls.get());
        }
        Csv scores = Csv.read(out.resolve("image-scores.csv"));
        assertEquals(16, scores.rows().size());
        for (Map<String, String> r : scores.rows()) {
            double p = Double.parseDouble(r.get("malignant_probability"));
            double max = Double.parseDouble(r.get("malignant_map_max"));
            assertTrue(max >= 0 && max <= 1 && p >= 0 && p <= 1, r.toString());
        }
        assertFalse(Files.exists(out.resolve("dissection.csv")));
        assertEquals("whole", RunWorkspace.existing(out).manifest().orElseThrow().mode().get("kind"));
    }

    /**
     * The real strategies (ranking, top activations, one-pass dissection) killed in the middle of their pass
     * and run again: the run resumes at its last checkpoint and writes the files of an uninterrupted run.
     */
    @Test
    void aKilledProbeResumesWithinItsPassAndWritesTheFilesOfAnUninterruptedOne() throws IOException {
        Path clean = tmp.resolve("run-clean");
        Path killed = tmp.resolve("run-killed");
        Map<String, String> parameters = Map.of("top-activations.images.per.unit", "4");
        int batches;
        try (Dataset ds = open(); CountingModel model = new CountingModel(BACKEND.load(ModelSource.of("patch", patchModel.file())))) {
            ProbeRunner.run(ProbeRequest.builder(model, ds, real(), clean).dataset("phantom", phantom)
                    .mode(InputMode.patches(TilingOptions.defaults())).batchSize(8).workers(1).modelFile(patchModel.file())
                    .parameters(parameters).build(), null);
            batches = model.forwardCalls.get();
        }
        try (Dataset ds = open(); CountingModel model = new CountingModel(BACKEND.load(ModelSource.of("patch", patchModel.file())))) {
            model.failAt = 6;
            org.deepminer.api.DeepMinerException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.deepminer.api.DeepMinerException.class, () -> ProbeRunner.run(ProbeRequest.builder(model, ds,
                            real(), killed).dataset("phantom", phantom)
                            .mode(InputMode.patches(TilingOptions.defaults())).batchSize(8).workers(1)
                            .modelFile(patchModel.file()).parameters(parameters).checkpointEvery(2, 0).build(), null));
            assertTrue(e.getMessage().contains("simulated crash"), e.getMessage());
            assertTrue(Files.exists(killed.resolve("steps/pass.checkpoint")), "a checkpoint of the unfinished pass");
        }
        try (Dataset ds = open(); CountingModel model = new CountingModel(BACKEND.load(ModelSource.of("patch", patchModel.file())))) {
            ProbeOutcome resumed = ProbeRunner.run(ProbeRequest.builder(model, ds, real(), killed)
                    .dataset("phantom", phantom).mode(InputMode.patches(TilingOptions.defaults())).batchSize(8).workers(1)
                    .modelFile(patchModel.file()).parameters(parameters).checkpointEvery(2, 0).build(), null);
            assertTrue(resumed.notes().stream().anyMatch(n -> n.startsWith("resumed pass 1 at image")), resumed.notes().toString());
            assertTrue(model.forwardCalls.get() <= batches - 4, "the resumed run did not start over: " + model.forwardCalls.get()
                    + " forward passes of " + batches);
        }
        assertTrue(batches > 6, batches + " batches");
        for (String f : List.of("units.csv", "rankings.csv", "topactivations.csv", "dissection.csv", "dissection_concepts.csv")) {
            assertEquals(Files.readString(clean.resolve(f)), Files.readString(killed.resolve(f)), f);
        }
        assertFalse(Files.exists(killed.resolve("steps/pass.checkpoint")), "a finished run drops its checkpoint");
    }
}
