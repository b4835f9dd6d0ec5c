package org.deepminer.render.dicomsr.internal;

import org.deepminer.render.dicom.DicomFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Box;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.Finding;
import org.deepminer.dicom.ImageMeasurementGroup;
import org.deepminer.dicom.ImageRegion;
import org.deepminer.dicom.ImagingMeasurementReport;
import org.deepminer.dicom.Measurement;
import org.deepminer.dicom.QualitativeEvaluation;
import org.deepminer.dicom.ReportCodes;
import org.deepminer.dicom.SourceImage;
import org.deepminer.dicom.TextObservation;
import org.deepminer.imaging.figure.Privacy;
import org.deepminer.imaging.figure.UnitMaps;
import org.deepminer.imaging.figure.Wording;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An explanation as a DICOM Comprehensive SR following TID 1500, for PACS and viewers: the class
 * probabilities in a measurement group about the whole image, one measurement group per shown unit, its
 * finding coded with the BI-RADS code of the unit's concept, its image region the box around the unit's hot
 * area, the unit number and score as numbers and the label as text, and the explanation's sentence and the
 * predicted class as the report's qualitative evaluations; the report refers to the source image and stays in
 * its study. README.md describes the layout. Needs an image read from DICOM. Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + StructuredReportRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=application/dicom",
        ServiceProperties.NAME + "=dicom-sr",
        ServiceProperties.DESCRIPTION + "=DICOM Comprehensive SR (TID 1500): BI-RADS-coded findings per unit with image regions"})
public class StructuredReportRenderer implements ExplanationRenderer {
    static final String FORMAT = "dicom-sr";
    static final String SERIES_DESCRIPTION = "DeepMiner explanation";
    static final String CLASSIFICATION = "image classification";

    @Reference
    DicomService dicom;

    @Reference(target = "(" + ServiceProperties.VOCABULARY_ID + "=birads)")
    ConceptVocabulary vocabulary;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "dcm";
    }

    @Override
    public void render(Explanation e, RenderOptions options, OutputStream out) throws IOException {
        SourceImage source = DicomFiles.source(e, FORMAT);
        ImagingMeasurementReport report = report(e, source);
        Privacy privacy = Privacy.of(options);
        DicomFiles.writeTo(out, e, file -> dicom.writeStructuredReport(file,
                DicomFiles.identity(privacy, source.studyInstanceUid()), report));
    }

    ImagingMeasurementReport report(Explanation e, SourceImage source) {
        UnitMaps maps = UnitMaps.of(e);
        int width = e.sample().image().width();
        int height = e.sample().image().height();
        Code site = switch (source.laterality()) {
            case LEFT -> ReportCodes.LEFT_BREAST;
            case RIGHT -> ReportCodes.RIGHT_BREAST;
            default -> null;
        };
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < e.units().size(); i++) {
            UnitContribution u = e.units().get(i);
            Box hot = maps.hotArea(i, width, height);
            // pixel edges: a box of whole pixels from its top-left corner to its bottom-right corner
            ImageRegion region = ImageRegion.box(hot.x(), hot.y(), hot.x() + hot.width(), hot.y() + hot.height());
            Optional<FindingCodes.Coded> coded = u.label().flatMap(l -> vocabulary.concept(l.conceptId()))
                    .flatMap(c -> FindingCodes.of(c, vocabulary));
            Code finding = coded.map(FindingCodes.Coded::finding).orElse(ReportCodes.UNIT_ACTIVATION);
            List<QualitativeEvaluation> evaluations = coded.map(FindingCodes.Coded::evaluations).orElse(List.of());
            List<Measurement> measurements = new ArrayList<>();
            measurements.add(new Measurement(ReportCodes.UNIT, u.unit(), ReportCodes.NO_UNITS));
            if (Double.isFinite(u.score())) {
                measurements.add(new Measurement(ReportCodes.UNIT_SCORE, u.score(), ReportCodes.SCORE));
            }
            findings.add(new Finding(Wording.unitName(u), "", finding, site, region, evaluations, measurements,
                    List.of(new TextObservation(ReportCodes.UNIT_LABEL, labelText(u)))));
        }
        String sha = e.modelSha256() == null || e.modelSha256().isBlank() ? "unknown" : e.modelSha256();
        // a report without measurement groups says why in the one place a viewer lists
        String description = e.units().isEmpty() ? SERIES_DESCRIPTION + ": no units shown" : SERIES_DESCRIPTION;
        return new ImagingMeasurementReport(source, description,
                DicomFiles.uidOf("deepminer explanation " + sha + " " + e.layer()), "DeepMiner",
                DicomFiles.longString(e.modelName() + " " + e.layer()), DicomFiles.longString(sha), findings,
                classification(e), predicted(e), sentence(e));
    }

    /** One probability per class, most probable first, each naming its class; none when the model gave none. */
    private static List<ImageMeasurementGroup> classification(Explanation e) {
        List<Measurement> probabilities = new ArrayList<>();
        for (Map.Entry<String, Double> p : Wording.probabilities(e)) {
            // a class without name or a probability that is no number cannot be written; the others still say something
            if (!p.getKey().isBlank() && Double.isFinite(p.getValue())) {
                probabilities.add(new Measurement(ReportCodes.CLASS_PROBABILITY, p.getValue(), ReportCodes.NO_UNITS,
                        List.of(new QualitativeEvaluation(ReportCodes.CLASS, ReportCodes.modelClass(p.getKey())))));
            }
        }
        return probabilities.isEmpty() ? List.of() : List.of(new ImageMeasurementGroup(CLASSIFICATION, "", probabilities));
    }

    private static List<QualitativeEvaluation> predicted(Explanation e) {
        return e.predicted() == null || e.predicted().isBlank() ? List.of()
                : List.of(new QualitativeEvaluation(ReportCodes.PREDICTED_CLASS, ReportCodes.modelClass(e.predicted())));
    }

    /** The sentence as it stands, so that the report says what the text and HTML outputs say. */
    private static List<TextObservation> sentence(Explanation e) {
        return e.sentence() == null || e.sentence().isBlank() ? List.of()
                : List.of(new TextObservation(ReportCodes.IMPRESSION, e.sentence()));
    }

    /** {@code rank 1: spiculated (margin-spiculated), expert, confidence 0.80, by dr.a}; {@code rank 3: unlabelled}. */
    private String labelText(UnitContribution u) {
        StringBuilder b = new StringBuilder("rank ").append(u.rank()).append(": ");
        if (u.label().isEmpty()) {
            return b.append("unlabelled").toString();
        }
        UnitLabel l = u.label().get();
        b.append(l.term()).append(" (").append(l.conceptId()).append("), ").append(Wording.source(l)).append(", ")
                .append(Wording.evidence(l));
        if (l.by() != null && !l.by().isBlank()) {
            b.append(", by ").append(l.by());
        }
        if (vocabulary.concept(l.conceptId()).flatMap(Concept::code).isEmpty()) {
            b.append("; the concept has no code");
        }
        return b.toString();
    }
}
