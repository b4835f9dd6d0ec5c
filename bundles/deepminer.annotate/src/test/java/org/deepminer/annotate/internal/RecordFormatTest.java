package org.deepminer.annotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

    private static byte[] records(String... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(RecordFormat.frame(RecordFormat.KIND_ENTRY, p.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    private static List<String> payloads(byte[] data, RecordFormat.Scan scan) {
        return scan.records().stream().map(r -> new String(data, r.jsonStart(), r.jsonLength(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void recordsReadBackInOrder() {
        byte[] data = records("{\"a\":1}", "{\"b\":\"\u00e9\"}", "{}");
        RecordFormat.Scan s = RecordFormat.scan(data, data.length);
        assertEquals(List.of("{\"a\":1}", "{\"b\":\"\u00e9\"}", "{}"), payloads(data, s));
        assertEquals(0, s.ignoredBytes());
        assertEquals(0, s.gaps());
        assertEquals(0, s.records().get(0).offset());
        assertEquals(RecordFormat.KIND_ENTRY, s.records().get(0).kind());
    }

    @Test
    void garbageBetweenRecordsIsSkippedAndCounted() {
        byte[] first = records("{\"a\":1}");
        byte[] torn = java.util.Arrays.copyOf(records("{\"never\":\"finished\"}"), 17);
        byte[] second = records("{\"b\":2}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(torn);
        out.writeBytes(second);
        byte[] data = out.toByteArray();
        RecordFormat.Scan s = RecordFormat.scan(data, data.length);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), payloads(data, s));
        assertEquals(17, s.ignoredBytes());
        assertEquals(0, s.tornTailBytes());
        assertEquals(1, s.gaps());
    }

    @Test
    void aWrongLengthOrChecksumIsNotTrusted() {
        byte[] data = records("{\"a\":1}", "{\"b\":2}");
        int secondAt = data.length / 2;
        data[secondAt + 5] ^= 1; // the second record's length
        RecordFormat.Scan s = RecordFormat.scan(data, data.length);
        assertEquals(List.of("{\"a\":1}"), payloads(data, s));
        assertEquals(data.length - secondAt, s.tornTailBytes());
    }

    @Test
    void anOversizedRecordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RecordFormat.frame(RecordFormat.KIND_ENTRY,
                new byte[RecordFormat.MAX_PAYLOAD]));
    }

    @Test
    void layerNamesBecomeSafeFileNamesAndComeBack() {
        for (String layer : List.of("relu4", "layer4.1.relu", "/layer4/relu:0", "..", ".hidden", "a b%c", "\u00fcber/\u4e2d")) {
            String file = LayerFiles.file(java.nio.file.Path.of("store"), "sha", layer).getFileName().toString();
            assertEquals(file, file.replaceAll("[^A-Za-z0-9._%-]", ""), file);
            assertEquals(false, file.startsWith("."), file);
            assertEquals(Optional.of(layer), LayerFiles.layerOf(file));
        }
        assertEquals(Optional.empty(), LayerFiles.layerOf("notes.txt"));
        assertEquals(Optional.empty(), LayerFiles.layerOf("bad%zz.log"));
        assertEquals(Optional.empty(), LayerFiles.layerOf("a b.log")); // never written by LayerFiles
    }
}
