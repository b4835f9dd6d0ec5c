package org.deepminer.render.dicomseg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.dicom.DicomImage;
import org.deepminer.imaging.figure.Explanations;
import org.deepminer.imaging.figure.RenderTiming;
import org.deepminer.render.dicomsr.internal.DicomFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prints the render time for a 512x512 image with 3 units (never asserted: machines differ). */
class RenderTimeTest {
    @TempDir
    Path dir;

    @Test
    void renderTimeIsPrinted() throws Exception {
        SegmentationRenderer renderer = new SegmentationRenderer();
        renderer.dicom = DicomFixtures.service();
        renderer.vocabulary = new org.deepminer.vocab.birads.internal.BiradsVocabulary();
        DicomImage source = DicomFixtures.mammogram(dir, 512, 512, Laterality.LEFT, "MLO");
        Explanation e = Explanations.builder().image(source.image()).metadata(source.metadata()).build();
        byte[] out = RenderTiming.measure("dicom-seg", () -> DicomFixtures.render(renderer, e, RenderOptions.defaults()));
        assertEquals("DICM", new String(out, 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
