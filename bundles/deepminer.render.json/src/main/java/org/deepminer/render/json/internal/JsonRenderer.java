package org.deepminer.render.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.imaging.figure.PatientIdentifiers;
import org.deepminer.imaging.figure.Privacy;
import org.deepminer.imaging.figure.Provenance;
import org.deepminer.imaging.figure.Wording;
import org.osgi.service.component.annotations.Component;

/**
 * An explanation as JSON for other programs: every field of the explanation, maps as nested arrays
 * rounded to 4 decimals, ground-truth masks as run lengths, the image as its size only. The schema
 * ({@value #SCHEMA}) is documented in docs/explanation-json.md; a change that breaks readers raises it.
 * Written with Jackson's streaming generator: a map is never held as objects. Stateless.
 */
@Component(property = {
        ServiceProperties.RENDERER_FORMAT + "=" + JsonRenderer.FORMAT,
        ServiceProperties.RENDERER_MEDIA_TYPE + "=application/json",
        ServiceProperties.NAME + "=json",
        ServiceProperties.DESCRIPTION + "=JSON (schema 1, docs/explanation-json.md): every field, maps as nested arrays"})
public class JsonRenderer implements ExplanationRenderer {
    static final String FORMAT = "json";
    static final int SCHEMA = 1;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "json";
    }

    @Override
    public void render(Explanation e, RenderOptions options, OutputStream out) throws IOException {
        Privacy privacy = Privacy.of(options);
        // objects one field a line; arrays (maps, outlines) on one line each
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(pretty);
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("kind", "deepminer.explanation");
            writeSample(g, e.sample(), privacy);
            g.writeObjectFieldStart("model");
            g.writeStringField("name", e.modelName());
            g.writeStringField("sha256", e.modelSha256());
            g.writeStringField("layer", e.layer());
            g.writeEndObject();
            g.writeObjectFieldStart("probabilities");
            for (Map.Entry<String, Double> p : new TreeMap<>(e.probabilities()).entrySet()) {
                g.writeFieldName(p.getKey());
                number(g, p.getValue());
            }
            g.writeEndObject();
            g.writeStringField("predicted", e.predicted());
            g.writeStringField("explained", e.explained());
            g.writeStringField("sentence", e.sentence());
            g.writeArrayFieldStart("units");
            for (UnitContribution u : e.units()) {
                writeUnit(g, u);
            }
            g.writeEndArray();
            g.writeStringField("unitsNote", Wording.unitsNote(e).orElse(null));
            g.writeFieldName("classMap");
            writeMap(g, e.classMap());
            Provenance provenance = Provenance.of(e, options, privacy);
            g.writeObjectFieldStart("provenance");
            g.writeStringField("run", provenance.run());
            g.writeStringField("modelSha256", provenance.modelSha256());
            g.writeStringField("source", provenance.source());
            g.writeEndObject();
            PatientIdentifiers ids = privacy.identifiers();
            if (!ids.isEmpty()) {
                g.writeObjectFieldStart("patient");
                g.writeStringField("name", ids.name());
                g.writeStringField("id", ids.id());
                g.writeStringField("birthDate", ids.birthDate());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeSample(JsonGenerator g, Sample s, Privacy privacy) throws IOException {
        g.writeObjectFieldStart("sample");
        if (s.ref() != null) {
            g.writeStringField("id", privacy.clean(s.ref().id()));
            g.writeStringField("caseId", privacy.clean(s.ref().caseId()));
            g.writeStringField("split", s.ref().split() == null ? null : s.ref().split().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("label", s.ref().label());
        }
        g.writeObjectFieldStart("image");
        g.writeNumberField("width", s.image().width());
        g.writeNumberField("height", s.image().height());
        g.writeEndObject();
        ImageMetadata m = s.metadata();
        if (m != null) {
            g.writeObjectFieldStart("metadata");
            g.writeStringField("modality", m.modality());
            g.writeStringField("laterality", m.laterality() == null ? null : m.laterality().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("view", m.view());
            g.writeFieldName("pixelSpacingMm");
            number(g, m.pixelSpacingMm());
            g.writeNumberField("bitsStored", m.bitsStored());
            g.writeBooleanField("flipped", m.flipped());
            g.writeObjectFieldStart("references");
            for (Map.Entry<String, String> r : new TreeMap<>(m.references()).entrySet()) {
                g.writeStringField(r.getKey(), r.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeFieldName("truth");
        writeTruth(g, s.truth(), privacy);
        g.writeEndObject();
    }

    private static void writeTruth(JsonGenerator g, GroundTruth truth, Privacy privacy) throws IOException {
        if (truth == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("label", truth.label());
        Report r = truth.report();
        if (r != null) {
            g.writeObjectFieldStart("report");
            g.writeStringField("text", privacy.clean(r.text()));
            g.writeArrayFieldStart("concepts");
            for (String c : r.concepts().stream().sorted().toList()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeNumberField("assessment", r.assessment());
            g.writeStringField("density", r.density());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("lesions");
        for (Lesion l : truth.lesions()) {
            g.writeStartObject();
            g.writeStringField("id", privacy.clean(l.id()));
            g.writeStringField("kind", l.kind());
            g.writeStringField("pathology", l.pathology());
            g.writeArrayFieldStart("concepts");
            for (String c : l.concepts().stream().sorted().toList()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeNumberField("assessment", l.assessment());
            g.writeArrayFieldStart("outline");
            for (int v : l.outline()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeFieldName("mask");
            writeMask(g, l.mask());
            g.writeObjectFieldStart("conceptMasks");
            for (Map.Entry<String, RegionMask> cm : new TreeMap<>(l.conceptMasks()).entrySet()) {
                g.writeFieldName(cm.getKey());
                writeMask(g, cm.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A mask as its box and the runs of set bits: start (row-major index within the box) and length pairs. */
    private static void writeMask(JsonGenerator g, RegionMask mask) throws IOException {
        if (mask == null) {
            g.writeNull();
            return;
        }
        Box b = mask.box();
        g.writeStartObject();
        g.writeObjectFieldStart("box");
        g.writeNumberField("x", b.x());
        g.writeNumberField("y", b.y());
        g.writeNumberField("width", b.width());
        g.writeNumberField("height", b.height());
        g.writeEndObject();
        g.writeNumberField("area", mask.area());
        g.writeArrayFieldStart("runs");
        BitSet bits = mask.bits();
        long end = b.area();
        for (int start = bits.nextSetBit(0); start >= 0 && start < end; start = bits.nextSetBit(start)) {
            int stop = (int) Math.min(end, bits.nextClearBit(start));
            g.writeNumber(start);
            g.writeNumber(stop - start);
            start = stop;
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeUnit(JsonGenerator g, UnitContribution u) throws IOException {
        g.writeStartObject();
        g.writeNumberField("rank", u.rank());
        g.writeNumberField("unit", u.unit());
        g.writeFieldName("weight");
        number(g, u.weight());
        g.writeFieldName("maxActivation");
        number(g, u.maxActivation());
        g.writeFieldName("score");
        number(g, u.score());
        g.writeFieldName("label");
        if (u.label().isEmpty()) {
            g.writeNull();
        } else {
            UnitLabel l = u.label().get();
            g.writeStartObject();
            g.writeStringField("conceptId", l.conceptId());
            g.writeStringField("term", l.term());
            g.writeStringField("source", Wording.source(l));
            g.writeFieldName("score");
            number(g, l.score());
            g.writeStringField("scoreKind", l.source() == UnitLabel.Source.AUTO ? "iou" : "confidence");
            g.writeStringField("by", l.by());
            g.writeEndObject();
        }
        g.writeFieldName("map");
        writeMap(g, u.map());
        g.writeEndObject();
    }

    /** A map {@code [..., h, w]} as {@code {"shape": [h, w], "values": [[row 0], [row 1], ...]}}. */
    private static void writeMap(JsonGenerator g, FloatTensor map) throws IOException {
        if (map == null) {
            g.writeNull();
            return;
        }
        int rank = map.rank();
        int h = rank >= 2 ? map.dim(rank - 2) : 1;
        int w = rank >= 1 ? map.dim(rank - 1) : map.data().length;
        g.writeStartObject();
        g.writeArrayFieldStart("shape");
        g.writeNumber(h);
        g.writeNumber(w);
        g.writeEndArray();
        g.writeArrayFieldStart("values");
        float[] v = map.data();
        // a map of other rank (not what explainers make) is written row by row over its last dimension
        int rows = w == 0 ? 0 : v.length / w;
        char[] digits = new char[32];
        for (int r = 0; r < rows; r++) {
            g.writeStartArray();
            for (int c = 0; c < w; c++) {
                float x = v[r * w + c];
                if (Float.isFinite(x) && Math.abs(x) < Decimals.LIMIT) {
                    int n = Decimals.format(x, digits);
                    g.writeNumber(digits, 0, n);
                } else if (Float.isFinite(x)) {
                    g.writeNumber((double) x); // beyond any activation a model makes: as it is
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A double at full precision; NaN and infinities (not JSON numbers) as null. */
    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
