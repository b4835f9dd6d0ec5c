package org.deepminer.data.inbreast.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepminer.data.support.Problems;

/**
 * An INbreast ROI file ({@code AllXML/<File Name>.xml}): an OsiriX plist whose {@code Images} array holds, per
 * image, a {@code ROIs} array of dicts with {@code Name}, {@code NumberOfPoints} and {@code Point_px}, the
 * points as {@code "(x, y)"} strings in the stored image's pixels.
 */
final class RoiFile {
    private RoiFile() {}

    /** More points than this in one outline is garbage, not a lesion's outline. */
    static final int MAX_POINTS = 20_000;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /**
     * One ROI.
     *
     * @param name as written (trimmed)
     * @param xy points as alternating x, y
     * @param line the line its dict starts on
     */
    record Roi(String name, double[] xy, int line) {
        int points() {
            return xy.length / 2;
        }
    }

    /** The ROIs of every image in the file, in order; bad ROIs are problems and left out. */
    static List<Roi> read(Path file, Problems problems) {
        Object root = Plist.read(file);
        List<Roi> rois = new ArrayList<>();
        if (!(root instanceof Plist.Dict dict) || !(dict.get("Images") instanceof List<?> images)) {
            problems.report(file.toString(), "no Images array: not an OsiriX ROI file");
            return rois;
        }
        for (Object image : images) {
            if (!(image instanceof Plist.Dict imageDict)) {
                problems.report(file.toString(), "an Images entry is not a dict");
                continue;
            }
            Object list = imageDict.get("ROIs");
            if (list == null) {
                continue; // an image without ROIs
            }
            if (!(list instanceof List<?> roiList)) {
                problems.report(file + ":" + imageDict.line(), "ROIs is not an array");
                continue;
            }
            for (Object item : roiList) {
                if (!(item instanceof Plist.Dict roi)) {
                    problems.report(file + ":" + imageDict.line(), "a ROIs entry is not a dict");
                    continue;
                }
                Roi r = roi(file, roi, problems);
                if (r != null) {
                    rois.add(r);
                }
            }
        }
        return rois;
    }

    private static Roi roi(Path file, Plist.Dict roi, Problems problems) {
        String where = file + ":" + roi.line();
        String name = roi.get("Name") instanceof String s ? s.strip() : "";
        if (!(roi.get("Point_px") instanceof List<?> points)) {
            problems.report(where, "ROI '" + name + "' has no Point_px array");
            return null;
        }
        if (points.size() > MAX_POINTS) {
            problems.report(where, "ROI '" + name + "' has " + points.size() + " points, more than any outline ("
                    + MAX_POINTS + ")");
            return null;
        }
        double[] xy = new double[2 * points.size()];
        for (int i = 0; i < points.size(); i++) {
            double[] p = point(points.get(i));
            if (p == null) {
                problems.report(where, "ROI '" + name + "': point " + (i + 1) + " '" + abbreviate(String.valueOf(points.get(i)))
                        + "' is not '(x, y)' in pixels");
                return null;
            }
            xy[2 * i] = p[0];
            xy[2 * i + 1] = p[1];
        }
        if (xy.length == 0) {
            problems.report(where, "ROI '" + name + "' has no points");
            return null;
        }
        Object declared = roi.get("NumberOfPoints");
        if (declared instanceof Long n && n != points.size()) {
            problems.note(where, "ROI '" + name + "' says NumberOfPoints " + n + " but lists " + points.size()
                    + " points: the points are read");
        }
        return new Roi(name, xy, roi.line());
    }

    /** "(x, y)" or "(x, y, z)": the first two numbers, finite and within a plausible image. */
    static double[] point(Object value) {
        if (!(value instanceof String s) || s.length() > 200) {
            return null;
        }
        Matcher m = NUMBER.matcher(s);
        double[] p = new double[2];
        for (int k = 0; k < 2; k++) {
            if (!m.find()) {
                return null;
            }
            try {
                p[k] = Double.parseDouble(m.group());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(p[k]) || Math.abs(p[k]) > 1e7) {
                return null;
            }
        }
        return p;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
