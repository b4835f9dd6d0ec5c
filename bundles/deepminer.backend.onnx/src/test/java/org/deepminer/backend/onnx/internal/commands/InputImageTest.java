package org.deepminer.backend.onnx.internal.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.imaging.Resample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputImageTest {

    @TempDir
    Path dir;

    @Test
    void sixteenBitGreyIsScaledResizedReplicatedAndNormalised() throws Exception {
        BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_USHORT_GRAY);
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            int v = i * 2700;
            img.getRaster().setSample(i % 6, i / 6, 0, v);
            expected[i] = v / 65535f;
        }
        Path png = dir.resolve("grey16.png");
        ImageIO.write(img, "png", png.toFile());
        InputImage in = InputImage.read(png);
        assertEquals(1, in.planes().length);
        assertArrayEquals(expected, in.planes()[0], 1e-6f);

        FloatTensor t = in.toBatch(new InputSpec(3, 3, 5, List.of(0.1f, 0.2f, 0.3f), List.of(0.5f)));
        assertArrayEquals(new int[] {1, 3, 3, 5}, t.shape());
        float[] resized = Resample.bilinear(expected, 6, 4, 5, 3);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 15; i++) {
                assertEquals((resized[i] - (0.1f + 0.1f * c)) / 0.5f, t.data()[c * 15 + i], 1e-6f);
            }
        }
    }

    @Test
    void colourBecomesLumaForOneChannelAndStaysRgbForThree() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF80);
        InputImage in = InputImage.of(img);
        FloatTensor grey = in.toBatch(InputSpec.grey(0, 0));
        assertArrayEquals(new int[] {1, 1, 1, 2}, grey.shape(), "a dynamic size keeps the image's size");
        assertEquals(0.299f, grey.data()[0], 1e-6f);
        assertEquals(0.587f + 0.114f * 128 / 255f, grey.data()[1], 1e-6f);
        FloatTensor rgb = in.toBatch(new InputSpec(3, 0, 0, List.of(0f), List.of(1f)));
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 128 / 255f}, rgb.data(), 1e-6f);
    }
}
