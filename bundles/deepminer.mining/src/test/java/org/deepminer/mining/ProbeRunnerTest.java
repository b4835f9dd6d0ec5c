package org.deepminer.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.probe.ProbeStrategy;
import org.deepminer.core.patch.PatchTiler;
import org.deepminer.core.patch.TilingOptions;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRunnerTest {
    @TempDir
    Path tmp;

    static final InputSpec DYNAMIC = InputSpec.grey(0, 0);

    static ProbeRequest.Builder request(Fakes.Model model, Fakes.Data data, Path out, ProbeStrategy... strategies) {
        return ProbeRequest.builder(model, data, List.of(strategies), out).dataset("fake", Path.of("/data/fake"))
                .batchSize(8).workers(1).loaders(1).checkpointEvery(0, 0);
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    /** The items a strategy saw, as "pass:id count" lines. */
    static List<String> seen(Path run, String strategy) throws IOException {
        return Files.readAllLines(run.resolve(strategy).resolve("seen.txt"));
    }

    @Test
    void oneForwardPassPerBatchFeedsEveryStrategy() throws IOException {
        Fakes.Model model = new Fakes.Model(DYNAMIC, true);
        Fakes.Data data = new Fakes.Data(20, 16, true);
        Fakes.Counting a = new Fakes.Counting("alpha", 1);
        Fakes.Counting b = new Fakes.Counting("beta", 1);
        Fakes.Counting c = new Fakes.Counting("gamma", 1);
        Path out = tmp.resolve("run");
        ProbeOutcome o = ProbeRunner.run(request(model, data, out, a, b, c).build(), null);

        assertEquals(3, model.forwardCalls.get(), "20 images in batches of 8: 3 forward passes for 3 strategies");
        assertEquals(3, o.forwardCalls());
        assertEquals(20, o.items());
        assertEquals(List.of(8, 8, 4), model.shapes.stream().map(s -> s[0]).toList());
        assertEquals(3, a.batchesSeen.size());
        assertEquals(a.batchesSeen, b.batchesSeen, "every strategy got the same forward results");
        assertEquals(a.batchesSeen, c.batchesSeen);
        for (String s : List.of("alpha", "beta", "gamma")) {
            List<String> lines = seen(out, s);
            assertEquals(20, lines.size());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("0:img") && l.endsWith(" 1")), "each image once: " + lines);
            assertEquals("computed", o.steps().get(s));
        }
        assertEquals(read(out.resolve("alpha/units.csv")).replace("alpha", "x"), read(out.resolve("gamma/units.csv")).replace("gamma", "x"));
        // unit k is (k + 1) times the mean brightness: the sums keep that ratio
        Csv units = Csv.read(out.resolve("units.csv"));
        assertEquals(List.of("unit", "alpha_sum", "beta_sum", "gamma_sum"), units.columns());
        double u0 = Double.parseDouble(units.rows().get(0).get("alpha_sum"));
        double u3 = Double.parseDouble(units.rows().get(3).get("alpha_sum"));
        assertEquals(4.0, u3 / u0, 1e-3);
        assertEquals(40, data.loads.get(), "each image read once by the concept scan (the fake has no truth() of its "
                + "own) and once by the pass, not once per strategy");
    }

    @Test
    void aSecondPassRunsOnlyForTheStrategiesThatNeedIt() throws IOException {
        Fakes.Model model = new Fakes.Model(DYNAMIC, true);
        Fakes.Data data = new Fakes.Data(20, 16, true);
        Fakes.Counting once = new Fakes.Counting("once", 1);
        Fakes.Counting twice = new Fakes.Counting("twice", 2);
        Path out = tmp.resolve("run");
        ProbeOutcome o = ProbeRunner.run(request(model, data, out, once, twice).workers(2).build(), null);
        assertEquals(6, model.forwardCalls.get(), "pass 1 for both, pass 2 for the one that needs it");
        assertEquals(2, o.passes());
        assertEquals(3, once.batchesSeen.size());
        assertEquals(6, twice.batchesSeen.size());
        assertEquals(1, twice.beginPassCalls.get(), "beginPass(1) on the merged accumulator only");
        assertEquals("20 20 0", read(out.resolve("twice/items.txt")), "both passes saw every image once");
        assertEquals("20 0 0", read(out.resolve("once/items.txt")));
        List<String> lines = seen(out, "twice");
        assertEquals(40, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.endsWith(" 1")));
    }

    @Test
    void perWorkerAccumulatorsMergeToTheSingleThreadResult() throws IOException {
        Fakes.Data data = new Fakes.Data(37, 16, true);
        Fakes.Counting single = new Fakes.Counting("s", 2);
        Fakes.Counting multi = new Fakes.Counting("s", 2);
        Fakes.Model m1 = new Fakes.Model(DYNAMIC, true);
        Fakes.Model m3 = new Fakes.Model(DYNAMIC, true);
        ProbeRunner.run(request(m1, data, tmp.resolve("one"), single).batchSize(4).build(), null);
        ProbeRunner.run(request(m3, data, tmp.resolve("three"), multi).batchSize(4).workers(3).inferenceThreads(2).loaders(2)
                .build(), null);
        assertEquals(1, single.created.get());
        assertEquals(3 + 2, multi.created.get(), "3 accumulation threads in pass 1, 2 fresh accumulators adopting the "
                + "merged state in pass 2");
        assertEquals(m1.forwardCalls.get(), m3.forwardCalls.get());
        assertEquals(read(tmp.resolve("one/s/units.csv")), read(tmp.resolve("three/s/units.csv")));
        assertEquals(read(tmp.resolve("one/s/seen.txt")), read(tmp.resolve("three/s/seen.txt")));
        assertEquals(read(tmp.resolve("one/s/items.txt")), read(tmp.resolve("three/s/items.txt")));
    }

    @Test
    void patchModeFeedsTheTilesOfEveryImage() throws IOException {
        Fakes.Model model = new Fakes.Model(InputSpec.grey(8, 8), true);
        Fakes.Data data = new Fakes.Data(6, 32, true);
        Fakes.Counting a = new Fakes.Counting("a", 1);
        Path out = tmp.resolve("run");
        TilingOptions tiling = new TilingOptions(0.25, 0.1f, 0.5, 0.3);
        ProbeOutcome o = ProbeRunner.run(request(model, data, out, a).mode(InputMode.patches(tiling)).build(), null);
        int tiles = 0;
        for (var ref : data.samples()) {
            tiles += new PatchTiler(tiling).tiles(data.load(ref)).size();
        }
        assertEquals(6 * 49, tiles, "32 px images: 8 px tiles at stride 4, 7 x 7 each");
        assertEquals(tiles, o.items());
        assertEquals((tiles + 7) / 8, model.forwardCalls.get());
        List<String> lines = seen(out, "a");
        assertTrue(lines.contains("0:img003@4,8,8,8 1"), lines.subList(0, 3).toString());
        assertTrue(model.shapes.stream().allMatch(s -> s[2] == 8 && s[3] == 8));
        assertEquals("patches", RunWorkspace.existing(out).manifest().orElseThrow().mode().get("kind"));
        // a fixed-size model defaults to patches
        Fakes.Counting b = new Fakes.Counting("b", 1);
        Fakes.Model fixed = new Fakes.Model(InputSpec.grey(8, 8), true);
        ProbeRunner.run(request(fixed, data, tmp.resolve("auto"), b).build(), null);
        assertEquals("patches", RunWorkspace.existing(tmp.resolve("auto")).manifest().orElseThrow().mode().get("kind"));
    }

    @Test
    void wholeImagesAreResizedForAFixedModelAndScoredWithClassMaps() throws IOException {
        Fakes.Model model = new Fakes.Model(DYNAMIC, true);
        Fakes.Data data = new Fakes.Data(5, 16, true);
        Path out = tmp.resolve("run");
        ProbeRunner.run(request(model, data, out, new Fakes.Counting("a", 1)).mode(InputMode.whole(8)).build(), null);
        assertTrue(model.shapes.stream().allMatch(s -> s[2] == 8 && s[3] == 8), "shorter side scaled to 8");
        Csv scores = Csv.read(out.resolve("image-scores.csv"));
        assertEquals(5, scores.rows().size());
        assertEquals(List.of("id", "label", "split", "normal_probability", "benign_probability", "malignant_probability",
                "normal_map_max", "benign_map_max", "malignant_map_max"), scores.columns());
        for (Map<String, String> row : scores.rows()) {
            double sum = 0;
            for (String c : List.of("normal", "benign", "malignant")) {
                double p = Double.parseDouble(row.get(c + "_probability"));
                double max = Double.parseDouble(row.get(c + "_map_max"));
                sum += p;
                assertTrue(max > 0 && max < 1, row.toString());
                if (row.get("label").equals("normal")) {
                    // a uniform image: every location sees what the pooled head sees
                    assertEquals(p, max, 1e-5, row.toString());
                }
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void rerunningIsANoOpAndAChangedParameterRecomputesOnlyItsStep() throws IOException {
        Fakes.Data data = new Fakes.Data(10, 16, true);
        Path out = tmp.resolve("run");
        Fakes.Model m1 = new Fakes.Model(DYNAMIC, true);
        ProbeRunner.run(request(m1, data, out, new Fakes.Counting("a", 1), new Fakes.Counting("b", 1)).build(), null);
        String manifest = read(out.resolve("manifest.json"));

        Fakes.Model m2 = new Fakes.Model(DYNAMIC, true);
        ProbeOutcome again = ProbeRunner.run(request(m2, data, out, new Fakes.Counting("a", 1), new Fakes.Counting("b", 1))
                .build(), null);
        assertTrue(again.upToDate());
        assertEquals(0, m2.forwardCalls.get());
        assertEquals(Map.of("a", "up to date", "b", "up to date"), again.steps());
        assertTrue(again.notes().get(again.notes().size() - 1).contains("up to date: nothing recomputed"), again.notes().toString());
        assertEquals(manifest, read(out.resolve("manifest.json")), "a no-op leaves the manifest alone");

        Fakes.Model m3 = new Fakes.Model(DYNAMIC, true);
        Fakes.Counting a3 = new Fakes.Counting("a", 1);
        Fakes.Counting b3 = new Fakes.Counting("b", 1);
        ProbeOutcome changed = ProbeRunner.run(request(m3, data, out, a3, b3).parameters(Map.of("b.threshold", "0.1"))
                .build(), null);
        assertFalse(changed.upToDate());
        assertEquals("up to date", changed.steps().get("a"));
        assertEquals("computed", changed.steps().get("b"));
        assertEquals(0, a3.created.get());
        assertEquals(2, m3.forwardCalls.get());
    }

    @Test
    void aKilledRunResumesFromItsCheckpointAndGivesTheSameResult() throws IOException {
        Fakes.Data data = new Fakes.Data(40, 16, true);
        Path clean = tmp.resolve("clean");
        ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), data, clean, new Fakes.Counting("a", 1),
                new Fakes.Counting("d", 2)).batchSize(4).build(), null);

        Path out = tmp.resolve("run");
        Fakes.Model crashing = new Fakes.Model(DYNAMIC, true);
        crashing.failAt = 7; // 10 batches a pass: dies in pass 1 after 6 batches, the last checkpoint after them
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> ProbeRunner.run(request(crashing, data, out,
                new Fakes.Counting("a", 1), new Fakes.Counting("d", 2)).batchSize(4).checkpointEvery(2, 0).build(), null));
        assertTrue(e.getMessage().contains("simulated crash") && e.getMessage().contains("[4, 1, 16, 16]"), e.getMessage());
        assertTrue(Files.exists(out.resolve("steps/pass.checkpoint")));
        assertTrue(RunWorkspace.existing(out).manifest().orElseThrow().status().startsWith("failed"));

        Fakes.Model healthy = new Fakes.Model(DYNAMIC, true);
        ProbeOutcome resumed = ProbeRunner.run(request(healthy, data, out, new Fakes.Counting("a", 1),
                new Fakes.Counting("d", 2)).batchSize(4).checkpointEvery(2, 0).build(), null);
        assertEquals(4 + 10, healthy.forwardCalls.get(), "pass 1 from image 25 on (4 batches), then pass 2 (10)");
        assertTrue(resumed.notes().stream().anyMatch(n -> n.contains("resumed pass 1 at image 25 of 40")), resumed.notes().toString());
        for (String s : List.of("a", "d")) {
            assertEquals(read(clean.resolve(s + "/units.csv")), read(out.resolve(s + "/units.csv")), s);
            assertEquals(read(clean.resolve(s + "/seen.txt")), read(out.resolve(s + "/seen.txt")), s);
        }
        assertFalse(Files.exists(out.resolve("steps/pass.checkpoint")), "a finished run drops its checkpoint");
        assertEquals("complete", RunWorkspace.existing(out).manifest().orElseThrow().status());

        // killed in pass 2: the one-pass strategy is done and kept; the two-pass one resumes in pass 2
        Path out2 = tmp.resolve("run2");
        Fakes.Model crashing2 = new Fakes.Model(DYNAMIC, true);
        crashing2.failAt = 15;
        assertThrows(DeepMinerException.class, () -> ProbeRunner.run(request(crashing2, data, out2,
                new Fakes.Counting("a", 1), new Fakes.Counting("d", 2)).batchSize(4).checkpointEvery(2, 0).build(), null));
        Fakes.Model healthy2 = new Fakes.Model(DYNAMIC, true);
        Fakes.Counting a2 = new Fakes.Counting("a", 1);
        ProbeOutcome r2 = ProbeRunner.run(request(healthy2, data, out2, a2, new Fakes.Counting("d", 2)).batchSize(4)
                .checkpointEvery(2, 0).build(), null);
        assertEquals("up to date", r2.steps().get("a"));
        assertEquals(0, a2.created.get());
        assertTrue(r2.notes().stream().anyMatch(n -> n.contains("resumed pass 2 at image 17 of 40")), r2.notes().toString());
        assertEquals(6, healthy2.forwardCalls.get(), "pass 2 from image 17 on");
        assertEquals(read(clean.resolve("d/seen.txt")), read(out2.resolve("d/seen.txt")));
        assertEquals(read(clean.resolve("d/units.csv")), read(out2.resolve("d/units.csv")));
    }

    @Test
    void unserialisableAccumulatorsMeanNoCheckpointsAndSaySo() {
        Fakes.Data data = new Fakes.Data(10, 16, true);
        ProbeOutcome o = ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), data, tmp.resolve("run"),
                new Fakes.Counting("a", 1), new Fakes.Unserialisable()).checkpointEvery(1, 0).build(), null);
        assertEquals(0, o.checkpoints());
        assertTrue(o.notes().stream().anyMatch(n -> n.startsWith("no checkpoints within a pass: the accumulators of plain")), o.notes().toString());
        assertEquals(10L, ((Number) o.summaries().get("plain").get("n")).longValue(), "the per-worker counts merged");
    }

    @Test
    void aStrategyThatRefusesTheLayerIsLeftOutAndTheOthersRun() throws IOException {
        Fakes.Model noHead = new Fakes.Model(DYNAMIC, false);
        Fakes.Counting ranking = new Fakes.Counting("ranking", 1);
        ranking.refuseWithoutHead = true;
        Fakes.Counting other = new Fakes.Counting("other", 1);
        Path out = tmp.resolve("run");
        ProbeOutcome o = ProbeRunner.run(request(noHead, new Fakes.Data(6, 16, true), out, ranking, other).build(), null);
        assertTrue(o.steps().get("ranking").startsWith("refused: ranking needs a linear head"), o.steps().toString());
        assertEquals("computed", o.steps().get("other"));
        RunManifest m = RunWorkspace.existing(out).manifest().orElseThrow();
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("no global-average-pooling + linear head")), m.notes().toString());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("ranking refused")), m.notes().toString());
        assertFalse(Files.exists(out.resolve("image-scores.csv")), "no head, no class maps");
        assertFalse(Files.exists(out.resolve("ranking")));
    }

    @Test
    void aStrategyThatBreaksIsDroppedAndTheRunSaysSo() throws IOException {
        Fakes.Counting broken = new Fakes.Counting("broken", 1);
        broken.failAfterBatches = 1;
        Fakes.Counting fine = new Fakes.Counting("fine", 1);
        Path out = tmp.resolve("run");
        ProbeOutcome o = ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), new Fakes.Data(20, 16, true), out,
                broken, fine).build(), null);
        assertTrue(o.steps().get("broken").contains("broken broke"), o.steps().toString());
        assertEquals("computed", o.steps().get("fine"));
        assertEquals(20, seen(out, "fine").size());
        assertTrue(RunWorkspace.existing(out).manifest().orElseThrow().status().startsWith("incomplete"));
    }

    @Test
    void aDatasetWithoutMasksIsSaidAndTheStrategiesGetNoConcepts() {
        Fakes.Counting a = new Fakes.Counting("a", 1);
        ProbeOutcome o = ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), new Fakes.Data(9, 16, false),
                tmp.resolve("run"), a).build(), null);
        assertTrue(o.notes().stream().anyMatch(n -> n.contains("no lesion masks (3 lesions, none masked)")), o.notes().toString());
        assertEquals(0, ((Number) o.summaries().get("a").get("concepts")).intValue());
        ProbeOutcome withMasks = ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), new Fakes.Data(9, 16, true),
                tmp.resolve("run2"), new Fakes.Counting("a", 1)).build(), null);
        assertEquals(3, ((Number) withMasks.summaries().get("a").get("concepts")).intValue(),
                "finding-mass, margin-spiculated and shape-oval");
    }

    @Test
    void dissectionIsSkippedOnADatasetWithoutMasksAndTheRerunIsANoOp() {
        Fakes.Counting dissection = new Fakes.Counting("dissection", 2);
        Fakes.Counting ranking = new Fakes.Counting("ranking", 1);
        ranking.refuseWithoutHead = true;
        Fakes.Model model = new Fakes.Model(DYNAMIC, false);
        Fakes.Data data = new Fakes.Data(9, 16, false);
        ProbeOutcome o = ProbeRunner.run(request(model, data, tmp.resolve("run"), dissection, ranking,
                new Fakes.Counting("top", 1)).build(), null);
        assertTrue(o.steps().get("dissection").startsWith("skipped: the data set has no lesion or concept masks"), o.steps().toString());
        assertEquals(0, dissection.created.get());
        assertEquals(2, model.forwardCalls.get(), "one pass for the strategy that runs, not two for dissection");
        Fakes.Model again = new Fakes.Model(DYNAMIC, false);
        ProbeOutcome rerun = ProbeRunner.run(request(again, data, tmp.resolve("run"), new Fakes.Counting("dissection", 2),
                new Fakes.Counting("ranking", 1), new Fakes.Counting("top", 1)).build(), null);
        assertTrue(rerun.upToDate());
        assertEquals(0, again.forwardCalls.get());
        assertTrue(rerun.steps().get("dissection").startsWith("up to date (skipped:"), rerun.steps().toString());
        assertTrue(rerun.steps().get("ranking").startsWith("up to date (refused: ranking needs a linear head"),
                rerun.steps().toString());
    }

    @Test
    void badInputGetsClearErrors() throws IOException {
        Fakes.Model model = new Fakes.Model(DYNAMIC, true);
        DeepMinerException empty = assertThrows(DeepMinerException.class, () -> ProbeRunner.run(
                request(model, new Fakes.Data(0, 16, true), tmp.resolve("e"), new Fakes.Counting("a", 1)).build(), null));
        assertTrue(empty.getMessage().contains("/data/fake") && empty.getMessage().contains("no samples"), empty.getMessage());

        Fakes.Data data = new Fakes.Data(2, 16, true); // cases 0 and 1: train only
        DeepMinerException split = assertThrows(DeepMinerException.class, () -> ProbeRunner.run(
                request(model, data, tmp.resolve("s"), new Fakes.Counting("a", 1)).split(Split.TEST).build(), null));
        assertTrue(split.getMessage().contains("no samples in split 'test' of 2"), split.getMessage());

        DeepMinerException layer = assertThrows(DeepMinerException.class, () -> ProbeRunner.run(
                request(model, data, tmp.resolve("l"), new Fakes.Counting("a", 1)).layer("cnov").build(), null));
        assertTrue(layer.getMessage().contains("model 'fake'") && layer.getMessage().contains("no layer 'cnov'; nearest: conv"),
                layer.getMessage());

        Fakes.Model wrong = new Fakes.Model(InputSpec.grey(8, 8), true) {
            @Override
            public org.deepminer.api.model.ModelInfo info() {
                var i = super.info();
                // declares a dynamic input but takes only 8 x 8
                return new org.deepminer.api.model.ModelInfo(i.name(), i.backend(), i.sha256(), i.classes(), DYNAMIC,
                        i.defaultLayer(), i.layers());
            }
        };
        DeepMinerException shape = assertThrows(DeepMinerException.class, () -> ProbeRunner.run(
                request(wrong, data, tmp.resolve("w"), new Fakes.Counting("a", 1)).build(), null));
        assertTrue(shape.getMessage().contains("model 'fake'") && shape.getMessage().contains("[2, 1, 16, 16]")
                && shape.getMessage().contains("input must be 8x8"), shape.getMessage());

        ProbeRunner.run(request(model, data, tmp.resolve("r"), new Fakes.Counting("a", 1)).build(), null);
        DeepMinerException other = assertThrows(DeepMinerException.class, () -> ProbeRunner.run(
                request(model, data, tmp.resolve("r"), new Fakes.Counting("a", 1)).mode(InputMode.whole(8)).build(), null));
        assertTrue(other.getMessage().contains("holds a run of model 'fake'") && other.getMessage().contains("another --out"),
                other.getMessage());
        assertThrows(DeepMinerException.class, () -> ProbeRunner.run(request(model, data, tmp.resolve("d"),
                new Fakes.Counting("a", 1), new Fakes.Counting("a", 1)).build(), null));
    }

    @Test
    void progressGoesToTheConsoleOnlyWhenAsked() {
        Fakes.Data data = new Fakes.Data(30, 16, true);
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), data, tmp.resolve("q"), new Fakes.Counting("a", 1)).build(),
                new PrintStream(quiet, true));
        assertEquals("", quiet.toString(), "not asked (no terminal): silent");
        ByteArrayOutputStream loud = new ByteArrayOutputStream();
        ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), data, tmp.resolve("p"), new Fakes.Counting("a", 1))
                .progress(true).build(), new PrintStream(loud, true));
        assertTrue(loud.toString().contains("30/30 images") && loud.toString().contains("images/s"), loud.toString());
    }

    @Test
    void theManifestRecordsProvenance() throws IOException {
        Fakes.Data data = new Fakes.Data(12, 16, true);
        Path out = tmp.resolve("run");
        ProbeRunner.run(request(new Fakes.Model(DYNAMIC, true), data, out, new Fakes.Counting("a", 1))
                .split(Split.TRAIN).command("deepminer:probe fake fake /data/fake --out run").modelFile(Path.of("/m/fake.onnx"))
                .software(Map.of("deepminer.mining", "0.1.0")).parameters(Map.of("a.k", "3")).build(), null);
        RunManifest m = RunWorkspace.existing(out).manifest().orElseThrow();
        assertEquals("f00d", m.model().sha256());
        assertEquals("/m/fake.onnx", m.model().file());
        assertEquals("conv", m.layer());
        assertEquals("train", m.split());
        assertEquals(4, m.dataset().samples(), "images 0, 1, 6 and 7 (cases 0 and 3) are train");
        assertNotEquals("", m.dataset().hash());
        assertEquals(List.of("a"), m.strategies());
        assertEquals("3", m.parameters().get("a.k"));
        assertEquals("0.1.0", m.software().get("deepminer.mining"));
        assertTrue(m.software().containsKey("java"));
        assertEquals("complete", m.status());
        assertFalse(m.ended().isEmpty());
        assertEquals("deepminer:probe fake fake /data/fake --out run", m.command());
        assertTrue(Files.exists(out.resolve("steps/a.json")));
        assertTrue(read(out.resolve("concepts.json")).contains("margin-spiculated"));
        assertFalse(read(out.resolve("manifest.json")).contains("img0"), "no sample ids in the manifest");
        assertTrue(Set.of("a").containsAll(RunWorkspace.existing(out).steps().keySet()));
    }

    @Test
    void parametersGoToEveryStrategyOrOnlyToTheNamedOne() {
        ProbeRequest r = ProbeRequest.builder(new Fakes.Model(DYNAMIC, true), new Fakes.Data(1, 16, true),
                List.of(new Fakes.Counting("ranking", 1), new Fakes.Counting("dissection", 2)), tmp)
                .parameters(Map.of("dissection.iou", "0.05", "seed", "7", "top.k", "9", "ranking.seed", "8")).build();
        assertEquals(Map.of("iou", "0.05", "seed", "7", "top.k", "9"), r.parametersFor("dissection"));
        assertEquals(Map.of("seed", "8", "top.k", "9"), r.parametersFor("ranking"));
    }
}
