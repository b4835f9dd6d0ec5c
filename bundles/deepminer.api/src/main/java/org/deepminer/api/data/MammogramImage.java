package org.deepminer.api.data;

/**
 * A mammogram ready for models: grey values in [0, 1], dense tissue bright, every breast on the same
 * (canonical, left-facing chest wall) side. The pixel array is shared: treat it as read-only.
 *
 * @param width columns
 * @param height rows
 * @param pixels {@code height * width} values, row-major
 */
public record MammogramImage(int width, int height, float[] pixels) {
    public MammogramImage {
        if (width <= 0 || height <= 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException(
                    "image " + width + "x" + height + " does not match " + pixels.length + " pixels");
        }
    }

    public float get(int col, int row) {
        return pixels[row * width + col];
    }
}
