package org.deepminer.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWorkspaceTest {
    @TempDir
    Path tmp;

    static RunManifest manifest(String modelSha, String datasetHash) {
        return new RunManifest(RunManifest.VERSION, "deepminer:probe m phantom data --out run", "2026-01-01T00:00:00Z", "",
                "running", new RunManifest.ModelRef("demo", "onnx", modelSha, "/models/demo.onnx"), "relu4",
                new RunManifest.DatasetRef("phantom", "/data", datasetHash, 12), "validation",
                Map.of("kind", "patches", "fraction", "0.25"), Map.of("dissection.iou", "0.05"),
                List.of("ranking", "dissection"), Map.of("deepminer.mining", "0.1.0"), List.of(), Map.of());
    }

    @Test
    void theManifestRoundTripsAndNamesTheRunsIdentity() {
        RunWorkspace w = RunWorkspace.open(tmp.resolve("run"));
        assertTrue(w.manifest().isEmpty());
        RunManifest m = manifest("abc", "def");
        w.writeManifest(m);
        assertEquals(m, w.manifest().orElseThrow());
        RunManifest done = m.finished("2026-01-01T00:01:00Z", "complete", List.of("dissection skipped: no masks"));
        assertEquals(m.identity(), done.identity(), "end time, status and notes are not identity");
        assertNotEquals(m.identity(), manifest("abd", "def").identity());
        assertNotEquals(m.identity(), manifest("abc", "deg").identity());
        w.writeManifest(done);
        assertEquals("complete", RunWorkspace.existing(tmp.resolve("run")).manifest().orElseThrow().status());
        assertFalse(Files.exists(tmp.resolve("run/manifest.json.tmp")), "written to a temporary file, then moved");
    }

    @Test
    void aStepIsUpToDateOnlyForTheSameInputs() {
        RunWorkspace w = RunWorkspace.open(tmp.resolve("run"));
        assertFalse(w.upToDate("ranking", "h1"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("units", 20);
        summary.put("missing", null);
        w.markDone("ranking", "h1", summary);
        assertTrue(w.upToDate("ranking", "h1"));
        assertFalse(w.upToDate("ranking", "h2"));
        assertFalse(w.upToDate("dissection", "h1"));
        assertEquals(20, ((Number) w.step("ranking").orElseThrow().summary().get("units")).intValue());
        assertEquals(List.of("ranking"), List.copyOf(w.steps().keySet()));
        w.invalidate("ranking");
        assertFalse(w.upToDate("ranking", "h1"));
    }

    @Test
    void aCheckpointResumesOnlyWithTheSameInputsAndGoesWhenTheStepIsDone() throws IOException {
        RunWorkspace w = RunWorkspace.open(tmp.resolve("run"));
        byte[] state = {1, 2, 3, 4, 5};
        w.writeCheckpoint("pass", "h1", state);
        assertArrayEquals(state, w.readCheckpoint("pass", "h1").orElseThrow());
        assertTrue(w.readCheckpoint("pass", "h2").isEmpty(), "another input never resumes old state");
        // a truncated checkpoint (killed while writing without the atomic move) is ignored
        Path f = tmp.resolve("run/steps/pass.checkpoint");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 2));
        assertTrue(w.readCheckpoint("pass", "h1").isEmpty());
        w.writeCheckpoint("pass", "h1", state);
        w.markDone("pass", "h1", Map.of());
        assertFalse(Files.exists(f));
    }

    @Test
    void aFileIsNotARunFolderAndAFolderWithoutManifestIsNotARun() throws IOException {
        Path file = Files.writeString(tmp.resolve("x"), "x");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> RunWorkspace.open(file));
        assertTrue(e.getMessage().contains(file.toString()));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DeepMinerException e2 = assertThrows(DeepMinerException.class, () -> RunWorkspace.existing(empty));
        assertTrue(e2.getMessage().contains("no manifest.json"), e2.getMessage());
        assertTrue(assertThrows(DeepMinerException.class, () -> RunWorkspace.existing(tmp.resolve("none")))
                .getMessage().contains("no such run folder"));
    }

    @Test
    void stepNamesBecomeSafeFileNames() {
        assertEquals("top-activations", RunWorkspace.safe("top-activations"));
        assertEquals("a_b_c", RunWorkspace.safe("a/b c"));
        assertEquals("_..", RunWorkspace.safe(".."));
    }

    @Test
    void theDatasetHashDependsOnIdsLabelsAndSplitsNotOnOrder() {
        SampleRef a = new SampleRef("a", "c1", Split.TRAIN, "normal");
        SampleRef b = new SampleRef("b", "c2", Split.TEST, "malignant");
        String h = Hashes.ofSamples(List.of(a, b));
        assertEquals(h, Hashes.ofSamples(List.of(b, a)));
        assertNotEquals(h, Hashes.ofSamples(List.of(a, new SampleRef("b", "c2", Split.TEST, "benign"))));
        assertNotEquals(h, Hashes.ofSamples(List.of(a, new SampleRef("b", "c2", Split.VALIDATION, "malignant"))));
        assertNotEquals(h, Hashes.ofSamples(List.of(a)));
        assertEquals(Hashes.ofValues(Map.of("x", 1, "y", 2)), Hashes.ofValues(new java.util.TreeMap<>(Map.of("y", 2, "x", 1))));
        assertEquals(64, h.length());
    }

    @Test
    void aFileHashIsItsSha256() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "abc");
        // SHA-256("abc") from FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashes.ofFile(f));
    }

    @Test
    void csvCellsWithCommasQuotesAndLineBreaksRoundTrip() throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(Map.of("unit", "3", "label", "mass, spiculated", "note", "say \"hi\""));
        rows.add(Map.of("unit", "10", "label", "two\nlines", "note", ""));
        Csv csv = new Csv(List.of("unit", "label", "note"), rows);
        Path f = tmp.resolve("t.csv");
        csv.write(f);
        Csv back = Csv.read(f);
        assertEquals(csv.columns(), back.columns());
        assertEquals(rows, back.rows());
        assertTrue(Files.readString(f).startsWith("unit,label,note\n3,\"mass, spiculated\",\"say \"\"hi\"\"\"\n"),
                Files.readString(f));
        Files.writeString(f, "a,b\n1,\"open\n");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> Csv.read(f));
        assertTrue(e.getMessage().contains("t.csv") && e.getMessage().contains("not closed"), e.getMessage());
        Files.writeString(f, "a,b\n1,2,3\n");
        assertTrue(assertThrows(DeepMinerException.class, () -> Csv.read(f)).getMessage().contains("line 2"));
    }

    @Test
    void unitTablesAreJoinedOnTheUnit() throws IOException {
        Csv ranking = new Csv(List.of("unit", "malignant_rank", "malignant_count"),
                List.of(Map.of("unit", "10", "malignant_rank", "1", "malignant_count", "40"),
                        Map.of("unit", "2", "malignant_rank", "2", "malignant_count", "31")));
        Csv dissection = new Csv(List.of("unit", "best_concept", "iou"),
                List.of(Map.of("unit", "2", "best_concept", "margin-spiculated", "iou", "0.051"),
                        Map.of("unit", "7", "best_concept", "", "iou", "0.001")));
        Csv noUnits = new Csv(List.of("concept", "pixels"), List.of(Map.of("concept", "x", "pixels", "1")));
        RunWorkspace w = RunWorkspace.open(tmp.resolve("run"));
        Path f = w.writeUnitTable(List.of(ranking, noUnits, dissection));
        Csv t = Csv.read(f);
        assertEquals(List.of("unit", "malignant_rank", "malignant_count", "best_concept", "iou", "label_source"), t.columns());
        assertEquals(List.of("2", "7", "10"), t.rows().stream().map(r -> r.get("unit")).toList(), "numeric order");
        Map<String, String> two = t.rows().get(0);
        assertEquals("2", two.get("malignant_rank"));
        assertEquals("margin-spiculated", two.get("best_concept"));
        assertEquals("auto", two.get("label_source"));
        assertEquals("", t.rows().get(1).get("label_source"), "no concept, no label");
        assertEquals("", t.rows().get(2).get("iou"), "unit 10 has no dissection row");
        assertEquals(t, w.unitTable().orElseThrow());
    }
}
