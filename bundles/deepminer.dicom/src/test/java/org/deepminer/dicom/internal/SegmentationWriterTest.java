package org.deepminer.dicom.internal;

import static org.deepminer.dicom.internal.ReportWriterTest.only;
import static org.deepminer.dicom.internal.ReportWriterTest.read;
import static org.deepminer.dicom.internal.ReportWriterTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.ReportCodes;
import org.deepminer.dicom.Segment;
import org.deepminer.dicom.SegmentationObject;
import org.deepminer.dicom.SegmentationType;
import org.deepminer.dicom.SourceImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the segmentation holds, read back with PixelMed, and what the writer refuses. */
class SegmentationWriterTest {
    private static final DicomIdentity NO_PATIENT = new DicomIdentity("", "", "", "", "", "", "");

    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    @Test
    void fractionalHeatmapsAreProbabilitiesOfByteDepth() throws Exception {
        int width = 13;
        int height = 7;
        SourceImage source = Explanations.source(uids, width, height, false);
        float[] ramp = Explanations.ramp(width, height);
        float[] spot = new float[width * height];
        spot[3 * width + 4] = 1;
        spot[3 * width + 5] = 0.5f;
        Path file = dir.resolve("heat.dcm");
        service.writeSegmentation(file, NO_PATIENT, new SegmentationObject(source, SegmentationType.FRACTIONAL,
                "heatmaps", List.of(Explanations.heatmap(42, ramp), Explanations.heatmap(7, spot))));
        AttributeList list = read(file);

        assertEquals("1.2.840.10008.5.1.4.1.1.66.4", text(list, TagFromName.SOPClassUID));
        assertEquals("SEG", text(list, TagFromName.Modality));
        assertEquals("FRACTIONAL", text(list, TagFromName.SegmentationType));
        assertEquals("PROBABILITY", text(list, TagFromName.SegmentationFractionalType));
        assertEquals("255", text(list, TagFromName.MaximumFractionalValue));
        assertEquals("8", text(list, TagFromName.BitsAllocated));
        assertEquals("2", text(list, TagFromName.NumberOfFrames));
        assertEquals(String.valueOf(height), text(list, TagFromName.Rows));
        assertEquals(String.valueOf(width), text(list, TagFromName.Columns));
        assertEquals("A\\FR", Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.PatientOrientation));
        assertNull(list.get(TagFromName.FrameOfReferenceUID), "a projection image has no frame of reference");
        assertEquals("", text(list, TagFromName.PatientName));
        assertEquals("", text(list, TagFromName.PatientID));
        assertEquals(source.studyInstanceUid(), text(list, TagFromName.StudyInstanceUID));

        SequenceAttribute segments = (SequenceAttribute) list.get(TagFromName.SegmentSequence);
        assertEquals(2, segments.getNumberOfItems());
        AttributeList second = segments.getItem(1).getAttributeList();
        assertEquals("2", text(second, TagFromName.SegmentNumber));
        assertEquals("unit 7", text(second, TagFromName.SegmentLabel));
        assertEquals("AUTOMATIC", text(second, TagFromName.SegmentAlgorithmType));
        assertEquals("DeepMiner CAM", text(second, Tags.SEGMENT_ALGORITHM_NAME));
        assertEquals("49755003", text(only(second, TagFromName.SegmentedPropertyCategoryCodeSequence), TagFromName.CodeValue));
        assertEquals("129788004", text(only(second, TagFromName.SegmentedPropertyTypeCodeSequence), TagFromName.CodeValue));

        // each frame: its segment, derived from the source image
        SequenceAttribute frames = (SequenceAttribute) list.get(TagFromName.PerFrameFunctionalGroupsSequence);
        assertEquals(2, frames.getNumberOfItems());
        for (int f = 0; f < 2; f++) {
            AttributeList frame = frames.getItem(f).getAttributeList();
            assertEquals(String.valueOf(f + 1), text(only(frame, TagFromName.SegmentIdentificationSequence),
                    TagFromName.ReferencedSegmentNumber));
            assertEquals(String.valueOf(f + 1), text(only(frame, TagFromName.FrameContentSequence),
                    TagFromName.DimensionIndexValues));
            AttributeList derivation = only(frame, TagFromName.DerivationImageSequence);
            assertEquals("113076", text(only(derivation, TagFromName.DerivationCodeSequence), TagFromName.CodeValue));
            AttributeList sourceImage = only(derivation, TagFromName.SourceImageSequence);
            assertEquals(source.sopInstanceUid(), text(sourceImage, TagFromName.ReferencedSOPInstanceUID));
            assertEquals("121322", text(only(sourceImage, TagFromName.PurposeOfReferenceCodeSequence), TagFromName.CodeValue));
        }
        AttributeList series = only(list, TagFromName.ReferencedSeriesSequence);
        assertEquals(source.seriesInstanceUid(), text(series, TagFromName.SeriesInstanceUID));
        assertEquals(source.sopInstanceUid(), text(only(series, TagFromName.ReferencedInstanceSequence),
                TagFromName.ReferencedSOPInstanceUID));

        byte[] pixels = list.get(TagFromName.PixelData).getByteValues();
        int frameSize = width * height;
        for (int i = 0; i < frameSize; i++) {
            assertEquals(Math.round(ramp[i] * 255), pixels[i] & 0xFF, "frame 1 pixel " + i);
        }
        assertEquals(255, pixels[frameSize + 3 * width + 4] & 0xFF);
        assertEquals(128, pixels[frameSize + 3 * width + 5] & 0xFF); // 127.5 rounds up
        assertEquals(0, pixels[frameSize + 3 * width + 6] & 0xFF);
    }

    @Test
    void binaryRegionsArePackedBitsAcrossFrames() throws Exception {
        int width = 5; // 15 pixels a frame: the second frame starts inside a byte
        int height = 3;
        SourceImage source = Explanations.source(uids, width, height, false);
        float[] first = Explanations.ramp(width, height);
        float[] second = new float[width * height];
        for (int i = 0; i < second.length; i += 3) {
            second[i] = 0.75f;
        }
        Path file = dir.resolve("regions.dcm");
        service.writeSegmentation(file, NO_PATIENT, new SegmentationObject(source, SegmentationType.BINARY, "",
                List.of(Explanations.heatmap(1, first), Explanations.heatmap(2, second))));
        AttributeList list = read(file);
        assertEquals("BINARY", text(list, TagFromName.SegmentationType));
        assertEquals("1", text(list, TagFromName.BitsAllocated));
        assertEquals("1", text(list, TagFromName.BitsStored));
        assertEquals("0", text(list, TagFromName.HighBit));
        assertNull(list.get(TagFromName.SegmentationFractionalType));
        byte[] pixels = list.get(TagFromName.PixelData).getByteValues();
        assertEquals(4, pixels.length, "30 bits: 4 bytes, even length");
        int frameSize = width * height;
        for (int i = 0; i < 2 * frameSize; i++) {
            float v = i < frameSize ? first[i] : second[i - frameSize];
            boolean set = (pixels[i / 8] >> (i % 8) & 1) == 1; // PS3.5 8.1.1: first pixel in the lowest bit
            assertEquals(v >= 0.5f, set, "bit " + i + " for value " + v);
        }
        assertEquals(0, pixels[3] >> 6 & 3, "padding bits stay 0");
    }

    @Test
    void framesOfAFlippedImageAreMirroredBackOntoTheStoredSource() throws Exception {
        int width = 6;
        int height = 2;
        SourceImage source = Explanations.source(uids, width, height, true);
        float[] v = new float[width * height];
        v[0] = 1; // canonical top-left: the stored image's top-right
        v[width + 1] = 0.2f;
        Path file = dir.resolve("flipped.dcm");
        service.writeSegmentation(file, NO_PATIENT, new SegmentationObject(source, SegmentationType.FRACTIONAL, "",
                List.of(Explanations.heatmap(1, v))));
        byte[] pixels = read(file).get(TagFromName.PixelData).getByteValues();
        assertEquals(255, pixels[width - 1] & 0xFF);
        assertEquals(0, pixels[0] & 0xFF);
        assertEquals(51, pixels[width + width - 2] & 0xFF);
    }

    @Test
    void staysInTheSourceStudyWithASeriesOfItsOwn() throws Exception {
        SourceImage source = Explanations.source(uids, 4, 4, false);
        Path file = dir.resolve("seg.dcm");
        service.writeSegmentation(file, new DicomIdentity("PHANTOM-0001", "Phantom^Test", "", "", "", "20240131", ""),
                new SegmentationObject(source, SegmentationType.BINARY, "regions",
                        List.of(Explanations.heatmap(1, new float[16]))));
        AttributeList list = read(file);
        assertEquals(source.studyInstanceUid(), text(list, TagFromName.StudyInstanceUID));
        assertNotEquals(source.seriesInstanceUid(), text(list, TagFromName.SeriesInstanceUID));
        assertNotEquals(source.sopInstanceUid(), text(list, TagFromName.SOPInstanceUID));
        assertEquals("Phantom^Test", text(list, TagFromName.PatientName));
        assertEquals("", text(list, TagFromName.PatientBirthDate));
        assertEquals("regions", text(list, TagFromName.SeriesDescription));
    }

    @Test
    void refusesWhatWouldBreakTheSegmentation() {
        SourceImage source = Explanations.source(uids, 4, 3, false);
        Segment ok = Explanations.heatmap(1, new float[12]);
        assertRefused("needs at least one", new SegmentationObject(source, SegmentationType.BINARY, "", List.of()));
        assertRefused("has 11 values for a 4x3 image", new SegmentationObject(source, SegmentationType.FRACTIONAL,
                "", List.of(Explanations.heatmap(1, new float[11]))));
        float[] nan = new float[12];
        nan[5] = Float.NaN;
        assertRefused("row 1, column 1 is NaN", new SegmentationObject(source, SegmentationType.FRACTIONAL, "",
                List.of(ok, Explanations.heatmap(2, nan))));
        float[] above = new float[12];
        above[11] = 1.5f;
        assertRefused("segment 1 value at row 2, column 3 is 1.5", new SegmentationObject(source,
                SegmentationType.BINARY, "", List.of(Explanations.heatmap(1, above))));
        assertRefused("SegmentedPropertyTypeCodeSequence", new SegmentationObject(source, SegmentationType.BINARY, "",
                List.of(new Segment("unit 1", "CAM", ReportCodes.TISSUE, new Code("SCT", "", "none"), new float[12]))));
        assertRefused("SegmentAlgorithmName", new SegmentationObject(source, SegmentationType.BINARY, "",
                List.of(new Segment("unit 1", " ", ReportCodes.TISSUE, ReportCodes.MASS, new float[12]))));
        assertRefused("SegmentationType", new SegmentationObject(source, null, "", List.of(ok)));
        assertRefused("source SeriesInstanceUID", new SegmentationObject(new SourceImage(source.studyInstanceUid(),
                "1.2.x", source.sopClassUid(), source.sopInstanceUid(), 4, 3, source.laterality(), List.of(), false),
                SegmentationType.BINARY, "", List.of(ok)));
        Path file = dir.resolve("refused.dcm");
        DicomException e = assertThrows(DicomException.class, () -> service.writeSegmentation(file,
                new DicomIdentity("", "", uids.newUid(), "", "", "", ""),
                new SegmentationObject(source, SegmentationType.BINARY, "", List.of(ok))));
        assertTrue(e.getMessage().contains("is not the source image's study"), e.getMessage());
    }

    private void assertRefused(String expected, SegmentationObject seg) {
        Path file = dir.resolve("refused.dcm");
        DicomException e = assertThrows(DicomException.class, () -> service.writeSegmentation(file, NO_PATIENT, seg));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertFalse(Files.exists(file), "nothing is written when refused");
    }
}
