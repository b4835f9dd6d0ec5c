package org.deepminer.render.text.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.imaging.figure.Explanations;
import org.junit.jupiter.api.Test;

class TextRendererTest {
    private static final Map<String, String> IDENTIFIERS = Map.of("PatientName", "Doe^Jane", "PatientID", "PID-4711",
            "PatientBirthDate", "19610203", "run", "/runs/r1", "source", "DOE_JANE_L_MLO.dcm");

    private final TextRenderer renderer = new TextRenderer();

    @Test
    void saysTheSentenceProbabilitiesAndEachUnitWithItsEvidence() throws Exception {
        String text = render(Explanations.standard(), RenderOptions.defaults());
        List<String> lines = text.lines().toList();
        assertEquals("malignant (0.91): spiculated, fine pleomorphic", lines.get(2));
        // probabilities most probable first
        int malignant = text.indexOf("malignant  0.9100");
        int benign = text.indexOf("benign     0.0700");
        assertTrue(malignant > 0 && benign > malignant, text);
        String first = row(lines, "42");
        assertTrue(first.matches("\\s+1\\s+42\\s+1\\.2300\\s+0\\.4100\\s+3\\.0000\\s+spiculated\\s+margin-spiculated\\s+expert\\s+confidence 0\\.80\\s+dr\\.a"), first);
        String second = row(lines, "7");
        assertTrue(second.contains("fine pleomorphic") && second.contains("auto") && second.contains("IoU 0.31"), second);
        String third = row(lines, "3");
        assertTrue(third.contains("unit 3") && third.trim().endsWith("-"), "unlabelled unit named by number: " + third);
        assertTrue(text.contains("  lesion L1: finding-mass, malignant; margin-spiculated, shape-irregular; BI-RADS 5;"), text);
        assertTrue(text.contains("ground truth: malignant, BI-RADS 5, density-b, 1 lesion"), text);
    }

    @Test
    void explanationWithoutUnitsSaysSo() throws Exception {
        String text = render(Explanations.builder().units(0).sentence("malignant (0.91)").build(), RenderOptions.defaults());
        assertTrue(text.contains("No units to show"), text);
        assertFalse(text.contains("rank  unit"), text);
    }

    @Test
    void unlabelledRunNamesUnitsByNumber() throws Exception {
        String text = render(Explanations.builder().unlabelled().build(), RenderOptions.defaults());
        assertTrue(text.contains("named by number"), text);
        assertTrue(row(text.lines().toList(), "42").contains("unit 42"), text);
    }

    @Test
    void noPatientIdentifierUnlessKept() throws Exception {
        Explanation e = Explanations.builder().sampleId("DOE_JANE_L_MLO").caseId("PID-4711")
                .reportText("Jane Doe, born 1961-02-03: spiculated mass.").build();
        String hidden = render(e, new RenderOptions(false, IDENTIFIERS)).toLowerCase();
        for (String id : List.of("doe", "jane", "pid-4711", "19610203", "1961-02-03")) {
            assertFalse(hidden.contains(id), id + " in:\n" + hidden);
        }
        String kept = render(e, new RenderOptions(true, IDENTIFIERS));
        assertTrue(kept.contains("patient    Doe^Jane, PID-4711, 19610203"), kept);
    }

    @Test
    void controlCharactersOfLabelsCannotReachTheTerminal() throws Exception {
        String text = render(Explanations.builder().firstTerm("spic\u001b[2Julated\nrank 0").build(), RenderOptions.defaults());
        assertFalse(text.contains("\u001b"), text);
        assertTrue(text.contains("spic [2Julated rank 0"), text);
    }

    @Test
    void explanationWithoutTruthClassMapOrSentenceRenders() throws Exception {
        String text = render(Explanations.builder().withoutTruth().withoutClassMap().sentence(null).build(),
                RenderOptions.defaults());
        assertEquals("malignant", text.lines().toList().get(2), "the explained class stands in for the sentence");
        assertTrue(text.contains("ground truth: none known"), text);
    }

    private String render(Explanation e, RenderOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(e, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The unit table row of unit {@code unit}. */
    private static String row(List<String> lines, String unit) {
        return lines.stream().filter(l -> l.matches("\\s+[0-9]+\\s+" + unit + "\\s.*")).findFirst().orElseThrow(
                () -> new AssertionError("no row for unit " + unit + " in\n" + String.join("\n", lines)));
    }
}
