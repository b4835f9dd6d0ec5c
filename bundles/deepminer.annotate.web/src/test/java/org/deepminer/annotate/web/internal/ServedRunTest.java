package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedRunTest {
    @TempDir
    Path dir;

    @Test
    void readsClassesRanksSuggestionsAndTopSamples() throws Exception {
        ServedRun r = ServedRun.load("a", TestRun.write(dir.resolve("run")));
        assertEquals(List.of("benign", "malignant"), r.classes());
        assertEquals(List.of(3, 1, 5), r.units("malignant"));
        assertEquals(List.of(2, 0), r.units("benign"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), r.units(ServedRun.ALL));
        assertEquals("malignant", r.defaultList(3));
        ServedRun.Suggestion s = r.unit(3).orElseThrow().suggestion().orElseThrow();
        assertEquals("margin-spiculated", s.conceptId());
        assertEquals(0.04, s.iou(), 1e-9);
        assertTrue(s.specific());
        assertEquals(TestRun.TOP, r.top(3).size());
        ServedRun.TopSample t = r.top(3, 2).orElseThrow();
        assertEquals("IMG_0", t.imageId());
        assertEquals(10, t.x());
        assertEquals(TestRun.SHA, r.key(3).modelSha256());
        assertEquals("relu4", r.key(3).layer());
    }

    @Test
    void aMontagePathThatLeavesTheRunIsIgnored() throws Exception {
        Path run = TestRun.write(dir.resolve("run"));
        String units = Files.readString(run.resolve("units.csv")).replace("montages/unit_1.png", "../../secret.png")
                .replace("montages/unit_2.png", "/etc/passwd.png");
        Files.writeString(run.resolve("units.csv"), units);
        Files.write(dir.resolve("secret.png"), new byte[] {1});
        ServedRun r = ServedRun.load("a", run);
        assertTrue(r.montage(1).isEmpty());
        assertTrue(r.montage(2).isEmpty());
        assertTrue(r.montage(3).isPresent());
    }

    @Test
    void aBadCellIsAnErrorNamingTheFileLineAndColumn() throws Exception {
        Path run = TestRun.write(dir.resolve("run"));
        List<String> lines = Files.readAllLines(run.resolve("units.csv"));
        lines.set(3, lines.get(3).replaceFirst("^2,1,40,0.25", "2,first,40,0.25"));
        Files.write(run.resolve("units.csv"), lines);
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> ServedRun.load("a", run));
        assertTrue(e.getMessage().contains(run.resolve("units.csv").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 4, column benign_rank: 'first' is not a whole number"), e.getMessage());
    }

    @Test
    void aFolderWithoutARunIsAClearError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> ServedRun.load("a", empty));
        assertTrue(e.getMessage().contains("not a run folder"), e.getMessage());
        RunCatalog c = RunCatalog.of(List.of(empty, TestRun.write(dir.resolve("good"))));
        assertEquals(1, c.runs().size(), "the good run is served");
        assertEquals(1, c.problems().size());
        assertFalse(c.run("empty").isPresent());
    }

    @Test
    void runIdsAreShortSlugsAndUnique() throws Exception {
        Path a = TestRun.write(dir.resolve("x/Run C (1)"));
        Path b = TestRun.write(dir.resolve("y/Run C (1)"));
        RunCatalog c = RunCatalog.of(List.of(a, b));
        assertTrue(c.run("run-c-1").isPresent());
        assertTrue(c.run("run-c-1-2").isPresent());
        assertTrue(c.run("../x").isEmpty());
    }
}
