package org.deepminer.dicom.internal;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.DicomException;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.Finding;
import org.deepminer.dicom.ImageMeasurementGroup;
import org.deepminer.dicom.ImageRegion;
import org.deepminer.dicom.ImagingMeasurementReport;
import org.deepminer.dicom.Measurement;
import org.deepminer.dicom.QualitativeEvaluation;
import org.deepminer.dicom.ReportCodes;
import org.deepminer.dicom.SourceImage;
import org.deepminer.dicom.TextObservation;

/**
 * Writes a Comprehensive SR following TID 1500 (Imaging Measurement Report): language, device observer,
 * procedure reported, an image library with the source image, a TID 1501 measurement group per set of
 * measurements about the whole image, one TID 1410 measurement group per finding, its region selected from
 * the source image, and the statements about the whole image in the Qualitative Evaluations container.
 * Checked with dciodvfy and PixelMed's SR validator in the tests.
 */
final class ReportWriter {
    private static final String CONTAINS = "CONTAINS";
    private static final String HAS_CONCEPT_MOD = "HAS CONCEPT MOD";
    private static final String HAS_OBS_CONTEXT = "HAS OBS CONTEXT";
    private static final String HAS_ACQ_CONTEXT = "HAS ACQ CONTEXT";
    private static final String SELECTED_FROM = "SELECTED FROM";

    private static final Code IMAGING_MEASUREMENT_REPORT = new Code("DCM", "126000", "Imaging Measurement Report");
    private static final Code LANGUAGE = new Code("DCM", "121049", "Language of Content Item and Descendants");
    private static final Code EN_US = new Code("RFC5646", "en-US", "English (United States)");
    private static final Code OBSERVER_TYPE = new Code("DCM", "121005", "Observer Type");
    private static final Code DEVICE = new Code("DCM", "121007", "Device");
    private static final Code DEVICE_OBSERVER_UID = new Code("DCM", "121012", "Device Observer UID");
    private static final Code DEVICE_OBSERVER_NAME = new Code("DCM", "121013", "Device Observer Name");
    private static final Code PROCEDURE_REPORTED = new Code("DCM", "121058", "Procedure reported");
    private static final Code IMAGE_LIBRARY = new Code("DCM", "111028", "Image Library");
    private static final Code IMAGE_LIBRARY_GROUP = new Code("DCM", "126200", "Image Library Group");
    private static final Code IMAGE_LATERALITY = new Code("DCM", "111027", "Image Laterality");
    private static final Code LEFT = new Code("SCT", "7771000", "Left");
    private static final Code RIGHT = new Code("SCT", "24028007", "Right");
    private static final Code PIXEL_ROWS = new Code("DCM", "110910", "Pixel Data Rows");
    private static final Code PIXEL_COLUMNS = new Code("DCM", "110911", "Pixel Data Columns");
    private static final Code PIXELS = new Code("UCUM", "{pixels}", "pixels");
    private static final Code IMAGING_MEASUREMENTS = new Code("DCM", "126010", "Imaging Measurements");
    private static final Code ALGORITHM_NAME = new Code("DCM", "111001", "Algorithm Name");
    private static final Code ALGORITHM_VERSION = new Code("DCM", "111003", "Algorithm Version");
    private static final Code MEASUREMENT_GROUP = new Code("DCM", "125007", "Measurement Group");
    private static final Code TRACKING_IDENTIFIER = new Code("DCM", "112039", "Tracking Identifier");
    private static final Code TRACKING_UID = new Code("DCM", "112040", "Tracking Unique Identifier");
    private static final Code FINDING = new Code("DCM", "121071", "Finding");
    private static final Code GEOMETRIC_PURPOSE = new Code("DCM", "130400", "Geometric purpose of region");
    private static final Code CENTER = new Code("DCM", "111010", "Center");
    private static final Code OUTLINE = new Code("DCM", "111041", "Outline");
    private static final Code IMAGE_REGION = new Code("DCM", "111030", "Image Region");
    private static final Code FINDING_SITE = new Code("SCT", "363698007", "Finding Site");
    private static final Code QUALITATIVE_EVALUATIONS = new Code("UMLS", "C0034375", "Qualitative Evaluations");

    private final ObjectWriter base;

    ReportWriter(ObjectWriter base) {
        this.base = base;
    }

    void write(Path file, DicomIdentity identity, ImagingMeasurementReport report) throws IOException {
        String where = file.toString();
        if (report == null) {
            throw new DicomException(where, "no report given");
        }
        SourceImage source = report.source();
        Derived.checkSource(where, source);
        DicomIdentity own = Derived.identity(where, identity, source);
        ObjectWriter.checkUid(where, "Device Observer UID (121012, DCM)", report.deviceObserverUid());
        String algorithm = ObjectWriter.orEmpty(report.algorithmName());
        String version = ObjectWriter.orEmpty(report.algorithmVersion());
        if (!algorithm.isEmpty() && version.isEmpty()) {
            throw new DicomException(where, "algorithm '" + algorithm + "' has no version: Algorithm Version"
                    + " (111003, DCM) is mandatory with a name (TID 4019)");
        }
        // tracking identifiers name groups of both kinds: unique across them
        Set<String> trackingIds = new HashSet<>();
        for (int i = 0; i < report.imageMeasurements().size(); i++) {
            ImageMeasurementGroup g = report.imageMeasurements().get(i);
            String id = ObjectWriter.orEmpty(g.trackingId());
            if (id.isEmpty() || !trackingIds.add(id)) {
                throw new DicomException(where, "image measurement group " + (i + 1) + ": Tracking Identifier"
                        + " (112039, DCM) '" + id + "' must be present and unique within the report");
            }
            if (g.measurements().isEmpty()) {
                throw new DicomException(where, "image measurement group " + (i + 1) + " (" + id
                        + ") has no measurement: a group without image region says something only by its numbers");
            }
        }
        for (int i = 0; i < report.findings().size(); i++) {
            Finding f = report.findings().get(i);
            if (f == null) {
                throw new DicomException(where, "finding " + (i + 1) + " is null");
            }
            String id = ObjectWriter.orEmpty(f.trackingId());
            if (id.isEmpty() || !trackingIds.add(id)) {
                throw new DicomException(where, "finding " + (i + 1) + ": Tracking Identifier (112039, DCM) '" + id
                        + "' must be present and unique within the report");
            }
        }
        try {
            AttributeList list = new AttributeList();
            base.common(list, where, own, SOPClass.ComprehensiveSRStorage, "SR", "DeepMiner");
            Derived.contentNow(list);
            ObjectWriter.lo(list, TagFromName.SeriesDescription, null, ObjectWriter.orEmpty(report.seriesDescription()));
            list.put(new SequenceAttribute(TagFromName.ReferencedPerformedProcedureStepSequence));
            // SR Document General
            ObjectWriter.cs(list, TagFromName.CompletionFlag, "COMPLETE");
            ObjectWriter.cs(list, TagFromName.VerificationFlag, "UNVERIFIED");
            list.put(new SequenceAttribute(TagFromName.PerformedProcedureCodeSequence));
            AttributeList study = new AttributeList();
            ObjectWriter.ui(study, TagFromName.StudyInstanceUID, source.studyInstanceUid().trim());
            SequenceAttribute series = new SequenceAttribute(TagFromName.ReferencedSeriesSequence);
            series.addItem(Derived.seriesReference(source, TagFromName.ReferencedSOPSequence));
            study.put(series);
            SequenceAttribute evidence = new SequenceAttribute(TagFromName.CurrentRequestedProcedureEvidenceSequence);
            evidence.addItem(study);
            list.put(evidence);
            // SR Document Content
            Tree tree = new Tree(where, source);
            ContentItem root = tree.content(report);
            list.putAll(new StructuredReport(root).getAttributeList());
            privateSchemes(list, tree.schemes);
            Derived.utf8WhereNeeded(list);
            ObjectWriter.write(list, file);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new DicomException(where, "cannot write the structured report: " + e.getMessage(), e);
        }
    }

    /** CodingSchemeIdentificationSequence for the private schemes used (designators starting with 99). */
    private static void privateSchemes(AttributeList list, Set<String> schemes) throws com.pixelmed.dicom.DicomException {
        SequenceAttribute identification = new SequenceAttribute(TagFromName.CodingSchemeIdentificationSequence);
        for (String scheme : schemes) {
            if (!scheme.startsWith("99")) {
                continue;
            }
            AttributeList item = new AttributeList();
            ObjectWriter.sh(item, TagFromName.CodingSchemeDesignator, scheme);
            if (scheme.equals(ReportCodes.DEEPMINER_SCHEME)) {
                ObjectWriter.put(item, new com.pixelmed.dicom.ShortTextAttribute(TagFromName.CodingSchemeName),
                        "DeepMiner explanation concepts");
                ObjectWriter.put(item, new com.pixelmed.dicom.ShortTextAttribute(
                        TagFromName.CodingSchemeResponsibleOrganization), "DeepMiner");
            }
            identification.addItem(item);
        }
        if (identification.getNumberOfItems() > 0) {
            list.put(identification);
        }
    }

    /** The content tree of one report; remembers the coding schemes it used. */
    private final class Tree {
        private final ContentItemFactory factory = new ContentItemFactory();
        private final String where;
        private final SourceImage source;
        final Set<String> schemes = new TreeSet<>();

        Tree(String where, SourceImage source) {
            this.where = where;
            this.source = source;
        }

        ContentItem content(ImagingMeasurementReport report) throws com.pixelmed.dicom.DicomException {
            ContentItem root = factory.makeContainerContentItem(null, null, coded("document title",
                    IMAGING_MEASUREMENT_REPORT), true, "DCMR", "1500");
            code(root, HAS_CONCEPT_MOD, LANGUAGE, EN_US);
            code(root, HAS_OBS_CONTEXT, OBSERVER_TYPE, DEVICE);
            factory.makeUIDContentItem(root, HAS_OBS_CONTEXT, coded("concept", DEVICE_OBSERVER_UID),
                    report.deviceObserverUid().trim());
            text(root, HAS_OBS_CONTEXT, DEVICE_OBSERVER_NAME, report.deviceObserverName());
            code(root, HAS_CONCEPT_MOD, PROCEDURE_REPORTED, ReportCodes.MAMMOGRAPHY);

            ContentItem library = container(root, IMAGE_LIBRARY, null);
            ContentItem group = container(library, IMAGE_LIBRARY_GROUP, null);
            if (source.laterality() == Laterality.LEFT || source.laterality() == Laterality.RIGHT) {
                code(group, HAS_ACQ_CONTEXT, IMAGE_LATERALITY, source.laterality() == Laterality.LEFT ? LEFT : RIGHT);
            }
            number(group, HAS_ACQ_CONTEXT, PIXEL_ROWS, source.height(), PIXELS);
            number(group, HAS_ACQ_CONTEXT, PIXEL_COLUMNS, source.width(), PIXELS);
            image(group, CONTAINS);

            ContentItem measurements = container(root, IMAGING_MEASUREMENTS, null);
            String algorithm = ObjectWriter.orEmpty(report.algorithmName());
            if (!algorithm.isEmpty()) {
                text(measurements, HAS_CONCEPT_MOD, ALGORITHM_NAME, algorithm);
                text(measurements, HAS_CONCEPT_MOD, ALGORITHM_VERSION, report.algorithmVersion());
            }
            // TID 1500 lists the groups about the whole image (TID 1501) before those of a region (TID 1410)
            int n = 0;
            for (ImageMeasurementGroup g : report.imageMeasurements()) {
                imageGroup(measurements, g, ++n);
            }
            n = 0;
            for (Finding finding : report.findings()) {
                group(measurements, finding, ++n);
            }

            if (!report.evaluations().isEmpty() || !report.texts().isEmpty()) {
                ContentItem evaluations = container(root, QUALITATIVE_EVALUATIONS, null);
                for (QualitativeEvaluation e : report.evaluations()) {
                    code(evaluations, CONTAINS, checked("report evaluation", e.concept()),
                            checked("report evaluation value", e.value()));
                }
                for (TextObservation t : report.texts()) {
                    if (ObjectWriter.orEmpty(t.text()).isEmpty()) {
                        throw new DicomException(where, "the report's text " + t.concept() + " is empty");
                    }
                    text(evaluations, CONTAINS, checked("report text", t.concept()), t.text());
                }
            }
            return root;
        }

        /** A TID 1501 measurement group about the whole image: tracking, then its numbers; no region. */
        private void imageGroup(ContentItem parent, ImageMeasurementGroup g, int n)
                throws com.pixelmed.dicom.DicomException {
            String what = "image measurement group " + n + " (" + g.trackingId().trim() + ")";
            ContentItem group = factory.makeContainerContentItem(parent, CONTAINS, coded(what, MEASUREMENT_GROUP),
                    true, "DCMR", "1501");
            tracking(group, what, g.trackingId(), g.trackingUid());
            for (Measurement m : g.measurements()) {
                measurement(group, what, m);
            }
        }

        private void tracking(ContentItem group, String what, String trackingId, String trackingUid)
                throws com.pixelmed.dicom.DicomException {
            text(group, HAS_OBS_CONTEXT, TRACKING_IDENTIFIER, trackingId);
            String uid = ObjectWriter.orEmpty(trackingUid);
            if (uid.isEmpty()) {
                uid = base.newUid();
            } else {
                ObjectWriter.checkUid(where, what + ": Tracking Unique Identifier (112040, DCM)", uid);
            }
            factory.makeUIDContentItem(group, HAS_OBS_CONTEXT, coded(what, TRACKING_UID), uid);
        }

        /** A NUM item (TID 300) with its coded concept modifiers. */
        private void measurement(ContentItem group, String what, Measurement m) throws com.pixelmed.dicom.DicomException {
            if (m == null || !Double.isFinite(m.value()) || Math.abs(m.value()) >= 1e15) {
                throw new DicomException(where, what + ": measurement " + (m == null ? "null" : m.concept()
                        + " = " + m.value()) + " is not a finite number below 1e15");
            }
            ContentItem number = number(group, CONTAINS, checked(what + " measurement", m.concept()), m.value(),
                    checked(what + " measurement unit", m.unit()));
            for (QualitativeEvaluation modifier : m.modifiers()) {
                code(number, HAS_CONCEPT_MOD, checked(what + " measurement modifier", modifier.concept()),
                        checked(what + " measurement modifier value", modifier.value()));
            }
        }

        /** A TID 1410 measurement group, its rows in template order. */
        private void group(ContentItem parent, Finding f, int n) throws com.pixelmed.dicom.DicomException {
            String what = "finding " + n + " (" + f.trackingId().trim() + ")";
            ContentItem group = factory.makeContainerContentItem(parent, CONTAINS, coded(what, MEASUREMENT_GROUP),
                    true, "DCMR", "1410");
            tracking(group, what, f.trackingId(), f.trackingUid());
            code(group, CONTAINS, FINDING, checked(what + " finding", f.finding()));
            ImageRegion region = f.region();
            if (region == null || region.shape() == null) {
                throw new DicomException(where, what + " has no image region (111030, DCM): TID 1410 needs one");
            }
            if (region.shape() == ImageRegion.Shape.POINT) {
                code(group, CONTAINS, GEOMETRIC_PURPOSE, CENTER);
            } else if (region.shape() == ImageRegion.Shape.POLYGON) {
                code(group, CONTAINS, GEOMETRIC_PURPOSE, OUTLINE);
            }
            String graphicType = region.shape() == ImageRegion.Shape.POINT ? "POINT" : "POLYLINE";
            ContentItem scoord = factory.makeSpatialCoordinatesContentItem(group, CONTAINS,
                    coded(what, IMAGE_REGION), graphicType, graphicData(what, region));
            image(scoord, SELECTED_FROM);
            if (f.findingSite() != null) {
                code(group, HAS_CONCEPT_MOD, FINDING_SITE, checked(what + " finding site", f.findingSite()));
            }
            for (Measurement m : f.measurements()) {
                measurement(group, what, m);
            }
            for (QualitativeEvaluation e : f.evaluations()) {
                if (e == null) {
                    throw new DicomException(where, what + ": a qualitative evaluation is null");
                }
                code(group, CONTAINS, checked(what + " evaluation", e.concept()),
                        checked(what + " evaluation value", e.value()));
            }
            for (TextObservation t : f.texts()) {
                if (t == null || ObjectWriter.orEmpty(t.text()).isEmpty()) {
                    throw new DicomException(where, what + ": a text observation is empty");
                }
                text(group, CONTAINS, checked(what + " text", t.concept()), t.text());
            }
        }

        /** The region's points in the stored source's pixel space, closed for a polygon, checked. */
        private float[] graphicData(String what, ImageRegion region) {
            float[] p = region.points();
            int min = switch (region.shape()) {
                case POINT -> 1;
                case POLYLINE -> 2;
                case POLYGON -> 3;
            };
            int count = p == null ? 0 : p.length / 2;
            if (p == null || p.length % 2 != 0 || count < min || region.shape() == ImageRegion.Shape.POINT && count != 1) {
                throw new DicomException(where, what + ": a " + region.shape() + " region needs "
                        + (region.shape() == ImageRegion.Shape.POINT ? "exactly 1" : "at least " + min)
                        + " (x, y) point(s), not " + (p == null ? 0 : p.length) + " numbers");
            }
            boolean close = region.shape() == ImageRegion.Shape.POLYGON
                    && (p[0] != p[p.length - 2] || p[1] != p[p.length - 1]);
            float[] data = new float[p.length + (close ? 2 : 0)];
            for (int i = 0; i < p.length; i += 2) {
                float x = p[i];
                float y = p[i + 1];
                if (!(x >= 0 && x <= source.width() && y >= 0 && y <= source.height())) {
                    throw new DicomException(where, what + ": point (" + x + ", " + y + ") lies outside the "
                            + source.width() + "x" + source.height() + " image");
                }
                data[i] = source.flipped() ? source.width() - x : x;
                data[i + 1] = y;
            }
            if (close) {
                data[data.length - 2] = data[0];
                data[data.length - 1] = data[1];
            }
            return data;
        }

        private ContentItem container(ContentItem parent, Code concept, String template)
                throws com.pixelmed.dicom.DicomException {
            return factory.makeContainerContentItem(parent, CONTAINS, coded("container", concept), true,
                    template == null ? null : "DCMR", template);
        }

        private void image(ContentItem parent, String relationship) throws com.pixelmed.dicom.DicomException {
            factory.makeImageContentItem(parent, relationship, null, source.sopClassUid().trim(),
                    source.sopInstanceUid().trim(), 0, 0, null, null, null, null);
        }

        private void code(ContentItem parent, String relationship, Code concept, Code value)
                throws com.pixelmed.dicom.DicomException {
            factory.makeCodeContentItem(parent, relationship, coded("concept", concept), coded("value", value));
        }

        private void text(ContentItem parent, String relationship, Code concept, String value)
                throws com.pixelmed.dicom.DicomException {
            String v = ObjectWriter.orEmpty(value);
            if (!v.isEmpty()) {
                factory.makeTextContentItem(parent, relationship, coded("concept", concept), v);
            }
        }

        private ContentItem number(ContentItem parent, String relationship, Code concept, double value, Code unit)
                throws com.pixelmed.dicom.DicomException {
            return factory.makeNumericContentItem(parent, relationship, coded("concept", concept),
                    ObjectWriter.decimalString(value), value, null, null, coded("unit", unit), null);
        }

        private Code checked(String what, Code code) {
            Derived.checkCode(where, what, code);
            return code;
        }

        private CodedSequenceItem coded(String what, Code code) throws com.pixelmed.dicom.DicomException {
            Derived.checkCode(where, what, code);
            schemes.add(code.scheme().trim());
            return new CodedSequenceItem(code.value().trim(), code.scheme().trim(), code.meaning().trim());
        }
    }
}
