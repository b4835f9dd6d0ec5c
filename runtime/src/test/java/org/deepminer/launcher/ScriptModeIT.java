package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as users run it: bin/deepminer of the built distribution, in its own process. */
class ScriptModeIT {

    @Test
    void statusPrintsEveryFamilyAndExitsZero() throws Exception {
        Launch l = Launch.run(60, "-c", "deepminer:status");
        assertEquals(0, l.exitCode(), l.toString());
        for (String family : new String[] {"Model backends", "Models", "Dataset sources", "Concept vocabularies",
                "Probe strategies", "Explanation renderers", "Evaluators", "Problems (0)"}) {
            assertTrue(l.out().contains(family), family + " missing in\n" + l);
        }
    }

    @Test
    void anUnknownCommandFailsFastWithAClearError() throws Exception {
        Launch l = Launch.run(10, "-c", "deepminer:nosuch");
        assertEquals(1, l.exitCode(), l.toString());
        assertTrue(l.err().contains("command failed: deepminer:nosuch"), l.toString());
        assertTrue(l.err().contains("Command not found"), l.toString());
    }

    @Test
    void aScriptStopsAtItsFirstFailureAfterPrintingWhatRan(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("analysis.gosh");
        Files.writeString(script, "# a user's script\ndeepminer:help\ndeepminer:nosuch 1 2\necho never printed\n");
        Launch l = Launch.run(60, script.toString());
        assertEquals(1, l.exitCode(), l.toString());
        assertTrue(l.out().contains("deepminer:status"), "help ran first:\n" + l);
        assertTrue(l.err().contains("command failed: deepminer:nosuch 1 2"), l.toString());
        assertFalse(l.out().contains("never printed"), l.toString());
    }

    @Test
    void aScriptThatSucceedsExitsZero(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("ok.gosh");
        Files.writeString(script, "echo first\ndeepminer:status\necho last\n");
        Launch l = Launch.run(60, script.toString());
        assertEquals(0, l.exitCode(), l.toString());
        assertTrue(l.out().indexOf("first") < l.out().indexOf("Models") && l.out().contains("last"), l.toString());
    }

    @Test
    void helpListsCommandsWithDescriptions() throws Exception {
        Launch l = Launch.run(60, "-c", "deepminer:help");
        assertEquals(0, l.exitCode(), l.toString());
        assertTrue(l.out().contains("deepminer:status"), l.toString());
        assertTrue(l.out().contains("list the deepminer commands"), l.toString());
    }

    @Test
    void helpListsCommandsRegisteredAsGogoFunctions() throws Exception {
        Launch l = Launch.run(60, "--features", "onnx", "-c", "deepminer:help");
        assertEquals(0, l.exitCode(), l.toString());
        assertTrue(l.out().contains("deepminer:package-model") && l.out().contains("package a model file"), l.toString());
    }

    @Test
    void featuresChooseTheBundles() throws Exception {
        Launch without = Launch.run(60, "--features", "core", "-c", "deepminer:status");
        Launch with = Launch.run(60, "--features", "core,example", "-c", "deepminer:status");
        assertEquals(0, with.exitCode(), with.toString());
        assertTrue(without.out().contains("Concept vocabularies (0)"), without.toString());
        assertTrue(with.out().contains("Concept vocabularies (1)"), with.toString());
        assertTrue(with.out().contains("deepminer.vocabulary.version=1"), with.toString());
    }

    @Test
    void anUnknownFeatureIsAUsageError() throws Exception {
        Launch l = Launch.run(30, "--features", "nosuch", "-c", "deepminer:status");
        assertEquals(2, l.exitCode(), l.toString());
        assertTrue(l.err().contains("unknown feature 'nosuch'") && l.err().contains("core"), l.toString());
    }

    @Test
    void aMissingScriptIsAUsageError() throws Exception {
        Launch l = Launch.run(30, "/no/such/script.gosh");
        assertEquals(2, l.exitCode(), l.toString());
        assertTrue(l.err().contains("/no/such/script.gosh"), l.toString());
    }

    /** Every feature of the distribution starts with all its bundles and no problem. */
    @TestFactory
    Stream<DynamicTest> everyFeatureStarts() throws Exception {
        try (Stream<Path> lists = Files.list(Launch.home().resolve("features"))) {
            return lists.filter(p -> p.toString().endsWith(".list")).sorted().toList().stream()
                    .map(p -> p.getFileName().toString().replace(".list", ""))
                    .map(feature -> DynamicTest.dynamicTest(feature, () -> {
                        Launch l = Launch.run(120, "--features", feature, "-c", "deepminer:status");
                        assertEquals(0, l.exitCode(), l.toString());
                        assertTrue(l.out().contains("Problems (0)"), feature + ":\n" + l);
                    }));
        }
    }
}
