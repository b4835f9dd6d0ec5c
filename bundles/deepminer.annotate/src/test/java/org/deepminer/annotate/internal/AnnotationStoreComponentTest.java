package org.deepminer.annotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
}
