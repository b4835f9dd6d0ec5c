package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void coreComesFirstAndOnce() {
        LaunchOptions o = LaunchOptions.parse(new String[] {"--features", "onnx,core,web", "-c", "status"}, List.of("demo"));
        assertEquals(List.of("core", "onnx", "web"), o.features());
        assertEquals(Optional.of("status"), o.command());
        assertTrue(!o.interactive());
    }

    @Test
    void defaultFeaturesApplyOnlyWithoutTheOption() {
        assertEquals(List.of("core", "demo"), LaunchOptions.parse(new String[0], List.of("demo")).features());
        assertEquals(List.of("core"), LaunchOptions.parse(new String[] {"--features=core"}, List.of("demo")).features());
    }

    @Test
    void aScriptIsAPositionalArgument() {
        LaunchOptions o = LaunchOptions.parse(new String[] {"run.gosh"}, List.of());
        assertEquals(Optional.of(Path.of("run.gosh")), o.script());
    }

    @Test
    void badCommandLinesAreRefused() {
        assertThrows(LaunchOptions.UsageException.class, () -> LaunchOptions.parse(new String[] {"--frobnicate"}, List.of()));
        assertThrows(LaunchOptions.UsageException.class, () -> LaunchOptions.parse(new String[] {"-c"}, List.of()));
        assertThrows(LaunchOptions.UsageException.class,
                () -> LaunchOptions.parse(new String[] {"a.gosh", "-c", "status"}, List.of()));
    }
}
