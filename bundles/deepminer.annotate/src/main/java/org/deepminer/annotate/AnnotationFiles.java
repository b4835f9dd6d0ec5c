package org.deepminer.annotate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deepminer.annotate.internal.EntryCodec;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.core.run.Csv;

/**
 * Exchange files of annotation entries, for export, import and exchange between sites. The format follows the
 * file name: {@code .csv} or {@code .json}.
 *
 * <p><b>CSV</b> (RFC 4180, UTF-8, header row): {@code id, model_sha256, layer, unit, annotator, time,
 * concepts, interpretable, confidence, text}, then one {@code answer.<key>} column per answer key present;
 * {@code concepts} are space-separated ids, {@code time} is ISO-8601 ({@code 2026-01-31T12:00:00Z}), an empty
 * answer cell means no answer.
 *
 * <p><b>JSON</b>: {@code {"format": "deepminer-annotations", "version": 1, "annotations": [...]}}, each entry an
 * object with {@code id, modelSha256, layer, unit, annotator, time, concepts, interpretable, confidence, text,
 * answers}; a bare array of such objects is read too.
 *
 * <p>Reading checks the shape (columns, numbers, times) and names the file, row or entry and field of a
 * problem; the store checks the content ({@link AnnotationRules}) when the entries are imported.
 */
public final class AnnotationFiles {
    private AnnotationFiles() {}

    public static final String FORMAT = "deepminer-annotations";
    public static final int VERSION = 1;
    static final List<String> CSV_COLUMNS = List.of("id", "model_sha256", "layer", "unit", "annotator", "time",
            "concepts", "interpretable", "confidence", "text");
    static final String ANSWER_PREFIX = "answer.";

    /** {@code csv} or {@code json} from the file name's extension; an error for anything else. */
    public static String format(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".json")) {
            return "json";
        }
        throw new DeepMinerException(file.toString(), "unknown exchange format: name the file .csv or .json");
    }

    /** Writes the entries (atomically: a temporary file moved into place). */
    public static void write(Path file, List<Annotation> entries) {
        String format = format(file);
        Path target = file.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                if (format.equals("csv")) {
                    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    writeCsv(w, entries);
                    w.flush();
                } else {
                    writeJson(out, entries);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DeepMinerException(target.toString(), "cannot write: " + e.getMessage(), e);
        }
    }

    /** Writes the entries as CSV; does not close the writer. */
    public static void writeCsv(Writer out, List<Annotation> entries) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        entries.forEach(a -> keys.addAll(a.answers().keySet()));
        List<String> header = new ArrayList<>(CSV_COLUMNS);
        keys.forEach(k -> header.add(ANSWER_PREFIX + k));
        line(out, header);
        for (Annotation a : entries) {
            List<String> cells = new ArrayList<>(header.size());
            cells.addAll(Arrays.asList(a.id(), a.unit().modelSha256(), a.unit().layer(), Integer.toString(a.unit().unit()),
                    a.annotator(), a.time() == null ? "" : a.time().toString(), String.join(" ", a.concepts()),
                    Boolean.toString(a.interpretable()), Integer.toString(a.confidence()), a.text()));
            for (String k : keys) {
                cells.add(a.answers().getOrDefault(k, ""));
            }
            line(out, cells);
        }
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String c = cells.get(i) == null ? "" : cells.get(i);
            boolean quote = c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0;
            w.write(quote ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        w.write("\r\n");
    }

    /** Writes the entries as JSON; does not close the stream. */
    public static void writeJson(OutputStream out, List<Annotation> entries) throws IOException {
        try (JsonGenerator g = EntryCodec.JSON.getFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("annotations");
            for (Annotation a : entries) {
                EntryCodec.write(g, a);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Reads an exchange file. */
    public static List<Annotation> read(Path file) {
        String format = format(file);
        if (!Files.isRegularFile(file)) {
            throw new DeepMinerException(file.toString(), "no such file");
        }
        return format.equals("csv") ? readCsv(file) : readJson(file);
    }

    private static List<Annotation> readJson(Path file) {
        JsonNode root;
        try {
            root = EntryCodec.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DeepMinerException(file.toString(), (at == null ? "" : "line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": ") + "not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.isArray() ? root : root.get("annotations");
        if (root != null && root.isObject()) {
            String f = root.path("format").asText("");
            if (!f.isEmpty() && !f.equals(FORMAT)) {
                throw new DeepMinerException(file.toString(), "format '" + f + "', expected " + FORMAT);
            }
            if (root.path("version").asInt(VERSION) > VERSION) {
                throw new DeepMinerException(file.toString(), "version " + root.path("version").asInt()
                        + " is newer than this reader (" + VERSION + ")");
            }
        }
        if (list == null || !list.isArray()) {
            throw new DeepMinerException(file.toString(), "expected {\"format\": \"" + FORMAT
                    + "\", \"annotations\": [...]} or an array of entries");
        }
        List<Annotation> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            i++;
            try {
                out.add(EntryCodec.read(n));
            } catch (IllegalArgumentException e) {
                String id = n.path("id").asText("");
                throw new DeepMinerException(file.toString(), "entry " + i + (id.isEmpty() ? "" : " (id " + id + ")") + ": "
                        + e.getMessage());
            }
        }
        return out;
    }

    private static List<Annotation> readCsv(Path file) {
        Csv csv;
        try {
            csv = Csv.read(file);
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String c : CSV_COLUMNS) {
            if (!c.equals("text") && !csv.columns().contains(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new DeepMinerException(file.toString(), "missing column(s) " + String.join(", ", missing)
                    + "; the header is " + String.join(",", csv.columns()));
        }
        List<Annotation> out = new ArrayList<>();
        int row = 0;
        for (Map<String, String> r : csv.rows()) {
            row++;
            try {
                out.add(fromRow(r));
            } catch (IllegalArgumentException e) {
                String id = r.getOrDefault("id", "");
                throw new DeepMinerException(file.toString(), "row " + row + (id.isEmpty() ? "" : " (id " + id + ")")
                        + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Annotation fromRow(Map<String, String> r) {
        String id = required(r, "id");
        String sha = required(r, "model_sha256");
        String layer = r.get("layer"); // as written: layer names are compared exactly
        if (layer == null || layer.isEmpty()) {
            throw new IllegalArgumentException("no layer");
        }
        int unit = integer(r, "unit");
        if (unit < 0) {
            throw new IllegalArgumentException("unit " + unit + " is negative");
        }
        String annotator = required(r, "annotator");
        Instant time;
        try {
            time = Instant.parse(required(r, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + r.get("time") + "' is not an ISO-8601 instant (2026-01-31T12:00:00Z)");
        }
        String cs = r.getOrDefault("concepts", "").strip();
        List<String> concepts = cs.isEmpty() ? List.of() : List.of(cs.split("\\s+"));
        String interp = r.getOrDefault("interpretable", "").strip().toLowerCase(Locale.ROOT);
        if (!interp.equals("true") && !interp.equals("false")) {
            throw new IllegalArgumentException("interpretable is true or false, got '" + r.get("interpretable") + "'");
        }
        int confidence = integer(r, "confidence");
        if (confidence < 1 || confidence > 5) {
            throw new IllegalArgumentException("confidence must be 1-5, got " + confidence);
        }
        Map<String, String> answers = new TreeMap<>();
        r.forEach((k, v) -> {
            if (k.startsWith(ANSWER_PREFIX) && v != null && !v.isEmpty()) {
                answers.put(k.substring(ANSWER_PREFIX.length()), v);
            }
        });
        return new Annotation(id, new UnitKey(sha, layer, unit), annotator, time, concepts, interp.equals("true"),
                confidence, r.getOrDefault("text", ""), answers);
    }

    private static String required(Map<String, String> r, String column) {
        String v = r.get(column);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no " + column);
        }
        return v.strip();
    }

    private static int integer(Map<String, String> r, String column) {
        String v = required(r, column);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + v + "' is not a whole number");
        }
    }
}
