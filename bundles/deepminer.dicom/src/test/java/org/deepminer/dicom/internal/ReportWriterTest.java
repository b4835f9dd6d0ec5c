package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.Finding;
import org.deepminer.dicom.ImageRegion;
import org.deepminer.dicom.ImagingMeasurementReport;
import org.deepminer.dicom.ReportCodes;
import org.deepminer.dicom.SourceImage;
import org.deepminer.dicom.TextObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TID 1500 report says, read back with PixelMed: above all what neither validator checks
 * (language, procedure reported, observer, evidence, identifiers), and what the writer refuses.
 */
class ReportWriterTest {
    private static final DicomIdentity NO_PATIENT = new DicomIdentity("", "", "", "", "", "20240131", "");

    private final PixelMedDicomService service = new PixelMedDicomService();
    private final ObjectWriter uids = new ObjectWriter();

    @TempDir
    Path dir;

    @Test
    void reportCarriesTheTid1500ItemsTheValidatorsMiss() throws Exception {
        SourceImage source = Explanations.source(uids, 97, 61, false);
        String device = uids.newUid();
        Path file = dir.resolve("sr.dcm");
        service.writeStructuredReport(file, NO_PATIENT, Explanations.report(source, device,
                Explanations.mass("", ImageRegion.box(10, 10, 40, 30))));
        AttributeList list = read(file);

        assertEquals("1.2.840.10008.5.1.4.1.1.88.33", text(list, TagFromName.SOPClassUID)); // Comprehensive SR
        assertEquals("SR", text(list, TagFromName.Modality));
        assertEquals(source.studyInstanceUid(), text(list, TagFromName.StudyInstanceUID));
        String series = text(list, TagFromName.SeriesInstanceUID);
        String instance = text(list, TagFromName.SOPInstanceUID);
        assertTrue(series.startsWith("2.25.") && instance.startsWith("2.25."), series + " " + instance);
        assertNotEquals(source.seriesInstanceUid(), series);
        assertNotEquals(source.sopInstanceUid(), instance);
        assertNotEquals(series, instance);
        assertEquals("DeepMiner explanation", text(list, TagFromName.SeriesDescription));

        // evidence: study > series > the source image
        AttributeList study = only(list, TagFromName.CurrentRequestedProcedureEvidenceSequence);
        assertEquals(source.studyInstanceUid(), text(study, TagFromName.StudyInstanceUID));
        AttributeList seriesItem = only(study, TagFromName.ReferencedSeriesSequence);
        assertEquals(source.seriesInstanceUid(), text(seriesItem, TagFromName.SeriesInstanceUID));
        AttributeList sop = only(seriesItem, TagFromName.ReferencedSOPSequence);
        assertEquals(source.sopInstanceUid(), text(sop, TagFromName.ReferencedSOPInstanceUID));
        assertEquals(source.sopClassUid(), text(sop, TagFromName.ReferencedSOPClassUID));
        SequenceAttribute performed = (SequenceAttribute) list.get(TagFromName.PerformedProcedureCodeSequence);
        assertNotNull(performed, "PerformedProcedureCodeSequence must be present");
        assertEquals(0, performed.getNumberOfItems());

        // the content tree
        ContentItem root = (ContentItem) new StructuredReport(list).getRoot();
        assertEquals("126000", root.getConceptNameCodeValue());
        AttributeList template = only(list, TagFromName.ContentTemplateSequence);
        assertEquals("DCMR", text(template, TagFromName.MappingResource));
        assertEquals("1500", text(template, TagFromName.TemplateIdentifier));
        assertCode(child(root, "121049", "HAS CONCEPT MOD"), "RFC5646", "en-US");
        assertCode(child(root, "121005", "HAS OBS CONTEXT"), "DCM", "121007");
        assertEquals(device, child(root, "121012", "HAS OBS CONTEXT").getConceptValue().trim());
        assertEquals("DeepMiner", child(root, "121013", "HAS OBS CONTEXT").getConceptValue().trim());
        assertCode(child(root, "121058", "HAS CONCEPT MOD"), "SCT", "71651007");
        ContentItem libraryGroup = child(child(root, "111028", "CONTAINS"), "126200", "CONTAINS");
        ContentItem entry = children(libraryGroup).stream().filter(c -> "IMAGE".equals(c.getValueType()))
                .findFirst().orElseThrow();
        assertEquals(source.sopInstanceUid(), entry.getReferencedSOPInstanceUID());
        assertEquals(source.sopClassUid(), entry.getReferencedSOPClassUID());
        ContentItem measurements = child(root, "126010", "CONTAINS");
        assertEquals("resnet-cbis", child(measurements, "111001", "HAS CONCEPT MOD").getConceptValue().trim());
        assertEquals(1, named(measurements, "125007").size());
    }

    @Test
    void measurementGroupSaysWhatWasFoundWhereAndWhy() throws Exception {
        SourceImage source = Explanations.source(uids, 97, 61, false);
        String tracking = uids.newUid();
        Path file = dir.resolve("sr.dcm");
        service.writeStructuredReport(file, NO_PATIENT, Explanations.report(source, uids.newUid(),
                Explanations.mass(tracking, ImageRegion.box(10, 10, 40, 30)), Explanations.calcifications(50.5f, 20.5f)));
        ContentItem measurements = child((ContentItem) new StructuredReport(read(file)).getRoot(), "126010", "CONTAINS");
        List<ContentItem> groups = named(measurements, "125007");
        assertEquals(2, groups.size());

        ContentItem mass = groups.get(0);
        assertEquals("unit 42", child(mass, "112039", "HAS OBS CONTEXT").getConceptValue().trim());
        assertEquals(tracking, child(mass, "112040", "HAS OBS CONTEXT").getConceptValue().trim());
        assertCode(child(mass, "121071", "CONTAINS"), "SCT", "129788004");
        assertCode(child(mass, "363698007", "HAS CONCEPT MOD"), "SCT", "80248007");
        assertCode(child(mass, "130400", "CONTAINS"), "DCM", "111041"); // outline
        ContentItem region = child(mass, "111030", "CONTAINS");
        assertEquals("POLYLINE", region.getGraphicType());
        // the box closed: first point repeated
        assertArrayEquals(new float[] {10, 10, 40, 10, 40, 30, 10, 30, 10, 10}, region.getGraphicData());
        ContentItem selectedFrom = children(region).get(0);
        assertEquals("SELECTED FROM", selectedFrom.getRelationshipType());
        assertEquals(source.sopInstanceUid(), selectedFrom.getReferencedSOPInstanceUID());
        assertCode(child(mass, "111037", "CONTAINS"), "SCT", "129742005");
        assertCode(child(mass, "107644003", "CONTAINS"), "SCT", "49608001");
        ContentItemFactory.NumericContentItem unit = (ContentItemFactory.NumericContentItem) child(mass, "unit", "CONTAINS");
        assertEquals(42, Double.parseDouble(unit.getNumericValue()));
        assertEquals("1", unit.getUnits().getCodeValue());
        assertEquals("UCUM", unit.getUnits().getCodingSchemeDesignator());
        ContentItemFactory.NumericContentItem score =
                (ContentItemFactory.NumericContentItem) child(mass, "unit-score", "CONTAINS");
        assertEquals(0.8734, Double.parseDouble(score.getNumericValue()), 1e-9);
        assertEquals("{score}", score.getUnits().getCodeValue());
        assertEquals("spiculated", child(mass, "unit-label", "CONTAINS").getConceptValue().trim());

        ContentItem calcifications = groups.get(1);
        String madeUid = child(calcifications, "112040", "HAS OBS CONTEXT").getConceptValue().trim();
        assertTrue(madeUid.startsWith("2.25."), madeUid);
        assertNotEquals(tracking, madeUid);
        assertCode(child(calcifications, "130400", "CONTAINS"), "DCM", "111010"); // centre
        ContentItem point = child(calcifications, "111030", "CONTAINS");
        assertEquals("POINT", point.getGraphicType());
        assertArrayEquals(new float[] {50.5f, 20.5f}, point.getGraphicData());

        // the private scheme is identified in the header
        AttributeList scheme = only(read(file), TagFromName.CodingSchemeIdentificationSequence);
        assertEquals(ReportCodes.DEEPMINER_SCHEME, text(scheme, TagFromName.CodingSchemeDesignator));
    }

    @Test
    void regionOfAFlippedImageIsMirroredBackOntoTheStoredSource() throws Exception {
        SourceImage source = Explanations.source(uids, 100, 50, true);
        Path file = dir.resolve("sr.dcm");
        service.writeStructuredReport(file, NO_PATIENT, Explanations.report(source, uids.newUid(),
                Explanations.mass("", new ImageRegion(ImageRegion.Shape.POLYLINE, new float[] {0, 5, 10.5f, 20, 100, 50}))));
        ContentItem group = named(child((ContentItem) new StructuredReport(read(file)).getRoot(), "126010", "CONTAINS"),
                "125007").get(0);
        ContentItem region = child(group, "111030", "CONTAINS");
        assertEquals("POLYLINE", region.getGraphicType());
        assertArrayEquals(new float[] {100, 5, 89.5f, 20, 0, 50}, region.getGraphicData()); // open: not closed
        assertTrue(named(group, "130400").isEmpty(), "an open line has no geometric purpose");
    }

    @Test
    void patientIdentifiersOnlyWhenTheCallerGivesThem() throws Exception {
        SourceImage source = Explanations.source(uids, 40, 30, false);
        ImagingMeasurementReport report = Explanations.report(source, uids.newUid(),
                Explanations.calcifications(5, 5));
        Path anonymous = dir.resolve("anonymous.dcm");
        service.writeStructuredReport(anonymous, NO_PATIENT, report);
        AttributeList list = read(anonymous);
        assertEquals("", text(list, TagFromName.PatientName));
        assertEquals("", text(list, TagFromName.PatientID));
        assertEquals("", text(list, TagFromName.PatientBirthDate));

        Path named = dir.resolve("named.dcm");
        service.writeStructuredReport(named, new DicomIdentity("PHANTOM-0001", "Phantom^Test",
                source.studyInstanceUid(), "", "", "20240131", "ACC0001"), report);
        list = read(named);
        assertEquals("Phantom^Test", text(list, TagFromName.PatientName));
        assertEquals("PHANTOM-0001", text(list, TagFromName.PatientID));
        assertEquals("ACC0001", text(list, TagFromName.AccessionNumber));
        assertEquals("", text(list, TagFromName.PatientBirthDate));
    }

    @Test
    void textBeyondAsciiIsWrittenAsUtf8() throws Exception {
        SourceImage source = Explanations.source(uids, 40, 30, false);
        Finding f = new Finding("unit 3", "", ReportCodes.MASS, null, ImageRegion.point(4, 4), List.of(), List.of(),
                List.of(new TextObservation(ReportCodes.UNIT_LABEL, "Läsion – spikuliert")));
        Path file = dir.resolve("utf8.dcm");
        service.writeStructuredReport(file, NO_PATIENT, Explanations.report(source, uids.newUid(), f));
        AttributeList list = read(file);
        assertEquals("ISO_IR 192", text(list, TagFromName.SpecificCharacterSet));
        ContentItem group = named(child((ContentItem) new StructuredReport(list).getRoot(), "126010", "CONTAINS"),
                "125007").get(0);
        assertEquals("Läsion – spikuliert", child(group, "unit-label", "CONTAINS").getConceptValue().trim());
        assertTrue(named(group, "363698007").isEmpty(), "no finding site when none is given");
    }

    @Test
    void emptyReportStillNamesItsSource() throws Exception {
        SourceImage source = Explanations.source(uids, 40, 30, false);
        Path file = dir.resolve("empty.dcm");
        service.writeStructuredReport(file, NO_PATIENT, Explanations.report(source, uids.newUid()));
        ContentItem root = (ContentItem) new StructuredReport(read(file)).getRoot();
        assertTrue(named(child(root, "126010", "CONTAINS"), "125007").isEmpty());
        assertEquals(source.sopInstanceUid(), only(only(only(read(file),
                TagFromName.CurrentRequestedProcedureEvidenceSequence), TagFromName.ReferencedSeriesSequence),
                TagFromName.ReferencedSOPSequence).get(TagFromName.ReferencedSOPInstanceUID).getSingleStringValueOrEmptyString());
    }

    @Test
    void refusesWhatWouldBreakTheReport() {
        SourceImage source = Explanations.source(uids, 40, 30, false);
        String device = uids.newUid();
        Finding ok = Explanations.calcifications(5, 5);
        assertRefused("is not the source image's study", new DicomIdentity("", "", uids.newUid(), "", "", "", ""),
                Explanations.report(source, device, ok));
        assertRefused("needs a new series", new DicomIdentity("", "", "", source.seriesInstanceUid(), "", "", ""),
                Explanations.report(source, device, ok));
        assertRefused("only an image read from DICOM can be referred to", NO_PATIENT, Explanations.report(new SourceImage(
                source.studyInstanceUid(), source.seriesInstanceUid(), source.sopClassUid(), null, 40, 30,
                source.laterality(), List.of(), false), device, ok));
        assertRefused("Device Observer UID", NO_PATIENT, Explanations.report(source, "", ok));
        assertRefused("lies outside the 40x30 image", NO_PATIENT,
                Explanations.report(source, device, Explanations.calcifications(40.5f, 3)));
        assertRefused("needs exactly 1", NO_PATIENT, Explanations.report(source, device, new Finding("u", "",
                ReportCodes.MASS, null, new ImageRegion(ImageRegion.Shape.POINT, new float[] {1, 2, 3, 4}), List.of(),
                List.of(), List.of())));
        assertRefused("at least 3", NO_PATIENT, Explanations.report(source, device, new Finding("u", "",
                ReportCodes.MASS, null, ImageRegion.polygon(1, 2, 3, 4), List.of(), List.of(), List.of())));
        assertRefused("has no image region", NO_PATIENT, Explanations.report(source, device, new Finding("u", "",
                ReportCodes.MASS, null, null, List.of(), List.of(), List.of())));
        assertRefused("unique within the report", NO_PATIENT, Explanations.report(source, device, ok, ok));
        assertRefused("too long", NO_PATIENT, Explanations.report(source, device, new Finding("u", "",
                new Code("SCT", "12345678901234567", "Too long"), null, ImageRegion.point(1, 1), List.of(), List.of(),
                List.of())));
        assertRefused("needs a value, a scheme and a meaning", NO_PATIENT, Explanations.report(source, device,
                new Finding("u", "", new Code("SCT", "129788004", " "), null, ImageRegion.point(1, 1), List.of(),
                        List.of(), List.of())));
        assertRefused("has no version", NO_PATIENT, new ImagingMeasurementReport(source, "", device, "", "model",
                "", List.of(ok)));
        assertRefused("not a finite number", NO_PATIENT, Explanations.report(source, device, new Finding("u", "",
                ReportCodes.MASS, null, ImageRegion.point(1, 1), List.of(), List.of(new org.deepminer.dicom.Measurement(
                        ReportCodes.UNIT_SCORE, Double.NaN, ReportCodes.SCORE)), List.of())));
    }

    private void assertRefused(String expected, DicomIdentity identity, ImagingMeasurementReport report) {
        Path file = dir.resolve("refused.dcm");
        DicomException e = assertThrows(DicomException.class, () -> service.writeStructuredReport(file, identity, report));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!Files.exists(file), "nothing is written when refused");
    }

    private static void assertCode(ContentItem item, String scheme, String value) {
        CodedSequenceItem code = ((ContentItemFactory.CodeContentItem) item).getConceptCode();
        assertEquals(scheme, code.getCodingSchemeDesignator(), item.toString());
        assertEquals(value, code.getCodeValue(), item.toString());
    }

    static List<ContentItem> children(ContentItem parent) {
        List<ContentItem> out = new ArrayList<>();
        for (int i = 0; i < parent.getChildCount(); i++) {
            out.add((ContentItem) parent.getChildAt(i));
        }
        return out;
    }

    static List<ContentItem> named(ContentItem parent, String conceptValue) {
        return children(parent).stream().filter(c -> conceptValue.equals(c.getConceptNameCodeValue())).toList();
    }

    /** The one child named {@code conceptValue}, checking its relationship to the parent. */
    static ContentItem child(ContentItem parent, String conceptValue, String relationship) {
        List<ContentItem> found = named(parent, conceptValue);
        assertEquals(1, found.size(), () -> "children named " + conceptValue + " of " + parent);
        assertEquals(relationship, found.get(0).getRelationshipType(), found.get(0).toString());
        return found.get(0);
    }

    static AttributeList only(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        SequenceAttribute sequence = (SequenceAttribute) list.get(tag);
        assertNotNull(sequence, () -> Tags.describe(tag) + " missing");
        assertEquals(1, sequence.getNumberOfItems(), () -> Tags.describe(tag) + " items");
        return sequence.getItem(0).getAttributeList();
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    static String text(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }
}
