package org.deepminer.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deepminer.api.annotate.Annotation;
import org.junit.jupiter.api.Test;

/**
 * A write that returned is never lost: a separate JVM ({@link CrashWriter}) writes 1,000 entries from 8 threads
 * and is killed with SIGKILL ({@link Process#destroyForcibly} on Linux) midway; the store is then reopened in this
 * JVM, and every id the writer printed after its append returned must be there, with the store read without
 * repair. Three rounds on the same store, so that later rounds open, append after and reread whatever the earlier
 * kills left. Also prints the throughput of group commit against one force per write, measured here in the same
 * run (not asserted: tests never assert on time).
 */
class AnnotationCrashTest {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int WRITES = 1000;
    private static final int THREADS = 8;
    private static final int ROUNDS = 3;

    /** On the build's disk rather than a temporary file system, so that forcing means what it means. */
    private static Path fresh(String name) throws IOException {
        Path dir = Path.of("target", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path store = fresh("crash-store");
        Random random = new Random(8);
        Set<String> everAcknowledged = new HashSet<>();
        int killedMidway = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            int killAt = 150 + random.nextInt(600);
            Process p = new ProcessBuilder(javaCommand(store)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            CountDownLatch reached = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                        if (lines.size() >= killAt) {
                            reached.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the pipe closes with the killed process
                }
                reached.countDown();
            });
            reader.start();
            assertTrue(reached.await(120, TimeUnit.SECONDS), "the writer printed nothing for 120 s");
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            reader.join(60_000);
            // a line cut by the kill is not an id: only whole ids count as acknowledged
            List<String> acknowledged = lines.stream().filter(l -> UUID.matcher(l).matches()).toList();
            boolean finished = lines.contains("DONE");
            if (!finished) {
                killedMidway++;
            }
            everAcknowledged.addAll(acknowledged);

            try (AnnotationLog reopened = AnnotationLog.open(store)) {
                List<Annotation> entries = reopened.entries(Fixtures.SHA, Fixtures.LAYER);
                Set<String> found = entries.stream().map(Annotation::id).collect(Collectors.toSet());
                assertEquals(entries.size(), found.size(), "an id appears twice");
                Set<String> lost = new HashSet<>(everAcknowledged);
                lost.removeAll(found);
                assertTrue(lost.isEmpty(), lost.size() + " acknowledged writes lost, e.g. " + lost.stream().limit(3).toList());
                AnnotationLog.LogStats s = reopened.stats(Fixtures.SHA, Fixtures.LAYER).orElseThrow();
                assertEquals(0, s.unreadable());
                System.out.printf(Locale.ROOT, "CRASH round %d: SIGKILL after %d acknowledged writes%s (%d of this round's "
                        + "%d found); store holds %d entries, %d acknowledged over all rounds, all found; torn tail %d bytes, "
                        + "%d bytes ignored in all, %d bytes in the log%n", round, acknowledged.size(),
                        finished ? " (the writer had finished: no crash this round)" : "",
                        acknowledged.stream().filter(found::contains).count(), acknowledged.size(), entries.size(),
                        everAcknowledged.size(), s.tornTailBytes(), s.ignoredBytes(), s.bytes());
                // writes the reopened store makes after the crash land too
                String after = reopened.append(Fixtures.expert("checker", 0, 3, "shape-round")).id();
                everAcknowledged.add(after);
            }
        }
        assertTrue(killedMidway > 0, "no round was killed before the writer finished");
        try (AnnotationLog last = AnnotationLog.open(store)) {
            Set<String> found = last.entries(Fixtures.SHA, Fixtures.LAYER).stream().map(Annotation::id)
                    .collect(Collectors.toSet());
            assertTrue(found.containsAll(everAcknowledged));
            System.out.printf(Locale.ROOT, "CRASH summary: %d rounds, %d killed midway, %d acknowledged writes, all %d "
                    + "found after the kills%n", ROUNDS, killedMidway, everAcknowledged.size(), everAcknowledged.size());
        }
    }

    private static List<String> javaCommand(Path store) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classpath, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                CrashWriter.class.getName(), store.toString(), Integer.toString(WRITES), Integer.toString(THREADS)));
        return cmd;
    }

    @Test
    void groupCommitAgainstOneForcePerWrite() throws Exception {
        // a warm-up of each kind, then the measured runs, alternating, in fresh folders
        throughput(AnnotationLog.Commit.EACH, "bench-warm-each", 200);
        throughput(AnnotationLog.Commit.GROUP, "bench-warm-group", 200);
        double each = throughput(AnnotationLog.Commit.EACH, "bench-each", WRITES);
        double group = throughput(AnnotationLog.Commit.GROUP, "bench-group", WRITES);
        System.out.printf(Locale.ROOT, "BENCH annotate %d writes from %d threads: group commit %.0f writes/s, one force per "
                + "write %.0f writes/s, ratio %.1fx%n", WRITES, THREADS, group, each, group / each);
    }

    /** Writes per second; checks that every write is in the reopened store. */
    private static double throughput(AnnotationLog.Commit commit, String folder, int writes) throws Exception {
        Path dir = fresh(folder);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long elapsed;
        try (AnnotationLog store = AnnotationLog.open(dir, () -> null, commit)) {
            List<Future<?>> jobs = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                String who = "bench" + t;
                int share = writes / THREADS;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        store.append(Fixtures.expert(who, i % 64, 3, "shape-oval"));
                    }
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            elapsed = System.nanoTime() - start;
        } finally {
            pool.shutdown();
        }
        try (AnnotationLog reopened = AnnotationLog.open(dir)) {
            assertEquals(writes / THREADS * THREADS, reopened.entries(Fixtures.SHA, Fixtures.LAYER).size());
        }
        return (writes / THREADS * THREADS) / (elapsed / 1e9);
    }
}
