package org.deepminer.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PictureTest {

    @Test
    void greyPixelsAndAnOutlineSurviveAPngRoundTrip() throws Exception {
        float[] px = new float[20 * 10];
        px[3 * 20 + 4] = 1f;
        Picture p = Picture.grey(px, 20, 10).outline(List.of(10, 2, 15, 2, 15, 7, 10, 7), Color.RED, 1f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.writePng(out);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(20, back.getWidth());
        assertEquals(0xFFFFFF, back.getRGB(4, 3) & 0xFFFFFF);
        assertEquals(0, back.getRGB(0, 0) & 0xFFFFFF);
        int edge = back.getRGB(12, 2) & 0xFFFFFF;
        assertEquals(255, (edge >> 16) & 255, "outline is red");
    }

    @Test
    void blendingMixesTheColourMapIn() {
        Picture p = Picture.grey(new float[] {0, 0}, 2, 1).blend(new float[] {0, 1}, ColorMap.JET, 0.5f);
        int low = p.image().getRGB(0, 0) & 0xFFFFFF;
        int high = p.image().getRGB(1, 0) & 0xFFFFFF;
        assertEquals(0, (low >> 16) & 255, "jet(0) has no red");
        assertEquals(64, (high >> 16) & 255, "jet(1) is dark red, half-blended over black");
        assertNotEquals(low, high);
    }

    @Test
    void maskBoundaryPaintsOnlyTheEdge() {
        boolean[] m = new boolean[5 * 5];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                m[y * 5 + x] = true;
            }
        }
        Picture p = Picture.grey(new float[25], 5, 5).maskBoundary(m, Color.GREEN);
        assertEquals(Color.GREEN.getRGB(), p.image().getRGB(1, 1));
        assertEquals(0xFF000000, p.image().getRGB(2, 2), "interior untouched");
    }

    @Test
    void jetGoesFromBlueToRed() {
        assertEquals(0x000080, ColorMap.JET.rgb(0f) & 0xFFFFFF, "dark blue at 0");
        assertEquals(0x800000, ColorMap.JET.rgb(1f) & 0xFFFFFF, "dark red at 1");
    }
}
