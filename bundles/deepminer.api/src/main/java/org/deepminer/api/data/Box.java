package org.deepminer.api.data;

/** An axis-aligned rectangle of pixels: {@code x <= col < x + width}, {@code y <= row < y + height}. */
public record Box(int x, int y, int width, int height) {
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size " + width + "x" + height);
        }
    }

    public boolean contains(int col, int row) {
        return col >= x && col < x + width && row >= y && row < y + height;
    }

    public long area() {
        return (long) width * height;
    }
}
