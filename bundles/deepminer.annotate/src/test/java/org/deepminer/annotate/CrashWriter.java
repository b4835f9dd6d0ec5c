package org.deepminer.annotate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link AnnotationCrashTest} kills: opens the store at {@code args[0]} and makes {@code args[1]}
 * writes from {@code args[2]} threads, printing each id on a line of its own only after {@code append} returned
 * (an acknowledged write), then {@code DONE}.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int writes = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        AnnotationLog store = AnnotationLog.open(dir, () -> null, AnnotationLog.Commit.GROUP);
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String annotator = "writer" + t;
            Thread w = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < writes; i = next.getAndIncrement()) {
                    String id = store.append(Fixtures.expert(annotator, i % 64, 1 + i % 5, "shape-oval")).id();
                    synchronized (out) {
                        out.println(id);
                        out.flush();
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        store.close();
        synchronized (out) {
            out.println("DONE");
            out.flush();
        }
    }
}
