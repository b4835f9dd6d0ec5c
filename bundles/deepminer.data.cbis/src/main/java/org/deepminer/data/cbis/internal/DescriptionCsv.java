package org.deepminer.data.cbis.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
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
 * Reads one of the four CBIS-DDSM description CSVs. Column names are matched ignoring case, blanks and
 * underscores ({@code breast_density} and {@code breast density} are one column). A missing required
 * column is always an error, since no row of the file could be read; a bad row is a problem (lenient:
 * skipped) naming the file and the line it starts on.
 */
final class DescriptionCsv {
    /** {@code mass_case_description_train_set.csv} and its three siblings, any case. */
    static final Pattern NAME = Pattern.compile("(mass|calc)_case_description_(train|test)_set\\.csv",
            Pattern.CASE_INSENSITIVE);

    enum Column {
        PATIENT("patient_id"),
        DENSITY("breast_density"),
        SIDE("left or right breast"),
        VIEW("image view"),
        ABNORMALITY_ID("abnormality id"),
        ABNORMALITY_TYPE("abnormality type"),
        MASS_SHAPE("mass shape"),
        MASS_MARGINS("mass margins"),
        CALC_TYPE("calc type"),
        CALC_DISTRIBUTION("calc distribution"),
        ASSESSMENT("assessment"),
        PATHOLOGY("pathology"),
        SUBTLETY("subtlety"),
        IMAGE("image file path"),
        CROPPED("cropped image file path"),
        ROI("ROI mask file path");

        final String name;
        /** The name as headers are matched, computed once: a header of thousands of cells is matched cell by cell. */
        private final String key;

        Column(String name) {
            this.name = name;
            // not key(): that needs DescriptionCsv's statics, which need these constants
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

    private static final List<Column> COMMON = List.of(Column.PATIENT, Column.DENSITY, Column.SIDE, Column.VIEW,
            Column.ABNORMALITY_ID, Column.ABNORMALITY_TYPE, Column.ASSESSMENT, Column.PATHOLOGY, Column.IMAGE, Column.ROI);
    private static final Pattern VIEW = Pattern.compile("[A-Z]{2,5}");

    private DescriptionCsv() {}

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

    static String key(String s) {
        return NOT_ALPHANUMERIC.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    static List<CbisRow> read(Path file, Problems problems) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a CBIS-DDSM description file name: " + file);
        }
        boolean mass = m.group(1).equalsIgnoreCase("mass");
        boolean test = m.group(2).equalsIgnoreCase("test");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new DeepMinerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int[] lineStarts = TextLines.lineStarts(text);
        List<CbisRow> rows = new ArrayList<>();
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
                    problems.report(file + ":" + nextLine, "cannot parse the CSV from here on ("
                            + TextLines.rootMessage(e) + "); the rest of the file is skipped");
                    break;
                }
                int line = TextLines.lineOf(lineStarts, record.getCharacterPosition());
                nextLine = parser.getCurrentLineNumber() + 1;
                if (Arrays.stream(record.values()).allMatch(String::isBlank)) {
                    continue;
                }
                if (columns == null) {
                    columns = header(file, record.values(), mass);
                    width = record.size();
                    continue;
                }
                CbisRow row = row(file, line, mass, test, record, columns, width, problems);
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


    private static Map<Column, Integer> header(Path file, String[] names, boolean mass) {
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        for (int i = 0; i < names.length; i++) {
            Column c = Column.of(names[i]);
            if (c != null && columns.putIfAbsent(c, i) != null) {
                throw new DeepMinerException(file + ":1", "column '" + c.name + "' appears twice");
            }
        }
        List<Column> required = new ArrayList<>(COMMON);
        required.addAll(mass ? List.of(Column.MASS_SHAPE, Column.MASS_MARGINS)
                : List.of(Column.CALC_TYPE, Column.CALC_DISTRIBUTION));
        List<String> missing = required.stream().filter(c -> !columns.containsKey(c)).map(c -> "'" + c.name + "'").toList();
        if (!missing.isEmpty()) {
            throw new DeepMinerException(file + ":1", "missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (the header has: " + String.join(", ", Arrays.asList(names)) + ")");
        }
        return columns;
    }

    private static CbisRow row(Path file, int line, boolean mass, boolean test, CSVRecord record,
            Map<Column, Integer> columns, int width, Problems problems) {
        String where = file + ":" + line;
        String[] v = record.values();
        if (v.length < width || (v.length > width && !Arrays.stream(v, width, v.length).allMatch(String::isBlank))) {
            problems.report(where, "malformed row: " + v.length + " fields, the header has " + width);
            return null;
        }
        String patient = value(v, columns, Column.PATIENT);
        if (Missing.is(patient)) {
            problems.report(where, "malformed row: no patient_id");
            return null;
        }
        String sideText = value(v, columns, Column.SIDE).toUpperCase(Locale.ROOT);
        Laterality side = switch (sideText) {
            case "LEFT", "L" -> Laterality.LEFT;
            case "RIGHT", "R" -> Laterality.RIGHT;
            default -> null;
        };
        if (side == null) {
            problems.report(where, "malformed row: left or right breast is '" + sideText + "', not LEFT or RIGHT");
            return null;
        }
        String view = value(v, columns, Column.VIEW).toUpperCase(Locale.ROOT);
        if (!VIEW.matcher(view).matches()) {
            problems.report(where, "malformed row: image view is '" + view + "', not CC or MLO");
            return null;
        }
        Integer abnormality = integer(value(v, columns, Column.ABNORMALITY_ID));
        if (abnormality == null || abnormality < 0) {
            problems.report(where, "malformed row: abnormality id '" + value(v, columns, Column.ABNORMALITY_ID)
                    + "' is not a number");
            return null;
        }
        String assessmentText = value(v, columns, Column.ASSESSMENT);
        Integer assessment = Missing.is(assessmentText) ? Integer.valueOf(-1) : integer(assessmentText);
        if (assessment == null || assessment < -1 || assessment > 6) {
            problems.report(where, "malformed row: assessment '" + assessmentText + "' is not 0-6");
            return null;
        }
        String pathology = value(v, columns, Column.PATHOLOGY).toUpperCase(Locale.ROOT);
        if (!List.of("MALIGNANT", "BENIGN", "BENIGN_WITHOUT_CALLBACK", "UNPROVEN").contains(pathology)) {
            problems.report(where, "malformed row: pathology '" + pathology
                    + "' is not MALIGNANT, BENIGN or BENIGN_WITHOUT_CALLBACK");
            return null;
        }
        String image = CbisPaths.normalise(value(v, columns, Column.IMAGE));
        if (image.isEmpty()) {
            problems.report(where, "malformed row: no image file path");
            return null;
        }
        String notPath = CbisPaths.whyNotPath(image);
        if (notPath != null) {
            problems.report(where, "malformed row: image file path '" + abbreviate(image) + "' is no path: " + notPath);
            return null;
        }
        return new CbisRow(file, line, mass, test, patient.strip(), value(v, columns, Column.DENSITY), side, view,
                abnormality, value(v, columns, Column.ABNORMALITY_TYPE),
                value(v, columns, mass ? Column.MASS_SHAPE : Column.CALC_TYPE),
                value(v, columns, mass ? Column.MASS_MARGINS : Column.CALC_DISTRIBUTION),
                assessment, pathology, value(v, columns, Column.SUBTLETY), image,
                path(v, columns, Column.CROPPED, where, problems), path(v, columns, Column.ROI, where, problems));
    }

    /** A normalised path column; a value no file system takes (a NUL inside, too long) is a problem, and empty. */
    private static String path(String[] v, Map<Column, Integer> columns, Column c, String where, Problems problems) {
        String p = CbisPaths.normalise(value(v, columns, c));
        String notPath = CbisPaths.whyNotPath(p);
        if (notPath != null) {
            problems.report(where, c.name + " '" + abbreviate(p) + "' is no path: " + notPath);
            return "";
        }
        return p;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String value(String[] v, Map<Column, Integer> columns, Column c) {
        Integer i = columns.get(c);
        return i == null || i >= v.length ? "" : v[i].strip();
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            // CBIS writes some numbers as floats ("3.0")
            try {
                double d = Double.parseDouble(s.strip());
                return d == Math.rint(d) && Math.abs(d) < 1e6 ? (int) d : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }


    /** 1-based line of a character offset. */
}
