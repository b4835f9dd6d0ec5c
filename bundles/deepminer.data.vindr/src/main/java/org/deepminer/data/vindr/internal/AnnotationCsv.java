package org.deepminer.data.vindr.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Laterality;
import org.deepminer.data.support.Missing;
import org.deepminer.data.support.Problems;
import org.deepminer.data.support.TextLines;

/**
 * Reads VinDr-Mammo's two annotation CSVs: {@code breast-level_annotations.csv} (one row per image: study,
 * series, image, laterality, view, height, width, breast BI-RADS, density, split) and
 * {@code finding_annotations.csv} (the same keys and one row per finding: its categories as a Python list,
 * its BI-RADS and its box). Column names match ignoring case, blanks and underscores. A missing required
 * column is an error naming the file; a bad row is a problem (lenient: skipped) naming the file and line.
 */
final class AnnotationCsv {
    static final String BREAST_LEVEL = "breast-level_annotations.csv";
    static final String FINDINGS = "finding_annotations.csv";

    enum Column {
        STUDY("study_id"),
        SERIES("series_id"),
        IMAGE("image_id"),
        LATERALITY("laterality"),
        VIEW("view_position"),
        HEIGHT("height"),
        WIDTH("width"),
        BREAST_BIRADS("breast_birads"),
        DENSITY("breast_density"),
        SPLIT("split"),
        CATEGORIES("finding_categories"),
        FINDING_BIRADS("finding_birads"),
        XMIN("xmin"),
        YMIN("ymin"),
        XMAX("xmax"),
        YMAX("ymax");

        final String name;
        private final String key;

        Column(String name) {
            this.name = name;
            this.key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        }

        static Column of(String header) {
            String k = key(header);
            for (Column c : values()) {
                if (c.key.equals(k)) {
                    return c;
                }
            }
            return null;
        }
    }

    private static final List<Column> BREAST_REQUIRED = List.of(Column.STUDY, Column.IMAGE, Column.LATERALITY,
            Column.VIEW, Column.BREAST_BIRADS, Column.SPLIT);
    private static final List<Column> FINDING_REQUIRED = List.of(Column.STUDY, Column.IMAGE, Column.CATEGORIES,
            Column.XMIN, Column.YMIN, Column.XMAX, Column.YMAX);
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");
    private static final Pattern VIEW = Pattern.compile("[A-Z]{2,5}");

    /**
     * One row of either file. Values are as written, trimmed; missing ones are empty.
     *
     * @param finding whether it comes from the finding file
     * @param height rows as the CSV says, or -1
     * @param width columns as the CSV says, or -1
     * @param categories the finding categories, "No Finding" left out; empty for breast-level rows
     * @param box xmin, ymin, xmax, ymax in the stored image's pixels, or null when the row has none
     */
    record Row(Path file, int line, boolean finding, String study, String image, Laterality laterality, String view,
            int height, int width, String breastBirads, String density, String split, List<String> categories,
            String findingBirads, double[] box) {

        String where() {
            return file + ":" + line;
        }
    }

    private AnnotationCsv() {}

    static String key(String s) {
        return NOT_ALPHANUMERIC.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    static List<Row> read(Path file, boolean finding, Problems problems) {
        String text = TextLines.read(file);
        int[] lineStarts = TextLines.lineStarts(text);
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            Iterator<CSVRecord> it = parser.iterator();
            long nextLine = 1;
            Map<Column, Integer> columns = null;
            int width = 0;
            while (true) {
                CSVRecord record;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    record = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // commons-csv cannot go on after a broken quote: the rest of the file is lost
                    problems.report(file + ":" + nextLine, "cannot parse the CSV from here on (" + TextLines.rootMessage(e)
                            + "); the rest of the file is skipped");
                    break;
                }
                int line = TextLines.lineOf(lineStarts, record.getCharacterPosition());
                nextLine = parser.getCurrentLineNumber() + 1;
                String[] values = record.values();
                if (Arrays.stream(values).allMatch(String::isBlank)) {
                    continue;
                }
                if (columns == null) {
                    columns = header(file, values, finding);
                    width = values.length;
                    continue;
                }
                Row row = row(file, line, finding, values, columns, width, problems);
                if (row != null) {
                    rows.add(row);
                }
            }
            if (columns == null) {
                throw new DeepMinerException(file.toString(), "empty: no header line");
            }
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return rows;
    }


    private static Map<Column, Integer> header(Path file, String[] names, boolean finding) {
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        for (int i = 0; i < names.length; i++) {
            Column c = Column.of(names[i]);
            if (c != null && columns.putIfAbsent(c, i) != null) {
                throw new DeepMinerException(file + ":1", "column '" + c.name + "' appears twice");
            }
        }
        List<String> missing = (finding ? FINDING_REQUIRED : BREAST_REQUIRED).stream()
                .filter(c -> !columns.containsKey(c)).map(c -> "'" + c.name + "'").toList();
        if (!missing.isEmpty()) {
            String have = String.join(", ", Arrays.asList(names));
            throw new DeepMinerException(file + ":1", "missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (the header has: "
                    + (have.length() > 300 ? have.substring(0, 297) + "..." : have) + ")");
        }
        return columns;
    }

    private static Row row(Path file, int line, boolean finding, String[] raw, Map<Column, Integer> columns, int width,
            Problems problems) {
        String where = file + ":" + line;
        String[] v = raw;
        if (v.length > width && columns.containsKey(Column.CATEGORIES)) {
            v = rejoinList(v, columns.get(Column.CATEGORIES), width);
        }
        if (v.length < width || (v.length > width && !Arrays.stream(v, width, v.length).allMatch(String::isBlank))) {
            problems.report(where, "malformed row: " + raw.length + " fields, the header has " + width);
            return null;
        }
        String study = value(v, columns, Column.STUDY);
        String image = value(v, columns, Column.IMAGE);
        if (Missing.is(study) || Missing.is(image)) {
            problems.report(where, "malformed row: no study_id or image_id");
            return null;
        }
        if (!isName(study) || !isName(image)) {
            problems.report(where, "malformed row: study_id '" + abbreviate(study) + "' or image_id '"
                    + abbreviate(image) + "' is no file name");
            return null;
        }
        String sideText = value(v, columns, Column.LATERALITY).toUpperCase(Locale.ROOT);
        Laterality side = switch (sideText) {
            case "L", "LEFT" -> Laterality.LEFT;
            case "R", "RIGHT" -> Laterality.RIGHT;
            case "" -> Laterality.UNKNOWN;
            default -> null;
        };
        if (side == null) {
            problems.report(where, "malformed row: laterality is '" + abbreviate(sideText) + "', not L or R");
            return null;
        }
        String view = value(v, columns, Column.VIEW).toUpperCase(Locale.ROOT);
        if (!view.isEmpty() && !VIEW.matcher(view).matches()) {
            problems.report(where, "malformed row: view_position is '" + abbreviate(view) + "', not CC or MLO");
            return null;
        }
        int height = size(v, columns, Column.HEIGHT, where, problems);
        int imageWidth = size(v, columns, Column.WIDTH, where, problems);
        List<String> categories = List.of();
        double[] box = null;
        if (finding) {
            categories = categories(value(v, columns, Column.CATEGORIES));
            box = box(v, columns, where, !categories.isEmpty(), problems);
            if (box == BAD_BOX) {
                return null;
            }
        }
        return new Row(file, line, finding, study, image, side, view, height, imageWidth,
                value(v, columns, Column.BREAST_BIRADS), value(v, columns, Column.DENSITY), value(v, columns, Column.SPLIT),
                categories, value(v, columns, Column.FINDING_BIRADS), box);
    }

    private static final double[] BAD_BOX = new double[0];

    /** The box, null when the row has none, {@link #BAD_BOX} (after reporting it) when it is broken. */
    private static double[] box(String[] v, Map<Column, Integer> columns, String where, boolean needed,
            Problems problems) {
        Column[] corners = {Column.XMIN, Column.YMIN, Column.XMAX, Column.YMAX};
        double[] box = new double[4];
        int missing = 0;
        for (int k = 0; k < 4; k++) {
            String s = value(v, columns, corners[k]);
            if (Missing.is(s)) {
                missing++;
                continue;
            }
            try {
                box[k] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                box[k] = Double.NaN;
            }
            if (!Double.isFinite(box[k]) || Math.abs(box[k]) > 1e7) {
                problems.report(where, "malformed row: " + corners[k].name + " '" + abbreviate(s) + "' is not a pixel"
                        + " coordinate");
                return BAD_BOX;
            }
        }
        if (missing == 4) {
            if (needed) {
                problems.report(where, "a finding without a box (xmin, ymin, xmax, ymax are empty)");
            }
            return null;
        }
        if (missing > 0) {
            problems.report(where, "malformed row: the box lacks " + missing + " of xmin, ymin, xmax, ymax");
            return BAD_BOX;
        }
        if (box[2] < box[0] || box[3] < box[1]) {
            problems.report(where, "malformed row: the box ends before it starts (xmin " + box[0] + ", xmax " + box[2]
                    + ", ymin " + box[1] + ", ymax " + box[3] + ")");
            return BAD_BOX;
        }
        return box;
    }

    /**
     * The categories of a finding, as VinDr writes them: a Python list ({@code ['Mass', 'Suspicious
     * Calcification']}), or a single name; quotes and blanks around each name dropped, "No Finding" and empty
     * names left out.
     */
    static List<String> categories(String value) {
        String s = value.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String name = part.strip();
            while (name.length() >= 1 && (name.startsWith("'") || name.startsWith("\""))) {
                name = name.substring(1).strip();
            }
            while (name.length() >= 1 && (name.endsWith("'") || name.endsWith("\""))) {
                name = name.substring(0, name.length() - 1).strip();
            }
            if (!name.isEmpty() && !name.equalsIgnoreCase("No Finding") && !Missing.is(name) && !out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A finding_categories list written without quotes around it ({@code ...,[Mass, Asymmetry],...}) spreads
     * over several cells: join them back from the cell that opens the bracket to the one that closes it.
     */
    private static String[] rejoinList(String[] v, int column, int width) {
        if (column >= v.length || !v[column].strip().startsWith("[")) {
            return v;
        }
        int end = column;
        while (end < v.length && !v[end].strip().endsWith("]")) {
            end++;
        }
        if (end == v.length || end == column || v.length - (end - column) != width) {
            return v;
        }
        String[] out = new String[width];
        System.arraycopy(v, 0, out, 0, column);
        out[column] = String.join(",", Arrays.copyOfRange(v, column, end + 1));
        System.arraycopy(v, end + 1, out, column + 1, v.length - end - 1);
        return out;
    }

    private static int size(String[] v, Map<Column, Integer> columns, Column c, String where, Problems problems) {
        String s = value(v, columns, c);
        if (Missing.is(s)) {
            return -1;
        }
        try {
            double d = Double.parseDouble(s);
            if (d >= 1 && d <= 1_000_000 && d == Math.rint(d)) {
                return (int) d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.report(where, c.name + " '" + abbreviate(s) + "' is not a pixel count; the image's own is used");
        return -1;
    }

    /** Image and study ids name files and folders: nothing a path could not hold or climb out with. */
    private static boolean isName(String id) {
        return id.length() <= 255 && !id.contains("/") && !id.contains("\\") && !id.contains("\0") && !id.equals(".")
                && !id.equals("..");
    }

    private static String value(String[] v, Map<Column, Integer> columns, Column c) {
        Integer i = columns.get(c);
        return i == null || i >= v.length ? "" : v[i].strip();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }



    /** 1-based line of a character offset. */
}
