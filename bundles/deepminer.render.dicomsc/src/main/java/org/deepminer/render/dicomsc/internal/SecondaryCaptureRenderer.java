package org.deepminer.render.dicomsc.internal;

import org.deepminer.render.dicom.DicomFiles;

import java.io.IOException;
import java.io.OutputStream;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.SourceImage;
import org.deepminer.imaging.Picture;
import org.deepminer.imaging.figure.ExplanationFigure;
import org.deepminer.imaging.figure.Privacy;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The explanation figure of the png renderer (title, mammogram, heatmap overlay with colour bar, unit
 * panels, class map) as an RGB DICOM Secondary Capture in the source image's study, so that a PACS shows
 * the picture beside the mammogram. Patient identifiers are never drawn into the pixels (a viewer cannot
 * hide burned-in text); with {@code --keep-identifiers} they go into the header only. Needs an image read
 * from DICOM. Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + SecondaryCaptureRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=application/dicom",
        ServiceProperties.NAME + "=dicom-sc",
        ServiceProperties.DESCRIPTION + "=DICOM Secondary Capture of the explanation figure"})
public class SecondaryCaptureRenderer implements ExplanationRenderer {
    static final String FORMAT = "dicom-sc";

    @Reference
    DicomService dicom;

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
        RenderOptions o = options == null ? RenderOptions.defaults() : options;
        // drawn as if identifiers were not to be kept: the figure then withholds them from its text too
        Picture figure = ExplanationFigure.of(e, new RenderOptions(false, o.extra())).compose();
        int w = figure.width();
        int h = figure.height();
        int[] rgb = figure.image().getRGB(0, 0, w, h, null, 0, w);
        Privacy privacy = Privacy.of(o);
        DicomFiles.writeTo(out, e, file -> dicom.writeSecondaryCapture(file,
                DicomFiles.identity(privacy, source.studyInstanceUid()), w, h, rgb, source.sopInstanceUid(),
                source.sopClassUid()));
    }
}
