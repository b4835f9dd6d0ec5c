package org.deepminer.dicom.internal;

import java.util.List;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.vocab.Code;
import org.deepminer.dicom.Finding;
import org.deepminer.dicom.ImageRegion;
import org.deepminer.dicom.ImagingMeasurementReport;
import org.deepminer.dicom.Measurement;
import org.deepminer.dicom.QualitativeEvaluation;
import org.deepminer.dicom.ReportCodes;
import org.deepminer.dicom.Segment;
import org.deepminer.dicom.SourceImage;
import org.deepminer.dicom.TextObservation;

/** Explanations as the renderers will hand them over, for the report and segmentation tests. */
final class Explanations {
    private Explanations() {}

    static final Code SPICULATED = new Code("SCT", "129742005", "Spiculated lesion");
    static final Code IRREGULAR = new Code("SCT", "49608001", "Irregular");
    static final Code CALCIFICATION_CLUSTER = new Code("SCT", "129769006", "Calcification Cluster");
    static final Code FINE_PLEOMORPHIC = new Code("DCM", "111344", "Fine pleomorphic calcification");

    /** A left MLO mammogram of {@code width x height} in a study and series of its own. */
    static SourceImage source(ObjectWriter uids, int width, int height, boolean flipped) {
        return new SourceImage(uids.newUid(), uids.newUid(), TestSupport.MG_FOR_PRESENTATION, uids.newUid(), width,
                height, Laterality.LEFT, List.of("A", "FR"), flipped);
    }

    /** A mass explained by one unit: outline, BI-RADS shape and margin, unit number, score and label. */
    static Finding mass(String trackingUid, ImageRegion region) {
        return new Finding("unit 42", trackingUid, ReportCodes.MASS, ReportCodes.LEFT_BREAST, region,
                List.of(new QualitativeEvaluation(ReportCodes.MARGINS, SPICULATED),
                        new QualitativeEvaluation(ReportCodes.SHAPE, IRREGULAR)),
                List.of(new Measurement(ReportCodes.UNIT, 42, ReportCodes.NO_UNITS),
                        new Measurement(ReportCodes.UNIT_SCORE, 0.8734, ReportCodes.SCORE)),
                List.of(new TextObservation(ReportCodes.UNIT_LABEL, "spiculated")));
    }

    /** A calcification cluster marked by its centre. */
    static Finding calcifications(float x, float y) {
        return new Finding("unit 7", "", CALCIFICATION_CLUSTER, ReportCodes.LEFT_BREAST, ImageRegion.point(x, y),
                List.of(new QualitativeEvaluation(ReportCodes.CALCIFICATION_TYPE, FINE_PLEOMORPHIC)),
                List.of(new Measurement(ReportCodes.UNIT, 7, ReportCodes.NO_UNITS)), List.of());
    }

    static ImagingMeasurementReport report(SourceImage source, String deviceUid, Finding... findings) {
        return new ImagingMeasurementReport(source, "DeepMiner explanation", deviceUid, "DeepMiner", "resnet-cbis",
                "1.0", List.of(findings));
    }

    /** A heatmap segment of unit {@code unit}. */
    static Segment heatmap(int unit, float[] values) {
        return new Segment("unit " + unit, "DeepMiner CAM", ReportCodes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
                ReportCodes.MASS, values);
    }

    /** A smooth map in [0, 1] over {@code width x height}, different in every column and row. */
    static float[] ramp(int width, int height) {
        float[] v = new float[width * height];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                v[r * width + c] = (c + r * 0.37f) / (width - 1 + (height - 1) * 0.37f);
            }
        }
        return v;
    }
}
