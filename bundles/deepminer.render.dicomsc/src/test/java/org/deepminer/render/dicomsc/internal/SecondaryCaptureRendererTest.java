package org.deepminer.render.dicomsc.internal;

import static org.deepminer.render.dicomsr.internal.DicomFixtures.read;
import static org.deepminer.render.dicomsr.internal.DicomFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.dicom.DicomImage;
import org.deepminer.imaging.Picture;
import org.deepminer.imaging.figure.ExplanationFigure;
import org.deepminer.imaging.figure.Explanations;
import org.deepminer.render.dicomsr.internal.DicomFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondaryCaptureRendererTest {
    private final SecondaryCaptureRenderer renderer = new SecondaryCaptureRenderer();

    @TempDir
    Path dir;

    @BeforeEach
    void wire() {
        renderer.dicom = DicomFixtures.service();
    }

    @Test
    void captureIsValidAndHoldsTheFigurePixelForPixel() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = DicomFixtures.explanation(source);
        Path file = write("sc.dcm", e, RenderOptions.defaults());
        DicomFixtures.Verdict verdict = DicomFixtures.dciodvfy(file);
        assertTrue(verdict.errors().isEmpty(), verdict::output);
        assertEquals(0, verdict.exitCode(), verdict::output);

        var refs = source.metadata().references();
        AttributeList list = read(file);
        assertEquals("1.2.840.10008.5.1.4.1.1.7", text(list, TagFromName.SOPClassUID)); // Secondary Capture
        assertEquals(refs.get("StudyInstanceUID"), text(list, TagFromName.StudyInstanceUID));
        assertNotEquals(refs.get("SeriesInstanceUID"), text(list, TagFromName.SeriesInstanceUID));
        assertNotEquals(refs.get("SOPInstanceUID"), text(list, TagFromName.SOPInstanceUID));
        AttributeList reference = ((SequenceAttribute) list.get(TagFromName.SourceImageSequence)).getItem(0).getAttributeList();
        assertEquals(refs.get("SOPInstanceUID"), text(reference, TagFromName.ReferencedSOPInstanceUID));

        Picture figure = ExplanationFigure.of(e, RenderOptions.defaults()).compose();
        assertEquals(String.valueOf(figure.width()), text(list, TagFromName.Columns));
        assertEquals(String.valueOf(figure.height()), text(list, TagFromName.Rows));
        assertEquals("RGB", text(list, TagFromName.PhotometricInterpretation));
        byte[] pixels = list.get(TagFromName.PixelData).getByteValues();
        int[] expected = figure.image().getRGB(0, 0, figure.width(), figure.height(), null, 0, figure.width());
        for (int i = 0; i < expected.length; i += 97) {
            int rgb = ((pixels[3 * i] & 255) << 16) | ((pixels[3 * i + 1] & 255) << 8) | (pixels[3 * i + 2] & 255);
            assertEquals(expected[i] & 0xFFFFFF, rgb, "pixel " + i);
        }
    }

    @Test
    void identifiersGoIntoTheHeaderWhenKeptAndNeverIntoThePixels() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = DicomFixtures.explanation(source);
        String hidden = DicomFixtures.headerText(write("hidden.dcm", e, DicomFixtures.options(source, false)));
        for (String id : List.of("Doe", "Jane", DicomFixtures.PATIENT_ID, DicomFixtures.BIRTH_DATE)) {
            assertFalse(hidden.contains(id), id + " in\n" + hidden);
        }
        Path keptFile = write("kept.dcm", e, DicomFixtures.options(source, true));
        AttributeList kept = read(keptFile);
        assertEquals(DicomFixtures.PATIENT_NAME, text(kept, TagFromName.PatientName));
        assertEquals(DicomFixtures.PATIENT_ID, text(kept, TagFromName.PatientID));
        // the picture is the one drawn without identifiers, pixel for pixel
        byte[] withheld = read(write("again.dcm", e, DicomFixtures.options(source, false))).get(TagFromName.PixelData).getByteValues();
        assertTrue(java.util.Arrays.equals(withheld, kept.get(TagFromName.PixelData).getByteValues()),
                "keeping identifiers changes the header only");
    }

    @Test
    void explanationWithoutUnitsIsCapturedToo() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = Explanations.builder().image(source.image()).metadata(source.metadata()).units(0).build();
        DicomFixtures.Verdict verdict = DicomFixtures.dciodvfy(write("none.dcm", e, RenderOptions.defaults()));
        assertTrue(verdict.errors().isEmpty(), verdict::output);
    }

    @Test
    void imageNotReadFromDicomIsRefusedClearly() {
        DeepMinerException ex = assertThrows(DeepMinerException.class,
                () -> DicomFixtures.render(renderer, Explanations.standard(), RenderOptions.defaults()));
        assertTrue(ex.getMessage().startsWith("sample phantom-0001: the image was not read from DICOM"), ex.getMessage());
    }

    private Path write(String name, Explanation e, RenderOptions options) throws Exception {
        return DicomFixtures.save(dir, name, DicomFixtures.render(renderer, e, options));
    }
}
