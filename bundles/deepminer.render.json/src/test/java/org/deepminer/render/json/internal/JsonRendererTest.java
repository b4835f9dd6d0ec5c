package org.deepminer.render.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.api.explain.UnitContribution;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.imaging.figure.Explanations;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonRenderer renderer = new JsonRenderer();

    @Test
    void roundTripGivesBackEveryField() throws Exception {
        Explanation e = Explanations.standard();
        JsonNode root = MAPPER.readTree(render(e, new RenderOptions(false, Map.of("run", "/runs/r1", "source", "a.dcm"))));

        assertEquals(1, root.get("schema").asInt());
        JsonNode sample = root.get("sample");
        assertEquals(e.sample().id(), sample.get("id").asText());
        assertEquals(e.sample().ref().caseId(), sample.get("caseId").asText());
        assertEquals("test", sample.get("split").asText());
        assertEquals(128, sample.get("image").get("width").asInt());
        assertEquals("left", sample.get("metadata").get("laterality").asText());
        assertEquals(e.sample().metadata().pixelSpacingMm(), sample.get("metadata").get("pixelSpacingMm").asDouble());
        assertEquals(e.modelName(), root.get("model").get("name").asText());
        assertEquals(e.modelSha256(), root.get("model").get("sha256").asText());
        assertEquals(e.layer(), root.get("model").get("layer").asText());
        assertEquals(e.probabilities(), MAPPER.convertValue(root.get("probabilities"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() {}));
        assertEquals(e.predicted(), root.get("predicted").asText());
        assertEquals(e.explained(), root.get("explained").asText());
        assertEquals(e.sentence(), root.get("sentence").asText());
        assertTrue(root.get("unitsNote").isNull());
        assertEquals("/runs/r1", root.get("provenance").get("run").asText());
        assertEquals("a.dcm", root.get("provenance").get("source").asText());

        JsonNode units = root.get("units");
        assertEquals(e.units().size(), units.size());
        for (int i = 0; i < e.units().size(); i++) {
            UnitContribution u = e.units().get(i);
            JsonNode n = units.get(i);
            assertEquals(u.rank(), n.get("rank").asInt());
            assertEquals(u.unit(), n.get("unit").asInt());
            assertEquals(u.weight(), n.get("weight").asDouble(), 0.0);
            assertEquals(u.maxActivation(), n.get("maxActivation").asDouble(), 0.0);
            assertEquals(u.score(), n.get("score").asDouble(), 0.0);
            if (u.label().isPresent()) {
                UnitLabel l = u.label().get();
                JsonNode label = n.get("label");
                assertEquals(l.conceptId(), label.get("conceptId").asText());
                assertEquals(l.term(), label.get("term").asText());
                assertEquals(l.source().name().toLowerCase(), label.get("source").asText());
                assertEquals(l.score(), label.get("score").asDouble(), 0.0);
                assertEquals(l.by(), label.get("by").asText());
            } else {
                assertTrue(n.get("label").isNull());
            }
            assertMap(u.map(), n.get("map"));
        }
        assertMap(e.classMap(), root.get("classMap"));

        Lesion lesion = e.sample().truth().lesions().get(0);
        JsonNode l = sample.get("truth").get("lesions").get(0);
        assertEquals(lesion.outline(), MAPPER.convertValue(l.get("outline"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() {}));
        assertEquals(List.of("margin-spiculated", "shape-irregular"), MAPPER.convertValue(l.get("concepts"),
                new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}));
        JsonNode mask = l.get("mask");
        assertEquals(lesion.mask().area(), mask.get("area").asInt());
        assertEquals(lesion.mask().box().width(), mask.get("box").get("width").asInt());
        BitSet decoded = new BitSet();
        JsonNode runs = mask.get("runs");
        for (int k = 0; k < runs.size(); k += 2) {
            decoded.set(runs.get(k).asInt(), runs.get(k).asInt() + runs.get(k + 1).asInt());
        }
        assertEquals(lesion.mask().bits(), decoded);
        assertEquals(e.sample().truth().report().text(), sample.get("truth").get("report").get("text").asText());
    }

    @Test
    void mapValuesAreRoundedToFourDecimalsAndNonFiniteOnesAreNull() throws Exception {
        float[] v = {0.123456f, -2f, Float.NaN, 1e-5f, 7.99999f, Float.POSITIVE_INFINITY};
        Explanation base = Explanations.standard();
        Explanation e = new Explanation(base.sample(), base.modelName(), base.modelSha256(), base.layer(),
                base.probabilities(), base.predicted(), base.explained(), List.of(new UnitContribution(9, 1, 0.5, 7.99999,
                        java.util.Optional.empty(), new FloatTensor(new int[] {2, 3}, v))), base.sentence(), null);
        String json = render(e, RenderOptions.defaults());
        assertTrue(json.contains("\"values\" : [[0.1235,-2,null],[0,8,null]]"), json);
        assertTrue(MAPPER.readTree(json).get("classMap").isNull());
    }

    @Test
    void decimalsRoundHalfAwayFromZeroWithoutExponents() {
        char[] buf = new char[32];
        assertEquals("0.0001", new String(buf, 0, Decimals.format(0.00005, buf)));
        assertEquals("0", new String(buf, 0, Decimals.format(-0.00004, buf)));
        assertEquals("-1.5", new String(buf, 0, Decimals.format(-1.5, buf)));
        assertEquals("12345.6789", new String(buf, 0, Decimals.format(12345.67891, buf)));
        assertEquals("100", new String(buf, 0, Decimals.format(99.99996, buf)));
    }

    @Test
    void explanationWithoutUnitsSaysSo() throws Exception {
        JsonNode root = MAPPER.readTree(render(Explanations.builder().units(0).build(), RenderOptions.defaults()));
        assertEquals(0, root.get("units").size());
        assertTrue(root.get("unitsNote").asText().startsWith("No units to show"), root.toString());
    }

    @Test
    void noPatientIdentifierUnlessKept() throws Exception {
        Map<String, String> extra = Map.of("PatientName", "Doe^Jane", "PatientID", "PID-4711",
                "PatientBirthDate", "19610203", "source", "/data/DOE_JANE/PID-4711.dcm");
        Explanation e = Explanations.builder().sampleId("PID-4711_L_MLO").reportText("Jane Doe, born 19610203").build();
        String hidden = render(e, new RenderOptions(false, extra)).toLowerCase();
        for (String id : List.of("doe", "jane", "pid-4711", "19610203")) {
            assertFalse(hidden.contains(id), id + " in " + hidden);
        }
        assertFalse(MAPPER.readTree(hidden).has("patient"));
        JsonNode kept = MAPPER.readTree(render(e, new RenderOptions(true, extra)));
        assertEquals("Doe^Jane", kept.get("patient").get("name").asText());
        assertEquals("PID-4711", kept.get("patient").get("id").asText());
        assertEquals("19610203", kept.get("patient").get("birthDate").asText());
    }

    @Test
    void missingPartsAreNull() throws Exception {
        JsonNode root = MAPPER.readTree(render(Explanations.builder().withoutTruth().withoutClassMap().sentence(null).build(),
                RenderOptions.defaults()));
        assertTrue(root.get("sample").get("truth").isNull());
        assertTrue(root.get("classMap").isNull());
        assertTrue(root.get("sentence").isNull());
        assertEquals(3, root.get("units").size());
    }

    private static void assertMap(FloatTensor expected, JsonNode node) {
        int h = expected.dim(expected.rank() - 2);
        int w = expected.dim(expected.rank() - 1);
        assertEquals(h, node.get("shape").get(0).asInt());
        assertEquals(w, node.get("shape").get(1).asInt());
        JsonNode values = node.get("values");
        assertEquals(h, values.size());
        for (int r = 0; r < h; r++) {
            assertEquals(w, values.get(r).size());
            for (int c = 0; c < w; c++) {
                JsonNode v = values.get(r).get(c);
                assertEquals(expected.data()[r * w + c], v.asDouble(), 0.5e-4 + 1e-9);
                String text = v.asText();
                assertTrue(!text.contains(".") || text.length() - text.indexOf('.') - 1 <= 4, text);
            }
        }
    }

    private String render(Explanation e, RenderOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(e, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
