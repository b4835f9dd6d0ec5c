package org.deepminer.data.ddsm.internal;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small DDSM-style files for the tests. */
final class DdsmFiles {
    private DdsmFiles() {}

    static Path text(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A grey image, {@code levels[row][col]}, as a 16-bit PNG or TIFF (by the file's extension). */
    static Path image(Path file, int[][] levels) {
        int h = levels.length;
        int w = levels[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, levels[y][x]);
            }
        }
        String name = file.getFileName().toString();
        String type = name.substring(name.lastIndexOf('.') + 1).toLowerCase();
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, type.equals("tif") ? "tiff" : type, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A binary 16-bit PGM (P5, most significant byte first). */
    static Path pgm(Path file, int[][] levels, int maxval) {
        int h = levels.length;
        int w = levels[0].length;
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(("P5\n# test image\n" + w + " " + h + "\n" + maxval + "\n").getBytes(StandardCharsets.US_ASCII));
                for (int[] row : levels) {
                    for (int v : row) {
                        if (maxval > 255) {
                            out.write(v >> 8);
                        }
                        out.write(v & 0xff);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static int[][] filled(int w, int h, int level) {
        int[][] a = new int[h][w];
        for (int[] row : a) {
            java.util.Arrays.fill(row, level);
        }
        return a;
    }

    /** Sets a rectangle of columns x0..x1 and rows y0..y1 (inclusive). */
    static int[][] block(int[][] a, int x0, int y0, int x1, int y1, int level) {
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                a[y][x] = level;
            }
        }
        return a;
    }

    /**
     * The chain code of a rectangle's outline, clockwise from its top-left pixel: right along the top,
     * down the right side, left along the bottom, up the left side, as DDSM digits.
     */
    static String rectangle(int x0, int y0, int x1, int y1) {
        StringBuilder sb = new StringBuilder(x0 + " " + y0);
        for (int i = x0; i < x1; i++) {
            sb.append(" 2");
        }
        for (int i = y0; i < y1; i++) {
            sb.append(" 4");
        }
        for (int i = x0; i < x1; i++) {
            sb.append(" 6");
        }
        for (int i = y0; i < y1; i++) {
            sb.append(" 0");
        }
        return sb.append(" #").toString();
    }

    static String ics(String caseName, int density, String digitizer, String... viewLines) {
        StringBuilder sb = new StringBuilder();
        sb.append("ics_version 1.0\n");
        sb.append("filename ").append(caseName).append('\n');
        sb.append("DATE_OF_STUDY 2 7 1995\n");
        sb.append("PATIENT_AGE 63\n");
        sb.append("FILM\nFILM_TYPE REGULAR\n");
        sb.append("DENSITY ").append(density).append('\n');
        sb.append("DATE_DIGITIZED 7 22 1997\n");
        sb.append("DIGITIZER ").append(digitizer).append('\n');
        sb.append("SELECTED\n");
        for (String v : viewLines) {
            sb.append(v).append('\n');
        }
        return sb.toString();
    }

    static String view(String name, int w, int h, int bits, boolean overlay) {
        return name + " LINES " + h + " PIXELS_PER_LINE " + w + " BITS_PER_PIXEL " + bits + " RESOLUTION 50 "
                + (overlay ? "OVERLAY" : "NON_OVERLAY");
    }

    /** One abnormality with one BOUNDARY. */
    static String abnormality(int n, String lesionType, int assessment, String pathology, String boundary) {
        return "ABNORMALITY " + n + "\n"
                + "LESION_TYPE " + lesionType + "\n"
                + "ASSESSMENT " + assessment + "\n"
                + "SUBTLETY 3\n"
                + "PATHOLOGY " + pathology + "\n"
                + "TOTAL_OUTLINES 1\n"
                + "BOUNDARY\n" + boundary + "\n";
    }
}
