package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Problems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A DDSM case file ({@code .ics}). Only what the platform needs is kept: the case name, density,
 * digitiser and the per-view geometry. Age and dates are read past and never stored.
 *
 * @param file the .ics file
 * @param caseName the {@code filename} value (e.g. {@code A-0001-1}), or the file's base name
 * @param density ACR density 1-4, or -1
 * @param densityLine the line it was on, or 0
 * @param digitizer the DIGITIZER value (e.g. {@code LUMISYS LASER}), or empty
 * @param views the views by name ({@code LEFT_CC}...), in file order
 */
record IcsFile(Path file, String caseName, int density, int densityLine, String digitizer, Map<String, View> views) {

    /**
     * One view line: {@code LEFT_CC LINES 4696 PIXELS_PER_LINE 3024 BITS_PER_PIXEL 12 RESOLUTION 50 OVERLAY}.
     *
     * @param resolutionMicrons pixel size in micrometres, or 0 when not given
     */
    record View(String name, int lines, int pixelsPerLine, int bits, double resolutionMicrons, boolean overlay, int line) {}

    private static final Pattern VIEW = Pattern.compile("(LEFT|RIGHT)_[A-Z]+");

    static IcsFile parse(Path file, Problems problems) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        String base = file.getFileName().toString();
        String caseName = base.substring(0, base.length() - ".ics".length());
        int density = -1;
        int densityLine = 0;
        String digitizer = "";
        Map<String, View> views = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            String where = file + ":" + lineNo;
            String[] tok = t.split("\\s+");
            String key = tok[0].toUpperCase(Locale.ROOT);
            switch (key) {
                case "FILENAME" -> {
                    if (tok.length > 1) {
                        caseName = tok[1];
                    }
                }
                case "DENSITY" -> {
                    Integer d = tok.length > 1 ? parseInt(tok[1]) : null;
                    if (d == null || d < 1 || d > 4) {
                        problems.report(where, "DENSITY must be 1-4, not '" + (tok.length > 1 ? tok[1] : "") + "'");
                    } else {
                        density = d;
                        densityLine = lineNo;
                    }
                }
                case "DIGITIZER" -> digitizer = t.substring(tok[0].length()).trim();
                default -> {
                    if (VIEW.matcher(key).matches()) {
                        View v = parseView(key, tok, lineNo, where, problems);
                        if (v != null) {
                            if (views.containsKey(key)) {
                                problems.report(where, "view " + key + " listed twice");
                            } else {
                                views.put(key, v);
                            }
                        }
                    }
                    // other lines (ics_version, dates, PATIENT_AGE, FILM, SEQUENCE...) are not needed
                }
            }
        }
        return new IcsFile(file, caseName, density, densityLine, digitizer, Collections.unmodifiableMap(views));
    }

    private static View parseView(String name, String[] tok, int lineNo, String where, Problems problems) {
        int lines = -1;
        int pixels = -1;
        int bits = -1;
        double resolution = 0;
        Boolean overlay = null;
        for (int k = 1; k < tok.length; k++) {
            String key = tok[k].toUpperCase(Locale.ROOT);
            switch (key) {
                case "OVERLAY" -> overlay = true;
                case "NON_OVERLAY" -> overlay = false;
                case "LINES", "PIXELS_PER_LINE", "BITS_PER_PIXEL", "RESOLUTION" -> {
                    String value = k + 1 < tok.length ? tok[++k] : "";
                    Double number = parseNumber(value);
                    if (number == null || number <= 0) {
                        problems.report(where, name + " " + key + " must be a positive number, not '" + value + "'");
                        return null;
                    }
                    switch (key) {
                        case "LINES" -> lines = number.intValue();
                        case "PIXELS_PER_LINE" -> pixels = number.intValue();
                        case "BITS_PER_PIXEL" -> bits = number.intValue();
                        default -> resolution = number;
                    }
                }
                default -> {
                    problems.report(where, name + ": unexpected '" + tok[k] + "'");
                    return null;
                }
            }
        }
        if (lines <= 0 || pixels <= 0) {
            problems.report(where, name + " lacks LINES or PIXELS_PER_LINE");
            return null;
        }
        if (bits > 16) {
            problems.report(where, name + " BITS_PER_PIXEL " + bits + " is more than 16");
            return null;
        }
        if (overlay == null) {
            problems.report(where, name + " says neither OVERLAY nor NON_OVERLAY");
            return null;
        }
        return new View(name, lines, pixels, bits, resolution, overlay, lineNo);
    }

    static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseNumber(String s) {
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
