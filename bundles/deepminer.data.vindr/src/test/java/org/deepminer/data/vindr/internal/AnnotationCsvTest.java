package org.deepminer.data.vindr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deepminer.api.data.Box;
import org.junit.jupiter.api.Test;

class AnnotationCsvTest {
    @Test
    void categoryListsAsVindrWritesThem() {
        assertEquals(List.of("Mass", "Suspicious Calcification"),
                AnnotationCsv.categories("['Mass', 'Suspicious Calcification']"));
        assertEquals(List.of("Mass"), AnnotationCsv.categories("[\"Mass\", \"Mass\"]"));
        assertEquals(List.of(), AnnotationCsv.categories("['No Finding']"));
        assertEquals(List.of(), AnnotationCsv.categories("[]"));
        assertEquals(List.of("Focal Asymmetry"), AnnotationCsv.categories("  Focal Asymmetry "));
        assertEquals(List.of("Skin Thickening", "Nipple Retraction"),
                AnnotationCsv.categories("[Skin Thickening, Nipple Retraction]"));
    }

    @Test
    void boxesCoverTheirPixelsAndAreClippedToTheImage() {
        BoxMask.Clipped inside = BoxMask.clip(new double[] {10.5, 8.2, 20.7, 16.1}, 1, 1, 48, 40);
        assertEquals(new Box(10, 8, 11, 9), inside.box());
        assertEquals(false, inside.clipped());
        BoxMask.Clipped corner = BoxMask.clip(new double[] {-5, -3.5, 6, 7}, 1, 1, 48, 40);
        assertEquals(new Box(0, 0, 6, 7), corner.box());
        assertTrue(corner.clipped());
        assertEquals(new Box(40, 30, 8, 10), BoxMask.clip(new double[] {40, 30, 60, 90}, 1, 1, 48, 40).box());
        assertNull(BoxMask.clip(new double[] {50, 10, 60, 20}, 1, 1, 48, 40), "wholly outside");
        // a zero-width box still covers the pixel it lies on
        assertEquals(new Box(5, 5, 1, 1), BoxMask.clip(new double[] {5, 5, 5, 5}, 1, 1, 48, 40).box());
        // scaled to an image converted at half the size
        assertEquals(new Box(5, 4, 6, 5), BoxMask.clip(new double[] {10.5, 8.2, 20.7, 16.1}, 0.5, 0.5, 24, 20).box());
        assertEquals(new Box(27, 8, 11, 9), BoxMask.mirror(new Box(10, 8, 11, 9), 48));
        assertEquals(List.of(27, 8, 37, 8, 37, 16, 27, 16), BoxMask.corners(new Box(27, 8, 11, 9)));
    }
}
