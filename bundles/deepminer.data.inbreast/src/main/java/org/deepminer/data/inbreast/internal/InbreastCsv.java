package org.deepminer.data.inbreast.internal;

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
 * Reads INbreast.csv: semicolon-separated, {@code Patient ID;Patient age;Laterality;View;Acquisition date;
 * File Name;ACR;Bi-Rads}, one row per image. Column names match ignoring case, blanks and punctuation; values are
 * trimmed (the file pads some with blanks). Required: File Name and Bi-Rads. Patient age and the acquisition
 * date are read past and never kept.
 */
final class InbreastCsv {
    static final String NAME = "INbreast.csv";

    enum Column {
        PATIENT("Patient ID"),
        LATERALITY("Laterality"),
        VIEW("View"),
        FILE("File Name"),
        ACR("ACR"),
        BIRADS("Bi-Rads");

        final String name;
        private final String key;

        Column(String name) {
            this.name = name;
            this.key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        }

        static Column of(String header) {
            String k = NOT_ALPHANUMERIC.matcher(header.toLowerCase(Locale.ROOT)).replaceAll("");
            for (Column c : values()) {
                if (c.key.equals(k)) {
                    return c;
                }
            }
            return null;
        }
    }

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern VIEW = Pattern.compile("[A-Z]{2,5}");

    /**
     * One image's row. Missing values are empty.
     *
     * @param fileName the number INbreast names the image's files with ({@code 22678622})
     * @param patient the Patient ID column (the public release writes "removed"), or empty
     */
    record Row(Path file, int line, String fileName, String patient, Laterality laterality, String view, String acr,
            String birads) {

        String where() {
            return file + ":" + line;
        }
    }

    private InbreastCsv() {}

    static List<Row> read(Path file, Problems problems) {
        String text = TextLines.read(file);
        int[] lineStarts = TextLines.lineStarts(text);
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(';').setIgnoreEmptyLines(true).get();
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
                    problems.report(file + ":" + nextLine, "cannot parse the CSV from here on (" + TextLines.rootMessage(e)
                            + "); the rest of the file is skipped");
                    break;
                }
                int line = TextLines.lineOf(lineStarts, record.getCharacterPosition());
                nextLine = parser.getCurrentLineNumber() + 1;
                String[] v = record.values();
                if (Arrays.stream(v).allMatch(String::isBlank)) {
                    continue;
                }
                if (columns == null) {
                    columns = header(file, v);
                    width = v.length;
                    continue;
                }
                Row row = row(file, line, v, columns, width, problems);
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


    private static Map<Column, Integer> header(Path file, String[] names) {
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        for (int i = 0; i < names.length; i++) {
            Column c = Column.of(names[i]);
            if (c != null && columns.putIfAbsent(c, i) != null) {
                throw new DeepMinerException(file + ":1", "column '" + c.name + "' appears twice");
            }
        }
        List<String> missing = List.of(Column.FILE, Column.BIRADS).stream().filter(c -> !columns.containsKey(c))
                .map(c -> "'" + c.name + "'").toList();
        if (!missing.isEmpty()) {
            String have = String.join(";", Arrays.asList(names));
            throw new DeepMinerException(file + ":1", "missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (the header has: "
                    + (have.length() > 300 ? have.substring(0, 297) + "..." : have)
                    + "; INbreast.csv separates its columns with ';')");
        }
        return columns;
    }

    private static Row row(Path file, int line, String[] v, Map<Column, Integer> columns, int width,
            Problems problems) {
        String where = file + ":" + line;
        // the file ends some rows with a ';' too many; more non-blank cells than the header is a broken row
        if (v.length < width || (v.length > width && !Arrays.stream(v, width, v.length).allMatch(String::isBlank))) {
            problems.report(where, "malformed row: " + v.length + " fields, the header has " + width);
            return null;
        }
        String fileName = value(v, columns, Column.FILE);
        if (fileName.matches("\\d+\\.0+")) {
            fileName = fileName.substring(0, fileName.indexOf('.')); // a spreadsheet's number format
        }
        if (Missing.is(fileName)) {
            problems.report(where, "malformed row: no File Name");
            return null;
        }
        if (!FILE_NAME.matcher(fileName).matches() || fileName.contains("..")) {
            problems.report(where, "malformed row: File Name '" + abbreviate(fileName) + "' is no file name");
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
            problems.report(where, "malformed row: Laterality is '" + abbreviate(sideText) + "', not L or R");
            return null;
        }
        String view = value(v, columns, Column.VIEW).toUpperCase(Locale.ROOT);
        if (!view.isEmpty() && !VIEW.matcher(view).matches()) {
            problems.report(where, "malformed row: View is '" + abbreviate(view) + "', not CC or MLO");
            return null;
        }
        return new Row(file, line, fileName, value(v, columns, Column.PATIENT), side, view, value(v, columns, Column.ACR),
                value(v, columns, Column.BIRADS));
    }

    private static String value(String[] v, Map<Column, Integer> columns, Column c) {
        Integer i = columns.get(c);
        return i == null || i >= v.length ? "" : v[i].strip();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }



}
