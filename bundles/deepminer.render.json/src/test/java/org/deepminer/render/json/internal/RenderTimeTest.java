package org.deepminer.render.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.figure.RenderTiming;
import org.junit.jupiter.api.Test;

/** Prints the render time for a 512x512 image with 3 units (never asserted: machines differ). */
class RenderTimeTest {
    @Test
    void renderTimeIsPrinted() throws Exception {
        JsonRenderer renderer = new JsonRenderer();
        Explanation e = RenderTiming.explanation();
        byte[] out = RenderTiming.measure("json", () -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            renderer.render(e, RenderOptions.defaults(), b);
            return b.toByteArray();
        });
        assertEquals(3, new ObjectMapper().readTree(out).get("units").size());
    }
}
