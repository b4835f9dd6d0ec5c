package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole method in the real runtime with the demo model: a phantom, a probe with its control, automatic
 * labels, explanations in every format, the evaluation report; explanations of a DICOM file that carries
 * patient identifiers; and the bad inputs of explanations.
 */
class ExplainFeatureIT {
    @TempDir
    static Path dir;
    static Path phantom;
    static Path run;
    static Launch pipeline;

    @BeforeAll
    static void pipeline() throws Exception {
        phantom = dir.resolve("phantom");
        run = dir.resolve("run");
        String annotations = "-Ddeepminer.annotations=" + dir.resolve("annotations");
        pipeline = Launch.runWith(List.of(annotations), 600, "--features", "explain", "-c",
                "deepminer:phantom --cases 12 --size 512 --seed 5 " + phantom
                + "; deepminer:probe --whole --size 256 --control random --out " + run + " demo-concepts phantom " + phantom
                + "; deepminer:autolabel " + run
                + "; deepminer:explain --format all --limit 3 --out " + dir.resolve("explanations") + " " + run
                + "; deepminer:explain --mirror --format text --limit 3 --out " + dir.resolve("mirror") + " " + run
                + "; deepminer:eval --split all --draws 20 --out " + dir.resolve("eval") + " " + run);
        assertEquals(0, pipeline.exitCode(), pipeline.toString());
    }

    @Test
    void everyRendererWritesItsFileForEachImage() throws Exception {
        List<String> names;
        try (Stream<Path> s = Files.list(dir.resolve("explanations"))) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(names.contains("explanations.csv"), names.toString());
        for (String ext : new String[] {".txt", ".json", ".png", ".html", ".dicom-sr.dcm", ".dicom-seg.dcm", ".dicom-sc.dcm"}) {
            assertEquals(3, names.stream().filter(n -> n.endsWith(ext)).count(), ext + " in " + names);
        }
        List<String> csv = Files.readAllLines(dir.resolve("explanations/explanations.csv"));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(pipeline.out().contains("labelled now"), pipeline.toString());
    }

    /** --mirror scores the same images with their mirror images too: other probabilities, the same images. */
    @Test
    void mirroredScoringGivesItsOwnProbabilitiesForTheSameImages() throws Exception {
        List<String> plain = Files.readAllLines(dir.resolve("explanations/explanations.csv"));
        List<String> mirror = Files.readAllLines(dir.resolve("mirror/explanations.csv"));
        assertEquals(plain.size(), mirror.size());
        int differ = 0;
        for (int i = 1; i < plain.size(); i++) {
            String[] a = plain.get(i).split(",");
            String[] b = mirror.get(i).split(",");
            assertEquals(a[0], b[0], "the same image");
            double p = Double.parseDouble(b[4]);
            assertTrue(p > 0 && p < 1, mirror.get(i));
            differ += a[3].equals(b[3]) && !a[4].equals(b[4]) || !a[3].equals(b[3]) ? 1 : 0;
        }
        assertTrue(differ > 0, "a trained network is not mirror-symmetric: " + plain + " " + mirror);
        assertTrue(pipeline.out().contains("each with its mirror image"), pipeline.toString());
    }

    /**
     * The demo bundle declares two models; the control of demo-concepts is its own network with random
     * weights (its concept head included), not the bundle's first model.
     */
    @Test
    void theControlRandomisesTheProbedModelOfATwoModelBundle() throws Exception {
        String control = new String(Files.readAllBytes(run.resolve("control-random/model-random.onnx")),
                StandardCharsets.ISO_8859_1);
        assertTrue(control.contains("margin-spiculated") && control.contains("concepts"),
                "demo-concepts' concept head and its concept names");
        assertTrue(control.contains("random weights (seed 1)"), "marked as a control");
    }

    @Test
    void theEvaluationReportHasEveryFigureWithItsBaseline() throws Exception {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("eval/evaluation.json").toFile());
        assertEquals("demo-concepts", json.path("runs").get(0).path("name").asText(), json.toString());
        String html = Files.readString(dir.resolve("eval/report.html"), StandardCharsets.UTF_8);
        for (String section : new String[] {"Classification", "Faithfulness", "Localisation", "Reader analog"}) {
            assertTrue(html.contains(section), section);
        }
        assertTrue(html.contains(json.path("runs").get(0).path("provenance").path("model.sha256").asText()));
        assertTrue(pipeline.out().contains("AUC malignant (image)") && pipeline.out().contains("chance 0.500"),
                pipeline.toString());
    }

    @Test
    void aDicomFileWithIdentifiersKeepsThemOnlyWhenAsked() throws Exception {
        Path dcm;
        try (Stream<Path> s = Files.walk(phantom.resolve("dicom"))) {
            dcm = s.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
        }
        String patient = new String(Files.readAllBytes(dcm), StandardCharsets.ISO_8859_1).contains("PHANTOM-") ? "PHANTOM-" : null;
        assertTrue(patient != null, "the phantom's DICOM carries a synthetic patient id");
        Path anonymous = dir.resolve("anonymous");
        Path kept = dir.resolve("kept");
        String annotations = "-Ddeepminer.annotations=" + dir.resolve("annotations");
        Launch l = Launch.runWith(List.of(annotations), 300, "--features", "explain", "-c",
                "deepminer:explain --format all --out " + anonymous + " " + run + " " + dcm
                + "; deepminer:explain --keep-identifiers --format dicom-sr --out " + kept + " " + run + " " + dcm);
        assertEquals(0, l.exitCode(), l.toString());
        try (Stream<Path> s = Files.list(anonymous)) {
            List<Path> files = s.toList();
            assertEquals(7, files.size(), files.toString());
            for (Path f : files) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("PHANTOM-") || text.contains("PHANTOM^"), "identifier in " + f);
            }
        }
        try (Stream<Path> s = Files.list(kept)) {
            Path sr = s.findFirst().orElseThrow();
            assertTrue(new String(Files.readAllBytes(sr), StandardCharsets.ISO_8859_1).contains("PHANTOM-"), sr.toString());
        }
    }

    @Test
    void badInputIsAClearErrorNamingWhatIsWrong() throws Exception {
        Path unlabelled = dir.resolve("unlabelled");
        String annotations = "-Ddeepminer.annotations=" + dir.resolve("annotations-empty");
        Launch format = Launch.runWith(List.of(annotations), 300, "--features", "explain", "-c",
                "deepminer:explain --format nope --out " + dir.resolve("x") + " " + run);
        assertEquals(1, format.exitCode(), format.toString());
        assertTrue(format.err().contains("no renderer for format 'nope'") && format.err().contains("html"), format.toString());

        Launch noRun = Launch.runWith(List.of(annotations), 300, "--features", "explain", "-c",
                "deepminer:explain --out " + dir.resolve("x") + " " + dir.resolve("nosuchrun"));
        assertEquals(1, noRun.exitCode(), noRun.toString());
        assertTrue(noRun.err().contains("nosuchrun") && noRun.err().contains("no such run folder"), noRun.toString());

        // a run without labels still explains, by unit number, and says why
        Launch l = Launch.runWith(List.of(annotations), 300, "--features", "explain", "-c",
                "deepminer:probe --whole --size 256 --strategies ranking --out " + unlabelled + " demo phantom " + phantom
                + "; deepminer:explain --format text --limit 1 --out " + dir.resolve("unlabelled-explanations") + " " + unlabelled);
        assertEquals(0, l.exitCode(), l.toString());
        String csv = Files.readString(dir.resolve("unlabelled-explanations/explanations.csv"));
        assertTrue(csv.contains("unit ") && csv.contains("no unit labels"), csv);

        Launch badClass = Launch.runWith(List.of(annotations), 300, "--features", "explain", "-c",
                "deepminer:explain --class cancer --format text --limit 1 --out " + dir.resolve("y") + " " + unlabelled);
        assertEquals(1, badClass.exitCode(), badClass.toString());
        assertTrue(badClass.err().contains("no class 'cancer'") && badClass.err().contains("malignant"), badClass.toString());
    }
}
