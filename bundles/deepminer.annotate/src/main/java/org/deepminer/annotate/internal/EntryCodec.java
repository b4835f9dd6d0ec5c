package org.deepminer.annotate.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;

/**
 * One entry as a JSON object: the payload of a log record and an element of a JSON exchange file, so that both
 * read alike. Field names: {@code id, modelSha256, layer, unit, annotator, time, concepts, interpretable,
 * confidence, text, answers}.
 */
public final class EntryCodec {
    private EntryCodec() {}

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** The entry as compact UTF-8 JSON. */
    public static byte[] encode(Annotation a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, a);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON", e);
        }
        return out.toByteArray();
    }

    public static void write(JsonGenerator g, Annotation a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id() == null ? "" : a.id());
        g.writeStringField("modelSha256", a.unit().modelSha256());
        g.writeStringField("layer", a.unit().layer());
        g.writeNumberField("unit", a.unit().unit());
        g.writeStringField("annotator", a.annotator());
        g.writeStringField("time", a.time() == null ? "" : a.time().toString());
        g.writeArrayFieldStart("concepts");
        for (String c : a.concepts()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeBooleanField("interpretable", a.interpretable());
        g.writeNumberField("confidence", a.confidence());
        g.writeStringField("text", a.text() == null ? "" : a.text());
        g.writeObjectFieldStart("answers");
        for (Map.Entry<String, String> e : new TreeMap<>(a.answers()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Reads an entry from a JSON object.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static Annotation read(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an entry is a JSON object");
        }
        String id = text(n, "id", true);
        String sha = text(n, "modelSha256", true);
        String layer = text(n, "layer", true);
        int unit = integer(n, "unit");
        if (unit < 0) {
            throw new IllegalArgumentException("unit " + unit + " is negative");
        }
        String annotator = text(n, "annotator", true);
        String time = text(n, "time", true);
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + time + "' is not an ISO-8601 instant (2026-01-31T12:00:00Z)");
        }
        List<String> concepts = new ArrayList<>();
        JsonNode cs = n.get("concepts");
        if (cs != null && !cs.isNull()) {
            if (!cs.isArray()) {
                throw new IllegalArgumentException("concepts is an array of concept ids");
            }
            for (JsonNode c : cs) {
                if (!c.isTextual()) {
                    throw new IllegalArgumentException("concepts holds a non-text value " + c);
                }
                concepts.add(c.asText());
            }
        }
        JsonNode interp = n.get("interpretable");
        if (interp != null && !interp.isBoolean()) {
            throw new IllegalArgumentException("interpretable is true or false, got " + interp);
        }
        boolean interpretable = interp == null ? !concepts.isEmpty() : interp.asBoolean();
        int confidence = integer(n, "confidence");
        if (confidence < 1 || confidence > 5) {
            throw new IllegalArgumentException("confidence must be 1-5, got " + confidence);
        }
        String text = text(n, "text", false);
        Map<String, String> answers = new TreeMap<>();
        JsonNode as = n.get("answers");
        if (as != null && !as.isNull()) {
            if (!as.isObject()) {
                throw new IllegalArgumentException("answers is an object of question key to answer");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = as.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("answer " + e.getKey() + " is not text");
                }
                answers.put(e.getKey(), e.getValue().asText());
            }
        }
        return new Annotation(id, new UnitKey(sha, layer, unit), annotator, at, concepts, interpretable, confidence,
                text == null ? "" : text, answers);
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("no " + field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " is not text: " + v);
        }
        if (required && v.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("no " + field);
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is not a whole number: " + v);
        }
        return v.asInt();
    }
}
