package org.deepminer.annotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class AnnotationStoreComponentTest {

    @Test
    void theConfiguredFolderWinsThenTheFrameworkPropertyThenAnnotations() {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(Path.of("/srv/labels"), AnnotationStoreComponent.folder("/srv/labels", "/ignored"));
        assertEquals(cwd.resolve("mine"), AnnotationStoreComponent.folder("mine", null));
        assertEquals(Path.of("/from/framework"), AnnotationStoreComponent.folder("", "/from/framework"));
        assertEquals(cwd.resolve("annotations"), AnnotationStoreComponent.folder(" ", ""));
        assertEquals(cwd.resolve("annotations"), AnnotationStoreComponent.folder(null, null));
    }

    @Test
    void readingCreatesNothingAndTheFirstWriteCreatesTheStore(@TempDir Path dir) {
        Path folder = dir.resolve("labels");
        AnnotationStoreComponent store = new AnnotationStoreComponent();
        store.use(folder);
        String sha = "a".repeat(64);
        assertTrue(store.current(sha, "relu4").isEmpty());
        assertTrue(store.layers().isEmpty());
        assertTrue(store.history(new UnitKey(sha, "relu4", 1)).isEmpty());
        assertFalse(Files.exists(folder), "a runtime that only reads must not create the store's folder");

        store.append(new Annotation("", new UnitKey(sha, "relu4", 1), "ann", null, List.of("shape-oval"), true, 3, "",
                Map.of()));
        assertTrue(Files.isDirectory(folder));
        assertEquals(1, store.current(sha, "relu4").size());
        store.stop();
    }
}
