package org.deepminer.render.png.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.figure.RenderTiming;
import org.junit.jupiter.api.Test;

/** Prints the render time for a 512x512 image with 3 units (never asserted: machines differ). */
class RenderTimeTest {
    @Test
    void renderTimeIsPrinted() throws Exception {
        PngRenderer renderer = new PngRenderer();
        Explanation e = RenderTiming.explanation();
        byte[] out = RenderTiming.measure("png", () -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            renderer.render(e, RenderOptions.defaults(), b);
            return b.toByteArray();
        });
        assertTrue(ImageIO.read(new ByteArrayInputStream(out)).getWidth() >= 1024);
    }
}
