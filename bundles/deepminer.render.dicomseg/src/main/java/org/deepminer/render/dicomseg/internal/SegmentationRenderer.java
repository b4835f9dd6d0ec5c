package org.deepminer.render.dicomseg.internal;

import org.deepminer.render.dicom.DicomFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.ReportCodes;
import org.deepminer.dicom.Segment;
import org.deepminer.dicom.SegmentationObject;
import org.deepminer.dicom.SegmentationType;
import org.deepminer.dicom.SourceImage;
import org.deepminer.imaging.figure.Privacy;
import org.deepminer.imaging.figure.UnitMaps;
import org.deepminer.imaging.figure.Wording;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The heatmaps of an explanation as a FRACTIONAL DICOM Segmentation of the source image, which viewers
 * overlay on the mammogram: one segment per shown unit (its map on the joint scale of all shown units,
 * upsampled bilinearly to the image), then one for the explained class's probability map (its values as
 * they are). The class map keeps a segmentation possible when no unit is shown; the series description
 * then says so. Needs an image read from DICOM. Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + SegmentationRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=application/dicom",
        ServiceProperties.NAME + "=dicom-seg",
        ServiceProperties.DESCRIPTION + "=DICOM Segmentation (FRACTIONAL): one heatmap segment per unit and the class map"})
public class SegmentationRenderer implements ExplanationRenderer {
    static final String FORMAT = "dicom-seg";

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
        SegmentationObject segmentation = segmentation(e, source);
        Privacy privacy = Privacy.of(options);
        DicomFiles.writeTo(out, e, file -> dicom.writeSegmentation(file,
                DicomFiles.identity(privacy, source.studyInstanceUid()), segmentation));
    }

    SegmentationObject segmentation(Explanation e, SourceImage source) {
        int width = e.sample().image().width();
        int height = e.sample().image().height();
        UnitMaps maps = UnitMaps.of(e);
        String algorithm = DicomFiles.longString("DeepMiner " + e.modelName() + " " + e.layer());
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < e.units().size(); i++) {
            UnitContribution u = e.units().get(i);
            Optional<Concept> concept = u.label().flatMap(l -> vocabulary.concept(l.conceptId()));
            SegmentCodes.Coded codes = SegmentCodes.of(concept, vocabulary);
            String label = u.label().isPresent() ? Wording.unitName(u) + ": " + Wording.term(u) : Wording.unitName(u);
            segments.add(new Segment(DicomFiles.longString(label), algorithm, codes.category(), codes.type(),
                    maps.unit(i, width, height)));
        }
        float[] classMap = UnitMaps.classMap(e, width, height);
        if (classMap != null) {
            segments.add(new Segment(DicomFiles.longString("P(" + e.explained() + ")"), algorithm,
                    ReportCodes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE, SegmentCodes.CLASS_PROBABILITY,
                    classMap));
        }
        if (segments.isEmpty()) {
            throw new DeepMinerException(DicomFiles.sampleName(e),
                    "nothing to segment: the explanation shows no unit and has no class map");
        }
        String description = e.units().isEmpty() ? "DeepMiner heatmaps: no units, class map only" : "DeepMiner heatmaps";
        return new SegmentationObject(source, SegmentationType.FRACTIONAL, description, segments);
    }
}
