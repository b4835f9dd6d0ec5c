package org.deepminer.annotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.deepminer.annotate.AnnotationFiles;
import org.deepminer.annotate.AnnotationLog;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.annotate.Fixtures;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.shell.format.Table;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands over a real store, the real BI-RADS vocabulary and a run folder written like the probe writes it. */
class AnnotateCommandsTest {

    @TempDir
    Path tmp;

    private Path run;
    private AnnotationLog store;
    private AnnotateCommands commands;
    private final ConceptVocabulary birads = new BiradsVocabulary();

    @BeforeEach
    void setUp() throws Exception {
        run = runFolder(tmp.resolve("run"), Fixtures.LAYER);
        store = AnnotationLog.open(tmp.resolve("store"), () -> birads, AnnotationLog.Commit.GROUP);
        commands = new AnnotateCommands();
        commands.store = store;
        commands.vocabulary = birads;
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    /** A run folder with a manifest and the dissection columns of units.csv. */
    static Path runFolder(Path dir, String layer) throws Exception {
        RunWorkspace ws = RunWorkspace.open(dir);
        ws.writeManifest(new RunManifest(RunManifest.VERSION, "deepminer:probe ...", "2026-11-26T21:58:28Z",
                "2026-11-26T21:58:48Z", "complete", new RunManifest.ModelRef("demo", "onnx", Fixtures.SHA, "demo.onnx"), layer,
                new RunManifest.DatasetRef("phantom", "/data", "hash", 10), "test", Map.of("kind", "patches"), Map.of(),
                List.of("dissection"), Map.of(), List.of(), Map.of()));
        List<String> columns = List.of("unit", "best_concept", "iou", "ceiling", "lift", "specific", "label_source");
        List<Map<String, String>> rows = new ArrayList<>();
        String[][] units = {
                {"0", "calc-vascular", "0.333183", "12.99", "true"},
                {"1", "calc-vascular", "0.030090", "7.61", "false"},
                {"2", "shape-oval", "0.050000", "1.20", "false"},
                {"3", "margin-spiculated", "0.120000", "2.50", "true"},
                {"4", "", "", "", ""},
                {"5", "margin-wobbly", "0.500000", "3.00", "true"},
                {"6", "shape-round", "0.04", "1.00", "false"}};
        for (String[] u : units) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("unit", u[0]);
            r.put("best_concept", u[1]);
            r.put("iou", u[2]);
            r.put("ceiling", "0.6");
            r.put("lift", u[3]);
            r.put("specific", u[4]);
            r.put("label_source", u[1].isEmpty() ? "" : "auto");
            rows.add(r);
        }
        new Csv(columns, rows).write(dir.resolve(RunWorkspace.UNITS));
        return dir;
    }

    private static Map<String, String> summary(AutolabelReport r) {
        Map<String, String> out = new LinkedHashMap<>();
        r.summary().forEach(row -> out.put(row.get(0).replaceAll(" \\(.*", ""), row.get(1)));
        return out;
    }

    @Test
    void autolabelTakesTheUnitsAboveTheThresholdOnce() {
        AutolabelReport first = commands.autolabel(0.04, false, run.toString());
        // 0 (0.333), 2 (0.05), 3 (0.12) are above 0.04; 1 (0.030) and 6 (exactly 0.04) are not; 4 has no concept;
        // 5 names a concept BI-RADS does not have
        assertEquals(List.of("0", "2", "3"), first.added().stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("calc-vascular", "vascular", "0.333183", "12.99", "true"), first.added().get(0).subList(1, 6));
        Map<String, String> s = summary(first);
        assertEquals("3", s.get("labelled now"));
        assertEquals("2", s.get("IoU not above 0.04"));
        assertEquals("1", s.get("no best concept"));
        assertEquals("1", s.get("concept unknown to the vocabulary"));

        List<Annotation> autos = store.current(Fixtures.SHA, Fixtures.LAYER);
        assertEquals(3, autos.size());
        Annotation a0 = autos.get(0);
        assertEquals(AnnotationRules.AUTO, a0.annotator());
        assertEquals("0.333183", a0.answers().get(AnnotationRules.ANSWER_IOU));
        assertEquals(run.toAbsolutePath().normalize().toString(), a0.answers().get(AnnotationRules.ANSWER_RUN));

        // a rerun adds nothing
        AutolabelReport again = commands.autolabel(0.04, false, run.toString());
        assertTrue(again.added().isEmpty());
        assertEquals("3", summary(again).get("unchanged"));
        assertEquals(3, store.entries(Fixtures.SHA, Fixtures.LAYER).size());

        // a lower threshold adds unit 1 and unit 6 only
        AutolabelReport lower = commands.autolabel(0.01, false, run.toString());
        assertEquals(List.of("1", "6"), lower.added().stream().map(r -> r.get(0)).toList());
    }

    @Test
    void specificOnlyKeepsTheSpecificDetectors() {
        AutolabelReport r = commands.autolabel(0.04, true, run.toString());
        assertEquals(List.of("0", "3"), r.added().stream().map(row -> row.get(0)).toList());
        assertEquals("1", summary(r).get("not specific"));
    }

    @Test
    void labelWritesAnExpertEntryAndLabelsShowsTheEffectiveLabels() {
        commands.autolabel(0.04, false, run.toString());
        LabelReceipt receipt = commands.label("ann", "star-shaped margin", 4, false, run.toString(), 3, "margin-spiculated",
                "finding-mass");
        assertEquals(List.of("margin-spiculated", "finding-mass"), receipt.entry().concepts());
        assertEquals(new UnitKey(Fixtures.SHA, Fixtures.LAYER, 3), receipt.entry().unit());
        assertEquals(List.of("spiculated", "mass"), receipt.terms().stream().map(t -> t.toLowerCase()).toList());
        commands.label("bob", "", 2, false, run.toString(), 3, "margin-indistinct");
        commands.label("ann", "", 3, true, run.toString(), 0);

        LabelListing listing = commands.labels(run.toString());
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        listing.rows().forEach(r -> byUnit.put(r.get(0), r));
        assertEquals(List.of("0", "2", "3"), List.copyOf(byUnit.keySet()));
        // unit 0: the only expert saw nothing: no label, the automatic one does not come back
        assertEquals("no label", byUnit.get("0").get(1));
        assertEquals("expert", byUnit.get("0").get(2));
        assertEquals("2", byUnit.get("0").get(7));
        // unit 2: automatic
        assertEquals("auto", byUnit.get("2").get(2));
        assertEquals("0.0500", byUnit.get("2").get(3));
        // unit 3: one against one, ann more confident (4 against 2): spiculated, half of the experts
        assertTrue(byUnit.get("3").get(1).startsWith("margin-spiculated ("), byUnit.get("3").get(1));
        assertEquals("expert", byUnit.get("3").get(2));
        assertEquals("0.50", byUnit.get("3").get(3));
        assertEquals("ann", byUnit.get("3").get(4));
        assertEquals("3", byUnit.get("3").get(7));
        assertEquals(2, listing.labelled());
        assertEquals(1, listing.expert());
        String printed = listing.toString();
        assertTrue(printed.contains("2 units labelled, 1 by experts"), printed);
    }

    @Test
    void labelErrorsNameTheRunAndTheProblem() throws Exception {
        assertError(() -> commands.label("ann", "", 3, false, run.toString(), 99, "shape-oval"), "unknown unit 99 (units 0-6)");
        assertError(() -> commands.label("ann", "", 3, false, run.toString(), 1, "shape-ovoid"), "unknown concept 'shape-ovoid'");
        assertError(() -> commands.label("auto", "", 3, false, run.toString(), 1, "shape-oval"), "reserved");
        assertError(() -> commands.label("Dr Who", "", 3, false, run.toString(), 1, "shape-oval"), "not a valid name");
        assertError(() -> commands.label("ann", "", 7, false, run.toString(), 1, "shape-oval"), "--confidence");
        assertError(() -> commands.label("ann", "", 3, false, run.toString(), 1), "name at least one concept");
        assertError(() -> commands.label("ann", "", 3, true, run.toString(), 1, "shape-oval"), "--not-interpretable");
        assertError(() -> commands.label("ann", "", 3, false, tmp.resolve("nope").toString(), 1, "shape-oval"),
                "no such run folder");
        Files.createDirectories(tmp.resolve("empty"));
        assertError(() -> commands.labels(tmp.resolve("empty").toString()), "not a run folder");
        Path noUnits = runFolder(tmp.resolve("no-units"), Fixtures.LAYER);
        Files.delete(noUnits.resolve(RunWorkspace.UNITS));
        assertError(() -> commands.label("ann", "", 3, false, noUnits.toString(), 1, "shape-oval"), "no units.csv");
        assertError(() -> commands.autolabel(0.04, false, noUnits.toString()), "no units.csv");
        assertTrue(store.entries(Fixtures.SHA, Fixtures.LAYER).isEmpty());
    }

    private static void assertError(Runnable r, String part) {
        DeepMinerException e = assertThrows(DeepMinerException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void agreementOfTwoExperts() {
        // ann and bob on units 0-3: agree on 0 (calc-vascular), 1 (shape-oval), 2 (not interpretable), not on 3
        // (margin-spiculated vs margin-indistinct): po = 3/4;
        // ann: vascular, oval, none, spiculated; bob: vascular, oval, none, indistinct -> each category 1/4 except
        // that ann's spiculated and bob's indistinct differ: pe = 3 * (1/4 * 1/4) = 3/16
        // kappa = (3/4 - 3/16) / (1 - 3/16) = (9/16) / (13/16) = 9/13
        String r = run.toString();
        commands.label("ann", "", 3, false, r, 0, "calc-vascular");
        commands.label("bob", "", 3, false, r, 0, "calc-vascular");
        commands.label("ann", "", 3, false, r, 1, "shape-oval");
        commands.label("bob", "", 3, false, r, 1, "shape-oval");
        commands.label("ann", "", 3, true, r, 2);
        commands.label("bob", "", 3, true, r, 2);
        commands.label("ann", "", 3, false, r, 3, "margin-spiculated");
        commands.label("bob", "", 3, false, r, 3, "margin-indistinct");
        AgreementView view = commands.agreement(r);
        assertEquals(9.0 / 13.0, view.report().concepts().value(), 1e-12);
        assertEquals(4, view.report().concepts().units());
        // categories: calcification (benign), mass shape, none, mass margin twice: all agree -> kappa 1
        assertEquals(1.0, view.report().categories().value(), 1e-12);
        Table kappas = view.tables().get(0);
        assertEquals("0.692", kappas.rows().get(0).get(2));
        Table units = view.tables().get(view.tables().size() - 1);
        assertEquals(4, units.rows().size());
    }

    @Test
    void exportAndImportThroughTheCommands() throws Exception {
        commands.autolabel(0.04, false, run.toString());
        commands.label("ann", "a, \"quoted\" text", 5, false, run.toString(), 3, "margin-spiculated");
        ExportCommand export = new ExportCommand();
        export.store = store;
        Path file = tmp.resolve("out").resolve("labels.json");
        ExchangeReport out = export.export(run.toString(), file.toString());
        assertEquals(4, out.entries());

        try (AnnotationLog other = AnnotationLog.open(tmp.resolve("other"), () -> birads, AnnotationLog.Commit.GROUP)) {
            ImportCommand importer = new ImportCommand();
            importer.store = other;
            ExchangeReport in = importer.importFile(run.toString(), file.toString());
            assertEquals(4, in.added());
            ExchangeReport twice = (ExchangeReport) importer.execute(null, List.of(run.toString(), file.toString()));
            assertEquals(0, twice.added());
            assertEquals(4, twice.skipped());
            assertEquals(store.entries(Fixtures.SHA, Fixtures.LAYER), other.entries(Fixtures.SHA, Fixtures.LAYER));

            // a file of another layer does not go into this run's layer
            Path elsewhere = runFolder(tmp.resolve("run-other-layer"), "relu3");
            assertError(() -> importer.importFile(elsewhere.toString(), file.toString()), "not the run's model");
            assertError(() -> importer.execute(null, List.of(run.toString())), "usage");
        }
        assertError(() -> export.export(run.toString(), tmp.resolve("labels.txt").toString()), ".csv or .json");
        List<Annotation> read = AnnotationFiles.read(file);
        assertEquals("a, \"quoted\" text", read.get(3).text());
    }

    @Test
    void gogoCallsTheCommandsWithOptionsBeforeTheArguments() throws Exception {
        ThreadIOImpl io = new ThreadIOImpl();
        io.start();
        CommandProcessorImpl gogo = new CommandProcessorImpl(io);
        try {
            for (String f : List.of("label", "labels", "autolabel", "agreement")) {
                gogo.addCommand("deepminer", commands, f);
            }
            ExportCommand export = new ExportCommand();
            export.store = store;
            gogo.addCommand("deepminer", export, "annotations-export");
            CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                    new ByteArrayOutputStream());
            String r = run.toString();
            Object receipt = session.execute("deepminer:label --annotator cat --confidence 5 --text 'two words' " + r
                    + " 3 margin-spiculated finding-mass");
            Annotation a = ((LabelReceipt) receipt).entry();
            assertEquals("cat", a.annotator());
            assertEquals(5, a.confidence());
            assertEquals("two words", a.text());
            assertEquals(List.of("margin-spiculated", "finding-mass"), a.concepts());
            Object none = session.execute("deepminer:label --annotator cat --not-interpretable " + r + " 4");
            assertTrue(((LabelReceipt) none).entry().concepts().isEmpty());
            Object report = session.execute("deepminer:autolabel --min-iou 0.1 --specific-only " + r);
            assertEquals(List.of("0", "3"), ((AutolabelReport) report).added().stream().map(x -> x.get(0)).toList());
            Path out = tmp.resolve("gogo.csv");
            Object exported = session.execute("deepminer:annotations-export " + r + " " + out);
            assertEquals(4, ((ExchangeReport) exported).entries());
            assertEquals(4, AnnotationFiles.read(out).size());
        } finally {
            gogo.stop();
            io.stop();
        }
    }
}
