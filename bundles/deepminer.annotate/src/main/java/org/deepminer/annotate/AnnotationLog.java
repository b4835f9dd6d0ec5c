package org.deepminer.annotate;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.deepminer.annotate.internal.LayerFiles;
import org.deepminer.annotate.internal.LayerLog;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * The annotation store on disk: one append-only log per model and layer,
 * {@code <dir>/<model sha256>/<layer>.log}, read into memory when first used. The OSGi service is this class
 * behind a component; it is usable as it is outside OSGi (tests, tools).
 *
 * <ul>
 * <li>A write that returned has been forced to disk ({@link FileChannel#force}); concurrent writers to one log
 * share one forced write (group commit, {@link Commit#GROUP}).</li>
 * <li>Every record checks itself (length and CRC-32C): a record torn by a crash is ignored when the log is
 * opened, nothing is rewritten or truncated, and the store reads without repair.</li>
 * <li>The store, not the caller, sets ids (random UUIDs) and times; an edit is a new entry, and
 * {@link #current} gives the latest entry per annotator and unit (latest by time, then by log position).</li>
 * <li>One process at a time: a second open of the same folder is refused ({@code store.lock}).</li>
 * </ul>
 */
public final class AnnotationLog implements AnnotationArchive, Closeable {

    /** How writes reach the disk. */
    public enum Commit {
        /** concurrent writers to a log share one write and one force */
        GROUP,
        /** every write forces on its own (slower under concurrency; the benchmark's baseline) */
        EACH
    }

    /**
     * What opening a layer's log found, and its size now.
     *
     * @param file the log file
     * @param entries entries it holds
     * @param bytes its size
     * @param ignoredBytes bytes that belong to no valid record (torn by a crash), left in place
     * @param tornTailBytes of those, the bytes after the last valid record when it was opened
     * @param unreadable records whose checksum holds but whose content this version cannot use
     */
    public record LogStats(Path file, int entries, long bytes, long ignoredBytes, long tornTailBytes, int unreadable) {}

    private static final Pattern IMPORTED_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern SHA_DIR = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final Supplier<ConceptVocabulary> vocabulary;
    private final Commit commit;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, LayerLog> logs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private AnnotationLog(Path dir, Supplier<ConceptVocabulary> vocabulary, Commit commit, FileChannel lockChannel,
            FileLock lock) {
        this.dir = dir;
        this.vocabulary = vocabulary;
        this.commit = commit;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating) a store without a vocabulary check, with group commit. */
    public static AnnotationLog open(Path dir) {
        return open(dir, () -> null, Commit.GROUP);
    }

    /**
     * Opens a store folder, creating it when it does not exist.
     *
     * @param vocabulary asked on every write for the vocabulary concepts must belong to; it may return null
     *        (then only the spelling of concept ids is checked)
     * @throws DeepMinerException when the folder cannot be created or another process has it open
     */
    public static AnnotationLog open(Path dir, Supplier<ConceptVocabulary> vocabulary, Commit commit) {
        Path d = dir.toAbsolutePath().normalize();
        FileChannel ch = null;
        try {
            boolean existed = Files.isDirectory(d);
            Files.createDirectories(d);
            if (!existed && d.getParent() != null) {
                LayerLog.forceDirectory(d.getParent()); // the new folder's entry, like every file entry, is made durable
            }
            ch = FileChannel.open(d.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new DeepMinerException(d.toString(), "the annotation store is open in another process");
            }
            return new AnnotationLog(d, vocabulary, commit, ch, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new DeepMinerException(d.toString(), "the annotation store is already open in this process");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DeepMinerException(d.toString(), "cannot open the annotation store: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public Commit commit() {
        return commit;
    }

    // ---- AnnotationStore ----

    @Override
    public Annotation append(Annotation annotation) {
        return appendAll(List.of(annotation)).get(0);
    }

    @Override
    public List<Annotation> appendAll(List<Annotation> entries) {
        ConceptVocabulary v = vocabulary.get();
        List<Annotation> ready = new ArrayList<>(entries.size());
        for (Annotation a : entries) {
            AnnotationRules.check(a, v);
            if (a.id() != null && !a.id().isEmpty()) {
                throw new DeepMinerException("annotation of unit " + a.unit().unit(), "the store sets ids; this entry "
                        + "has '" + AnnotationRules.printable(a.id()) + "' (import keeps ids)");
            }
            ready.add(new Annotation(UUID.randomUUID().toString(), AnnotationRules.unit(a.unit()), a.annotator(), null,
                    a.concepts(), a.interpretable(), a.confidence(), a.text() == null ? "" : a.text(), a.answers()));
        }
        Map<LayerLog, List<Integer>> byLog = byLog(ready);
        Annotation[] out = new Annotation[ready.size()];
        byLog.forEach((log, positions) -> {
            List<Annotation> written = log.append(positions.stream().map(ready::get).toList());
            for (int i = 0; i < positions.size(); i++) {
                out[positions.get(i)] = written.get(i);
            }
        });
        return List.of(out);
    }

    @Override
    public List<Annotation> history(UnitKey unit) {
        UnitKey u = AnnotationRules.unit(unit);
        LayerLog log = log(u.modelSha256(), u.layer(), false);
        return log == null ? List.of() : log.history(u.unit());
    }

    @Override
    public List<Annotation> current(String modelSha256, String layer) {
        LayerLog log = log(AnnotationRules.modelSha256(modelSha256), AnnotationRules.layer(layer), false);
        return log == null ? List.of() : log.current();
    }

    // ---- AnnotationArchive ----

    @Override
    public List<Annotation> entries(String modelSha256, String layer) {
        LayerLog log = log(AnnotationRules.modelSha256(modelSha256), AnnotationRules.layer(layer), false);
        return log == null ? List.of() : log.entries();
    }

    @Override
    public ImportResult importEntries(List<Annotation> entries) {
        ConceptVocabulary v = vocabulary.get();
        List<Annotation> ready = new ArrayList<>(entries.size());
        for (Annotation a : entries) {
            AnnotationRules.check(a, v);
            if (a.id() == null || !IMPORTED_ID.matcher(a.id()).matches()) {
                throw new DeepMinerException("annotation of unit " + a.unit().unit(), "an imported entry needs an id of 1-100 "
                        + "letters, digits, '.', '_', ':', '-'; got '" + AnnotationRules.printable(a.id()) + "'");
            }
            if (a.time() == null) {
                throw new DeepMinerException("annotation " + a.id(), "an imported entry needs its time");
            }
            ready.add(new Annotation(a.id(), AnnotationRules.unit(a.unit()), a.annotator(), a.time(), a.concepts(),
                    a.interpretable(), a.confidence(), a.text() == null ? "" : a.text(), a.answers()));
        }
        int added = 0;
        int skipped = 0;
        for (Map.Entry<LayerLog, List<Integer>> e : byLog(ready).entrySet()) {
            int[] r = e.getKey().importEntries(e.getValue().stream().map(ready::get).toList());
            added += r[0];
            skipped += r[1];
        }
        return new ImportResult(added, skipped);
    }

    @Override
    public List<AnnotatedLayer> layers() {
        List<AnnotatedLayer> out = new ArrayList<>();
        try (DirectoryStream<Path> models = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path m : models) {
                String sha = m.getFileName().toString();
                if (!SHA_DIR.matcher(sha).matches()) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(m, "*" + LayerFiles.SUFFIX)) {
                    for (Path f : files) {
                        LayerFiles.layerOf(f.getFileName().toString()).ifPresent(l -> out.add(new AnnotatedLayer(sha, l)));
                    }
                }
            }
        } catch (IOException e) {
            throw new DeepMinerException(dir.toString(), "cannot list the annotation store: " + e.getMessage(), e);
        }
        out.sort((a, b) -> a.modelSha256().equals(b.modelSha256()) ? a.layer().compareTo(b.layer())
                : a.modelSha256().compareTo(b.modelSha256()));
        return out;
    }

    /** What opening a layer's log found; empty when the layer has no log. */
    public Optional<LogStats> stats(String modelSha256, String layer) {
        LayerLog log = log(AnnotationRules.modelSha256(modelSha256), AnnotationRules.layer(layer), false);
        if (log == null) {
            return Optional.empty();
        }
        LayerLog.Stats s = log.stats();
        return Optional.of(new LogStats(log.file(), s.entries(), s.bytes(), s.ignoredBytes(), s.tornTailBytes(),
                s.unreadable()));
    }

    // ---- logs ----

    private Map<LayerLog, List<Integer>> byLog(List<Annotation> entries) {
        Map<LayerLog, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            UnitKey u = entries.get(i).unit();
            out.computeIfAbsent(log(u.modelSha256(), u.layer(), true), l -> new ArrayList<>()).add(i);
        }
        return out;
    }

    private LayerLog log(String sha, String layer, boolean create) {
        if (closed) {
            throw new DeepMinerException(dir.toString(), "the annotation store is closed");
        }
        String key = sha + '\n' + layer;
        LayerLog log = logs.get(key);
        if (log != null) {
            return log;
        }
        synchronized (logs) {
            log = logs.get(key);
            if (log == null) {
                log = LayerLog.open(LayerFiles.file(dir, sha, layer), sha, layer, create, commit == Commit.GROUP);
                if (log != null) {
                    logs.put(key, log);
                }
            }
            return log;
        }
    }

    @Override
    public void close() {
        synchronized (logs) {
            if (closed) {
                return;
            }
            closed = true;
            for (LayerLog l : logs.values()) {
                try {
                    l.close();
                } catch (IOException e) {
                    // closing after forced writes loses nothing
                }
            }
            logs.clear();
            try {
                lock.release();
            } catch (IOException e) {
                // released with the channel below
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    @Override
    public String toString() {
        return "AnnotationLog[" + dir + ", " + commit + "]";
    }
}
