package org.deepminer.render.html.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.figure.RenderTiming;
import org.junit.jupiter.api.Test;

/** Prints the render time for a 512x512 image with 3 units (never asserted: machines differ). */
class RenderTimeTest {
    @Test
    void renderTimeIsPrinted() throws Exception {
        HtmlRenderer renderer = new HtmlRenderer();
        Explanation e = RenderTiming.explanation();
        byte[] out = RenderTiming.measure("html", () -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            renderer.render(e, RenderOptions.defaults(), b);
            return b.toByteArray();
        });
        assertTrue(new String(out, StandardCharsets.UTF_8).endsWith("</html>\n"));
    }
}
