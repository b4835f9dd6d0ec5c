package org.deepminer.data.phantom.internal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.data.phantom.internal.synth.Mask;
import org.deepminer.data.phantom.internal.synth.RenderedLesion;
import org.deepminer.data.phantom.internal.synth.SynthView;

/**
 * A grid of phantom images with their lesion outlines (red malignant, green benign, yellow incidental),
 * for looking at what the generator makes. Tiles are box-filtered down to the tile size.
 */
public final class Montage {
    private Montage() {}

    public static final int MALIGNANT = 0xFF3030;
    public static final int BENIGN = 0x30E040;
    public static final int INCIDENTAL = 0xFFE030;

    /**
     * Writes whole images, {@code columns} per row, each shrunk to {@code tile} pixels.
     *
     * @param outlines draw the lesion outlines
     */
    public static void write(Path file, List<SynthView> views, int columns, int tile, boolean outlines)
            throws IOException {
        int rows = (views.size() + columns - 1) / columns;
        int width = columns * tile;
        int height = rows * tile;
        int[] rgb = new int[width * height];
        for (int n = 0; n < views.size(); n++) {
            SynthView v = views.get(n);
            int[] image = render(v, outlines);
            paste(rgb, width, (n % columns) * tile, (n / columns) * tile, image, v.size(), 0, 0, v.size(), tile);
        }
        Png.writeRgb(file, rgb, width, height);
    }

    /**
     * Writes crops of {@code crop} pixels around each lesion (up to {@code max}), enlarged to {@code tile}.
     */
    public static void writeLesions(Path file, List<SynthView> views, int columns, int crop, int tile, int max,
            boolean outlines) throws IOException {
        List<int[]> crops = new java.util.ArrayList<>();
        List<SynthView> sources = new java.util.ArrayList<>();
        for (SynthView v : views) {
            for (RenderedLesion l : v.lesions()) {
                if (crops.size() >= max) {
                    break;
                }
                int x0 = (int) Math.max(0, Math.min(v.size() - crop, l.centerX() - crop / 2.0));
                int y0 = (int) Math.max(0, Math.min(v.size() - crop, l.centerY() - crop / 2.0));
                crops.add(new int[] {x0, y0});
                sources.add(v);
            }
        }
        int rows = Math.max(1, (crops.size() + columns - 1) / columns);
        int width = columns * tile;
        int[] rgb = new int[width * rows * tile];
        for (int n = 0; n < crops.size(); n++) {
            SynthView v = sources.get(n);
            int[] image = render(v, outlines);
            paste(rgb, width, (n % columns) * tile, (n / columns) * tile, image, v.size(), crops.get(n)[0],
                    crops.get(n)[1], crop, tile);
        }
        Png.writeRgb(file, rgb, width, rows * tile);
    }

    /** The view windowed to 8 bits, with outlines painted in. */
    static int[] render(SynthView v, boolean outlines) {
        int s = v.size();
        int[] rgb = new int[s * s];
        double lo = v.windowCenter() - v.windowWidth() / 2;
        for (int i = 0; i < rgb.length; i++) {
            int g = (int) Math.round(255 * ((v.pixels()[i] & 0xFFFF) - lo) / v.windowWidth());
            g = Math.max(0, Math.min(255, g));
            rgb[i] = (g << 16) | (g << 8) | g;
        }
        if (outlines) {
            for (RenderedLesion l : v.lesions()) {
                int colour = l.spec().incidental() ? INCIDENTAL : (l.spec().malignant() ? MALIGNANT : BENIGN);
                Mask m = l.mask();
                for (int y = m.y(); y < m.y() + m.height(); y++) {
                    for (int x = m.x(); x < m.x() + m.width(); x++) {
                        if (m.get(x, y) && (!m.get(x - 1, y) || !m.get(x + 1, y) || !m.get(x, y - 1) || !m.get(x, y + 1))) {
                            rgb[y * s + x] = colour;
                        }
                    }
                }
            }
        }
        return rgb;
    }

    /** Resamples a square window of an image into a tile (box filter down, nearest neighbour up). */
    private static void paste(int[] out, int outWidth, int ox, int oy, int[] image, int size, int x0, int y0, int crop,
            int tile) {
        double scale = crop / (double) tile;
        for (int ty = 0; ty < tile; ty++) {
            for (int tx = 0; tx < tile; tx++) {
                int sx0 = x0 + (int) Math.floor(tx * scale);
                int sy0 = y0 + (int) Math.floor(ty * scale);
                int sx1 = Math.max(sx0 + 1, x0 + (int) Math.floor((tx + 1) * scale));
                int sy1 = Math.max(sy0 + 1, y0 + (int) Math.floor((ty + 1) * scale));
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                boolean coloured = false;
                int colour = 0;
                for (int y = sy0; y < Math.min(sy1, size); y++) {
                    for (int x = sx0; x < Math.min(sx1, size); x++) {
                        int p = image[y * size + x];
                        int pr = p >>> 16 & 0xFF;
                        int pg = p >>> 8 & 0xFF;
                        int pb = p & 0xFF;
                        if (pr != pg || pg != pb) {
                            coloured = true; // keep outlines visible when shrinking
                            colour = p;
                        }
                        r += pr;
                        g += pg;
                        b += pb;
                        n++;
                    }
                }
                out[(oy + ty) * outWidth + ox + tx] = coloured ? colour : n == 0 ? 0 : ((r / n) << 16) | ((g / n) << 8) | (b / n);
            }
        }
    }
}
