package org.deepminer.imaging.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.Picture;
import org.junit.jupiter.api.Test;

class ExplanationFigureTest {

    @Test
    void overlayIsRedWhereTheStrongestUnitPeaksAndBlueFarFromEveryUnit() {
        ExplanationFigure figure = ExplanationFigure.of(Explanations.standard(), RenderOptions.defaults());
        assertEquals(384, figure.panelWidth(), "a 128-pixel image is painted enlarged");
        BufferedImage img = figure.overlay().image();
        int px = Explanations.pixelOf(Explanations.PEAKS[0][0], 8, 384);
        int py = Explanations.pixelOf(Explanations.PEAKS[0][1], 8, 384);
        int hot = img.getRGB(px, py);
        int cold = img.getRGB(370, 370); // no unit fires in the bottom-right corner
        assertTrue(red(hot) > blue(hot) + 60, "hot pixel " + Integer.toHexString(hot));
        assertTrue(blue(cold) > red(cold) + 20, "cold pixel " + Integer.toHexString(cold));
    }

    @Test
    void groundTruthOutlineIsDrawnOnTheMammogram() {
        Explanation e512 = Explanations.builder().size(512, 512).build();
        BufferedImage img = ExplanationFigure.of(e512, RenderOptions.defaults()).mammogram().image();
        // the outline's first vertex (angle 0) lies on the polygon; 512 pixels: panel and image coincide
        int x = e512.sample().truth().lesions().get(0).outline().get(0);
        int y = e512.sample().truth().lesions().get(0).outline().get(1);
        assertTrue(isOutline(img.getRGB(x, y)) || isOutline(img.getRGB(x - 1, y)), Integer.toHexString(img.getRGB(x, y)));
        assertTrue(!isOutline(img.getRGB(10, 10)), "no outline far from the lesion");
    }

    @Test
    void lesionWithoutPolygonIsOutlinedFromItsMask() {
        Explanation e = Explanations.builder().size(512, 512).build();
        var l = e.sample().truth().lesions().get(0);
        var noPolygon = new org.deepminer.api.data.Lesion(l.id(), l.kind(), l.pathology(), l.concepts(), l.mask(),
                l.conceptMasks(), java.util.List.of(), l.assessment());
        var truth = new org.deepminer.api.data.GroundTruth("malignant", java.util.List.of(noPolygon),
                e.sample().truth().report());
        var sample = new org.deepminer.api.data.Sample(e.sample().ref(), e.sample().image(), e.sample().metadata(), truth);
        Explanation masked = new Explanation(sample, e.modelName(), e.modelSha256(), e.layer(), e.probabilities(),
                e.predicted(), e.explained(), e.units(), e.sentence(), e.classMap());
        BufferedImage img = ExplanationFigure.of(masked, RenderOptions.defaults()).mammogram().image();
        int cx = Explanations.pixelOf(Explanations.PEAKS[0][0], 8, 512);
        int cy = Explanations.pixelOf(Explanations.PEAKS[0][1], 8, 512);
        int radius = 512 / 14;
        assertTrue(isOutline(img.getRGB(cx + radius, cy)), "boundary pixel");
        assertTrue(!isOutline(img.getRGB(cx, cy)), "interior untouched");
    }

    @Test
    void composedFigureHoldsAllPanelsAndGrowsWithUnits() {
        Picture full = ExplanationFigure.of(Explanations.standard(), RenderOptions.defaults()).compose();
        Picture none = ExplanationFigure.of(Explanations.builder().units(0).build(), RenderOptions.defaults()).compose();
        // small images are painted enlarged: two main panels of at least 384 pixels side by side
        assertTrue(full.width() >= 2 * 384, "width " + full.width());
        assertTrue(full.height() > 384 + 192, "height " + full.height());
        assertTrue(none.height() > 384, "no units still shows image and class map: " + none.height());
        assertTrue(countRed(full.image()) > countRed(none.image()), "unit panels add heat");
        assertTrue(ExplanationFigure.of(Explanations.builder().units(0).build(), RenderOptions.defaults()).composition()
                .placement("colour bar").isEmpty(), "no units, no activation scale");
        ExplanationFigure.Composition layout = ExplanationFigure.of(Explanations.standard(), RenderOptions.defaults())
                .composition();
        for (String panel : new String[] {"mammogram", "overlay", "colour bar", "unit 42", "unit 7", "unit 3", "class map"}) {
            var box = layout.placement(panel).orElseThrow(() -> new AssertionError(panel));
            assertTrue(box.x() + box.width() <= full.width() && box.y() + box.height() <= full.height(), panel + " " + box);
        }
    }

    @Test
    void overlayWithBarKeepsTheOverlayAndAddsTheScale() {
        ExplanationFigure figure = ExplanationFigure.of(Explanations.standard(), RenderOptions.defaults());
        Picture overlay = figure.overlay();
        Picture withBar = figure.overlayWithBar();
        assertEquals(overlay.height(), withBar.height());
        assertTrue(withBar.width() > overlay.width() + 16);
        for (int y = 0; y < overlay.height(); y += 7) {
            for (int x = 0; x < overlay.width(); x += 7) {
                assertEquals(overlay.image().getRGB(x, y), withBar.image().getRGB(x, y));
            }
        }
        // the bar: red at the top, blue at the bottom
        int barX = overlay.width() + 8 + 8;
        assertTrue(red(withBar.image().getRGB(barX, 2)) > 100 && blue(withBar.image().getRGB(barX, 2)) < 40);
        assertTrue(blue(withBar.image().getRGB(barX, overlay.height() - 3)) > 100);
    }

    @Test
    void oddExplanationsStillMakeAFigure() {
        // a 3x2 image, no ground truth, no class map, no sentence, maps of 1x1
        Explanation odd = Explanations.builder().size(3, 2).mapSize(1).withoutTruth().withoutClassMap().sentence(null)
                .build();
        ExplanationFigure figure = ExplanationFigure.of(odd, RenderOptions.defaults());
        assertEquals("malignant (0.91)", figure.title());
        Picture picture = figure.compose();
        assertTrue(picture.width() > 2 * 384 && picture.height() > 384);
        assertTrue(figure.composition().placement("class map").isEmpty());
    }

    @Test
    void largeImagesArePaintedAtAThousandPixelsASide() {
        Explanation big = Explanations.builder().size(2048, 1536).build();
        ExplanationFigure figure = ExplanationFigure.of(big, RenderOptions.defaults());
        assertEquals(1024, figure.panelWidth());
        assertEquals(768, figure.panelHeight());
        assertEquals(1024, figure.overlay().width());
    }

    @Test
    void shrinkAveragesTheCoveredPixels() {
        float[] src = {0, 1, 1, 1, 0.5f, 0.5f, 0, 0};
        float[] out = ExplanationFigure.shrink(src, 4, 2, 2, 1);
        assertEquals(0.5f, out[0], 1e-6); // 0, 1, 0.5, 0.5
        assertEquals(0.5f, out[1], 1e-6); // 1, 1, 0, 0
    }

    @Test
    void subtitleCarriesIdentifiersOnlyWhenKept() {
        Map<String, String> ids = Map.of(PatientIdentifiers.NAME, "Doe^Jane", PatientIdentifiers.ID, "PID-4711");
        Explanation e = Explanations.builder().sampleId("PID-4711_L_MLO").build();
        String hidden = String.join("\n", ExplanationFigure.of(e, new RenderOptions(false, ids)).subtitle());
        String shown = String.join("\n", ExplanationFigure.of(e, new RenderOptions(true, ids)).subtitle());
        assertTrue(!hidden.contains("PID-4711") && !hidden.contains("Doe"), hidden);
        assertTrue(shown.contains("patient: Doe^Jane, PID-4711"), shown);
    }

    private static boolean isOutline(int rgb) {
        return ((rgb >> 8) & 255) > 200 && ((rgb >> 16) & 255) < 80 && (rgb & 255) < 80;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 255;
    }

    private static int blue(int rgb) {
        return rgb & 255;
    }

    private static long countRed(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                if (red(c) > 150 && blue(c) < 90 && ((c >> 8) & 255) < 120) {
                    n++;
                }
            }
        }
        return n;
    }
}
