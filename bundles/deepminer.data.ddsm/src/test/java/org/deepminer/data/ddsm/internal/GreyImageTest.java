package org.deepminer.data.ddsm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deepminer.api.DeepMinerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreyImageTest {
    @TempDir
    Path dir;

    private static int[][] ramp(int w, int h) {
        int[][] a = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                a[y][x] = (y * w + x) * 37 % 4096;
            }
        }
        return a;
    }

    private static void assertLevels(int[][] expected, GreyImage g) {
        assertEquals(expected[0].length, g.width());
        assertEquals(expected.length, g.height());
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                assertEquals(expected[y][x], g.levels()[y * g.width() + x], x + "," + y);
            }
        }
    }

    @Test
    void pngTiffAndPgmGiveTheSameLevels() {
        int[][] levels = ramp(7, 5);
        GreyImage png = GreyImage.read(DdsmFiles.image(dir.resolve("a.png"), levels), 1000);
        GreyImage tif = GreyImage.read(DdsmFiles.image(dir.resolve("a.tif"), levels), 1000);
        GreyImage pgm = GreyImage.read(DdsmFiles.pgm(dir.resolve("a.pgm"), levels, 4095), 1000);
        assertLevels(levels, png);
        assertLevels(levels, tif);
        assertLevels(levels, pgm);
        assertEquals(16, png.sampleBits());
        assertEquals(12, pgm.sampleBits());
    }

    @Test
    void asciiPgmAndEightBitPgm() {
        Path p2 = DdsmFiles.text(dir.resolve("b.pgm"), "P2\n# comment\n3 2\n255\n0 1 2\n253 254 255");
        GreyImage g = GreyImage.read(p2, 1000);
        assertLevels(new int[][] {{0, 1, 2}, {253, 254, 255}}, g);
        assertEquals(8, g.sampleBits());
        GreyImage p5 = GreyImage.read(DdsmFiles.pgm(dir.resolve("c.pgm"), new int[][] {{9, 200}}, 255), 1000);
        assertLevels(new int[][] {{9, 200}}, p5);
    }

    @Test
    void brokenFilesNameTheFile() {
        Path truncated = DdsmFiles.text(dir.resolve("t.pgm"), "P5 4 4 255\n\u0001\u0002");
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> GreyImage.read(truncated, 1000));
        assertTrue(e.getMessage().startsWith(truncated.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Path junk = DdsmFiles.text(dir.resolve("j.png"), "not a png");
        e = assertThrows(DeepMinerException.class, () -> GreyImage.read(junk, 1000));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        Path big = DdsmFiles.pgm(dir.resolve("big.pgm"), new int[40][50], 255);
        e = assertThrows(DeepMinerException.class, () -> GreyImage.read(big, 1000));
        assertTrue(e.getMessage().contains("50x40"), e.getMessage());
    }

    /** Reads and returns what the read allocated on this thread. */
    private static long allocationOfFailedRead(Path file) {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> GreyImage.read(file, 100_000_000L));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return bean.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void headersThatClaimMorePixelsThanTheFileHoldsAreRefusedBeforeAllocating() throws Exception {
        // within the pixel limit, but the samples cannot be in the file: found by fuzzing, which saw 400 MB allocated
        Path p5 = java.nio.file.Files.write(dir.resolve("p5.pgm"), "P5\n10000 10000\n65535\n\0\0".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        Path p2 = DdsmFiles.text(dir.resolve("p2.pgm"), "P2\n9000 9000\n255\n1 2 3\n");
        Path png = java.nio.file.Files.write(dir.resolve("big.png"), DdsmFuzzTest.pngHeaderOnly(9000, 9000));
        for (Path file : new Path[] {p5, p2, png}) {
            long allocated = allocationOfFailedRead(file);
            assertTrue(allocated < 16 << 20, file.getFileName() + " allocated " + allocated + " bytes");
        }
    }
}
