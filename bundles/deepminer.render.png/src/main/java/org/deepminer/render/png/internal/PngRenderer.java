package org.deepminer.render.png.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.figure.ExplanationFigure;
import org.osgi.service.component.annotations.Component;

/**
 * An explanation as one PNG figure: the sentence as title, the mammogram with the ground-truth outlines,
 * the shown units' heatmap overlay with its colour bar, a panel per unit with its label, and the
 * class-probability map (see {@link ExplanationFigure}). Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + PngRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=image/png",
        ServiceProperties.NAME + "=png",
        ServiceProperties.DESCRIPTION + "=PNG figure: mammogram, heatmap overlay with colour bar, unit panels, class map, outlines"})
public class PngRenderer implements ExplanationRenderer {
    static final String FORMAT = "png";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "png";
    }

    @Override
    public void render(Explanation explanation, RenderOptions options, OutputStream out) throws IOException {
        ExplanationFigure.of(explanation, options).compose().writePng(out);
    }
}
