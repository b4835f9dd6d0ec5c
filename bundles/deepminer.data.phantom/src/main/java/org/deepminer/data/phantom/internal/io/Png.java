package org.deepminer.data.phantom.internal.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A small PNG codec for what the phantom writes and reads back: 1-bit grey masks, 16-bit grey images and
 * 8-bit RGB montages. Writing uses the fastest deflate level (a 512 x 512 mask costs well under a
 * millisecond, which matters when a data set holds thousands); reading accepts non-interlaced grey PNGs of
 * 1, 2, 4, 8 or 16 bits with any row filter.
 */
public final class Png {
    private Png() {}

    private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    /** Writes a 1-bit grey PNG: non-zero bytes of {@code mask} are white. */
    public static void writeMask(Path file, byte[] mask, int width, int height) throws IOException {
        int rowBytes = (width + 7) / 8;
        byte[] raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++) {
            int o = y * (rowBytes + 1) + 1;
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (mask[row + x] != 0) {
                    raw[o + (x >> 3)] |= (byte) (0x80 >>> (x & 7));
                }
            }
        }
        write(file, width, height, 1, 0, raw);
    }

    /** Writes a 16-bit grey PNG (big-endian samples, as PNG stores them). */
    public static void writeGrey16(Path file, short[] pixels, int width, int height) throws IOException {
        int rowBytes = width * 2;
        byte[] raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++) {
            int o = y * (rowBytes + 1);
            raw[o] = 2; // "up" filter: neighbouring rows of a mammogram are alike, so it deflates better
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int v = pixels[row + x] & 0xFFFF;
                int up = y == 0 ? 0 : pixels[row - width + x] & 0xFFFF;
                int hi = (v >>> 8) - (up >>> 8);
                int lo = (v & 0xFF) - (up & 0xFF);
                raw[o + 1 + 2 * x] = (byte) hi;
                raw[o + 2 + 2 * x] = (byte) lo;
            }
        }
        write(file, width, height, 16, 0, raw);
    }

    /** Writes an 8-bit RGB PNG from packed 0xRRGGBB pixels. */
    public static void writeRgb(Path file, int[] rgb, int width, int height) throws IOException {
        int rowBytes = width * 3;
        byte[] raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++) {
            int o = y * (rowBytes + 1) + 1;
            for (int x = 0; x < width; x++) {
                int p = rgb[y * width + x];
                raw[o + 3 * x] = (byte) (p >>> 16);
                raw[o + 3 * x + 1] = (byte) (p >>> 8);
                raw[o + 3 * x + 2] = (byte) p;
            }
        }
        write(file, width, height, 8, 2, raw);
    }

    private static void write(Path file, int width, int height, int bitDepth, int colourType, byte[] raw)
            throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(13);
        writeInt(header, width);
        writeInt(header, height);
        header.write(bitDepth);
        header.write(colourType);
        header.write(0); // deflate
        header.write(0); // adaptive filtering
        header.write(0); // not interlaced
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream data = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            data.write(buffer, 0, n);
        }
        deflater.end();
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream(data.size() + 64);
            all.write(SIGNATURE);
            chunk(all, "IHDR", header.toByteArray());
            chunk(all, "IDAT", data.toByteArray());
            chunk(all, "IEND", new byte[0]);
            all.writeTo(out);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, body.length);
        out.write(name);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** A decoded grey image: samples as unsigned values. */
    public record Grey(int width, int height, int bitDepth, int[] samples) {}

    /**
     * Reads a grey, non-interlaced PNG.
     *
     * @throws IOException with a message naming the problem (not a PNG, colour, truncated, bad CRC...)
     */
    public static Grey readGrey(Path file, long maxPixels) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            byte[] sig = new byte[8];
            in.readFully(sig);
            if (!java.util.Arrays.equals(sig, SIGNATURE)) {
                throw new IOException("not a PNG file (bad signature)");
            }
            int width = -1;
            int height = -1;
            int depth = 0;
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            while (true) {
                int length = in.readInt();
                byte[] type = new byte[4];
                in.readFully(type);
                String name = new String(type, StandardCharsets.US_ASCII);
                if (length < 0 || length > (1 << 30)) {
                    throw new IOException("chunk " + name + " has absurd length " + length);
                }
                byte[] body = new byte[length];
                in.readFully(body);
                int crc = in.readInt();
                CRC32 check = new CRC32();
                check.update(type);
                check.update(body);
                if ((int) check.getValue() != crc) {
                    throw new IOException("chunk " + name + " fails its CRC (corrupt file)");
                }
                if (name.equals("IHDR")) {
                    width = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
                    height = ((body[4] & 0xFF) << 24) | ((body[5] & 0xFF) << 16) | ((body[6] & 0xFF) << 8) | (body[7] & 0xFF);
                    depth = body[8];
                    int colour = body[9];
                    if (colour != 0) {
                        throw new IOException("PNG colour type " + colour + " is not grey (0)");
                    }
                    if (body[12] != 0) {
                        throw new IOException("interlaced PNG is not supported");
                    }
                    if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                        throw new IOException("PNG size " + width + "x" + height + " is absurd");
                    }
                    if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) {
                        throw new IOException("PNG bit depth " + depth + " is invalid");
                    }
                } else if (name.equals("IDAT")) {
                    idat.write(body);
                } else if (name.equals("IEND")) {
                    break;
                }
            }
            if (width < 0) {
                throw new IOException("PNG has no IHDR chunk");
            }
            return decode(idat.toByteArray(), width, height, depth);
        } catch (EOFException e) {
            throw new IOException("PNG is truncated");
        }
    }

    private static Grey decode(byte[] compressed, int width, int height, int depth) throws IOException {
        int bytesPerPixel = Math.max(1, depth / 8);
        int rowBytes = (width * depth + 7) / 8;
        byte[] raw = new byte[height * (rowBytes + 1)];
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        try {
            int done = 0;
            while (done < raw.length) {
                int n = inflater.inflate(raw, done, raw.length - done);
                if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new IOException("PNG image data is truncated (" + done + " of " + raw.length + " bytes)");
                }
                done += n;
            }
        } catch (DataFormatException e) {
            throw new IOException("PNG image data is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
        byte[] prev = new byte[rowBytes];
        byte[] cur = new byte[rowBytes];
        int[] samples = new int[width * height];
        for (int y = 0; y < height; y++) {
            int o = y * (rowBytes + 1);
            int filter = raw[o];
            System.arraycopy(raw, o + 1, cur, 0, rowBytes);
            unfilter(filter, cur, prev, bytesPerPixel, y);
            for (int x = 0; x < width; x++) {
                int v;
                switch (depth) {
                    case 16 -> v = ((cur[2 * x] & 0xFF) << 8) | (cur[2 * x + 1] & 0xFF);
                    case 8 -> v = cur[x] & 0xFF;
                    default -> {
                        int bit = x * depth;
                        v = ((cur[bit >> 3] & 0xFF) >>> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
                    }
                }
                samples[y * width + x] = v;
            }
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return new Grey(width, height, depth, samples);
    }

    private static void unfilter(int filter, byte[] cur, byte[] prev, int bpp, int row) throws IOException {
        switch (filter) {
            case 0 -> { }
            case 1 -> {
                for (int i = bpp; i < cur.length; i++) {
                    cur[i] += cur[i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < cur.length; i++) {
                    cur[i] += prev[i];
                }
            }
            case 3 -> {
                for (int i = 0; i < cur.length; i++) {
                    int left = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    cur[i] += (byte) ((left + (prev[i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> {
                for (int i = 0; i < cur.length; i++) {
                    int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    int b = prev[i] & 0xFF;
                    int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                    int p = a + b - c;
                    int pa = Math.abs(p - a);
                    int pb = Math.abs(p - b);
                    int pc = Math.abs(p - c);
                    cur[i] += (byte) (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c));
                }
            }
            default -> throw new IOException("row " + row + " has unknown PNG filter type " + filter);
        }
    }
}
