package org.deepminer.annotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.deepminer.annotate.UnitLabels;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.explain.UnitLabel;
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

    /** Units 0-6 of the run: unit, best concept, IoU, lift, specific. */
    static final String[][] UNITS = {
            {"0", "calc-vascular", "0.333183", "12.99", "true"},
            {"1", "calc-vascular", "0.030090", "7.61", "false"},
            {"2", "shape-oval", "0.050000", "1.20", "false"},
            {"3", "margin-spiculated", "0.120000", "2.50", "true"},
            {"4", "", "", "", ""},
            {"5", "margin-wobbly", "0.500000", "3.00", "true"},
            {"6", "shape-round", "0.04", "1.00", "false"}};

    /** A run folder with a manifest and the dissection columns of units.csv. */
    static Path runFolder(Path dir, String layer) throws Exception {
        return runFolder(dir, layer, UNITS);
    }

    /** A run folder of the same model with the given units (unit, best concept, IoU, lift, specific). */
    static Path runFolder(Path dir, String layer, String[][] units) throws Exception {
        RunWorkspace ws = RunWorkspace.open(dir);
        ws.writeManifest(new RunManifest(RunManifest.VERSION, "deepminer:probe ...", "2026-11-26T21:58:28Z",
                "2026-11-26T21:58:48Z", "complete", new RunManifest.ModelRef("demo", "onnx", Fixtures.SHA, "demo.onnx"), layer,
                new RunManifest.DatasetRef("phantom", "/data", "hash", 10), "test", Map.of("kind", "patches"), Map.of(),
                List.of("dissection"), Map.of(), List.of(), Map.of()));
        List<String> columns = List.of("unit", "best_concept", "iou", "ceiling", "lift", "specific", "label_source");
        List<Map<String, String>> rows = new ArrayList<>();
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

    private static List<String> units(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    private List<Integer> labelled() {
        return List.copyOf(UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, birads).keySet());
    }

    @Test
    void aHigherThresholdWithdrawsTheUnitsBetweenAndALowerOneLabelsThemAgain() throws Exception {
        // 0 (0.333), 1 (0.030), 2 (0.05), 3 (0.12), 6 (0.04) are above 0.01
        assertEquals(List.of("0", "1", "2", "3", "6"), units(commands.autolabel(0.01, false, run.toString()).added()));

        // at 0.04: 1 (0.030) and 6 (exactly 0.04) fall
        AutolabelReport at04 = commands.autolabel(0.04, false, run.toString());
        assertTrue(at04.added().isEmpty());
        assertEquals(List.of("1", "6"), units(at04.withdrawn()));
        assertEquals(List.of("1", "calc-vascular", birads.concept("calc-vascular").orElseThrow().term(), "0.030090",
                "IoU 0.030090 not above 0.04"), at04.withdrawn().get(0));
        assertEquals("2", summary(at04).get("withdrawn now"));
        assertEquals("3", summary(at04).get("unchanged"));
        assertEquals(List.of(0, 2, 3), labelled());

        // at 0.06: exactly unit 2 (0.05) falls; 1 and 6 are withdrawn already
        AutolabelReport at06 = commands.autolabel(0.06, false, run.toString());
        assertEquals(List.of("2"), units(at06.withdrawn()));
        assertTrue(at06.added().isEmpty());
        assertTrue(at06.toString().contains("automatic labels withdrawn from"), at06.toString());
        assertEquals(List.of(0, 3), labelled());
        Annotation w = store.current(Fixtures.SHA, Fixtures.LAYER).stream().filter(a -> a.unit().unit() == 2).findFirst()
                .orElseThrow();
        assertTrue(AnnotationRules.isWithdrawal(w));
        assertEquals(AnnotationRules.AUTO, w.annotator());
        assertEquals(List.of(), w.concepts());
        assertFalse(w.interpretable());
        assertEquals(Map.of(AnnotationRules.ANSWER_RUN, run.toAbsolutePath().normalize().toString(),
                AnnotationRules.ANSWER_WITHDRAWN, "IoU 0.050000 not above 0.06"), w.answers());
        assertTrue(w.text().contains("IoU 0.050000 not above 0.06"), w.text());

        // the listing shows the withdrawn units without a label, and does not count them as labelled
        LabelListing listing = commands.labels(run.toString());
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        listing.rows().forEach(r -> byUnit.put(r.get(0), r));
        assertEquals(List.of("0", "1", "2", "3", "6"), List.copyOf(byUnit.keySet()));
        assertEquals("no label (withdrawn: IoU 0.050000 not above 0.06)", byUnit.get("2").get(1));
        assertEquals("auto", byUnit.get("2").get(2));
        assertEquals("2", byUnit.get("2").get(7));
        assertEquals(2, listing.labelled());

        // the same settings again add nothing
        int entries = store.entries(Fixtures.SHA, Fixtures.LAYER).size();
        AutolabelReport again = commands.autolabel(0.06, false, run.toString());
        assertTrue(again.added().isEmpty());
        assertTrue(again.withdrawn().isEmpty());
        assertEquals("0", summary(again).get("withdrawn now"));
        assertEquals(entries, store.entries(Fixtures.SHA, Fixtures.LAYER).size());

        // the store reopened gives the same state
        List<Annotation> current = store.current(Fixtures.SHA, Fixtures.LAYER);
        store.close();
        store = AnnotationLog.open(tmp.resolve("store"), () -> birads, AnnotationLog.Commit.GROUP);
        commands.store = store;
        assertEquals(current, store.current(Fixtures.SHA, Fixtures.LAYER));
        assertEquals(List.of(0, 3), labelled());

        // back at 0.04 unit 2 is labelled again, with a new entry
        AutolabelReport back = commands.autolabel(0.04, false, run.toString());
        assertEquals(List.of("2"), units(back.added()));
        assertTrue(back.withdrawn().isEmpty());
        assertEquals(List.of(0, 2, 3), labelled());
        assertEquals(entries + 1, store.entries(Fixtures.SHA, Fixtures.LAYER).size());
    }

    @Test
    void specificOnlyWithdrawsTheLabelsOfUnitsThatAreNotSpecific() {
        commands.autolabel(0.04, false, run.toString());
        AutolabelReport r = commands.autolabel(0.04, true, run.toString());
        assertEquals(List.of("2"), units(r.withdrawn()));
        assertEquals("not a specific detector", r.withdrawn().get(0).get(4));
        assertEquals("2", summary(r).get("unchanged"));
        assertEquals(List.of(0, 3), labelled());
        assertTrue(commands.autolabel(0.04, true, run.toString()).withdrawn().isEmpty());
    }

    @Test
    void aReprobedRunWithdrawsWhatItNoLongerSupportsAndLeavesOtherUnitsAlone() throws Exception {
        commands.autolabel(0.04, false, run.toString());
        // the same model layer probed again: unit 0 has no concept now, unit 3's IoU fell, unit 2 is not in the
        // table, unit 5's concept is still unknown to the vocabulary
        Path reprobed = runFolder(tmp.resolve("reprobed"), Fixtures.LAYER, new String[][] {
                {"0", "", "", "", ""},
                {"3", "margin-spiculated", "0.020000", "0.90", "false"},
                {"5", "margin-wobbly", "0.500000", "3.00", "true"}});
        AutolabelReport r = commands.autolabel(0.04, false, reprobed.toString());
        assertEquals(List.of("0", "3"), units(r.withdrawn()));
        assertEquals("no concept in this run", r.withdrawn().get(0).get(4));
        assertEquals("IoU 0.020000 not above 0.04", r.withdrawn().get(1).get(4));
        assertEquals(List.of(2), labelled());
        Annotation w0 = store.current(Fixtures.SHA, Fixtures.LAYER).stream().filter(a -> a.unit().unit() == 0).findFirst()
                .orElseThrow();
        assertEquals(reprobed.toAbsolutePath().normalize().toString(), w0.answers().get(AnnotationRules.ANSWER_RUN));
    }

    @Test
    void expertLabelsAreNeverWithdrawnNorOverridden() {
        String r = run.toString();
        commands.label("ann", "", 4, false, r, 2, "margin-spiculated");
        commands.label("ann", "", 4, false, r, 1, "shape-oval");
        commands.label("bob", "", 3, true, r, 6);
        commands.autolabel(0.04, false, r);
        AutolabelReport at06 = commands.autolabel(0.06, false, r);
        // unit 2's automatic label is withdrawn; units 1 and 6 never had one, so nothing is withdrawn for them
        assertEquals(List.of("2"), units(at06.withdrawn()));
        List<Annotation> history = store.entries(Fixtures.SHA, Fixtures.LAYER);
        assertTrue(history.stream().filter(AnnotationRules::isWithdrawal).allMatch(a -> a.annotator().equals(AnnotationRules.AUTO)));
        Map<Integer, UnitLabel> labels = UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, birads);
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(labels.keySet()));
        assertEquals(new UnitLabel("margin-spiculated", labels.get(2).term(), UnitLabel.Source.EXPERT, 1.0, "ann"), labels.get(2));
        assertEquals(UnitLabel.Source.EXPERT, labels.get(1).source());
        // the experts' entries are still their latest
        List<Annotation> current = store.current(Fixtures.SHA, Fixtures.LAYER);
        assertEquals(List.of("margin-spiculated"), current.stream().filter(a -> a.annotator().equals("ann") && a.unit().unit() == 2)
                .findFirst().orElseThrow().concepts());
        LabelListing listing = commands.labels(r);
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        listing.rows().forEach(row -> byUnit.put(row.get(0), row));
        assertEquals("expert", byUnit.get("2").get(2));
        assertEquals("no label", byUnit.get("6").get(1));
        assertEquals("expert", byUnit.get("6").get(2));
        // and labelling at 0.04 again changes nothing the experts said
        commands.autolabel(0.04, false, r);
        assertEquals(labels.get(2), UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, birads).get(2));
    }

    @Test
    void exportAndImportKeepWithdrawals() throws Exception {
        commands.autolabel(0.04, false, run.toString());
        commands.autolabel(0.06, false, run.toString());
        ExportCommand export = new ExportCommand();
        export.store = store;
        for (String name : List.of("labels.csv", "labels.json")) {
            Path file = tmp.resolve(name);
            assertEquals(4, export.export(run.toString(), file.toString()).entries());
            assertEquals(1, AnnotationFiles.read(file).stream().filter(AnnotationRules::isWithdrawal).count());
            try (AnnotationLog other = AnnotationLog.open(tmp.resolve("other-" + name), () -> birads, AnnotationLog.Commit.GROUP)) {
                ImportCommand importer = new ImportCommand();
                importer.store = other;
                assertEquals(4, importer.importFile(run.toString(), file.toString()).added());
                assertEquals(store.entries(Fixtures.SHA, Fixtures.LAYER), other.entries(Fixtures.SHA, Fixtures.LAYER));
                assertEquals(UnitLabels.of(store, Fixtures.SHA, Fixtures.LAYER, birads),
                        UnitLabels.of(other, Fixtures.SHA, Fixtures.LAYER, birads));
                assertEquals(List.of(0, 3), List.copyOf(UnitLabels.of(other, Fixtures.SHA, Fixtures.LAYER, birads).keySet()));
            }
        }
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
            Object higher = session.execute("deepminer:autolabel --specific-only --min-iou 0.2 " + r);
            assertEquals(List.of("3"), ((AutolabelReport) higher).withdrawn().stream().map(x -> x.get(0)).toList());
            Path out = tmp.resolve("gogo.csv");
            Object exported = session.execute("deepminer:annotations-export " + r + " " + out);
            assertEquals(5, ((ExchangeReport) exported).entries());
            assertEquals(5, AnnotationFiles.read(out).size());
        } finally {
            gogo.stop();
            io.stop();
        }
    }
}
