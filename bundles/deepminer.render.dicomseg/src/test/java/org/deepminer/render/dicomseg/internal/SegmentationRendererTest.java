package org.deepminer.render.dicomseg.internal;

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
import org.deepminer.imaging.figure.Explanations;
import org.deepminer.render.dicomsr.internal.DicomFixtures;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationRendererTest {
    private final SegmentationRenderer renderer = new SegmentationRenderer();

    @TempDir
    Path dir;

    @BeforeEach
    void wire() {
        renderer.dicom = DicomFixtures.service();
        renderer.vocabulary = new BiradsVocabulary();
    }

    @Test
    void segmentationsAreValidByDciodvfy() throws Exception {
        DicomImage left = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        DicomImage right = DicomFixtures.mammogram(dir, 97, 61, Laterality.RIGHT, "CC"); // odd frame length
        List<Path> files = List.of(
                write("left.dcm", DicomFixtures.explanation(left), DicomFixtures.options(left, true)),
                write("right.dcm", DicomFixtures.explanation(right), RenderOptions.defaults()),
                write("none.dcm", Explanations.builder().image(left.image()).metadata(left.metadata()).units(0).build(),
                        RenderOptions.defaults()));
        for (Path file : files) {
            DicomFixtures.Verdict verdict = DicomFixtures.dciodvfy(file);
            assertTrue(verdict.errors().isEmpty(), () -> file.getFileName() + ":\n" + verdict.output());
            assertEquals(0, verdict.exitCode(), () -> file.getFileName() + ":\n" + verdict.output());
        }
    }

    @Test
    void oneFractionalSegmentPerUnitOnTheJointScaleThenTheClassMap() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        var refs = source.metadata().references();
        AttributeList list = read(write("seg.dcm", DicomFixtures.explanation(source), RenderOptions.defaults()));

        assertEquals("1.2.840.10008.5.1.4.1.1.66.4", text(list, TagFromName.SOPClassUID));
        assertEquals("FRACTIONAL", text(list, TagFromName.SegmentationType));
        assertEquals("4", text(list, TagFromName.NumberOfFrames));
        assertEquals("128", text(list, TagFromName.Rows));
        assertEquals(refs.get("StudyInstanceUID"), text(list, TagFromName.StudyInstanceUID));
        assertNotEquals(refs.get("SeriesInstanceUID"), text(list, TagFromName.SeriesInstanceUID));
        assertNotEquals(refs.get("SOPInstanceUID"), text(list, TagFromName.SOPInstanceUID));

        SequenceAttribute segments = (SequenceAttribute) list.get(TagFromName.SegmentSequence);
        List<String> labels = List.of("unit 42: spiculated", "unit 7: fine pleomorphic", "unit 3", "P(malignant)");
        List<String> types = List.of("129788004", "129769006", "unit-activation", "class-map");
        for (int s = 0; s < 4; s++) {
            AttributeList segment = segments.getItem(s).getAttributeList();
            assertEquals(labels.get(s), text(segment, TagFromName.SegmentLabel));
            AttributeList type = ((SequenceAttribute) segment.get(TagFromName.SegmentedPropertyTypeCodeSequence))
                    .getItem(0).getAttributeList();
            assertEquals(types.get(s), text(type, TagFromName.CodeValue));
        }

        byte[] pixels = list.get(TagFromName.PixelData).getByteValues();
        int frame = 128 * 128;
        int[] peaks = new int[3];
        for (int u = 0; u < 3; u++) {
            int x = Explanations.pixelOf(Explanations.PEAKS[u][0], 8, 128);
            int y = Explanations.pixelOf(Explanations.PEAKS[u][1], 8, 128);
            peaks[u] = pixels[u * frame + y * 128 + x] & 255;
            assertEquals(maxOf(pixels, u * frame, frame), peaks[u], 12, "unit " + u + " peaks at its cell");
        }
        // joint scale: 3 : 2 : 1 activations give about 255 : 170 : 85
        assertTrue(peaks[0] > 235 && Math.abs(peaks[1] - 170) < 20 && Math.abs(peaks[2] - 85) < 15,
                java.util.Arrays.toString(peaks));
        int classPeak = maxOf(pixels, 3 * frame, frame);
        assertTrue(Math.abs(classPeak - Math.round(0.95 * 255)) <= 12, "class probabilities kept as they are: " + classPeak);
    }

    @Test
    void explanationWithoutUnitsIsTheClassMapAndSaysSo() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = Explanations.builder().image(source.image()).metadata(source.metadata()).units(0).build();
        AttributeList list = read(write("none.dcm", e, RenderOptions.defaults()));
        assertEquals("1", text(list, TagFromName.NumberOfFrames));
        assertEquals("DeepMiner heatmaps: no units, class map only", text(list, TagFromName.SeriesDescription));
        Explanation nothing = Explanations.builder().image(source.image()).metadata(source.metadata()).units(0)
                .withoutClassMap().build();
        DeepMinerException ex = assertThrows(DeepMinerException.class,
                () -> DicomFixtures.render(renderer, nothing, RenderOptions.defaults()));
        assertTrue(ex.getMessage().contains("nothing to segment"), ex.getMessage());
    }

    @Test
    void patientIdentifiersOnlyWhenKept() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = DicomFixtures.explanation(source);
        String hidden = DicomFixtures.headerText(write("hidden.dcm", e, DicomFixtures.options(source, false)));
        for (String id : List.of("Doe", "Jane", DicomFixtures.PATIENT_ID, DicomFixtures.BIRTH_DATE)) {
            assertFalse(hidden.contains(id), id + " in\n" + hidden);
        }
        AttributeList kept = read(write("kept.dcm", e, DicomFixtures.options(source, true)));
        assertEquals(DicomFixtures.PATIENT_NAME, text(kept, TagFromName.PatientName));
        assertEquals(DicomFixtures.PATIENT_ID, text(kept, TagFromName.PatientID));
    }

    @Test
    void imageNotReadFromDicomIsRefusedClearly() {
        DeepMinerException ex = assertThrows(DeepMinerException.class,
                () -> DicomFixtures.render(renderer, Explanations.standard(), RenderOptions.defaults()));
        assertTrue(ex.getMessage().startsWith("sample phantom-0001: the image was not read from DICOM"), ex.getMessage());
    }

    private static int maxOf(byte[] pixels, int from, int length) {
        int max = 0;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, pixels[i] & 255);
        }
        return max;
    }

    private Path write(String name, Explanation e, RenderOptions options) throws Exception {
        return DicomFixtures.save(dir, name, DicomFixtures.render(renderer, e, options));
    }
}
