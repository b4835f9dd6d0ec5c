package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deepminer.backend.onnx.internal.ItModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mining feature in the real runtime: deepminer:probe over a phantom with a model file and its random-weights
 * control, the no-op rerun, deepminer:units and deepminer:unit, a model deployed by name, and bad input.
 */
class MiningFeatureIT {
    @TempDir
    static Path dir;
    static Path phantom;
    static Path model;

    @BeforeAll
    static void generate() throws Exception {
        phantom = dir.resolve("phantom");
        Launch l = Launch.run(300, "--features", "mining", "-c", "deepminer:phantom --cases 6 --size 128 --seed 3 " + phantom);
        assertEquals(0, l.exitCode(), l.toString());
        model = ItModels.patchCnn(dir, "patchcnn.onnx", 32);
    }

    @Test
    void probeWithControlThenUnitsAndUnit() throws Exception {
        Path run = dir.resolve("run");
        String probe = "deepminer:probe --patches --control random --set top-activations.images.per.unit=4 --out " + run
                + " " + model + " phantom " + phantom;
        Launch l = Launch.run(300, "--features", "mining", "-c", probe);
        assertEquals(0, l.exitCode(), l.toString());
        assertTrue(l.out().contains("Control (random weights)") && l.out().contains("computed"), l.toString());
        for (String f : new String[] {"manifest.json", "units.csv", "rankings.csv", "topactivations.csv", "dissection.csv",
                "steps/dissection.json", "control-random/manifest.json", "control-random/units.csv"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + "\n" + l);
        }
        try (Stream<Path> s = Files.list(run.resolve("montages"))) {
            assertEquals(16, s.count(), "a montage per unit");
        }
        assertTrue(Files.readString(run.resolve("manifest.json")).contains("\"status\" : \"complete\""));

        Launch again = Launch.run(300, "--features", "mining", "-c", probe + "; deepminer:units --class malignant --top 5 "
                + run + "; deepminer:unit " + run + " 0");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("up to date: nothing recomputed"), again.toString());
        assertTrue(again.out().contains("malignant units of " + run), again.toString());
        assertTrue(again.out().contains("Unit 0 of " + run) && again.out().contains("montages/unit_0.png"), again.toString());
        assertTrue(again.out().contains("Interpretability") && again.out().contains("control"), again.toString());
    }

    @Test
    void aModelDeployedByNameIsProbedWithItsSourceInTheManifest() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.copy(model, deploy.resolve("patchcnn.onnx"));
        Files.writeString(deploy.resolve("patchcnn.onnx.json"), "{\"name\": \"patchcnn\"}");
        Path run = dir.resolve("byname");
        Launch l = Launch.run(300, "--features", "mining", "--deploy", deploy.toString(), "-c",
                "deepminer:probe --strategies ranking --patches --out " + run + " patchcnn phantom " + phantom);
        assertEquals(0, l.exitCode(), l.toString());
        String manifest = Files.readString(run.resolve("manifest.json"));
        assertTrue(manifest.contains("\"name\" : \"patchcnn\"") && manifest.contains("patchcnn.onnx"), manifest);
        assertTrue(Files.isRegularFile(run.resolve("rankings.csv")), manifest + "\n" + l);
    }

    @Test
    void badInputIsAClearErrorAndTheRuntimeExits() throws Exception {
        Launch layer = Launch.run(120, "--features", "mining", "-c", "deepminer:probe --layer nope --out " + dir.resolve("bad")
                + " " + model + " phantom " + phantom);
        assertEquals(1, layer.exitCode(), layer.toString());
        assertTrue(layer.err().contains("has no layer 'nope'"), layer.toString());
        Launch noModel = Launch.run(120, "--features", "mining", "-c", "deepminer:probe --out " + dir.resolve("bad2")
                + " nosuchmodel phantom " + phantom);
        assertEquals(1, noModel.exitCode(), noModel.toString());
        assertTrue(noModel.err().contains("no model 'nosuchmodel'"), noModel.toString());
    }
}
