package org.deepminer.render.png.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.deepminer.api.data.Box;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.ColorMap;
import org.deepminer.imaging.figure.ExplanationFigure;
import org.deepminer.imaging.figure.Explanations;
import org.deepminer.imaging.figure.Privacy;
import org.junit.jupiter.api.Test;

class PngRendererTest {
    private final PngRenderer renderer = new PngRenderer();

    @Test
    void figureIsAPngOfTheComposedSizeWithTheOverlayHottestAtTheStrongestUnit() throws Exception {
        Explanation e = Explanations.builder().size(512, 512).build();
        BufferedImage png = render(e);
        ExplanationFigure.Composition layout = ExplanationFigure.of(e, RenderOptions.defaults()).composition();
        assertEquals(layout.picture().width(), png.getWidth());
        assertEquals(layout.picture().height(), png.getHeight());
        assertTrue(png.getWidth() >= 2 * 512 && png.getHeight() >= 512 + 256, png.getWidth() + "x" + png.getHeight());

        Box overlay = layout.placement("overlay").orElseThrow();
        Box mammogram = layout.placement("mammogram").orElseThrow();
        assertEquals(512, overlay.width(), "a 512-pixel image is shown at its own size");
        float[] heat = heat(png, overlay, mammogram);
        int hottest = 0;
        for (int i = 1; i < heat.length; i++) {
            hottest = heat[i] > heat[hottest] ? i : hottest;
        }
        int hx = hottest % overlay.width();
        int hy = hottest / overlay.width();
        int px = Explanations.pixelOf(Explanations.PEAKS[0][0], 8, 512);
        int py = Explanations.pixelOf(Explanations.PEAKS[0][1], 8, 512);
        // one layer cell is 64 pixels: the hottest pixel lies within the peak's cell
        assertTrue(Math.abs(hx - px) <= 32 && Math.abs(hy - py) <= 32,
                "hottest at " + hx + "," + hy + ", unit map peaks at " + px + "," + py);
        assertTrue(heat[hottest] > 0.9f, "the strongest unit reaches the top of the scale: " + heat[hottest]);

        // the weakest unit (a third of the strongest's activation) peaks low on the joint scale
        int qx = Explanations.pixelOf(Explanations.PEAKS[2][0], 8, 512);
        int qy = Explanations.pixelOf(Explanations.PEAKS[2][1], 8, 512);
        float weak = heat[qy * overlay.width() + qx];
        assertTrue(weak > 0.2f && weak < 0.45f, "weakest unit's peak on the joint scale: " + weak);
    }

    @Test
    void groundTruthOutlinePixelsAreInTheMammogramPanel() throws Exception {
        Explanation e = Explanations.builder().size(512, 512).build();
        BufferedImage png = render(e);
        Box mammogram = ExplanationFigure.of(e, RenderOptions.defaults()).composition().placement("mammogram").orElseThrow();
        Box lesion = e.sample().truth().lesions().get(0).mask().box();
        int inside = 0;
        int outside = 0;
        for (int y = 0; y < mammogram.height(); y++) {
            for (int x = 0; x < mammogram.width(); x++) {
                if (isOutline(png.getRGB(mammogram.x() + x, mammogram.y() + y))) {
                    boolean near = x >= lesion.x() - 3 && x < lesion.x() + lesion.width() + 3 && y >= lesion.y() - 3
                            && y < lesion.y() + lesion.height() + 3;
                    if (near) {
                        inside++;
                    } else {
                        outside++;
                    }
                }
            }
        }
        assertTrue(inside > 40, "outline pixels around the lesion: " + inside);
        assertEquals(0, outside, "outline pixels elsewhere");
    }

    @Test
    void explanationWithoutUnitsStillRendersItsImageAndClassMap() throws Exception {
        Explanation e = Explanations.builder().units(0).build();
        BufferedImage png = render(e);
        ExplanationFigure.Composition layout = ExplanationFigure.of(e, RenderOptions.defaults()).composition();
        assertEquals(layout.picture().height(), png.getHeight());
        assertTrue(layout.placement("class map").isPresent());
        assertTrue(layout.placement("unit 42").isEmpty());
    }

    @Test
    void identifiersAreDrawnOnlyWhenKept() throws Exception {
        Map<String, String> extra = Map.of("PatientName", "Doe^Jane", "PatientID", "PID-4711", "PatientBirthDate", "19610203");
        Explanation named = Explanations.builder().sampleId("PID-4711_L_MLO").build();
        Explanation anonymous = Explanations.builder().sampleId(Privacy.WITHHELD + "_L_MLO").build();
        int[] withheld = pixels(render(named, new RenderOptions(false, extra)));
        // the identifier in the sample id is withheld, and nothing else of the patient is drawn
        assertArrayEquals(pixels(render(anonymous, RenderOptions.defaults())), withheld);
        int[] kept = pixels(render(named, new RenderOptions(true, extra)));
        assertFalse(Arrays.equals(withheld, kept), "kept identifiers are written on the figure");
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private BufferedImage render(Explanation e) throws Exception {
        return render(e, RenderOptions.defaults());
    }

    private BufferedImage render(Explanation e, RenderOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(e, options, out);
        byte[] bytes = out.toByteArray();
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /**
     * The jet value (0-1) painted over each pixel of {@code overlay}: the overlay is {@code (1 - a) * grey + a *
     * jet(t)} with the grey taken from the same pixel of the mammogram panel; t is the jet entry nearest to
     * the unblended colour. Labels and outlines give meaningless values: they are set to -1.
     */
    private static float[] heat(BufferedImage png, Box overlay, Box mammogram) {
        float a = ExplanationFigure.ALPHA;
        int[] jet = new int[256];
        for (int k = 0; k < 256; k++) {
            jet[k] = ColorMap.JET.rgb(k / 255f);
        }
        float[] out = new float[overlay.width() * overlay.height()];
        for (int y = 0; y < overlay.height(); y++) {
            for (int x = 0; x < overlay.width(); x++) {
                int o = png.getRGB(overlay.x() + x, overlay.y() + y);
                int g = png.getRGB(mammogram.x() + x, mammogram.y() + y);
                if (isOutline(g) || isOutline(o)) {
                    out[y * overlay.width() + x] = -1;
                    continue;
                }
                float grey = g & 255;
                float r = (((o >> 16) & 255) - (1 - a) * grey) / a;
                float gr = (((o >> 8) & 255) - (1 - a) * grey) / a;
                float b = ((o & 255) - (1 - a) * grey) / a;
                int best = 0;
                float bestDistance = Float.MAX_VALUE;
                for (int k = 0; k < 256; k++) {
                    float dr = r - ((jet[k] >> 16) & 255);
                    float dg = gr - ((jet[k] >> 8) & 255);
                    float db = b - (jet[k] & 255);
                    float d = dr * dr + dg * dg + db * db;
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = k;
                    }
                }
                // a poor fit is a label (white text on a dark box), not heat
                out[y * overlay.width() + x] = bestDistance < 30 * 30 ? best / 255f : -1;
            }
        }
        return out;
    }

    private static boolean isOutline(int rgb) {
        return ((rgb >> 8) & 255) > 200 && ((rgb >> 16) & 255) < 80 && (rgb & 255) < 80;
    }
}
