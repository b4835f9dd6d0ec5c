package org.deepminer.render.dicomsr.internal;

import static org.deepminer.render.dicomsr.internal.DicomFixtures.read;
import static org.deepminer.render.dicomsr.internal.DicomFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.dicom.DicomImage;
import org.deepminer.imaging.figure.Wording;
import org.deepminer.imaging.figure.Explanations;
import org.deepminer.vocab.birads.internal.BiradsVocabulary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TID 1500 report of an explanation of a mammogram written and read back through the DICOM service:
 * valid by dciodvfy and PixelMed's SR validator, and read back with PixelMed for what the validators miss.
 */
class StructuredReportRendererTest {
    private final StructuredReportRenderer renderer = new StructuredReportRenderer();

    @TempDir
    Path dir;

    @BeforeEach
    void wire() {
        renderer.dicom = DicomFixtures.service();
        renderer.vocabulary = new BiradsVocabulary();
    }

    @Test
    void reportsAreValidByDciodvfyAndTheSrTemplateValidator() throws Exception {
        DicomImage left = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        DicomImage right = DicomFixtures.mammogram(dir, 128, 96, Laterality.RIGHT, "CC");
        Path three = write("three.dcm", DicomFixtures.explanation(left), RenderOptions.defaults());
        Path one = write("one.dcm", Explanations.builder().image(right.image()).metadata(right.metadata()).units(1).build(),
                DicomFixtures.options(right, true));
        Path none = write("none.dcm", Explanations.builder().image(left.image()).metadata(left.metadata()).units(0).build(),
                RenderOptions.defaults());
        for (Path file : List.of(three, one, none)) {
            DicomFixtures.Verdict verdict = DicomFixtures.dciodvfy(file);
            assertTrue(verdict.errors().isEmpty(), () -> file.getFileName() + ":\n" + verdict.output());
            assertEquals(0, verdict.exitCode(), () -> file.getFileName() + ":\n" + verdict.output());
        }
        for (DicomFixtures.Verdict verdict : DicomFixtures.srValidator(three, one, none)) {
            List<String> errors = verdict.errors().stream().filter(e -> !Advisories.expected(e)).toList();
            assertTrue(errors.isEmpty(), verdict::output);
        }
        // the report without units has no unit's measurement group, only the class probabilities, and says so
        // where viewers list series
        AttributeList empty = read(none);
        assertEquals("DeepMiner explanation: no units shown", text(empty, TagFromName.SeriesDescription));
        assertTrue(unitGroups(empty).isEmpty());
        assertEquals(1, named(child((ContentItem) new StructuredReport(empty).getRoot(), "126010"), "125007").size());
        assertEquals("DeepMiner explanation", text(read(three), TagFromName.SeriesDescription));
    }

    @Test
    void reportCarriesTheTid1500ItemsTheValidatorsMiss() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        var refs = source.metadata().references();
        AttributeList list = read(write("sr.dcm", DicomFixtures.explanation(source), RenderOptions.defaults()));

        assertEquals("1.2.840.10008.5.1.4.1.1.88.33", text(list, TagFromName.SOPClassUID)); // Comprehensive SR
        assertEquals(refs.get("StudyInstanceUID"), text(list, TagFromName.StudyInstanceUID));
        assertNotEquals(refs.get("SeriesInstanceUID"), text(list, TagFromName.SeriesInstanceUID));
        assertNotEquals(refs.get("SOPInstanceUID"), text(list, TagFromName.SOPInstanceUID));
        assertFalse(text(list, TagFromName.SeriesInstanceUID).isEmpty());

        AttributeList study = only(list, TagFromName.CurrentRequestedProcedureEvidenceSequence);
        assertEquals(refs.get("StudyInstanceUID"), text(study, TagFromName.StudyInstanceUID));
        AttributeList series = only(study, TagFromName.ReferencedSeriesSequence);
        assertEquals(refs.get("SeriesInstanceUID"), text(series, TagFromName.SeriesInstanceUID));
        AttributeList sop = only(series, TagFromName.ReferencedSOPSequence);
        assertEquals(refs.get("SOPInstanceUID"), text(sop, TagFromName.ReferencedSOPInstanceUID));
        assertEquals(refs.get("SOPClassUID"), text(sop, TagFromName.ReferencedSOPClassUID));

        ContentItem root = (ContentItem) new StructuredReport(list).getRoot();
        assertEquals("126000", root.getConceptNameCodeValue());
        assertCode(child(root, "121049"), "RFC5646", "en-US"); // language of content
        assertCode(child(root, "121058"), "SCT", "71651007"); // procedure reported: mammography
        assertCode(child(root, "121005"), "DCM", "121007"); // observer type: device
        ContentItem library = child(child(root, "111028"), "126200");
        ContentItem entry = children(library).stream().filter(c -> "IMAGE".equals(c.getValueType())).findFirst().orElseThrow();
        assertEquals(refs.get("SOPInstanceUID"), entry.getReferencedSOPInstanceUID());
    }

    @Test
    void eachUnitIsAFindingCodedWithItsBiradsConceptOverItsHotArea() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = DicomFixtures.explanation(source);
        AttributeList list = read(write("sr.dcm", e, RenderOptions.defaults()));
        List<ContentItem> groups = unitGroups(list);
        assertEquals(3, groups.size());

        ContentItem spiculated = groups.get(0);
        assertEquals("unit 42", child(spiculated, "112039").getConceptValue().trim());
        assertCode(child(spiculated, "121071"), "SCT", "129788004"); // finding: mass
        assertCode(child(spiculated, "363698007"), "SCT", "80248007"); // site: left breast
        assertCode(child(spiculated, "111037"), "SCT", "129742005"); // margins: spiculated (the vocabulary's code)
        assertEquals(42, number(spiculated, "unit"), 0);
        assertEquals(e.units().get(0).score(), number(spiculated, "unit-score"), 1e-9);
        String label = child(spiculated, "unit-label").getConceptValue();
        assertTrue(label.contains("spiculated (margin-spiculated), expert, confidence 0.80, by dr.a"), label);
        float[] region = child(spiculated, "111030").getGraphicData();
        int px = Explanations.pixelOf(Explanations.PEAKS[0][0], 8, 128);
        int py = Explanations.pixelOf(Explanations.PEAKS[0][1], 8, 128);
        assertTrue(inside(region, px + 0.5f, py + 0.5f), "the region holds the unit's peak " + px + "," + py);
        assertTrue(area(region) < 128 * 128 / 8, "and is local: " + java.util.Arrays.toString(region));

        ContentItem calcifications = groups.get(1);
        assertCode(child(calcifications, "121071"), "SCT", "129769006"); // calcification cluster
        assertCode(child(calcifications, "111009"), "DCM", "111344"); // calcification type: fine pleomorphic
        assertTrue(child(calcifications, "unit-label").getConceptValue().contains("auto, IoU 0.31"));

        ContentItem unlabelled = groups.get(2);
        assertCode(child(unlabelled, "121071"), "99DEEPMINER", "unit-activation");
        assertTrue(child(unlabelled, "unit-label").getConceptValue().contains("rank 3: unlabelled"));
    }

    @Test
    void regionsOfAFlippedImageLineUpWithTheStoredSource() throws Exception {
        DicomImage right = DicomFixtures.mammogram(dir, 128, 128, Laterality.RIGHT, "CC");
        assertTrue(right.metadata().flipped(), "a right breast is flipped to the canonical side");
        AttributeList list = read(write("sr.dcm", DicomFixtures.explanation(right), RenderOptions.defaults()));
        ContentItem first = unitGroups(list).get(0);
        float[] region = child(first, "111030").getGraphicData();
        int px = Explanations.pixelOf(Explanations.PEAKS[0][0], 8, 128);
        int py = Explanations.pixelOf(Explanations.PEAKS[0][1], 8, 128);
        assertTrue(inside(region, 128 - px - 0.5f, py + 0.5f), "mirrored back: " + java.util.Arrays.toString(region));
        assertCode(child(first, "363698007"), "SCT", "73056007"); // right breast
    }

    @Test
    void patientIdentifiersOnlyWhenKept() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        assertEquals(DicomFixtures.PATIENT_NAME, source.identifiers().get("PatientName"), "the source carries identifiers");
        Explanation e = DicomFixtures.explanation(source);
        String hidden = DicomFixtures.headerText(write("hidden.dcm", e, DicomFixtures.options(source, false)));
        for (String id : List.of("Doe", "Jane", DicomFixtures.PATIENT_ID, DicomFixtures.BIRTH_DATE)) {
            assertFalse(hidden.contains(id), id + " in\n" + hidden);
        }
        AttributeList withheld = read(write("withheld.dcm", e, DicomFixtures.options(source, false)));
        for (AttributeTag tag : List.of(TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate)) {
            assertEquals("", text(withheld, tag), tag.toString());
        }
        assertEquals(DicomFixtures.BIRTH_DATE, source.identifiers().get("PatientBirthDate"), "the source has a birth date");
        AttributeList kept = read(write("kept.dcm", e, DicomFixtures.options(source, true)));
        assertEquals(DicomFixtures.PATIENT_NAME, text(kept, TagFromName.PatientName));
        assertEquals(DicomFixtures.PATIENT_ID, text(kept, TagFromName.PatientID));
        assertEquals(DicomFixtures.BIRTH_DATE, text(kept, TagFromName.PatientBirthDate));
    }

    @Test
    void reportStatesTheSentenceThePredictedClassAndEachClassProbability() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation e = Explanations.builder().image(source.image()).metadata(source.metadata())
                .sentence("malignant (0.91): spiculated mass margin, fine pleomorphic calcifications").build();
        ContentItem root = (ContentItem) new StructuredReport(read(write("sr.dcm", e, RenderOptions.defaults()))).getRoot();

        ContentItem evaluations = child(root, "C0034375"); // Qualitative Evaluations (UMLS)
        assertEquals("CONTAINS", evaluations.getRelationshipType());
        ContentItem impression = child(evaluations, "121073");
        assertEquals("TEXT", impression.getValueType());
        assertEquals("DCM", impression.getConceptName().getCodingSchemeDesignator());
        assertEquals(e.sentence(), impression.getConceptValue().trim(), "the sentence as it stands (odd lengths are padded)");
        assertCode(child(evaluations, "predicted-class"), "99DEEPMINER", "malignant");

        ContentItem classification = named(child(root, "126010"), "125007").get(0);
        assertEquals("image classification", child(classification, "112039").getConceptValue().trim());
        assertTrue(named(classification, "111030").isEmpty(), "about the whole image, no region");
        Map<String, Double> written = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (ContentItem n : named(classification, "probability")) {
            var num = (ContentItemFactory.NumericContentItem) n;
            assertEquals("1", num.getUnits().getCodeValue());
            assertEquals("UCUM", num.getUnits().getCodingSchemeDesignator());
            String clazz = ((ContentItemFactory.CodeContentItem) child(n, "class")).getConceptCode().getCodeMeaning();
            assertEquals(clazz, ((ContentItemFactory.CodeContentItem) child(n, "class")).getConceptCode().getCodeValue());
            written.put(clazz, Double.parseDouble(num.getNumericValue()));
            order.add(clazz);
        }
        assertEquals(e.probabilities().keySet(), written.keySet(), "one number per class");
        e.probabilities().forEach((c, p) -> assertEquals(p, written.get(c), 1e-7, c));
        assertEquals(Wording.probabilities(e).stream().map(Map.Entry::getKey).toList(), order, "most probable first");
    }

    @Test
    void classNamesThatAreNoCodeValueStillNameTheirNumber() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        Explanation standard = DicomFixtures.explanation(source);
        // CBIS-DDSM's pathology names one class BENIGN_WITHOUT_CALLBACK: longer than a code value may be
        Explanation e = new Explanation(standard.sample(), standard.modelName(), standard.modelSha256(),
                standard.layer(), Map.of("MALIGNANT", 0.6, "BENIGN", 0.15, "BENIGN_WITHOUT_CALLBACK", 0.25),
                "MALIGNANT", "MALIGNANT", standard.units(), "MALIGNANT (0.60): spiculated", standard.classMap());
        Path file = write("cbis.dcm", e, RenderOptions.defaults());
        ContentItem classification = named(child((ContentItem) new StructuredReport(read(file)).getRoot(), "126010"),
                "125007").get(0);
        Map<String, String> codes = new HashMap<>();
        for (ContentItem n : named(classification, "probability")) {
            CodedSequenceItem c = ((ContentItemFactory.CodeContentItem) child(n, "class")).getConceptCode();
            codes.put(c.getCodeMeaning(), c.getCodeValue());
        }
        assertEquals("MALIGNANT", codes.get("MALIGNANT"));
        assertTrue(codes.get("BENIGN_WITHOUT_CALLBACK").matches("class-[0-9a-f]{10}"), codes.toString());
        DicomFixtures.Verdict verdict = DicomFixtures.dciodvfy(file);
        assertTrue(verdict.errors().isEmpty(), verdict::output);
    }

    @Test
    void imageNotReadFromDicomIsRefusedClearly() {
        DeepMinerException ex = assertThrows(DeepMinerException.class,
                () -> DicomFixtures.render(renderer, Explanations.standard(), RenderOptions.defaults()));
        assertTrue(ex.getMessage().startsWith("sample phantom-0001: the image was not read from DICOM"), ex.getMessage());
    }

    @Test
    void refusalOfTheDicomServiceNamesTheSampleNotATemporaryFile() throws Exception {
        DicomImage source = DicomFixtures.mammogram(dir, 128, 128, Laterality.LEFT, "MLO");
        var refs = new java.util.HashMap<>(source.metadata().references());
        refs.put("StudyInstanceUID", "not-a-uid");
        var m = source.metadata();
        var broken = new org.deepminer.api.data.ImageMetadata(m.modality(), m.laterality(), m.view(), m.pixelSpacingMm(),
                m.bitsStored(), m.flipped(), refs);
        Explanation e = Explanations.builder().image(source.image()).metadata(broken).build();
        DeepMinerException ex = assertThrows(DeepMinerException.class,
                () -> DicomFixtures.render(renderer, e, RenderOptions.defaults()));
        assertTrue(ex.getMessage().startsWith("sample phantom-0001: ") && ex.getMessage().contains("StudyInstanceUID")
                && !ex.getMessage().contains("deepminer-dicom-"), ex.getMessage());
    }

    private Path write(String name, Explanation e, RenderOptions options) throws Exception {
        return DicomFixtures.save(dir, name, DicomFixtures.render(renderer, e, options));
    }

    /** Whether (x, y) lies in the closed polyline's bounding box (the regions are boxes). */
    private static boolean inside(float[] polyline, float x, float y) {
        float[] b = bounds(polyline);
        return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
    }

    private static float area(float[] polyline) {
        float[] b = bounds(polyline);
        return (b[2] - b[0]) * (b[3] - b[1]);
    }

    private static float[] bounds(float[] p) {
        float[] b = {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i + 1 < p.length; i += 2) {
            b[0] = Math.min(b[0], p[i]);
            b[1] = Math.min(b[1], p[i + 1]);
            b[2] = Math.max(b[2], p[i]);
            b[3] = Math.max(b[3], p[i + 1]);
        }
        return b;
    }

    private static double number(ContentItem group, String concept) {
        return Double.parseDouble(((ContentItemFactory.NumericContentItem) child(group, concept)).getNumericValue());
    }

    private static void assertCode(ContentItem item, String scheme, String value) {
        CodedSequenceItem code = ((ContentItemFactory.CodeContentItem) item).getConceptCode();
        assertEquals(scheme, code.getCodingSchemeDesignator(), item.toString());
        assertEquals(value, code.getCodeValue(), item.toString());
    }

    private static List<ContentItem> children(ContentItem parent) {
        List<ContentItem> out = new ArrayList<>();
        for (int i = 0; i < parent.getChildCount(); i++) {
            out.add((ContentItem) parent.getChildAt(i));
        }
        return out;
    }

    /** The measurement groups of the shown units: those with an image region, in rank order. */
    private static List<ContentItem> unitGroups(AttributeList list) throws com.pixelmed.dicom.DicomException {
        ContentItem measurements = child((ContentItem) new StructuredReport(list).getRoot(), "126010");
        return named(measurements, "125007").stream().filter(g -> !named(g, "111030").isEmpty()).toList();
    }

    private static List<ContentItem> named(ContentItem parent, String concept) {
        return children(parent).stream().filter(c -> concept.equals(c.getConceptNameCodeValue())).toList();
    }

    private static ContentItem child(ContentItem parent, String concept) {
        List<ContentItem> found = named(parent, concept);
        assertEquals(1, found.size(), () -> "children named " + concept + " of " + parent);
        return found.get(0);
    }

    private static AttributeList only(AttributeList list, AttributeTag tag) {
        SequenceAttribute sequence = (SequenceAttribute) list.get(tag);
        assertNotNull(sequence, tag.toString());
        assertEquals(1, sequence.getNumberOfItems());
        return sequence.getItem(0).getAttributeList();
    }
}
