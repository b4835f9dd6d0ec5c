package org.deepminer.imaging;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An RGB picture being composed: a grey image, heatmaps blended over it, outlines and labels drawn on
 * it, then written as PNG. Not thread-safe; one per picture.
 */
public final class Picture {
    private final BufferedImage image;

    private Picture(BufferedImage image) {
        this.image = image;
    }

    /** A picture of grey values in [0, 1]. */
    public static Picture grey(float[] pixels, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            int g = Math.round(ColorMap.clamp(pixels[i]) * 255);
            rgb[i] = (g << 16) | (g << 8) | g;
        }
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return new Picture(img);
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** Blends a map in [0, 1] of the picture's size over it with the colour map at {@code alpha}. */
    public Picture blend(float[] map, ColorMap colors, float alpha) {
        int w = width();
        int h = height();
        if (map.length != w * h) {
            throw new IllegalArgumentException("map of " + map.length + " values over a " + w + "x" + h + " picture");
        }
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int c = colors.rgb(map[i]);
            rgb[i] = mix(rgb[i], c, alpha);
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
        return this;
    }

    /** Draws a closed polygon given as alternating x, y pixel coordinates. */
    public Picture outline(List<Integer> xy, Color color, float width) {
        if (xy.size() < 4) {
            return this;
        }
        int n = xy.size() / 2;
        int[] xs = new int[n];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = xy.get(2 * i);
            ys[i] = xy.get(2 * i + 1);
        }
        Graphics2D g = graphics();
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.drawPolygon(xs, ys, n);
        g.dispose();
        return this;
    }

    /** Paints the boundary pixels of a mask (a pixel inside with a 4-neighbour outside). */
    public Picture maskBoundary(boolean[] mask, Color color) {
        int w = width();
        int h = height();
        int c = color.getRGB();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (mask[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || !mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w])) {
                    image.setRGB(x, y, c);
                }
            }
        }
        return this;
    }

    /** Writes a label with a dark backing box so it stays readable on any tissue. */
    public Picture label(String text, int x, int y, Color color) {
        Graphics2D g = graphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(width(), height()) / 40)));
        int tw = g.getFontMetrics().stringWidth(text);
        int th = g.getFontMetrics().getHeight();
        int bx = Math.max(0, Math.min(x, width() - tw - 4));
        int by = Math.max(th, Math.min(y, height() - 2));
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(bx, by - th + 3, tw + 4, th);
        g.setColor(color);
        g.drawString(text, bx + 2, by);
        g.dispose();
        return this;
    }

    /**
     * Writes a label next to a region without covering it: above when there is room, else below.
     *
     * @param x region left, @param y region top, @param w region width, @param h region height
     */
    public Picture labelNear(String text, int x, int y, int w, int h, Color color) {
        Graphics2D g = graphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(width(), height()) / 40)));
        int th = g.getFontMetrics().getHeight();
        g.dispose();
        int baseline = y - 3 >= th ? y - 3 : y + h + th;
        return label(text, x, baseline, color);
    }

    public BufferedImage image() {
        return image;
    }

    public void writePng(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(out);
        }
    }

    public void writePng(OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    /** Tiles pictures in a grid, each scaled to {@code cell} pixels square, with a gap between them. */
    public static Picture montage(List<Picture> pictures, int columns, int cell, int gap) {
        int rows = Math.max(1, (pictures.size() + columns - 1) / columns);
        BufferedImage out = new BufferedImage(columns * (cell + gap) + gap, rows * (cell + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < pictures.size(); i++) {
            int x = gap + (i % columns) * (cell + gap);
            int y = gap + (i / columns) * (cell + gap);
            g.drawImage(pictures.get(i).image, x, y, cell, cell, null);
        }
        g.dispose();
        return new Picture(out);
    }

    private Graphics2D graphics() {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static int mix(int base, int over, float alpha) {
        int r = Math.round(((base >> 16) & 255) * (1 - alpha) + ((over >> 16) & 255) * alpha);
        int g = Math.round(((base >> 8) & 255) * (1 - alpha) + ((over >> 8) & 255) * alpha);
        int b = Math.round((base & 255) * (1 - alpha) + (over & 255) * alpha);
        return (r << 16) | (g << 8) | b;
    }
}
