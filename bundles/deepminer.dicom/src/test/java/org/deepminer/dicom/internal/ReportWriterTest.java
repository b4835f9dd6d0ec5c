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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.Finding;
import org.deepminer.dicom.ImageMeasurementGroup;
import org.deepminer.dicom.ImageRegion;
import org.deepminer.dicom.ImagingMeasurementReport;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.Measurement;
import org.deepminer.dicom.QualitativeEvaluation;
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
    private static final String SENTENCE = "malignant (0.91): spiculated mass margin, fine pleomorphic calcifications";
    /** Class probabilities as a classifier gives them, one name longer than a code value may be. */
    private static final Map<String, Double> PROBABILITIES = probabilities();

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

        Path born = dir.resolve("born.dcm");
        service.writeStructuredReport(born, new DicomIdentity("PHANTOM-0001", "Phantom^Test", "", "", "", "20240131",
                "", "19610203"), report);
        assertEquals("19610203", text(read(born), TagFromName.PatientBirthDate));
        assertEquals("", text(read(anonymous), TagFromName.PatientBirthDate), "no birth date unless given");
    }

    @Test
    void birthDateTravelsFromTheSourceThroughTheReaderIntoTheReport() throws Exception {
        MammogramObject m = TestSupport.mammogram(uids, 64, 48, Laterality.LEFT, "CC");
        DicomIdentity patient = m.identity();
        Path mammogram = dir.resolve("mg.dcm");
        service.writeMammogram(mammogram, new MammogramObject(new DicomIdentity(patient.patientId(),
                patient.patientName(), patient.studyInstanceUid(), patient.seriesInstanceUid(), patient.sopInstanceUid(),
                patient.studyDate(), patient.accessionNumber(), "19610203"), m.width(), m.height(), m.bitsStored(),
                m.pixels(), m.laterality(), m.view(), m.pixelSpacingMm(), m.windowCenter(), m.windowWidth()));
        DicomReadOptions plain = DicomReadOptions.mammogram();
        assertTrue(service.read(mammogram, plain).identifiers().isEmpty(), "no identifiers unless asked");
        DicomImage read = service.read(mammogram, new DicomReadOptions(plain.modalities(), true, true, plain.maxPixels()));
        assertEquals("19610203", read.identifiers().get("PatientBirthDate"));

        Path file = dir.resolve("sr.dcm");
        service.writeStructuredReport(file, new DicomIdentity(read.identifiers().get("PatientID"),
                read.identifiers().get("PatientName"), "", "", "", "20240131", "", read.identifiers().get("PatientBirthDate")),
                Explanations.report(SourceImage.of(read.metadata(), m.width(), m.height()), uids.newUid()));
        AttributeList list = read(file);
        assertEquals("19610203", text(list, TagFromName.PatientBirthDate));
        assertEquals("Phantom^Test", text(list, TagFromName.PatientName));
        assertEquals(patient.studyInstanceUid(), text(list, TagFromName.StudyInstanceUID));
    }

    @Test
    void reportStatesTheSentenceAndTheClassProbabilitiesAboutTheWholeImage() throws Exception {
        SourceImage source = Explanations.source(uids, 97, 61, false);
        Path file = dir.resolve("classified.dcm");
        service.writeStructuredReport(file, NO_PATIENT, classified(source,
                Explanations.mass("", ImageRegion.box(10, 10, 40, 30))));
        AttributeList list = read(file);
        ContentItem root = (ContentItem) new StructuredReport(list).getRoot();

        // the sentence and the predicted class: Qualitative Evaluations (TID 1500 rows 12-14)
        ContentItem evaluations = child(root, "C0034375", "CONTAINS");
        assertEquals("UMLS", evaluations.getConceptName().getCodingSchemeDesignator());
        ContentItem impression = child(evaluations, "121073", "CONTAINS");
        assertEquals("TEXT", impression.getValueType());
        assertEquals(SENTENCE, impression.getConceptValue().trim(), "the sentence, but for the padding of an odd length");
        ContentItem predicted = child(evaluations, "predicted-class", "CONTAINS");
        assertEquals(ReportCodes.DEEPMINER_SCHEME, predicted.getConceptName().getCodingSchemeDesignator());
        assertCode(predicted, ReportCodes.DEEPMINER_SCHEME, "malignant");

        // the probabilities: a TID 1501 group before the TID 1410 groups, one NUM per class
        ContentItem measurements = child(root, "126010", "CONTAINS");
        List<ContentItem> groups = named(measurements, "125007");
        assertEquals(2, groups.size());
        ContentItem classification = groups.get(0);
        assertEquals("image classification", child(classification, "112039", "HAS OBS CONTEXT").getConceptValue().trim());
        assertTrue(child(classification, "112040", "HAS OBS CONTEXT").getConceptValue().trim().startsWith("2.25."));
        assertTrue(named(classification, "111030").isEmpty(), "not tied to an image region");
        List<ContentItem> numbers = named(classification, "probability");
        assertEquals(PROBABILITIES.size(), numbers.size());
        Map<String, Double> written = new LinkedHashMap<>();
        for (ContentItem n : numbers) {
            ContentItemFactory.NumericContentItem num = (ContentItemFactory.NumericContentItem) n;
            assertEquals("CONTAINS", n.getRelationshipType());
            assertEquals("1", num.getUnits().getCodeValue());
            assertEquals("UCUM", num.getUnits().getCodingSchemeDesignator());
            CodedSequenceItem clazz = ((ContentItemFactory.CodeContentItem) child(n, "class", "HAS CONCEPT MOD"))
                    .getConceptCode();
            assertEquals(ReportCodes.DEEPMINER_SCHEME, clazz.getCodingSchemeDesignator());
            // NumericValue (DS) holds 16 characters; FloatingPointValue (FD) the double itself
            assertEquals(num.getFloatingPointValue(), Double.parseDouble(num.getNumericValue()), 1e-10);
            written.put(clazz.getCodeMeaning(), num.getFloatingPointValue());
        }
        assertEquals(List.copyOf(PROBABILITIES.keySet()), List.copyOf(written.keySet()), "one number per class, in order");
        PROBABILITIES.forEach((c, p) -> assertEquals(p, written.get(c), 0, c));
        assertEquals("unit 42", child(groups.get(1), "112039", "HAS OBS CONTEXT").getConceptValue().trim());
    }

    @Test
    void classCodesAreStableAndFitTheirAttributes() {
        assertEquals(new Code(ReportCodes.DEEPMINER_SCHEME, "malignant", "malignant"), ReportCodes.modelClass(" malignant "));
        Code longName = ReportCodes.modelClass("BENIGN_WITHOUT_CALLBACK");
        assertEquals(longName, ReportCodes.modelClass("BENIGN_WITHOUT_CALLBACK"));
        assertTrue(longName.value().matches("class-[0-9a-f]{10}"), longName.value());
        assertEquals("BENIGN_WITHOUT_CALLBACK", longName.meaning());
        assertNotEquals(longName.value(), ReportCodes.modelClass("BENIGN_WITHOUT_CALLBACK2").value());
        Code odd = ReportCodes.modelClass("a\\b c");
        assertTrue(odd.value().startsWith("class-") && "a/b c".equals(odd.meaning()), odd.toString());
        assertEquals(64, ReportCodes.modelClass("x".repeat(80)).meaning().length());
    }

    @Test
    void reportWithClassProbabilitiesIsValidWithNoneOneOrSeveralFindings() throws Exception {
        SourceImage source = Explanations.source(uids, 97, 61, false);
        Path none = dir.resolve("classified-none.dcm");
        Path one = dir.resolve("classified-one.dcm");
        Path several = dir.resolve("classified-several.dcm");
        service.writeStructuredReport(none, NO_PATIENT, classified(source));
        service.writeStructuredReport(one, new DicomIdentity("PHANTOM-0001", "Phantom^Test", "", "", "", "20240131", "",
                "19610203"), classified(source, Explanations.mass("", ImageRegion.box(10, 10, 40, 30))));
        service.writeStructuredReport(several, NO_PATIENT, classified(source,
                Explanations.mass("", ImageRegion.box(10, 10, 40, 30)), Explanations.calcifications(50.5f, 20.5f)));
        for (Path file : List.of(none, one, several)) {
            TestSupport.Verdict verdict = TestSupport.dciodvfy(file);
            assertTrue(verdict.errors().isEmpty(), () -> file.getFileName() + ":\n" + verdict.output());
            assertEquals(0, verdict.exitCode(), () -> file.getFileName() + ":\n" + verdict.output());
        }
        List<TestSupport.Verdict> verdicts = TestSupport.dicomSrValidator(none, one, several);
        for (int i = 0; i < verdicts.size(); i++) {
            TestSupport.Verdict verdict = verdicts.get(i);
            // the advisory Errors README.md documents: Mammography is not in CID 100; and, beside exactly one
            // TID 1410 group, the whole-image group (1.7.3, after algorithm name and version) held to TID 1410
            boolean single = i == 1;
            List<String> errors = verdict.errors().stream()
                    .filter(e -> !e.endsWith("Code (71651007,SCT,\"Mammography\") not found in context group 100"))
                    .filter(e -> !(single && wholeImageGroupHeldToTid1410(e, "1.7.3"))).toList();
            assertTrue(errors.isEmpty(), verdict::output);
        }
    }

    /**
     * PixelMed's validator picks the template of the measurement groups by counting image regions over all of
     * them: with exactly one, it holds every group to TID 1410, and a group without region then lacks the
     * region (row 5) or a segmentation frame (row 7) that TID 1410 needs. TID 1500 allows TID 1501 groups beside
     * TID 1410 groups; these two lines about the group at {@code position} are the validator's mistake.
     */
    static boolean wholeImageGroupHeldToTid1410(String line, String position) {
        return line.startsWith("Error: Template 1410 PlanarROIMeasurements/[Row 1] CONTAINER (125007,DCM,\"Measurement Group\")/")
                && (line.contains("/[Row 5] SCOORD (111030,DCM,\"Image Region\"): ")
                        || line.contains("/[Row 7] IMAGE (121214,DCM,\"Referenced Segmentation Frame\"): "))
                && line.contains(" " + position + ": /CONTAINER (126000,DCM,\"Imaging Measurement Report\")/CONTAINER"
                        + " (126010,DCM,\"Imaging Measurements\")/CONTAINER (125007,DCM,\"Measurement Group\"): ")
                && line.endsWith("Missing conditional content item");
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
        assertRefused("PatientBirthDate (0010,0030) '1961-02-03' is not yyyyMMdd", new DicomIdentity("", "", "", "", "",
                "", "", "1961-02-03"), Explanations.report(source, device, ok));
        assertRefused("unique within the report", NO_PATIENT, withWholeImage(source, device, List.of(ok),
                List.of(new ImageMeasurementGroup("unit 7", "", List.of(probability("benign", 0.1)))), List.of()));
        assertRefused("has no measurement", NO_PATIENT, withWholeImage(source, device, List.of(),
                List.of(new ImageMeasurementGroup("image classification", "", List.of())), List.of()));
        assertRefused("not a finite number", NO_PATIENT, withWholeImage(source, device, List.of(),
                List.of(new ImageMeasurementGroup("image classification", "", List.of(probability("benign",
                        Double.POSITIVE_INFINITY)))), List.of()));
        assertRefused("is empty", NO_PATIENT, withWholeImage(source, device, List.of(), List.of(),
                List.of(new TextObservation(ReportCodes.IMPRESSION, " "))));
        assertRefused("too long", NO_PATIENT, withWholeImage(source, device, List.of(),
                List.of(new ImageMeasurementGroup("image classification", "", List.of(new Measurement(
                        ReportCodes.CLASS_PROBABILITY, 0.5, ReportCodes.NO_UNITS, List.of(new QualitativeEvaluation(
                                ReportCodes.CLASS, new Code("99DEEPMINER", "BENIGN_WITHOUT_CALLBACK", "benign"))))))),
                List.of()));
    }

    /** A report as the dicom-sr renderer writes one: the findings, the class probabilities, the sentence. */
    private ImagingMeasurementReport classified(SourceImage source, Finding... findings) {
        List<Measurement> probabilities = new ArrayList<>();
        PROBABILITIES.forEach((c, p) -> probabilities.add(probability(c, p)));
        return new ImagingMeasurementReport(source, "DeepMiner explanation", uids.newUid(), "DeepMiner", "resnet-cbis",
                "1.0", List.of(findings), List.of(new ImageMeasurementGroup("image classification", "", probabilities)),
                List.of(new QualitativeEvaluation(ReportCodes.PREDICTED_CLASS, ReportCodes.modelClass("malignant"))),
                List.of(new TextObservation(ReportCodes.IMPRESSION, SENTENCE)));
    }

    private static ImagingMeasurementReport withWholeImage(SourceImage source, String device, List<Finding> findings,
            List<ImageMeasurementGroup> groups, List<TextObservation> texts) {
        return new ImagingMeasurementReport(source, "", device, "", "", "", findings, groups, List.of(), texts);
    }

    private static Measurement probability(String clazz, double p) {
        return new Measurement(ReportCodes.CLASS_PROBABILITY, p, ReportCodes.NO_UNITS,
                List.of(new QualitativeEvaluation(ReportCodes.CLASS, ReportCodes.modelClass(clazz))));
    }

    private static Map<String, Double> probabilities() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("malignant", 0.91);
        p.put("benign", 0.0712345678901);
        p.put("BENIGN_WITHOUT_CALLBACK", 0.0187654321099);
        return p;
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
