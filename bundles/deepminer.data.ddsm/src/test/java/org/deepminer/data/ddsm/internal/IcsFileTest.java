package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsCaseDensityDigitizerAndViews() throws IOException {
        Path f = DdsmFiles.text(dir.resolve("case0001/A-0001-1.ics"), """
                ics_version 1.0
                filename A-0001-1
                DATE_OF_STUDY 2 7 95
                PATIENT_AGE 42
                FILM
                FILM_TYPE REGULAR
                density 3
                DATE_DIGITIZED 7 22 1997
                DIGITIZER LUMISYS LASER
                SELECTED
                LEFT_CC LINES 4696 PIXELS_PER_LINE 3024 BITS_PER_PIXEL 12 RESOLUTION 50 OVERLAY
                LEFT_MLO LINES 4688 PIXELS_PER_LINE 3048 BITS_PER_PIXEL 12 RESOLUTION 50 NON_OVERLAY
                RIGHT_CC  LINES 4624  PIXELS_PER_LINE 3056 BITS_PER_PIXEL 12 RESOLUTION 50 NON_OVERLAY
                """);
        IcsFile ics = IcsFile.parse(f, new Problems(true));
        assertEquals("A-0001-1", ics.caseName());
        assertEquals(3, ics.density());
        assertEquals("LUMISYS LASER", ics.digitizer());
        assertEquals(List.of("LEFT_CC", "LEFT_MLO", "RIGHT_CC"), List.copyOf(ics.views().keySet()));
        IcsFile.View cc = ics.views().get("LEFT_CC");
        assertEquals(4696, cc.lines());
        assertEquals(3024, cc.pixelsPerLine());
        assertEquals(12, cc.bits());
        assertEquals(50.0, cc.resolutionMicrons());
        assertTrue(cc.overlay());
        assertFalse(ics.views().get("RIGHT_CC").overlay());
    }

    @Test
    void aBrokenViewLineNamesFileAndLine() throws IOException {
        Path f = DdsmFiles.text(dir.resolve("B-3024-1.ics"), """
                filename B-3024-1
                DENSITY 7
                LEFT_CC LINES many PIXELS_PER_LINE 3024 BITS_PER_PIXEL 12 RESOLUTION 50 OVERLAY
                """);
        Problems lenient = new Problems(false);
        IcsFile ics = IcsFile.parse(f, lenient);
        assertTrue(ics.views().isEmpty());
        assertEquals(-1, ics.density());
        List<String> p = lenient.snapshot();
        assertTrue(p.contains(f + ":2: DENSITY must be 1-4, not '7'"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith(f + ":3:") && s.contains("LINES")), p.toString());
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> IcsFile.parse(f, new Problems(true)));
        assertTrue(e.getMessage().startsWith(f + ":2:"));
    }
}
