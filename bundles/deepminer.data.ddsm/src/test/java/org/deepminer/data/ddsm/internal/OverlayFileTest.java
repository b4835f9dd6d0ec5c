package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayFileTest {
    @TempDir
    Path dir;

    @Test
    void readsAbnormalitiesAndChainCodesSpreadOverLinesWithOddBlanks() throws IOException {
        Path f = DdsmFiles.text(dir.resolve("A_0001_1.LEFT_CC.OVERLAY"), """
                TOTAL_ABNORMALITIES 2
                ABNORMALITY 1
                LESION_TYPE MASS SHAPE IRREGULAR MARGINS SPICULATED
                ASSESSMENT 5
                SUBTLETY 4
                PATHOLOGY MALIGNANT
                TOTAL_OUTLINES 2
                BOUNDARY
                  10   20 2 2
                4 4    6
                6 0 0#
                CORE
                11 21 #
                ABNORMALITY 2
                LESION_TYPE CALCIFICATION TYPE PLEOMORPHIC DISTRIBUTION CLUSTERED
                ASSESSMENT 4
                SUBTLETY 2
                PATHOLOGY BENIGN
                TOTAL_OUTLINES 1
                BOUNDARY
                5 6 224466 00 #
                """);
        Problems problems = new Problems(true);
        OverlayFile o = OverlayFile.parse(f, problems);
        assertEquals(2, o.abnormalities().size());
        OverlayFile.Abnormality a = o.abnormalities().get(0);
        assertEquals(1, a.number());
        assertEquals(List.of("LESION_TYPE MASS SHAPE IRREGULAR MARGINS SPICULATED"),
                a.lesionTypes().stream().map(OverlayFile.Line::text).toList());
        assertEquals("PATHOLOGY MALIGNANT", a.pathology().text());
        assertEquals(1, a.boundaries().size());
        assertEquals(1, a.cores());
        // the 3x3 square from (10,20), worked by hand
        assertArrayEquals(new int[] {10, 20, 12, 20, 12, 22, 10, 22, 10, 20}, a.boundaries().get(0).vertices());
        assertEquals(8, a.boundaries().get(0).line());
        // digits written without blanks between them count one by one
        assertArrayEquals(new int[] {5, 6, 7, 6, 7, 8, 5, 8, 5, 6}, o.abnormalities().get(1).boundaries().get(0).vertices());
        assertTrue(problems.snapshot().isEmpty());
    }

    @Test
    void aBadDirectionIsAProblemNamingFileAndLine() throws IOException {
        String text = """
                TOTAL_ABNORMALITIES 1
                ABNORMALITY 1
                LESION_TYPE MASS SHAPE ROUND MARGINS CIRCUMSCRIBED
                ASSESSMENT 3
                SUBTLETY 4
                PATHOLOGY BENIGN
                TOTAL_OUTLINES 1
                BOUNDARY
                10 20 2 2 4
                4 8 6 #
                """;
        Path f = DdsmFiles.text(dir.resolve("x.OVERLAY"), text);
        Problems lenient = new Problems(false);
        OverlayFile o = OverlayFile.parse(f, lenient);
        assertEquals(0, o.abnormalities().get(0).boundaries().size());
        assertTrue(lenient.snapshot().stream().anyMatch(p -> p.startsWith(f + ":10:") && p.contains("'8'")),
                lenient.snapshot().toString());

        DeepMinerException e = assertThrows(DeepMinerException.class, () -> OverlayFile.parse(f, new Problems(true)));
        assertTrue(e.getMessage().startsWith(f + ":10:"), e.getMessage());
    }

    @Test
    void anUnterminatedChainAndWrongCountsAreProblems() throws IOException {
        Path f = DdsmFiles.text(dir.resolve("y.OVERLAY"), """
                TOTAL_ABNORMALITIES 2
                ABNORMALITY 1
                LESION_TYPE MASS SHAPE ROUND MARGINS CIRCUMSCRIBED
                PATHOLOGY BENIGN
                TOTAL_OUTLINES 1
                BOUNDARY
                10 20 2 2 4
                """);
        Problems lenient = new Problems(false);
        OverlayFile.parse(f, lenient);
        List<String> p = lenient.snapshot();
        assertTrue(p.stream().anyMatch(s -> s.startsWith(f + ":6:") && s.contains("not ended by '#'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith(f + ":1:") && s.contains("TOTAL_ABNORMALITIES 2")), p.toString());
    }
}
