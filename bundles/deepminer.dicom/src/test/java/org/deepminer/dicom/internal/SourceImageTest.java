package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.SourceImage;
import org.junit.jupiter.api.Test;

/** A read image's metadata is enough to refer to it, orientation included. */
class SourceImageTest {
    private static final Map<String, String> REFS = Map.of("StudyInstanceUID", "1.2.3", "SeriesInstanceUID", "1.2.3.4",
            "SOPInstanceUID", "1.2.3.4.5", "SOPClassUID", TestSupport.MG_FOR_PRESENTATION);

    @Test
    void takesTheUidsAndTheFlipFromTheMetadata() {
        SourceImage s = SourceImage.of(new ImageMetadata("MG", Laterality.RIGHT, "CC", 0.07, 12, true, REFS), 300, 400);
        assertEquals("1.2.3", s.studyInstanceUid());
        assertEquals("1.2.3.4", s.seriesInstanceUid());
        assertEquals("1.2.3.4.5", s.sopInstanceUid());
        assertEquals(TestSupport.MG_FOR_PRESENTATION, s.sopClassUid());
        assertEquals(300, s.width());
        assertEquals(400, s.height());
        assertTrue(s.flipped());
    }

    /** The orientation the reader's flip implies: rows run to the chest wall (P) exactly when it flipped. */
    @Test
    void orientationFollowsTheFlipAndTheView() {
        assertEquals(List.of("A", "R"), orientation(Laterality.LEFT, "CC", false));
        assertEquals(List.of("P", "L"), orientation(Laterality.RIGHT, "CC", true));
        assertEquals(List.of("A", "FR"), orientation(Laterality.LEFT, "MLO", false));
        assertEquals(List.of("P", "FL"), orientation(Laterality.RIGHT, "mlo", true));
        // a right breast stored with its chest wall on the left: not flipped, rows run anterior
        assertEquals(List.of("A", "L"), orientation(Laterality.RIGHT, "CC", false));
        assertEquals(List.of("P", "F"), orientation(Laterality.LEFT, "ML", true));
        assertEquals(List.of(), orientation(Laterality.UNKNOWN, "CC", false));
        assertEquals(List.of(), orientation(Laterality.LEFT, "", false));
    }

    @Test
    void imageNotFromDicomHasNoUids() {
        SourceImage s = SourceImage.of(new ImageMetadata("OT", Laterality.LEFT, "CC", 0, 8, false, Map.of()), 10, 10);
        assertEquals(null, s.sopInstanceUid());
    }

    private static List<String> orientation(Laterality side, String view, boolean flipped) {
        return SourceImage.of(new ImageMetadata("MG", side, view, 0.07, 12, flipped, REFS), 10, 10).patientOrientation();
    }
}
