package org.deepminer.mining.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.api.probe.ProbeStrategy;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.mining.PhantomFixture;
import org.deepminer.probe.dissection.internal.DissectionStrategy;
import org.deepminer.probe.ranking.internal.RankingStrategy;
import org.deepminer.probe.topactivations.internal.TopActivationsStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands, constructed directly with real services (no framework): probe, units, unit. */
class MiningCommandsTest {
    @TempDir
    static Path tmp;
    static MiningCommands commands;
    static Path run;
    static ProbeReport report;

    static MiningCommands commands() {
        MiningCommands c = new MiningCommands();
        c.sources.add(new MiningCommands.Named<>("phantom", PhantomFixture.source(), null));
        c.strategies.add(new MiningCommands.Named<>("ranking", new RankingStrategy(), null));
        c.strategies.add(new MiningCommands.Named<>("top-activations", new TopActivationsStrategy(), null));
        c.strategies.add(new MiningCommands.Named<>("dissection", new DissectionStrategy(), null));
        c.backends.add(new MiningCommands.Named<>("onnx", new OnnxBackend(), null));
        return c;
    }

    static ProbeReport probe(MiningCommands c, String strategies, String control, String set, String out, String model)
            throws IOException {
        return c.probe("", strategies, "", true, 0.25, false, 0, control, 1, 8, 0, 1, set, false, out, model, "phantom",
                PhantomFixture.phantom().toString());
    }

    @BeforeAll
    static void probeWithControl() throws IOException {
        commands = commands();
        run = tmp.resolve("run");
        report = probe(commands, "", "random", "top-activations.images.per.unit=6", run.toString(),
                PhantomFixture.patchModel().file().toString());
    }

    @Test
    void probeWritesTheRunAndItsRandomWeightsControl() throws IOException {
        assertEquals(Map.of("dissection", "computed", "ranking", "computed", "top-activations", "computed"),
                report.trained().steps());
        assertNotNull(report.control());
        assertEquals(run.resolve("control-random"), report.control().run());
        assertEquals(report.trained().steps(), report.control().steps());
        RunManifest trained = RunWorkspace.existing(run).manifest().orElseThrow();
        RunManifest control = RunWorkspace.existing(run.resolve("control-random")).manifest().orElseThrow();
        assertEquals("control-random", trained.related().get("control"));
        assertTrue(control.model().file().startsWith("random-weights control (seed 1)"), control.model().file());
        assertTrue(!control.model().sha256().equals(trained.model().sha256()), "another model file");
        assertEquals(trained.dataset().hash(), control.dataset().hash());
        assertTrue(trained.command().startsWith("deepminer:probe --patches --fraction 0.25 --control random --seed 1"),
                trained.command());
        assertTrue(Files.isRegularFile(run.resolve("control-random/model-random.onnx")));
        assertNotNull(report.headline());
        assertTrue(report.headline().rows().stream().anyMatch(r -> r.model().equals("control")));
        String text = report.toString();
        assertTrue(text.contains("Control (random weights)") && text.contains("Interpretability"), text);
        assertTrue(text.contains("malignant top 20"), text);
    }

    @Test
    void aSecondProbeIsANoOpForTrainedAndControl() throws IOException {
        ProbeReport again = probe(commands, "", "random", "top-activations.images.per.unit=6", run.toString(),
                PhantomFixture.patchModel().file().toString());
        assertTrue(again.trained().upToDate());
        assertTrue(again.control().upToDate());
        assertTrue(again.toString().contains("up to date: nothing recomputed"));
    }

    @Test
    void unitsListsTheTopUnitsOfEachClassWithTheirLabels() throws IOException {
        UnitList all = commands.units("", 5, run.toString());
        assertEquals(List.of("normal", "benign", "malignant"), all.classes().stream().map(UnitList.ClassUnits::className).toList());
        UnitList.ClassUnits malignant = commands.units("malignant", 5, run.toString()).classes().get(0);
        assertTrue(malignant.rows().size() <= 5 && !malignant.rows().isEmpty());
        Csv units = Csv.read(run.resolve("units.csv"));
        for (int i = 0; i < malignant.rows().size(); i++) {
            List<String> row = malignant.rows().get(i);
            assertEquals(Integer.toString(i + 1), row.get(0));
            Map<String, String> u = units.rows().stream().filter(r -> r.get("unit").equals(row.get(1))).findFirst().orElseThrow();
            assertEquals(u.get("malignant_count"), row.get(2));
            assertEquals(u.get("best_concept"), row.get(4));
            assertEquals(u.get("specific"), row.get(8));
        }
        String text = commands.units("malignant", 5, run.toString()).toString();
        assertTrue(text.contains("best concept") && text.contains("ceiling") && text.contains("lift"), text);
        assertTrue(text.contains("trained") && text.contains("control"), text);
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> commands.units("cancer", 5, run.toString()));
        assertTrue(e.getMessage().contains("no ranking for class 'cancer'; ranked classes: normal, benign, malignant"),
                e.getMessage());
    }

    @Test
    void unitShowsTheMontageTopSamplesAndIouLabels() throws IOException {
        UnitDetail d = commands.unit(run.toString(), 3);
        assertTrue(Files.isRegularFile(Path.of(d.montage())), d.montage());
        assertEquals(6, d.top().size(), "images.per.unit=6");
        assertTrue(d.labels().size() > 0 && d.labels().size() <= 10);
        for (int i = 1; i < d.labels().size(); i++) {
            assertTrue(Double.parseDouble(d.labels().get(i - 1).get(1)) >= Double.parseDouble(d.labels().get(i).get(1)),
                    "best IoU first");
        }
        assertTrue(d.facts().stream().anyMatch(f -> f.get(0).equals("iou")), "dissection gives every unit an IoU");
        assertTrue(d.topColumns().contains("sample_id"), d.topColumns().toString());
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> commands.unit(run.toString(), 999));
        assertTrue(e.getMessage().contains("unit 999 is in none of the run's tables"), e.getMessage());
        DeepMinerException none = assertThrows(DeepMinerException.class, () -> commands.unit(tmp.toString(), 1));
        assertTrue(none.getMessage().contains("not a run folder"), none.getMessage());
    }

    @Test
    void badArgumentsGetClearErrors() {
        String model = PhantomFixture.patchModel().file().toString();
        String out = tmp.resolve("bad").toString();
        assertTrue(assertThrows(DeepMinerException.class, () -> probe(commands, "rankin", "", "", out, model))
                .getMessage().contains("no probe strategy 'rankin'; registered: dissection, ranking, top-activations"));
        assertTrue(assertThrows(DeepMinerException.class, () -> probe(commands, "", "", "", out, "nomodel"))
                .getMessage().contains("no model 'nomodel'; registered: none (or give a model file)"));
        assertTrue(assertThrows(DeepMinerException.class, () -> probe(commands, "", "", "k", out, model))
                .getMessage().contains("--set takes key=value pairs, not 'k'"));
        assertTrue(assertThrows(DeepMinerException.class, () -> probe(commands, "", "", "", "", model))
                .getMessage().contains("--out"));
        assertTrue(assertThrows(DeepMinerException.class, () -> probe(commands, "", "shuffled", "", out, model))
                .getMessage().contains("--control knows only 'random'"));
        assertTrue(assertThrows(DeepMinerException.class, () -> commands.probe("", "", "holdout", false, 0.25, false, 0, "", 1,
                8, 0, 1, "", false, out, model, "phantom", PhantomFixture.phantom().toString()))
                .getMessage().contains("unknown split 'holdout'"));
        assertTrue(assertThrows(DeepMinerException.class, () -> commands.probe("", "", "", false, 0.25, false, 0, "", 1, 8, 0,
                1, "", false, out, model, "vindr", PhantomFixture.phantom().toString()))
                .getMessage().contains("no dataset source for format 'vindr'; registered: phantom"));
        assertTrue(assertThrows(DeepMinerException.class, () -> commands.probe("", "", "", false, 0.25, false, 0, "", 1, 8, 0,
                1, "", false, out, model, "phantom", tmp.resolve("nowhere").toString()))
                .getMessage().contains("no such data set folder"));
        DeepMinerException layer = assertThrows(DeepMinerException.class, () -> commands.probe("conv", "", "", true, 0.25,
                false, 0, "", 1, 8, 0, 1, "", false, out, model, "phantom", PhantomFixture.phantom().toString()));
        assertTrue(layer.getMessage().contains("has no layer 'conv'; nearest: conv"), layer.getMessage());
        assertEquals(Map.of("a", "1", "b.c", "x=y"), MiningCommands.parameters("a=1, b.c=x=y"));
    }

    @Test
    void aLayerWithoutHeadRunsWithoutRankingAndUnitsSaySo() throws IOException {
        Path out = tmp.resolve("nohead");
        // the first conv block's ReLU feeds a max pooling, not the head
        ProbeReport r = commands.probe("relu2", "", "", true, 0.25, false, 0, "", 1, 8, 0, 1, "", false, out.toString(),
                PhantomFixture.patchModel().file().toString(), "phantom", PhantomFixture.phantom().toString());
        assertTrue(r.trained().steps().get("ranking").startsWith("refused:"), r.trained().steps().toString());
        assertEquals("computed", r.trained().steps().get("dissection"));
        assertEquals("computed", r.trained().steps().get("top-activations"));
        UnitList units = commands.units("", 3, out.toString());
        assertEquals(1, units.classes().size());
        assertTrue(units.classes().get(0).className().contains("no ranking: the ranking was refused"),
                units.classes().get(0).className());
        assertEquals(3, units.classes().get(0).rows().size());
    }

    @Test
    void aFailedStepFailsTheCommandKeepsWhatFinishedAndIsRerunAlone() throws IOException {
        MiningCommands c = commands();
        c.strategies.removeIf(e -> e.name().equals("ranking"));
        c.strategies.add(new MiningCommands.Named<>("ranking", new ProbeStrategy() {
            @Override
            public String name() {
                return "ranking";
            }

            @Override
            public ProbeAccumulator newAccumulator(ProbeContext context) {
                return new ProbeAccumulator() {
                    @Override
                    public void accept(ProbeBatch batch) {
                        throw new IllegalStateException("the model was closed");
                    }

                    @Override
                    public void merge(ProbeAccumulator other) {}

                    @Override
                    public ProbeResult finish() {
                        throw new IllegalStateException("never reached");
                    }
                };
            }
        }, null));
        Path out = tmp.resolve("failed");
        String model = PhantomFixture.patchModel().file().toString();
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> probe(c, "ranking,top-activations", "", "", out.toString(), model));
        assertTrue(e.getMessage().startsWith(out + ": a probe step failed (ranking: "), e.getMessage());
        assertTrue(e.getMessage().contains("the model was closed"), e.getMessage());
        assertTrue(Files.isRegularFile(out.resolve("topactivations.csv")), "the step that finished is kept");
        assertTrue(!Files.exists(out.resolve("rankings.csv")));
        assertTrue(RunWorkspace.existing(out).manifest().orElseThrow().status().startsWith("incomplete"));

        ProbeReport again = probe(commands(), "ranking,top-activations", "", "", out.toString(), model);
        assertEquals(Map.of("ranking", "computed", "top-activations", "up to date"), again.trained().steps());
        assertTrue(Files.isRegularFile(out.resolve("rankings.csv")));
    }
}
