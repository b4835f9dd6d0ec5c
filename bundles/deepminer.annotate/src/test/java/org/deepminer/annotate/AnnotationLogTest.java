package org.deepminer.annotate;

import static org.deepminer.annotate.Fixtures.LAYER;
import static org.deepminer.annotate.Fixtures.SHA;
import static org.deepminer.annotate.Fixtures.expert;
import static org.deepminer.annotate.Fixtures.unit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnotationLogTest {

    @TempDir
    Path dir;

    private AnnotationLog open() {
        return AnnotationLog.open(dir, Fixtures::vocabulary, AnnotationLog.Commit.GROUP);
    }

    private Path logFile() {
        return dir.resolve(SHA).resolve(LAYER + ".log");
    }

    @Test
    void theStoreSetsIdsAndTimesAndAnEditIsANewEntry() {
        Instant before = Instant.now();
        try (AnnotationLog store = open()) {
            Annotation first = store.append(expert("ann", 3, 2, "margin-spiculated"));
            Annotation edit = store.append(expert("ann", 3, 4, "margin-indistinct", "shape-irregular"));
            Annotation other = store.append(expert("bob", 3, 5, "margin-spiculated"));
            store.append(expert("bob", 4, 3));
            assertFalse(first.id().isEmpty());
            assertEquals(3, Set.of(first.id(), edit.id(), other.id()).size());
            assertFalse(first.time().isBefore(before));
            assertFalse(edit.time().isBefore(first.time()));
            assertEquals(List.of(first, edit, other), store.history(unit(3)));
            List<Annotation> current = store.current(SHA, LAYER);
            assertEquals(3, current.size());
            assertEquals(List.of(edit.id(), other.id()), current.stream().filter(a -> a.unit().unit() == 3)
                    .map(Annotation::id).toList());
            assertEquals(4, store.entries(SHA, LAYER).size());
        }
        // durable: a new store over the same folder reads the same
        try (AnnotationLog again = open()) {
            assertEquals(3, again.history(unit(3)).size());
            assertEquals("margin-indistinct", again.current(SHA, LAYER).get(0).concepts().get(0));
            assertEquals(List.of(new AnnotationArchive.AnnotatedLayer(SHA, LAYER)), again.layers());
            AnnotationLog.LogStats s = again.stats(SHA, LAYER).orElseThrow();
            assertEquals(4, s.entries());
            assertEquals(0, s.ignoredBytes());
            assertEquals(Files.size(logFile()), s.bytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUpperCaseModelHashIsTheSameModel() {
        try (AnnotationLog store = open()) {
            Annotation a = store.append(new Annotation("", new UnitKey(SHA.toUpperCase(), LAYER, 1), "ann", null,
                    List.of("shape-oval"), true, 3, null, Map.of()));
            assertEquals(SHA, a.unit().modelSha256());
            assertEquals("", a.text());
            assertEquals(1, store.history(new UnitKey(SHA.toUpperCase(), LAYER, 1)).size());
        }
    }

    @Test
    void badEntriesAreRefusedWithTheReason() {
        try (AnnotationLog store = open()) {
            assertRefused(store, expert("ann", 1, 3, "margin-wobbly"), "unknown concept 'margin-wobbly'");
            assertRefused(store, expert("Ann Smith", 1, 3, "shape-oval"), "not a valid name");
            assertRefused(store, expert("", 1, 3, "shape-oval"), "no annotator");
            assertRefused(store, new Annotation("my-id", unit(1), "ann", null, List.of("shape-oval"), true, 3, "", Map.of()),
                    "the store sets ids");
            assertRefused(store, new Annotation("", unit(1), "ann", null, List.of("shape-oval"), false, 3, "", Map.of()),
                    "not interpretable names no concept");
            assertRefused(store, new Annotation("", unit(1), "ann", null, List.of("shape-oval"), true, 3, "x".repeat(4001),
                    Map.of()), "4001 characters");
            assertRefused(store, new Annotation("", unit(1), "ann", null, List.of("shape-oval"), true, 3, "a\u0000b",
                    Map.of()), "control character");
            assertRefused(store, new Annotation("", unit(1), "ann", null, List.of("shape-oval", "shape-oval"), true, 3, "",
                    Map.of()), "given twice");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of("shape-oval"), true, 3, "", Map.of()),
                    "IoU");
            assertRefused(store, new Annotation("", new UnitKey("abc", LAYER, 1), "ann", null, List.of("shape-oval"), true,
                    3, "", Map.of()), "SHA-256");
            assertRefused(store, new Annotation("", unit(1), "ann", null, List.of(), true, 3, "",
                    Map.of("Bad Key", "x")), "answer key");
            // one bad entry refuses the whole batch
            assertThrows(DeepMinerException.class, () -> store.appendAll(List.of(expert("ann", 1, 3, "shape-oval"),
                    expert("ann", 2, 3, "nope"))));
            assertTrue(store.entries(SHA, LAYER).isEmpty());
            // text with line breaks and tabs, and 4000 characters, is fine
            store.append(new Annotation("", unit(1), "ann", null, List.of("shape-oval"), true, 3,
                    "line\n\tnext" + "y".repeat(3989), Map.of("q1", "yes")));
            assertEquals(1, store.entries(SHA, LAYER).size());
        }
    }

    @Test
    void automaticWithdrawalsAreAcceptedOnlyInTheirShape() {
        Map<String, String> good = Map.of(AnnotationRules.ANSWER_RUN, "runs/r2", AnnotationRules.ANSWER_WITHDRAWN,
                "IoU 0.041 not above 0.06");
        try (AnnotationLog store = open()) {
            Annotation w = store.append(new Annotation("", unit(1), "auto", null, List.of(), false, 3, "withdrawn", good));
            assertTrue(AnnotationRules.isWithdrawal(w));
            // not interpretable and without a concept, an automatic entry must say it withdraws, and for which run
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), false, 3, "",
                    Map.of(AnnotationRules.ANSWER_RUN, "runs/r2")), "answer 'withdrawn' is missing");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), false, 3, "", Map.of()),
                    "answer 'withdrawn' is missing");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), false, 3, "",
                    Map.of(AnnotationRules.ANSWER_WITHDRAWN, "why")), "answer 'run' is missing");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), false, 3, "",
                    Map.of(AnnotationRules.ANSWER_WITHDRAWN, " ", AnnotationRules.ANSWER_RUN, "runs/r2")), "missing or blank");
            // a withdrawal is nothing but a withdrawal: no IoU, no concept, not interpretable
            Map<String, String> extra = new HashMap<>(good);
            extra.put(AnnotationRules.ANSWER_IOU, "0.041");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), false, 3, "", extra),
                    "carries only the answers");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), true, 3, "", good),
                    "not interpretable and names no concept");
            Map<String, String> labelled = new HashMap<>(good);
            labelled.put(AnnotationRules.ANSWER_IOU, "0.041");
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of("shape-oval"), true, 3, "", labelled),
                    "not interpretable and names no concept");
            // an interpretable automatic entry without a concept is still no label
            assertRefused(store, new Annotation("", unit(1), "auto", null, List.of(), true, 3, "",
                    Map.of(AnnotationRules.ANSWER_IOU, "0.1")), "names a concept");
            // an expert's answers are free: the same key means nothing there
            store.append(new Annotation("", unit(1), "ann", null, List.of(), false, 3, "", Map.of("withdrawn", "x")));
            assertEquals(2, store.entries(SHA, LAYER).size());
        }
    }

    private static void assertRefused(AnnotationLog store, Annotation a, String why) {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> store.append(a));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void withoutAVocabularyOnlyTheSpellingOfConceptsIsChecked() {
        try (AnnotationLog store = AnnotationLog.open(dir)) {
            store.append(expert("ann", 1, 3, "anything-goes"));
            assertThrows(DeepMinerException.class, () -> store.append(expert("ann", 1, 3, "Not An Id")));
        }
    }

    @Test
    void aSecondOpenOfTheSameFolderIsRefused() {
        try (AnnotationLog store = open()) {
            DeepMinerException e = assertThrows(DeepMinerException.class, this::open);
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertNotNull(store);
        }
        open().close(); // released
    }

    @Test
    void aClosedStoreRefusesWork() {
        AnnotationLog store = open();
        store.append(expert("ann", 1, 3, "shape-oval"));
        store.close();
        assertThrows(DeepMinerException.class, () -> store.append(expert("ann", 1, 3, "shape-oval")));
        assertThrows(DeepMinerException.class, () -> store.current(SHA, LAYER));
    }

    @Test
    void layersWithAnyNameLiveSideBySide() {
        String odd = "/layer4/1/relu:0 ü";
        try (AnnotationLog store = open()) {
            store.append(new Annotation("", new UnitKey(SHA, odd, 0), "ann", null, List.of("shape-oval"), true, 3, "", Map.of()));
            store.append(expert("ann", 0, 3, "shape-round"));
            assertEquals("shape-oval", store.current(SHA, odd).get(0).concepts().get(0));
            assertEquals("shape-round", store.current(SHA, LAYER).get(0).concepts().get(0));
        }
        try (AnnotationLog store = open()) {
            assertEquals(Set.of(odd, LAYER), store.layers().stream().map(AnnotationArchive.AnnotatedLayer::layer)
                    .collect(Collectors.toSet()));
            assertEquals(1, store.entries(SHA, odd).size());
        }
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        int threads = 8;
        int each = 50;
        List<String> ids;
        try (AnnotationLog store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String who = "rater" + t;
                futures.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(store.append(expert(who, i % 10, 1 + i % 5, "shape-oval")).id());
                    }
                    return mine;
                }));
            }
            ids = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                ids.addAll(f.get());
            }
            pool.shutdown();
            assertEquals(threads * each, new HashSet<>(ids).size());
            // one latest entry per rater and unit
            assertEquals(threads * 10, store.current(SHA, LAYER).size());
        }
        try (AnnotationLog store = open()) {
            Set<String> found = store.entries(SHA, LAYER).stream().map(Annotation::id).collect(Collectors.toSet());
            assertEquals(new HashSet<>(ids), found);
            // each rater's latest entry for unit 9 is its 50th write (i = 49)
            for (Annotation a : store.current(SHA, LAYER)) {
                if (a.unit().unit() == 9) {
                    assertEquals(5, a.confidence());
                }
            }
        }
    }

    @Test
    void aTornTailIsIgnoredAndNothingBeforeItIsTouched() throws IOException {
        try (AnnotationLog store = open()) {
            for (int i = 0; i < 5; i++) {
                store.append(expert("ann", i, 3, "shape-oval"));
            }
        }
        byte[] intact = Files.readAllBytes(logFile());
        // a crash in the middle of a write: the first 30 bytes of a record that was never acknowledged
        byte[] record = Arrays.copyOfRange(intact, lastRecordStart(intact), intact.length);
        byte[] torn = Arrays.copyOf(record, 30);
        Files.write(logFile(), torn, StandardOpenOption.APPEND);
        String later;
        try (AnnotationLog store = open()) {
            assertEquals(5, store.entries(SHA, LAYER).size());
            AnnotationLog.LogStats s = store.stats(SHA, LAYER).orElseThrow();
            assertEquals(30, s.ignoredBytes());
            assertEquals(30, s.tornTailBytes());
            // writing goes on after the torn bytes, which stay where they are
            later = store.append(expert("bob", 7, 3, "shape-round")).id();
        }
        byte[] after = Files.readAllBytes(logFile());
        assertArrayEquals(intact, Arrays.copyOf(after, intact.length));
        assertArrayEquals(torn, Arrays.copyOfRange(after, intact.length, intact.length + 30));
        try (AnnotationLog store = open()) {
            List<Annotation> all = store.entries(SHA, LAYER);
            assertEquals(6, all.size());
            assertEquals(later, all.get(5).id());
            AnnotationLog.LogStats s = store.stats(SHA, LAYER).orElseThrow();
            assertEquals(30, s.ignoredBytes());
            assertEquals(0, s.tornTailBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 11, 12, 13, 40, 2})
    void aLogCutAnywhereInItsLastRecordLosesOnlyThatRecord(int keep) throws IOException {
        try (AnnotationLog store = open()) {
            for (int i = 0; i < 3; i++) {
                store.append(expert("ann", i, 3, "shape-oval"));
            }
        }
        byte[] three = Files.readAllBytes(logFile());
        try (AnnotationLog store = open()) {
            store.append(expert("ann", 9, 3, "shape-round"));
        }
        byte[] four = Files.readAllBytes(logFile());
        // keep the first `keep` bytes of the fourth record, as a crash during its write could
        Files.write(logFile(), Arrays.copyOf(four, three.length + keep));
        try (AnnotationLog store = open()) {
            assertEquals(3, store.entries(SHA, LAYER).size());
            assertEquals(keep, store.stats(SHA, LAYER).orElseThrow().tornTailBytes());
        }
    }

    @Test
    void aDamagedRecordInTheMiddleCostsOnlyItself() throws IOException {
        try (AnnotationLog store = open()) {
            for (int i = 0; i < 3; i++) {
                store.append(expert("ann", i, 3, "shape-oval"));
            }
        }
        byte[] b = Files.readAllBytes(logFile());
        // flip a byte inside the second entry's JSON (records are about the same length: find the unit field)
        int second = indexOf(b, "\"unit\":1".getBytes(), 0);
        b[second + 3] ^= 0x20;
        Files.write(logFile(), b);
        try (AnnotationLog store = open()) {
            assertEquals(List.of(0, 2), store.entries(SHA, LAYER).stream().map(a -> a.unit().unit()).toList());
            assertTrue(store.stats(SHA, LAYER).orElseThrow().ignoredBytes() > 0);
        }
    }

    /** Where the last record's magic is. */
    private static int lastRecordStart(byte[] data) {
        byte[] magic = {(byte) 0xA5, (byte) 0xD3, 0x0A, 0x17};
        int last = -1;
        for (int i = indexOf(data, magic, 0); i >= 0; i = next(data, magic, i + 1)) {
            last = i;
        }
        return last;
    }

    private static int next(byte[] data, byte[] what, int from) {
        try {
            return indexOf(data, what, from);
        } catch (AssertionError e) {
            return -1;
        }
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aFileThatIsNotALogIsAnError() throws IOException {
        Files.createDirectories(logFile().getParent());
        Files.writeString(logFile(), "unit,concept\n1,shape-oval\n");
        try (AnnotationLog store = open()) {
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> store.current(SHA, LAYER));
            assertTrue(e.getMessage().contains(logFile().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("not an annotation log"), e.getMessage());
        }
    }

    @Test
    void importKeepsIdsAndTimesAndSkipsWhatIsThere() {
        Annotation old = Fixtures.at("imp-1", "cat", 2, -1000, 4, "margin-spiculated");
        Annotation other = Fixtures.at("imp-2", "cat", 3, -999, 2, "shape-round");
        try (AnnotationLog store = open()) {
            Annotation newer = store.append(expert("cat", 2, 3, "shape-oval"));
            AnnotationArchive.ImportResult r = store.importEntries(List.of(old, other, old));
            assertEquals(new AnnotationArchive.ImportResult(2, 1), r);
            assertEquals(new AnnotationArchive.ImportResult(0, 3), store.importEntries(List.of(old, other,
                    store.history(unit(2)).get(1))));
            // the imported entry is older: it goes into the history before the newer one and does not become current
            assertEquals(List.of(old, newer), store.history(unit(2)));
            assertEquals(newer.id(), store.current(SHA, LAYER).get(0).id());
            // imports are checked like appends, and need ids and times
            assertThrows(DeepMinerException.class, () -> store.importEntries(List.of(Fixtures.at("x", "cat", 1, 0, 3, "nope"))));
            assertThrows(DeepMinerException.class, () -> store.importEntries(List.of(expert("cat", 1, 3, "shape-oval"))));
            assertThrows(DeepMinerException.class, () -> store.importEntries(List.of(Fixtures.at("bad id!", "cat", 1, 0, 3))));
        }
        try (AnnotationLog store = open()) {
            assertEquals(3, store.entries(SHA, LAYER).size());
            assertTrue(store.entries(SHA, LAYER).contains(old));
        }
    }

    @Test
    void readingALayerWithoutEntriesCreatesNothing() throws IOException {
        try (AnnotationLog store = open()) {
            assertTrue(store.current(SHA, LAYER).isEmpty());
            assertTrue(store.history(unit(1)).isEmpty());
            assertTrue(store.stats(SHA, LAYER).isEmpty());
            assertTrue(store.layers().isEmpty());
        }
        assertFalse(Files.exists(dir.resolve(SHA)));
    }
}
