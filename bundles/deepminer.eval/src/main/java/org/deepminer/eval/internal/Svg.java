package org.deepminer.eval.internal;

import static org.deepminer.eval.internal.Text.coord;
import static org.deepminer.eval.internal.Text.escape;

import java.util.Locale;

/**
 * A small SVG plot: axes with ticks, polylines, bars and a legend. Colours are chosen to stay apart in
 * grey-scale print as well (dash patterns back them up).
 */
final class Svg {
    static final String[] COLOURS = {"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#555555"};
    static final String[] DASHES = {"", "6 3", "2 2", "8 3 2 3", "4 4", "1 3"};

    private final StringBuilder out = new StringBuilder();
    private final double width;
    private final double height;
    private double left = 46;
    private final double right = 12;
    private final double top = 26;
    private double bottom = 40;
    private int legendBelow;
    private double x0 = 0;
    private double x1 = 1;
    private double y0 = 0;
    private double y1 = 1;
    private int legendRows;

    Svg(double width, double height, String title) {
        this.width = width;
        this.height = height;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"").append(coord(width))
                .append("\" height=\"").append(coord(height)).append("\" viewBox=\"0 0 ").append(coord(width))
                .append(' ').append(coord(height)).append("\" role=\"img\">");
        out.append("<title>").append(escape(title)).append("</title>");
        text(width / 2, 15, title, "middle", 12, "bold");
    }

    /** A wider left margin, for plots with word labels on the y axis. */
    Svg leftMargin(double px) {
        left = px;
        return this;
    }

    /**
     * Keeps room under the x axis for {@code rows} legend rows, so that the legend never hides a curve; the
     * plot grows by that much. Call before {@link #axes}.
     */
    Svg legendBelow(int rows) {
        legendBelow = rows;
        bottom += 15 * rows;
        return this;
    }

    Svg range(double xMin, double xMax, double yMin, double yMax) {
        x0 = xMin;
        x1 = xMax == xMin ? xMin + 1 : xMax;
        y0 = yMin;
        y1 = yMax == yMin ? yMin + 1 : yMax;
        return this;
    }

    double x(double v) {
        return left + (v - x0) / (x1 - x0) * (width - left - right);
    }

    double y(double v) {
        return height - bottom - (v - y0) / (y1 - y0) * (height - top - bottom);
    }

    Svg axes(String xLabel, String yLabel, int xTicks, int yTicks) {
        out.append("<rect x=\"").append(coord(left)).append("\" y=\"").append(coord(top)).append("\" width=\"")
                .append(coord(width - left - right)).append("\" height=\"").append(coord(height - top - bottom))
                .append("\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.8\"/>");
        for (int i = 0; xTicks > 0 && i <= xTicks; i++) {
            double v = x0 + (x1 - x0) * i / xTicks;
            double px = x(v);
            line(px, height - bottom, px, height - bottom + 4, "#999", 0.8, "");
            text(px, height - bottom + 15, tick(v), "middle", 10, "normal");
        }
        for (int i = 0; yTicks > 0 && i <= yTicks; i++) {
            double v = y0 + (y1 - y0) * i / yTicks;
            double py = y(v);
            line(left - 4, py, left, py, "#999", 0.8, "");
            text(left - 6, py + 3.5, tick(v), "end", 10, "normal");
        }
        text(left + (width - left - right) / 2, height - bottom + 34, xLabel, "middle", 11, "normal");
        out.append("<text x=\"12\" y=\"").append(coord(top + (height - top - bottom) / 2))
                .append("\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
                .append(coord(top + (height - top - bottom) / 2)).append(")\">").append(escape(yLabel))
                .append("</text>");
        return this;
    }

    private static String tick(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return Long.toString(Math.round(v));
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    Svg line(double ax, double ay, double bx, double by, String colour, double stroke, String dash) {
        out.append("<line x1=\"").append(coord(ax)).append("\" y1=\"").append(coord(ay)).append("\" x2=\"")
                .append(coord(bx)).append("\" y2=\"").append(coord(by)).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"").append(coord(stroke)).append('"');
        if (!dash.isEmpty()) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>");
        return this;
    }

    /** A polyline in data coordinates; non-finite points are skipped. */
    Svg polyline(double[] xs, double[] ys, String colour, String dash, double stroke) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                pts.append(coord(x(xs[i]))).append(',').append(coord(y(ys[i]))).append(' ');
            }
        }
        if (pts.length() == 0) {
            return this;
        }
        out.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(coord(stroke))
                .append('"');
        if (!dash.isEmpty()) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append(" points=\"").append(pts.toString().trim()).append("\"/>");
        return this;
    }

    /** A rectangle in data coordinates. */
    Svg bar(double xa, double xb, double ya, double yb, String fill, String stroke) {
        double px = Math.min(x(xa), x(xb));
        double py = Math.min(y(ya), y(yb));
        out.append("<rect x=\"").append(coord(px)).append("\" y=\"").append(coord(py)).append("\" width=\"")
                .append(coord(Math.abs(x(xb) - x(xa)))).append("\" height=\"").append(coord(Math.abs(y(yb) - y(ya))))
                .append("\" fill=\"").append(fill).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"0.8\"/>");
        return this;
    }

    Svg text(double px, double py, String s, String anchor, int size, String weight) {
        out.append("<text x=\"").append(coord(px)).append("\" y=\"").append(coord(py)).append("\" font-size=\"")
                .append(size).append("\" text-anchor=\"").append(anchor).append('"');
        if (!weight.equals("normal")) {
            out.append(" font-weight=\"").append(weight).append('"');
        }
        out.append('>').append(escape(s)).append("</text>");
        return this;
    }

    /**
     * One legend row: under the axis when room was kept ({@link #legendBelow}), else stacked from the plot's
     * top-left inside corner (or bottom-right when asked).
     */
    Svg legend(String label, String colour, String dash, boolean bottomRight) {
        double px = legendX(bottomRight);
        double py = legendY(bottomRight);
        legendRows++;
        line(px, py - 4, px + 18, py - 4, colour, 2, dash);
        text(px + 22, py, label, "start", 10, "normal");
        return this;
    }

    Svg rawLegendSwatch(String label, String fill, boolean bottomRight) {
        double px = legendX(bottomRight);
        double py = legendY(bottomRight);
        legendRows++;
        out.append("<rect x=\"").append(coord(px)).append("\" y=\"").append(coord(py - 9)).append("\" width=\"18\" height=\"8\" fill=\"")
                .append(fill).append("\" stroke=\"#333\" stroke-width=\"0.6\"/>");
        text(px + 22, py, label, "start", 10, "normal");
        return this;
    }

    private double legendX(boolean bottomRight) {
        return legendBelow > 0 ? left : bottomRight ? width - right - 150 : left + 8;
    }

    private double legendY(boolean bottomRight) {
        if (legendBelow > 0) {
            return height - bottom + 34 + 15 * (legendRows + 1);
        }
        return bottomRight ? height - bottom - 8 - 14 * legendRows : top + 12 + 14 * legendRows;
    }

    String done() {
        return out + "</svg>";
    }

    static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    static String dash(int i) {
        return DASHES[i % DASHES.length];
    }

    /** A note in place of a plot that has no data. */
    static String empty(String title, String why) {
        return new Svg(320, 80, title).text(160, 50, why, "middle", 11, "normal").done();
    }

}
