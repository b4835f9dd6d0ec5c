package org.deepminer.data.ddsm.internal;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.deepminer.api.DeepMinerException;

/**
 * A converted DDSM image as stored: grey levels (not yet scaled) in one flat row-major array.
 *
 * @param sampleBits bits per sample of the file (8 or 16; for PGM, the bits its maxval needs)
 * @param levels {@code height * width} grey levels
 */
record GreyImage(int width, int height, int sampleBits, float[] levels) {

    /** Reads PNG and TIFF (through ImageIO) and PGM (P2 and P5, 8 or 16 bits). */
    static GreyImage read(Path file, long maxPixels) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".pgm") ? readPgm(file, maxPixels) : readImageIo(file, maxPixels);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DeepMinerException d) {
                throw d;
            }
            throw new DeepMinerException(file.toString(), "cannot read the image: " + e.getMessage(), e);
        }
    }

    /**
     * No compression DDSM converters use (deflate in PNG, LZW or PackBits in TIFF) packs more than 4096 pixels
     * into a byte: a header that claims more is corrupt, and is refused before the pixels are allocated.
     */
    static final long MAX_PIXELS_PER_BYTE = 4096;

    private static GreyImage readImageIo(Path file, long maxPixels) throws IOException {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DeepMinerException(file.toString(), "not an image this reader knows (PNG, TIFF, PGM)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the header's size, checked before ImageIO allocates the raster for it
                checkSize(file, reader.getWidth(0), reader.getHeight(0), maxPixels);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                long bytes = Files.size(file);
                if (pixels > bytes * MAX_PIXELS_PER_BYTE) {
                    throw new DeepMinerException(file.toString(), "the header says " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels, more than a file of " + bytes + " bytes can hold");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        }
        int w = image.getWidth();
        int h = image.getHeight();
        checkSize(file, w, h, maxPixels);
        Raster raster = image.getRaster();
        // grey files have one band; for colour conversions of a grey film the first band is the grey
        int bits = raster.getSampleModel().getSampleSize(0);
        float[] levels = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                levels[o + x] = row[x];
            }
        }
        return new GreyImage(w, h, bits, levels);
    }

    private static GreyImage readPgm(Path file, long maxPixels) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            String magic = token(in);
            if (!magic.equals("P5") && !magic.equals("P2")) {
                throw new DeepMinerException(file.toString(), "not a grey PGM (magic '" + magic + "', want P5 or P2)");
            }
            int w = headerInt(file, in, "width");
            int h = headerInt(file, in, "height");
            int max = headerInt(file, in, "maxval");
            if (max < 1 || max > 65535) {
                throw new DeepMinerException(file.toString(), "PGM maxval " + max + " is not 1-65535");
            }
            checkSize(file, w, h, maxPixels);
            // the samples must fit in the file: one or two bytes each (P5), or a digit and a blank (P2)
            long needed = magic.equals("P5") ? (long) w * h * (max > 255 ? 2 : 1) : 2L * w * h - 1;
            long size = Files.size(file);
            if (needed > size) {
                throw new DeepMinerException(file.toString(), "PGM is truncated: " + w + "x" + h + " samples need "
                        + needed + " bytes or more, the file has " + size);
            }
            int bits = 32 - Integer.numberOfLeadingZeros(max);
            float[] levels = new float[w * h];
            if (magic.equals("P2")) {
                for (int i = 0; i < levels.length; i++) {
                    levels[i] = headerInt(file, in, "pixel " + i);
                }
            } else {
                boolean wide = max > 255;
                for (int i = 0; i < levels.length; i++) {
                    int v = next(in);
                    if (wide) {
                        v = (v << 8) | next(in); // PGM stores 16-bit samples most significant byte first
                    }
                    levels[i] = v;
                }
            }
            return new GreyImage(w, h, bits, levels);
        } catch (EOFException e) {
            throw new DeepMinerException(file.toString(), "PGM is truncated");
        }
    }

    private static void checkSize(Path file, int w, int h, long maxPixels) {
        if (w <= 0 || h <= 0 || (long) w * h > maxPixels) {
            throw new DeepMinerException(file.toString(), "image size " + w + "x" + h + " is absurd");
        }
    }

    private static int next(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static int headerInt(Path file, InputStream in, String what) throws IOException {
        String t = token(in);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new DeepMinerException(file.toString(), "PGM " + what + " '" + t + "' is not a number");
        }
    }

    /** The next blank-separated token, skipping '#' comments; consumes the one blank after it. */
    private static String token(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (sb.isEmpty()) {
                    throw new EOFException();
                }
                return sb.toString();
            }
            if (c == '#' && sb.isEmpty()) {
                while (c != '\n' && c != '\r') {
                    c = next(in);
                }
            } else if (Character.isWhitespace(c)) {
                if (!sb.isEmpty()) {
                    return sb.toString();
                }
            } else {
                sb.append((char) c);
                if (sb.length() > 20) {
                    return sb.toString();
                }
            }
        }
    }
}
