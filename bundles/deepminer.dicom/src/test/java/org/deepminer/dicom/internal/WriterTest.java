package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writers put in the objects beyond validity, and what they refuse to write. */
class WriterTest {
    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    @Test
    void uidsAreValidAndUnique() {
        Pattern uid = Pattern.compile("2\\.25\\.(0|[1-9][0-9]*)");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String u = service.newUid();
            assertTrue(uid.matcher(u).matches() && u.length() <= 64, u);
            assertTrue(seen.add(u), "repeated " + u);
        }
    }

    @Test
    void mammogramCarriesTheAttributesAViewerHangsItBy() throws Exception {
        MammogramObject mg = TestSupport.mammogram(uids, 40, 30, Laterality.RIGHT, "MLO");
        Path file = dir.resolve("rmlo.dcm");
        service.writeMammogram(file, mg);
        AttributeList list = read(file);
        assertEquals(TestSupport.MG_FOR_PRESENTATION, text(list, TagFromName.SOPClassUID));
        assertEquals("R", text(list, TagFromName.ImageLaterality));
        assertEquals("P\\FL", Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.PatientOrientation));
        assertEquals("FOR PRESENTATION", text(list, TagFromName.PresentationIntentType));
        assertEquals("NO", text(list, TagFromName.BurnedInAnnotation));
        assertEquals("DeepMiner phantom", text(list, TagFromName.Manufacturer));
        assertEquals("399368009", codeValue(list, TagFromName.ViewCodeSequence));
        assertEquals("76752008", codeValue(list, TagFromName.AnatomicRegionSequence));
        assertEquals(mg.identity().studyInstanceUid(), text(list, TagFromName.StudyInstanceUID));
        assertEquals("12", text(list, TagFromName.BitsStored));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".partial")));
    }

    @Test
    void maskKeepsTheStudyAndReferencesItsSource() throws Exception {
        DicomIdentity identity = TestSupport.identity(uids);
        String source = uids.newUid();
        Path file = dir.resolve("mask.dcm");
        service.writeMask(file, new MaskObject(identity, 10, 10, new BitSet(), source, TestSupport.MG_FOR_PRESENTATION));
        AttributeList list = read(file);
        assertEquals(identity.studyInstanceUid(), text(list, TagFromName.StudyInstanceUID));
        assertEquals(identity.seriesInstanceUid(), text(list, TagFromName.SeriesInstanceUID));
        AttributeList reference = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(list,
                TagFromName.SourceImageSequence);
        assertEquals(source, text(reference, TagFromName.ReferencedSOPInstanceUID));
        assertEquals(TestSupport.MG_FOR_PRESENTATION, text(reference, TagFromName.ReferencedSOPClassUID));
        assertEquals("8", text(list, TagFromName.BitsAllocated));
        assertEquals("MONOCHROME2", text(list, TagFromName.PhotometricInterpretation));
    }

    @Test
    void secondaryCaptureKeepsTheColours() throws Exception {
        int[] rgb = {0xFF0000, 0x00FF00, 0x0000FF, 0x123456};
        Path file = dir.resolve("sc.dcm");
        service.writeSecondaryCapture(file, TestSupport.identity(uids), 2, 2, rgb, uids.newUid(),
                TestSupport.MG_FOR_PRESENTATION);
        AttributeList list = read(file);
        byte[] pixels = list.get(TagFromName.PixelData).getByteValues();
        byte[] expected = {(byte) 0xFF, 0, 0, 0, (byte) 0xFF, 0, 0, 0, (byte) 0xFF, 0x12, 0x34, 0x56};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], pixels[i], "byte " + i);
        }
        assertEquals("RGB", text(list, TagFromName.PhotometricInterpretation));
    }

    @Test
    void refusesWhatWouldMakeAnInvalidObject() {
        Path file = dir.resolve("bad.dcm");
        short[] pixels = new short[4];
        pixels[3] = 5000; // above 12 bits
        DicomIdentity identity = TestSupport.identity(uids);
        assertNamed(file, "5000", assertThrows(DicomException.class, () -> service.writeMammogram(file,
                new MammogramObject(identity, 2, 2, 12, pixels, Laterality.LEFT, "CC", 0.1, 100, 200))));
        assertNamed(file, "view 'AP'", assertThrows(DicomException.class, () -> service.writeMammogram(file,
                new MammogramObject(identity, 2, 2, 12, new short[4], Laterality.LEFT, "AP", 0.1, 100, 200))));
        assertNamed(file, "ImageLaterality", assertThrows(DicomException.class, () -> service.writeMammogram(file,
                new MammogramObject(identity, 2, 2, 12, new short[4], Laterality.UNKNOWN, "CC", 0.1, 100, 200))));
        DicomIdentity badUid = new DicomIdentity("P", "N", "1.2.x", null, null, "20240101", "");
        assertNamed(file, "StudyInstanceUID (0020,000D) '1.2.x'", assertThrows(DicomException.class,
                () -> service.writeMammogram(file, new MammogramObject(badUid, 2, 2, 12, new short[4],
                        Laterality.LEFT, "CC", 0.1, 100, 200))));
        assertNamed(file, "ReferencedSOPInstanceUID", assertThrows(DicomException.class,
                () -> service.writeMask(file, new MaskObject(identity, 2, 2, new BitSet(), "", "1.2.3"))));
        assertNamed(file, "outside", assertThrows(DicomException.class,
                () -> service.writeMask(file, new MaskObject(identity, 2, 2, bit(4), "1.2.3", "1.2.3"))));
        assertNamed(file, "3x2 picture with 5 pixels", assertThrows(DicomException.class,
                () -> service.writeSecondaryCapture(file, identity, 3, 2, new int[5], "1.2.3", "1.2.3")));
        assertFalse(Files.exists(file));
    }

    @Test
    void missingUidsAreMadeAndNonAsciiNamesDeclareTheirCharacterSet() throws Exception {
        DicomIdentity identity = new DicomIdentity("P1", "Müller^Zoë", null, " ", null, "", null);
        Path file = dir.resolve("utf8.dcm");
        service.writeMammogram(file, new MammogramObject(identity, 2, 2, 12, new short[4], Laterality.LEFT, "CC", 0.1,
                100, 200));
        AttributeList list = read(file);
        assertTrue(text(list, TagFromName.StudyInstanceUID).startsWith("2.25."));
        assertTrue(text(list, TagFromName.SeriesInstanceUID).startsWith("2.25."));
        assertEquals("ISO_IR 192", text(list, TagFromName.SpecificCharacterSet));
        assertEquals("Müller^Zoë", text(list, TagFromName.PatientName));
    }

    private static BitSet bit(int index) {
        BitSet b = new BitSet();
        b.set(index);
        return b;
    }

    private static void assertNamed(Path file, String problem, DicomException e) {
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(problem), e.getMessage());
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    private static String text(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    private static String codeValue(AttributeList list, com.pixelmed.dicom.AttributeTag sequence) {
        return text(SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(list, sequence),
                TagFromName.CodeValue);
    }
}
