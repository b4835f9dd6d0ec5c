package org.deepminer.imaging.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.imaging.ColorMap;
import org.deepminer.imaging.Picture;
import org.deepminer.imaging.Resample;

/**
 * The picture of one explanation, as panels (for pages that lay them out themselves) and as one composed
 * figure: the sentence as title; the mammogram with the ground-truth outlines; the shown units' combined
 * heatmap over it with a colour bar of the joint activation scale; a small panel per unit with its label
 * and hot area; the class-probability map. Heatmaps use the jet colour map at {@link #ALPHA} over the grey
 * image.
 *
 * <p>Panels are drawn at the image's resolution when its longer side is {@value #MIN_PANEL} to
 * {@value #MAX_PANEL} pixels, which is where maps are upsampled to the image size. A full-field mammogram is
 * shrunk by area averaging first (a figure needs no 40-megapixel panels) and a small image enlarged
 * bilinearly (so that labels and outlines stay legible); the maps are then upsampled straight to the panel
 * size. Not thread-safe; one per rendering.
 */
public final class ExplanationFigure {
    static {
        // renderers run in servers and scripts without a display; AWT must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Opacity of heatmaps over the grey image. */
    public static final float ALPHA = 0.45f;
    /** Ground-truth lesion outlines. */
    public static final Color OUTLINE = new Color(0, 255, 0);
    /** Hot areas of units. */
    public static final Color HOT_AREA = Color.WHITE;

    /** The jet colour map in 1024 steps, finer than the 8 bits a colour channel holds. */
    private static final int[] JET = new int[1024];

    static {
        for (int i = 0; i < JET.length; i++) {
            JET[i] = ColorMap.JET.rgb(i / (float) (JET.length - 1));
        }
    }

    static final int MAX_PANEL = 1024;
    static final int MIN_PANEL = 384;
    private static final Color INK = new Color(20, 20, 20);
    private static final Color MUTED = new Color(90, 90, 90);

    private final Explanation explanation;
    private final Privacy privacy;
    private final UnitMaps maps;
    private final int imageWidth;
    private final int imageHeight;
    private final int width;
    private final int height;
    private final float[] grey;
    private final List<int[]> outlinePixels = new ArrayList<>();
    private final List<List<Integer>> outlinePolygons = new ArrayList<>();
    private final Box[] hot;

    private ExplanationFigure(Explanation explanation, RenderOptions options) {
        this.explanation = explanation;
        this.privacy = Privacy.of(options);
        this.maps = UnitMaps.of(explanation);
        MammogramImage image = explanation.sample().image();
        imageWidth = image.width();
        imageHeight = image.height();
        int longSide = Math.max(imageWidth, imageHeight);
        double s = longSide > MAX_PANEL ? (double) MAX_PANEL / longSide
                : longSide < MIN_PANEL ? (double) MIN_PANEL / longSide : 1.0;
        width = Math.max(1, (int) Math.round(imageWidth * s));
        height = Math.max(1, (int) Math.round(imageHeight * s));
        if (width == imageWidth && height == imageHeight) {
            grey = image.pixels();
        } else if (s < 1) {
            grey = shrink(image.pixels(), imageWidth, imageHeight, width, height);
        } else {
            grey = Resample.bilinear(image.pixels(), imageWidth, imageHeight, width, height);
        }
        hot = new Box[maps.count()];
        prepareOutlines();
    }

    /**
     * @throws org.deepminer.api.DeepMinerException naming the sample when a map is not {@code [h, w]}
     */
    public static ExplanationFigure of(Explanation explanation, RenderOptions options) {
        return new ExplanationFigure(explanation, options);
    }

    /** Width of every panel. */
    public int panelWidth() {
        return width;
    }

    /** Height of every panel. */
    public int panelHeight() {
        return height;
    }

    public UnitMaps maps() {
        return maps;
    }

    /** The mammogram with the ground-truth lesion outlines. */
    public Picture mammogram() {
        return outlined(Picture.grey(grey, width, height));
    }

    /** The shown units' combined heatmap over the mammogram, outlines on top, each unit's rank at its hot area. */
    public Picture overlay() {
        Picture p = maps.count() > 0 ? heat(maps.combined(width, height)) : Picture.grey(grey, width, height);
        outlined(p);
        for (int i = 0; i < maps.count(); i++) {
            UnitContribution u = explanation.units().get(i);
            Box hot = hotArea(i);
            p.labelNear("#" + u.rank() + " " + Wording.term(u), hot.x(), hot.y(), hot.width(), hot.height(),
                    Color.WHITE);
        }
        return p;
    }

    /** Unit {@code i}'s heatmap (joint scale) over the mammogram, with its hot area boxed. */
    public Picture unit(int i) {
        Picture p = heat(maps.unit(i, width, height));
        outlined(p);
        Box hot = hotArea(i);
        int x1 = hot.x() + hot.width() - 1;
        int y1 = hot.y() + hot.height() - 1;
        p.outline(List.of(hot.x(), hot.y(), x1, hot.y(), x1, y1, hot.x(), y1), HOT_AREA, stroke());
        return p;
    }

    /** The explained class's probability map (0 blue to 1 red, not rescaled) over the mammogram, if there is one. */
    public Optional<Picture> classMap() {
        float[] p = UnitMaps.classMap(explanation, width, height);
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(outlined(heat(p)));
    }

    /** Unit {@code i}'s hot area on the panels, computed once. */
    private Box hotArea(int i) {
        if (hot[i] == null) {
            hot[i] = maps.hotArea(i, width, height);
        }
        return hot[i];
    }

    /**
     * The grey panel with {@code map} (values in [0, 1]) blended over it in jet at {@link #ALPHA}: a colour
     * table and integer mixing straight into the picture's pixels, a few milliseconds a megapixel.
     */
    private Picture heat(float[] map) {
        Picture p = Picture.grey(grey, width, height);
        int[] pixels = ((DataBufferInt) p.image().getRaster().getDataBuffer()).getData();
        int a = Math.round(ALPHA * 256);
        int keep = 256 - a;
        int top = JET.length - 1;
        for (int i = 0; i < pixels.length; i++) {
            float v = map[i];
            int c = JET[v > 0 ? v < 1 ? (int) (v * top + 0.5f) : top : 0];
            int b = pixels[i];
            int r = (((b >> 16) & 255) * keep + ((c >> 16) & 255) * a) >> 8;
            int g = (((b >> 8) & 255) * keep + ((c >> 8) & 255) * a) >> 8;
            int bl = ((b & 255) * keep + (c & 255) * a) >> 8;
            pixels[i] = (r << 16) | (g << 8) | bl;
        }
        return p;
    }

    /**
     * {@link #overlay()} with the colour bar of the joint activation scale at its right, as one picture that
     * scales as one; the bare overlay when no unit is shown (no scale to show).
     */
    public Picture overlayWithBar() {
        if (maps.count() == 0) {
            return overlay();
        }
        Font font = bodyFont(width);
        int bar = 16;
        int w = width + 8 + bar + 8 + textWidth(font, "-00000.000") + 4;
        float[] white = new float[w * height];
        Arrays.fill(white, 1f);
        Picture p = Picture.grey(white, w, height);
        Graphics2D g = graphics(p.image());
        g.drawImage(overlay().image(), 0, 0, null);
        drawBar(g, width + 8, 0, bar, height, font, maps.jointMin(), maps.jointMax());
        g.dispose();
        return p;
    }

    /** The title: the explanation's sentence (or the explained class and its probability when there is none). */
    public String title() {
        String s = explanation.sentence();
        if (s != null && !s.isBlank()) {
            return s;
        }
        Double p = explanation.probabilities().get(explanation.explained());
        return explanation.explained() + (p == null ? "" : " (" + Wording.fixed(p, 2) + ")");
    }

    /** The lines under the title: sample, model, probabilities, ground truth, notes, kept identifiers. */
    public List<String> subtitle() {
        List<String> lines = new ArrayList<>();
        String sample = explanation.sample().ref() == null ? "" : privacy.clean(explanation.sample().id());
        String sha = explanation.modelSha256() == null ? "" : explanation.modelSha256();
        lines.add((sample.isEmpty() ? "" : "sample " + sample + " \u00b7 ") + "model " + explanation.modelName()
                + (sha.length() >= 12 ? " (" + sha.substring(0, 12) + ")" : "") + " \u00b7 layer " + explanation.layer()
                + " \u00b7 explained " + explanation.explained() + ", predicted " + explanation.predicted());
        lines.add("probabilities: " + Wording.probabilityLine(explanation));
        Wording.truthLine(explanation.sample().truth()).ifPresent(lines::add);
        Wording.unitsNote(explanation).ifPresent(lines::add);
        PatientIdentifiers ids = privacy.identifiers();
        if (!ids.isEmpty()) {
            lines.add("patient: " + String.join(", ", List.of(ids.name(), ids.id(), ids.birthDate()).stream()
                    .filter(v -> !v.isEmpty()).toList()));
        }
        return lines;
    }

    /** Where a panel lies in the composed figure: {@code mammogram}, {@code overlay}, {@code colour bar}, {@code unit 42}, {@code class map}. */
    public record Placement(String name, Box box) {}

    /** The composed figure and where its panels lie (e.g. for image maps, or to check a figure). */
    public record Composition(Picture picture, List<Placement> placements) {
        public Composition {
            placements = List.copyOf(placements);
        }

        public Optional<Box> placement(String name) {
            return placements.stream().filter(p -> p.name().equals(name)).map(Placement::box).findFirst();
        }
    }

    /** Everything in one picture: title, mammogram, overlay with colour bar, unit panels, class map. */
    public Picture compose() {
        return composition().picture();
    }

    /** {@link #compose()} with the panels' places. */
    public Composition composition() {
        List<Placement> placements = new ArrayList<>();
        int mainW = width;
        int mainH = height;
        int smallW = Math.max(1, mainW / 2);
        int smallH = Math.max(1, mainH / 2);
        int margin = 16;
        int gap = 12;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, clamp(mainW / 20, 15, 28));
        Font body = bodyFont(mainW);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, clamp(smallW / 18, 12, 16));
        int bar = 16;
        int barBlock = bar + 8 + textWidth(body, "-00000.000");

        int mainRow = mainW + gap + mainW + gap + barBlock;
        List<Picture> smallPanels = new ArrayList<>();
        List<String> smallNames = new ArrayList<>();
        List<List<String>> smallCaptions = new ArrayList<>();
        for (int i = 0; i < maps.count(); i++) {
            UnitContribution u = explanation.units().get(i);
            smallPanels.add(unit(i));
            smallNames.add(Wording.unitName(u));
            smallCaptions.add(List.of(Wording.caption(u), Wording.score(u)));
        }
        classMap().ifPresent(p -> {
            smallPanels.add(p);
            smallNames.add("class map");
            smallCaptions.add(List.of("P(" + explanation.explained() + ") map", "0 (blue) to 1 (red), not rescaled"));
        });
        int columns = Math.max(1, Math.min(Math.max(1, smallPanels.size()), (mainRow + gap) / (smallW + gap)));
        int rows = (smallPanels.size() + columns - 1) / columns;
        int contentW = Math.max(mainRow, columns * (smallW + gap) - gap);
        int figureW = contentW + 2 * margin;

        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = graphics(probe);
        List<String> titleLines = wrap(measure.getFontMetrics(titleFont), title(), contentW, 4);
        List<String> subtitleLines = new ArrayList<>();
        for (String line : subtitle()) {
            subtitleLines.addAll(wrap(measure.getFontMetrics(body), line, contentW, 3));
        }
        List<List<String>> wrappedCaptions = new ArrayList<>();
        int captionLines = 0;
        for (List<String> caption : smallCaptions) {
            List<String> lines = new ArrayList<>();
            for (String c : caption) {
                lines.addAll(wrap(measure.getFontMetrics(small), c, smallW, 2));
            }
            wrappedCaptions.add(lines);
            captionLines = Math.max(captionLines, lines.size());
        }
        measure.dispose();
        int titleLine = lineHeight(titleFont);
        int bodyLine = lineHeight(body);
        int smallLine = lineHeight(small);
        int smallRow = smallH + 4 + captionLines * smallLine + gap;
        int figureH = margin + titleLines.size() * titleLine + subtitleLines.size() * bodyLine + gap
                + mainH + 4 + bodyLine + gap + rows * smallRow + margin;

        float[] white = new float[figureW * figureH];
        Arrays.fill(white, 1f);
        Picture figure = Picture.grey(white, figureW, figureH);
        Graphics2D g = graphics(figure.image());
        int y = margin;
        g.setColor(INK);
        g.setFont(titleFont);
        for (String line : titleLines) {
            g.drawString(line, margin, y + g.getFontMetrics().getAscent());
            y += titleLine;
        }
        g.setFont(body);
        g.setColor(MUTED);
        for (String line : subtitleLines) {
            g.drawString(line, margin, y + g.getFontMetrics().getAscent());
            y += bodyLine;
        }
        y += gap;
        int x = margin;
        drawPanel(g, mammogram(), x, y, mainW, mainH);
        placements.add(new Placement("mammogram", new Box(x, y, mainW, mainH)));
        drawPanel(g, overlay(), x + mainW + gap, y, mainW, mainH);
        placements.add(new Placement("overlay", new Box(x + mainW + gap, y, mainW, mainH)));
        if (maps.count() > 0) { // without units there is no scale to show
            drawBar(g, x + 2 * (mainW + gap), y, bar, mainH, body, maps.jointMin(), maps.jointMax());
            placements.add(new Placement("colour bar", new Box(x + 2 * (mainW + gap), y, bar, mainH)));
        }
        g.setFont(body);
        g.setColor(INK);
        int captionY = y + mainH + 4 + g.getFontMetrics().getAscent();
        g.drawString(clip(g.getFontMetrics(), "mammogram, ground truth outlined in green", mainW), x, captionY);
        String overlayCaption = maps.count() == 0 ? "no unit heatmaps"
                : maps.count() + (maps.count() == 1 ? " unit" : " units") + " on one scale (colour bar: activation)";
        g.drawString(clip(g.getFontMetrics(), overlayCaption, mainW), x + mainW + gap, captionY);
        y += mainH + 4 + bodyLine + gap;

        g.setFont(small);
        for (int i = 0; i < smallPanels.size(); i++) {
            int px = margin + (i % columns) * (smallW + gap);
            int py = y + (i / columns) * smallRow;
            drawPanel(g, smallPanels.get(i), px, py, smallW, smallH);
            placements.add(new Placement(smallNames.get(i), new Box(px, py, smallW, smallH)));
            g.setColor(INK);
            int ly = py + smallH + 4 + g.getFontMetrics().getAscent();
            for (String line : wrappedCaptions.get(i)) {
                g.drawString(line, px, ly);
                ly += smallLine;
            }
        }
        g.dispose();
        return new Composition(figure, placements);
    }

    /** {@code picture} drawn at {@code width x height} with bilinear interpolation (e.g. unit panels at half size for a page). */
    public static Picture scaled(Picture picture, int width, int height) {
        float[] blank = new float[width * height];
        Picture out = Picture.grey(blank, width, height);
        Graphics2D g = graphics(out.image());
        g.drawImage(picture.image(), 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private void drawPanel(Graphics2D g, Picture panel, int x, int y, int w, int h) {
        g.drawImage(panel.image(), x, y, w, h, null);
        g.setColor(new Color(200, 200, 200));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
    }

    private static void drawBar(Graphics2D g, int x, int y, int barWidth, int barHeight, Font font, float lo, float hi) {
        for (int r = 0; r < barHeight; r++) {
            float v = barHeight == 1 ? 1 : 1 - (float) r / (barHeight - 1);
            g.setColor(new Color(ColorMap.JET.rgb(v)));
            g.drawLine(x, y + r, x + barWidth - 1, y + r);
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, barWidth - 1, barHeight - 1);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int tx = x + barWidth + 6;
        g.drawString(tick(hi), tx, y + fm.getAscent());
        g.drawString(tick(lo + (hi - lo) / 2), tx, y + barHeight / 2 + fm.getAscent() / 2);
        g.drawString(tick(lo), tx, y + barHeight - 2);
    }

    private static String tick(float v) {
        return Wording.fixed(v, Math.abs(v) >= 100 ? 1 : 3);
    }

    private Picture outlined(Picture p) {
        for (List<Integer> polygon : outlinePolygons) {
            p.outline(polygon, OUTLINE, stroke());
        }
        if (!outlinePixels.isEmpty()) {
            BufferedImage img = p.image();
            int c = OUTLINE.getRGB();
            for (int[] pixels : outlinePixels) {
                for (int i : pixels) {
                    img.setRGB(i % width, i / width, c);
                }
            }
        }
        return p;
    }

    private float stroke() {
        return Math.max(1f, Math.max(width, height) / 400f);
    }

    /**
     * Ground-truth outlines in panel coordinates: a lesion's polygon where it has one, else the boundary
     * pixels of its mask.
     */
    private void prepareOutlines() {
        if (explanation.sample().truth() == null) {
            return;
        }
        double sx = (double) width / imageWidth;
        double sy = (double) height / imageHeight;
        for (Lesion lesion : explanation.sample().truth().lesions()) {
            List<Integer> xy = lesion.outline();
            if (xy.size() >= 6) {
                List<Integer> scaled = new ArrayList<>(xy.size());
                for (int k = 0; k + 1 < xy.size(); k += 2) {
                    scaled.add((int) Math.round(xy.get(k) * sx));
                    scaled.add((int) Math.round(xy.get(k + 1) * sy));
                }
                outlinePolygons.add(scaled);
            } else if (lesion.mask() != null && lesion.mask().area() > 0) {
                outlinePixels.add(boundary(lesion.mask(), sx, sy));
            }
        }
    }

    /** Indices of the panel pixels on a mask's boundary (inside, with a 4-neighbour outside). */
    private int[] boundary(RegionMask mask, double sx, double sy) {
        Box b = mask.box();
        int x0 = Math.max(0, (int) Math.floor(b.x() * sx) - 1);
        int y0 = Math.max(0, (int) Math.floor(b.y() * sy) - 1);
        int x1 = Math.min(width - 1, (int) Math.ceil((b.x() + b.width()) * sx) + 1);
        int y1 = Math.min(height - 1, (int) Math.ceil((b.y() + b.height()) * sy) + 1);
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        if (bw <= 0 || bh <= 0) {
            return new int[0];
        }
        boolean[] inside = new boolean[bw * bh];
        for (int y = 0; y < bh; y++) {
            int row = (int) ((y0 + y + 0.5) / sy);
            for (int x = 0; x < bw; x++) {
                inside[y * bw + x] = mask.contains((int) ((x0 + x + 0.5) / sx), row);
            }
        }
        int[] out = new int[bw * bh];
        int n = 0;
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int k = y * bw + x;
                if (inside[k] && (x == 0 || y == 0 || x == bw - 1 || y == bh - 1
                        || !inside[k - 1] || !inside[k + 1] || !inside[k - bw] || !inside[k + bw])) {
                    out[n++] = (y0 + y) * width + (x0 + x);
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Area-average shrinking of a grey image: each panel pixel is the mean of the image pixels it covers. */
    static float[] shrink(float[] src, int sw, int sh, int dw, int dh) {
        float[] sum = new float[dw * dh];
        int[] count = new int[dw * dh];
        int[] column = new int[sw];
        for (int x = 0; x < sw; x++) {
            column[x] = Math.min(dw - 1, (int) ((long) x * dw / sw));
        }
        for (int y = 0; y < sh; y++) {
            int row = Math.min(dh - 1, (int) ((long) y * dh / sh)) * dw;
            int s = y * sw;
            for (int x = 0; x < sw; x++) {
                sum[row + column[x]] += src[s + x];
                count[row + column[x]]++;
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] = count[k] == 0 ? 0 : sum[k] / count[k];
        }
        return sum;
    }

    private static Font bodyFont(int panelWidth) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, clamp(panelWidth / 32, 12, 18));
    }

    private static int lineHeight(Font font) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        int h = g.getFontMetrics(font).getHeight();
        g.dispose();
        return h;
    }

    private static int textWidth(Font font, String text) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        int w = g.getFontMetrics(font).stringWidth(text);
        g.dispose();
        return w;
    }

    /** Words of {@code text} in lines no wider than {@code maxWidth}; the last allowed line ends with an ellipsis when cut. */
    static List<String> wrap(FontMetrics fm, String text, int maxWidth, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= maxWidth || line.length() == 0) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            lines.add(line.toString());
            line.setLength(0);
            line.append(word);
            if (lines.size() == maxLines) {
                break;
            }
        }
        if (lines.size() < maxLines && line.length() > 0) {
            lines.add(line.toString());
            line.setLength(0);
        }
        boolean cut = line.length() > 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            boolean last = i == lines.size() - 1;
            if (fm.stringWidth(l) > maxWidth || (last && cut)) {
                lines.set(i, clip(fm, l + (last && cut ? " \u2026" : ""), maxWidth));
            }
        }
        return lines;
    }

    /** {@code text} cut to {@code maxWidth} with an ellipsis. */
    static String clip(FontMetrics fm, String text, int maxWidth) {
        if (fm.stringWidth(text) <= maxWidth) {
            return text;
        }
        String ellipsis = "\u2026";
        int end = text.length();
        while (end > 0 && fm.stringWidth(text.substring(0, end) + ellipsis) > maxWidth) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        return g;
    }
}
