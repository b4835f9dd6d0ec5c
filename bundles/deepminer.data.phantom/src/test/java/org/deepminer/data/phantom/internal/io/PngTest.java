package org.deepminer.data.phantom.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTest {
    @TempDir
    Path dir;

    @Test
    void maskRoundTripsAndIsAStandardPng() throws IOException {
        int w = 37;
        int h = 21;
        byte[] mask = new byte[w * h];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextInt(3) == 0 ? (byte) 1 : 0;
        }
        Path file = dir.resolve("m.png");
        Png.writeMask(file, mask, w, h);
        Png.Grey g = Png.readGrey(file, 1 << 20);
        assertEquals(1, g.bitDepth());
        BufferedImage viaImageIo = ImageIO.read(file.toFile());
        for (int i = 0; i < mask.length; i++) {
            assertEquals(mask[i], g.samples()[i]);
            assertEquals(mask[i] != 0, viaImageIo.getRaster().getSample(i % w, i / w, 0) != 0);
        }
    }

    @Test
    void sixteenBitImageRoundTripsThroughUsAndImageIo() throws IOException {
        int w = 64;
        int h = 48;
        short[] pixels = new short[w * h];
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) rng.nextInt(4096);
        }
        Path file = dir.resolve("g.png");
        Png.writeGrey16(file, pixels, w, h);
        Png.Grey g = Png.readGrey(file, 1 << 20);
        BufferedImage viaImageIo = ImageIO.read(file.toFile());
        assertEquals(16, viaImageIo.getColorModel().getComponentSize(0));
        for (int i = 0; i < pixels.length; i++) {
            assertEquals(pixels[i], g.samples()[i]);
            assertEquals(pixels[i], viaImageIo.getRaster().getSample(i % w, i / w, 0));
        }
    }

    @Test
    void rgbIsReadableByImageIo() throws IOException {
        Path file = dir.resolve("c.png");
        Png.writeRgb(file, new int[] {0xFF0000, 0x00FF00, 0x0000FF, 0x123456}, 2, 2);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(0x123456, image.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(0xFF0000, image.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void corruptFilesAreNamedProblems() throws IOException {
        Path file = dir.resolve("bad.png");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        IOException e = assertThrows(IOException.class, () -> Png.readGrey(file, 100));
        assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
        Png.writeMask(file, new byte[16], 4, 4);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x55; // inside IDAT: the CRC no longer matches
        Files.write(file, bytes);
        e = assertThrows(IOException.class, () -> Png.readGrey(file, 100));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        byte[] truncated = new byte[bytes.length / 2];
        System.arraycopy(bytes, 0, truncated, 0, truncated.length);
        Files.write(file, truncated);
        assertThrows(IOException.class, () -> Png.readGrey(file, 100));
    }

    @Test
    void writesTheSameBytesForTheSamePixels() throws IOException {
        short[] pixels = new short[100];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) (i * 37 % 4096);
        }
        Png.writeGrey16(dir.resolve("a.png"), pixels, 10, 10);
        Png.writeGrey16(dir.resolve("b.png"), pixels, 10, 10);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
    }
}
