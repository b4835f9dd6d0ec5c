package org.deepminer.annotate;

import static org.deepminer.annotate.Fixtures.SHA;
import static org.deepminer.annotate.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnotationFilesTest {

    @TempDir
    Path dir;

    /** Entries whose text and answers hold everything CSV and JSON must escape. */
    static List<Annotation> awkward() {
        return List.of(
                new Annotation("id-1", unit(3), "ann", Instant.parse("2026-01-31T12:00:00.123456Z"),
                        List.of("margin-spiculated", "shape-irregular"), true, 4,
                        "spiculated, \"star-like\"\nsecond line; caf\u00e9 \u2013 <b>&amp;</b>",
                        Map.of("q1", "yes", "q2", "associated with cancer, often")),
                new Annotation("id-2", new UnitKey(SHA, "/layer4/relu:0", 0), "bob", Instant.parse("2026-02-01T00:00:00Z"),
                        List.of(), false, 1, "", Map.of()),
                Fixtures.auto("id-3", 5, 7, "shape-oval", "0.043"),
                // a withdrawal: no concept, answers of its own, so its label's columns stay empty in CSV
                Fixtures.withdrawal("id-4", 5, 8, "IoU 0.043 not above 0.06"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"export.csv", "export.json", "EXPORT.JSON"})
    void entriesSurviveTheRoundTrip(String name) {
        Path f = dir.resolve("sub").resolve(name);
        AnnotationFiles.write(f, awkward());
        assertEquals(awkward(), AnnotationFiles.read(f));
    }

    @Test
    void csvHasOneColumnPerAnswerKey() throws IOException {
        Path f = dir.resolve("a.csv");
        AnnotationFiles.write(f, awkward());
        String header = Files.readAllLines(f).get(0);
        assertEquals("id,model_sha256,layer,unit,annotator,time,concepts,interpretable,confidence,text,answer.iou,"
                + "answer.q1,answer.q2,answer.run,answer.withdrawn", header);
    }

    @Test
    void aCsvWrittenByHandIsRead() throws IOException {
        Path f = dir.resolve("hand.csv");
        Files.writeString(f, "id,model_sha256,layer,unit,annotator,time,concepts,interpretable,confidence\n"
                + "x1," + SHA + ",relu4,7,cat,2026-03-01T10:00:00Z,calc-vascular  shape-oval,TRUE,5\n");
        Annotation a = AnnotationFiles.read(f).get(0);
        assertEquals(List.of("calc-vascular", "shape-oval"), a.concepts());
        assertEquals(7, a.unit().unit());
        assertEquals("", a.text());
        assertTrue(a.interpretable());
    }

    @Test
    void problemsNameTheFileRowAndField() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "id,model_sha256,layer,unit,annotator,time,concepts,interpretable,confidence\n"
                + "x1," + SHA + ",relu4,7,cat,2026-03-01T10:00:00Z,shape-oval,true,5\n"
                + "x2," + SHA + ",relu4,seven,cat,2026-03-01T10:00:00Z,shape-oval,true,5\n");
        assertMessage(csv, "row 2 (id x2): unit 'seven' is not a whole number");
        Files.writeString(csv, "id,model_sha256,layer,unit,annotator,time,concepts,interpretable,confidence\n"
                + "x1," + SHA + ",relu4,7,cat,yesterday,shape-oval,true,5\n");
        assertMessage(csv, "row 1 (id x1): time 'yesterday'");
        Files.writeString(csv, "id,model_sha256,layer,unit,annotator,time,concepts,interpretable,confidence\n"
                + "x1," + SHA + ",relu4,7,cat,2026-03-01T10:00:00Z,shape-oval,maybe,5\n");
        assertMessage(csv, "interpretable is true or false");
        Files.writeString(csv, "id,unit\nx,1\n");
        assertMessage(csv, "missing column(s) model_sha256, layer, annotator, time, concepts, interpretable, confidence");

        Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"format\": \"deepminer-annotations\",\n \"annotations\": [\n  {\"id\": \"a\",, }\n]}");
        assertMessage(json, "line 3, column");
        Files.writeString(json, "{\"annotations\": [{\"id\": \"a\", \"modelSha256\": \"" + SHA + "\", \"layer\": \"l\","
                + " \"unit\": 1, \"annotator\": \"ann\", \"time\": \"2026-01-01T00:00:00Z\", \"confidence\": 9}]}");
        assertMessage(json, "entry 1 (id a): confidence must be 1-5, got 9");
        Files.writeString(json, "{\"format\": \"something-else\", \"annotations\": []}");
        assertMessage(json, "format 'something-else'");
        Files.writeString(json, "{\"rows\": []}");
        assertMessage(json, "expected {\"format\"");

        DeepMinerException e = assertThrows(DeepMinerException.class, () -> AnnotationFiles.read(dir.resolve("a.xlsx")));
        assertTrue(e.getMessage().contains(".csv or .json"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> AnnotationFiles.read(dir.resolve("missing.csv")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    private static void assertMessage(Path f, String part) {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> AnnotationFiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void exportThenImportIntoAnotherStoreGivesTheSameHistory() {
        List<Annotation> exported;
        try (AnnotationLog first = AnnotationLog.open(dir.resolve("one"))) {
            first.append(Fixtures.expert("ann", 1, 3, "shape-oval"));
            first.append(Fixtures.expert("ann", 1, 5, "shape-round"));
            first.append(Fixtures.expert("bob", 2, 2));
            exported = first.entries(SHA, Fixtures.LAYER);
            AnnotationFiles.write(dir.resolve("x.json"), exported);
            AnnotationFiles.write(dir.resolve("x.csv"), exported);
        }
        try (AnnotationLog second = AnnotationLog.open(dir.resolve("two"))) {
            assertEquals(new AnnotationArchive.ImportResult(3, 0), second.importEntries(AnnotationFiles.read(dir.resolve("x.json"))));
            assertEquals(new AnnotationArchive.ImportResult(0, 3), second.importEntries(AnnotationFiles.read(dir.resolve("x.csv"))));
            assertEquals(exported, second.entries(SHA, Fixtures.LAYER));
            assertEquals("shape-round", second.current(SHA, Fixtures.LAYER).get(0).concepts().get(0));
        }
    }
}
