package org.deepminer.probe.topactivations.internal;

import org.deepminer.api.data.MammogramImage;
import org.deepminer.imaging.Resample;

/**
 * A kept sample's image, scaled to fit a square of {@code size} pixels (aspect kept), 8-bit grey: a
 * 96-pixel copy is 9 KB where a mammogram is megabytes.
 *
 * @param width columns, at most the square's side
 * @param height rows, at most the square's side
 * @param grey {@code width x height} grey levels 0-255 (unsigned), row-major
 */
record Thumbnail(int width, int height, byte[] grey) implements java.io.Serializable {

    static Thumbnail of(MammogramImage image, int size) {
        int w = image.width();
        int h = image.height();
        double scale = (double) size / Math.max(w, h);
        int tw = Math.max(1, Math.min(size, (int) Math.round(w * scale)));
        int th = Math.max(1, Math.min(size, (int) Math.round(h * scale)));
        float[] pixels = tw <= w && th <= h ? boxAverage(image.pixels(), w, h, tw, th)
                : Resample.bilinear(image.pixels(), w, h, tw, th);
        byte[] grey = new byte[tw * th];
        for (int i = 0; i < grey.length; i++) {
            float v = Math.max(0f, Math.min(1f, pixels[i]));
            grey[i] = (byte) Math.round(v * 255);
        }
        return new Thumbnail(tw, th, grey);
    }

    float get(int x, int y) {
        return (grey[y * width + x] & 0xff) / 255f;
    }

    /** Downscaling by averaging each output pixel's footprint: no aliasing of fine calcifications. */
    private static float[] boxAverage(float[] src, int w, int h, int tw, int th) {
        float[] out = new float[tw * th];
        for (int y = 0; y < th; y++) {
            int y0 = (int) ((long) y * h / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * h / th));
            for (int x = 0; x < tw; x++) {
                int x0 = (int) ((long) x * w / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * w / tw));
                double sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int row = yy * w;
                    for (int xx = x0; xx < x1; xx++) {
                        sum += src[row + xx];
                    }
                }
                out[y * tw + x] = (float) (sum / ((long) (y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }
}
