package org.deepminer.data.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListedImagesTest {

    static ImageMetadata header(Laterality side, String view) {
        return new ImageMetadata("MG", side, view, 0.1, 12, false, Map.of("SOPInstanceUID", "1.2.3"));
    }

    @Test
    void theHeaderWinsTheListingFillsAndAContradictionIsReported() {
        Problems problems = new Problems(false);
        ImageMetadata filled = ListedImages.reconcile(header(Laterality.UNKNOWN, ""), Laterality.RIGHT, "MLO", problems, "a.csv:2");
        assertEquals(Laterality.RIGHT, filled.laterality());
        assertEquals("MLO", filled.view());
        assertEquals("1.2.3", filled.references().get("SOPInstanceUID"));
        assertTrue(problems.snapshot().isEmpty());

        ImageMetadata kept = ListedImages.reconcile(header(Laterality.LEFT, "CC"), Laterality.RIGHT, "MLO", problems, "a.csv:3");
        assertEquals(Laterality.LEFT, kept.laterality());
        assertEquals("CC", kept.view());
        assertEquals(1, problems.snapshot().size());
        assertTrue(problems.snapshot().get(0).contains("a.csv:3") && problems.snapshot().get(0).contains("RIGHT"),
                problems.snapshot().toString());

        ListedImages.reconcile(header(Laterality.LEFT, "CC"), Laterality.UNKNOWN, "", problems, "a.csv:4");
        assertEquals(1, problems.snapshot().size(), "a listing that says nothing contradicts nothing");
    }

    @Test
    void textFilesAreReadLeniently(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ',', (byte) 0xFF, '\n', '2'});
        assertEquals("a,\uFFFD\n2", TextLines.read(f));
        assertEquals(2, TextLines.lineOf(TextLines.lineStarts("a,b\n2"), 4));
    }
}
