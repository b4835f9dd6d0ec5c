package org.deepminer.data.cbis.internal;

import org.deepminer.data.support.Problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.data.Laterality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CbisPathsTest {
    @TempDir
    Path root;

    @Test
    void normalisesTheOdditiesOfRealCsvPaths() {
        assertEquals("Mass-Training_P_00001_LEFT_CC/1.3.6/1.3.7/000000.dcm",
                CbisPaths.normalise("Mass-Training_P_00001_LEFT_CC/1.3.6/1.3.7/000000.dcm\n"));
        assertEquals("Calc-Test_P_00038_LEFT_CC_1/1.3/1.4/000001.dcm",
                CbisPaths.normalise("  .\\Calc-Test_P_00038_LEFT_CC_1\\1.3\\1.4\\000001.dcm\r\n"));
        assertEquals("a/b/c.dcm", CbisPaths.normalise("./a//b/\nc.dcm"));
        assertEquals("", CbisPaths.normalise("N/A"));
        assertEquals("", CbisPaths.normalise(" "));
    }

    @Test
    void findsTheExactFileElseTheOnlyOneInItsFolderAndRemembersIt() {
        Path exact = FakeDicom.write(root.resolve("A/x/000000.dcm"), "MG", Laterality.LEFT, new float[][] {{0}});
        Path renamed = FakeDicom.write(root.resolve("B/x/1-1.dcm"), "MG", Laterality.LEFT, new float[][] {{0}});
        Problems problems = new Problems(true);
        CbisPaths paths = new CbisPaths(List.of(root), problems);
        assertEquals(List.of(exact), paths.candidates("A/x/000000.dcm"));
        assertEquals(List.of(renamed), paths.candidates("B/x/000000.dcm"));
        assertEquals(List.of(renamed), paths.candidates("B/x/000000.dcm"));
        assertEquals(1, problems.snapshot().size(), "noted once: " + problems.snapshot());
        assertTrue(problems.snapshot().get(0).startsWith(root.resolve("B/x/000000.dcm").toString()));
        assertEquals(List.of(), paths.candidates("C/x/000000.dcm"));
    }

    @Test
    void aNulInsideOrAPathLongerThanPathMaxIsNoPath() {
        // found by fuzzing: Path.resolve threw InvalidPathException out of the reader
        assertEquals(null, CbisPaths.whyNotPath("Mass-Training_P_00001_RIGHT_CC/s/t/000000.dcm"));
        assertTrue(CbisPaths.whyNotPath("Mass-Training\0P_00001/000000.dcm").contains("Nul character"));
        // a path of thousands of parts: refused before anything climbs it
        assertTrue(CbisPaths.whyNotPath("a/".repeat(3000) + "x.dcm").contains("6005 characters"));
    }

    @Test
    void aPathOutOfTheDataSetIsRefused() {
        Problems problems = new Problems(false);
        CbisPaths paths = new CbisPaths(List.of(root.resolve("data")), problems);
        assertEquals(List.of(), paths.candidates("../../etc/passwd"));
        assertTrue(problems.snapshot().get(0).contains("leads out of the data set"));
    }
}
