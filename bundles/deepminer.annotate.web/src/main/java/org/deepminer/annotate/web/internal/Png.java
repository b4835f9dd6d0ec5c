package org.deepminer.annotate.web.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG encoding of flat pixel arrays, and the grey raster they come from. */
final class Png {
    private Png() {}

    /**
     * An 8-bit grey raster.
     *
     * @param sourceWidth width of the image it was scaled from (its own width when not scaled)
     */
    record Grey(int width, int height, byte[] pixels, int sourceWidth, int sourceHeight) {
        int at(int x, int y) {
            return pixels[y * width + x] & 0xff;
        }
    }

    static byte[] grey(Grey g) {
        BufferedImage img = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(g.pixels(), 0, dst, 0, dst.length);
        return encode(img);
    }

    static byte[] rgb(int width, int height, int[] rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(rgb, 0, dst, 0, dst.length);
        return encode(img);
    }

    private static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A decoded PNG as grey levels (the green channel: montages are grey). */
    static Grey readGrey(byte[] png, String name) throws IOException {
        BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
        if (img == null) {
            throw new IOException(name + " is not an image ImageIO can read");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) ((row[x] >> 8) & 0xff);
            }
        }
        return new Grey(w, h, out, w, h);
    }

    /** Floats in [0, 1] to grey levels, shrunk by averaging each output pixel's footprint to fit {@code maxSide}. */
    static Grey fit(float[] pixels, int width, int height, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int tw = Math.max(1, (int) Math.round(width * scale));
        int th = Math.max(1, (int) Math.round(height * scale));
        byte[] out = new byte[tw * th];
        for (int y = 0; y < th; y++) {
            int y0 = (int) ((long) y * height / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * height / th));
            for (int x = 0; x < tw; x++) {
                int x0 = (int) ((long) x * width / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * width / tw));
                double sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int r = yy * width;
                    for (int xx = x0; xx < x1; xx++) {
                        sum += pixels[r + xx];
                    }
                }
                double v = sum / ((long) (y1 - y0) * (x1 - x0));
                out[y * tw + x] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
            }
        }
        return new Grey(tw, th, out, width, height);
    }

    /** A grey raster shrunk to fit {@code maxSide} (box average); itself when it fits. */
    static Grey fit(Grey g, int maxSide) {
        if (Math.max(g.width(), g.height()) <= maxSide) {
            return g;
        }
        double scale = (double) maxSide / Math.max(g.width(), g.height());
        int tw = Math.max(1, (int) Math.round(g.width() * scale));
        int th = Math.max(1, (int) Math.round(g.height() * scale));
        byte[] out = new byte[tw * th];
        for (int y = 0; y < th; y++) {
            int y0 = (int) ((long) y * g.height() / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * g.height() / th));
            for (int x = 0; x < tw; x++) {
                int x0 = (int) ((long) x * g.width() / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * g.width() / tw));
                long sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int r = yy * g.width();
                    for (int xx = x0; xx < x1; xx++) {
                        sum += g.pixels()[r + xx] & 0xff;
                    }
                }
                out[y * tw + x] = (byte) (sum / ((long) (y1 - y0) * (x1 - x0)));
            }
        }
        return new Grey(tw, th, out, g.sourceWidth(), g.sourceHeight());
    }

    /** The rectangle {@code [x, x+w) x [y, y+h)} of a raster, clipped to it; null when nothing is left. */
    static Grey crop(Grey g, int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(g.width(), x + w);
        int y1 = Math.min(g.height(), y + h);
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        int cw = x1 - x0;
        int ch = y1 - y0;
        byte[] out = new byte[cw * ch];
        for (int r = 0; r < ch; r++) {
            System.arraycopy(g.pixels(), (y0 + r) * g.width() + x0, out, r * cw, cw);
        }
        return new Grey(cw, ch, out, cw, ch);
    }
}
