package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Laterality, view, spacing and the canonical flip from the attributes real files carry, in their order. */
class HeaderRulesTest {
    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    @Test
    void patientOrientationOverridesLaterality() throws Exception {
        // stored chest wall left (a left breast) but the header says the rows run posterior: believe it
        Path file = edit(Laterality.LEFT, "po", l -> TestSupport.set(l,
                new CodeStringAttribute(TagFromName.PatientOrientation), "P", "L"));
        DicomImage image = service.read(file, DicomReadOptions.mammogram());
        assertEquals(Laterality.LEFT, image.metadata().laterality());
        assertEquals(true, image.metadata().flipped());
    }

    @Test
    void rowsWithoutAnteriorOrPosteriorFallBackToLaterality() throws Exception {
        Path file = edit(Laterality.RIGHT, "po-rotated", l -> TestSupport.set(l,
                new CodeStringAttribute(TagFromName.PatientOrientation), "F", "L"));
        assertEquals(true, service.read(file, DicomReadOptions.mammogram()).metadata().flipped());
    }

    @Test
    void lateralityDecidesWithoutPatientOrientation() throws Exception {
        Path left = edit(Laterality.LEFT, "lat-left", l -> l.remove(TagFromName.PatientOrientation));
        Path right = edit(Laterality.RIGHT, "lat-right", l -> l.remove(TagFromName.PatientOrientation));
        assertEquals(false, service.read(left, DicomReadOptions.mammogram()).metadata().flipped());
        assertEquals(true, service.read(right, DicomReadOptions.mammogram()).metadata().flipped());
    }

    @Test
    void tissueDecidesWhenNothingElseDoes() throws Exception {
        for (Laterality stored : new Laterality[] {Laterality.LEFT, Laterality.RIGHT}) {
            Path file = edit(stored, "tissue-" + stored, l -> {
                l.remove(TagFromName.PatientOrientation);
                l.remove(TagFromName.ImageLaterality);
            });
            DicomImage image = service.read(file, DicomReadOptions.mammogram());
            assertEquals(Laterality.UNKNOWN, image.metadata().laterality());
            assertEquals(stored == Laterality.RIGHT, image.metadata().flipped(), "tissue on the " + stored);
            assertEquals(true, RoundTripTest.halfSum(image, true) > RoundTripTest.halfSum(image, false));
        }
    }

    @Test
    void lateralityFallsBackToSeriesThenFrameLaterality() throws Exception {
        Path series = edit(Laterality.LEFT, "series-lat", l -> {
            l.remove(TagFromName.ImageLaterality);
            TestSupport.set(l, new CodeStringAttribute(TagFromName.Laterality), "R");
        });
        assertEquals(Laterality.RIGHT, service.read(series, DicomReadOptions.anyImage()).metadata().laterality());

        Path frame = edit(Laterality.LEFT, "frame-lat", l -> {
            l.remove(TagFromName.ImageLaterality);
            AttributeList anatomy = new AttributeList();
            TestSupport.set(anatomy, new CodeStringAttribute(TagFromName.FrameLaterality), "R");
            SequenceAttribute anatomySequence = new SequenceAttribute(TagFromName.FrameAnatomySequence);
            anatomySequence.addItem(anatomy);
            AttributeList shared = new AttributeList();
            shared.put(anatomySequence);
            SequenceAttribute groups = new SequenceAttribute(TagFromName.SharedFunctionalGroupsSequence);
            groups.addItem(shared);
            l.put(groups);
        });
        assertEquals(Laterality.RIGHT, service.read(frame, DicomReadOptions.anyImage()).metadata().laterality());

        Path bilateral = edit(Laterality.LEFT, "both", l -> TestSupport.set(l,
                new CodeStringAttribute(TagFromName.ImageLaterality), "B"));
        assertEquals(Laterality.UNKNOWN, service.read(bilateral, DicomReadOptions.anyImage()).metadata().laterality());
    }

    @Test
    void viewFallsBackToTheViewCodeSequence() throws Exception {
        Path coded = edit(Laterality.LEFT, "view-code", l -> {
            l.remove(TagFromName.ViewPosition);
            l.put(viewCode("399368009", "SCT"));
        });
        assertEquals("MLO", service.read(coded, DicomReadOptions.anyImage()).metadata().view());

        Path legacy = edit(Laterality.LEFT, "view-srt", l -> {
            l.remove(TagFromName.ViewPosition);
            l.put(viewCode("R-1024A", "SRT"));
        });
        assertEquals("XCCL", service.read(legacy, DicomReadOptions.anyImage()).metadata().view());

        Path none = edit(Laterality.LEFT, "view-none", l -> {
            l.remove(TagFromName.ViewPosition);
            l.remove(TagFromName.ViewCodeSequence);
        });
        assertEquals("", service.read(none, DicomReadOptions.anyImage()).metadata().view());
    }

    @Test
    void spacingFallsBackToImagerPixelSpacing() throws Exception {
        Path file = edit(Laterality.LEFT, "spacing", l -> {
            l.remove(TagFromName.PixelSpacing);
            TestSupport.set(l, new DecimalStringAttribute(TagFromName.ImagerPixelSpacing), "0.1", "0.1");
        });
        assertEquals(0.1, service.read(file, DicomReadOptions.anyImage()).metadata().pixelSpacingMm(), 1e-12);
        Path none = edit(Laterality.LEFT, "no-spacing", l -> {
            l.remove(TagFromName.PixelSpacing);
            l.remove(TagFromName.ImagerPixelSpacing);
        });
        assertEquals(0, service.read(none, DicomReadOptions.anyImage()).metadata().pixelSpacingMm());
    }

    private static SequenceAttribute viewCode(String value, String scheme) throws Exception {
        AttributeList item = new AttributeList();
        TestSupport.set(item, new ShortStringAttribute(TagFromName.CodeValue), value);
        TestSupport.set(item, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), scheme);
        TestSupport.set(item, new LongStringAttribute(TagFromName.CodeMeaning), "a view");
        SequenceAttribute sequence = new SequenceAttribute(TagFromName.ViewCodeSequence);
        sequence.addItem(item);
        return sequence;
    }

    private Path edit(Laterality stored, String name, TestSupport.Edit edit) throws Exception {
        Path base = dir.resolve(name + "-base.dcm");
        service.writeMammogram(base, TestSupport.mammogram(uids, 80, 60, stored, "CC"));
        return TestSupport.edit(base, dir.resolve(name + ".dcm"), edit);
    }
}
