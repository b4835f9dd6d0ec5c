package org.deepminer.annotate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;

/**
 * The log of one model layer: an append-only file of {@link RecordFormat} records (a header, then one record
 * per entry) and its entries in memory.
 *
 * <p><b>Durability.</b> A write returns only after {@link FileChannel#force} returned for the bytes holding its
 * entries. <b>Group commit:</b> writers queue their entries; the first to take the write lock writes everything
 * queued in one {@code write} and one {@code force}, and the writers it took along return without a write of
 * their own. With {@code groupCommit} off every write forces alone (the baseline the benchmark compares with).
 * A failed write or force marks the log broken: later writes are refused until the store is reopened, because
 * the state of the file's end is then unknown.
 *
 * <p><b>Order.</b> Entries appended here are stamped, under the write lock, with a time that never goes back
 * within the log, so log order and time order agree; imported entries keep their own times. "Latest" and
 * "oldest first" order by time, then by position in the log.
 */
public final class LayerLog implements Closeable {

    /**
     * The figures of an opened log.
     *
     * @param entries entries read and written
     * @param bytes file size
     * @param ignoredBytes bytes that belong to no valid record
     * @param tornTailBytes of those, the bytes after the last valid record when the log was opened
     * @param gaps runs of ignored bytes with valid records after them
     * @param unreadable records whose checksum holds but whose content does not (a newer version's, a repeated id)
     */
    public record Stats(int entries, long bytes, long ignoredBytes, long tornTailBytes, int gaps, int unreadable) {}

    private static final Comparator<Indexed> ORDER = Comparator.comparing((Indexed i) -> i.entry().time())
            .thenComparingLong(Indexed::seq);

    private record Indexed(Annotation entry, long seq) {}

    /** Entries queued by one caller, and what became of them. */
    private static final class Batch {
        final List<Annotation> entries;
        final boolean keepIds;
        final List<Annotation> written = new ArrayList<>();
        int skipped;
        boolean done;
        RuntimeException failure;

        Batch(List<Annotation> entries, boolean keepIds) {
            this.entries = entries;
            this.keepIds = keepIds;
        }
    }

    private final Path file;
    private final String modelSha256;
    private final String layer;
    private final FileChannel channel;
    private final boolean groupCommit;

    // in memory, guarded by memory
    private final ReentrantReadWriteLock memory = new ReentrantReadWriteLock();
    private final List<Indexed> all = new ArrayList<>();
    private final Map<Integer, List<Indexed>> byUnit = new HashMap<>();
    private final Map<Integer, Map<String, Indexed>> latest = new TreeMap<>();
    private final Set<String> ids = new HashSet<>();

    // the file's end, guarded by writer
    private final ReentrantLock writer = new ReentrantLock();
    private final Object queueLock = new Object();
    private List<Batch> queue = new ArrayList<>();
    private volatile long end;
    private long seq;
    private Instant lastStamp;
    private IOException broken;
    private boolean closed;
    private final long ignoredBytes;
    private final long tornTailBytes;
    private final int gaps;
    private final int unreadable;

    private LayerLog(Path file, String modelSha256, String layer, FileChannel channel, boolean groupCommit,
            RecordFormat.Scan scan, byte[] data, long size) {
        this.file = file;
        this.modelSha256 = modelSha256;
        this.layer = layer;
        this.channel = channel;
        this.groupCommit = groupCommit;
        this.end = size;
        this.ignoredBytes = scan.ignoredBytes();
        this.tornTailBytes = scan.tornTailBytes();
        this.gaps = scan.gaps();
        int bad = 0;
        Instant newest = Instant.EPOCH;
        boolean header = false;
        for (RecordFormat.Found r : scan.records()) {
            if (!header) {
                checkHeader(r, data);
                header = true;
                continue;
            }
            if (r.kind() != RecordFormat.KIND_ENTRY) {
                bad++;
                continue;
            }
            Annotation a;
            try {
                a = EntryCodec.read(EntryCodec.JSON.readTree(data, r.jsonStart(), r.jsonLength()));
            } catch (IOException | IllegalArgumentException e) {
                bad++; // checksum fine, content not ours: keep the rest readable
                continue;
            }
            if (!a.unit().modelSha256().equals(modelSha256) || !a.unit().layer().equals(layer) || ids.contains(a.id())) {
                bad++;
                continue;
            }
            remember(a);
            if (a.time().isAfter(newest)) {
                newest = a.time();
            }
        }
        if (!header) {
            throw new DeepMinerException(file.toString(), "not an annotation log: no valid header record");
        }
        this.unreadable = bad;
        Instant now = Instant.now();
        this.lastStamp = newest.isAfter(now) ? now : newest;
    }

    private void checkHeader(RecordFormat.Found r, byte[] data) {
        String why = null;
        if (r.kind() != RecordFormat.KIND_HEADER || r.offset() != 0) {
            why = "not an annotation log: it does not start with a header record";
        } else {
            try {
                JsonNode h = EntryCodec.JSON.readTree(data, r.jsonStart(), r.jsonLength());
                if (!modelSha256.equals(h.path("modelSha256").asText()) || !layer.equals(h.path("layer").asText())) {
                    why = "holds model " + h.path("modelSha256").asText() + " layer '" + h.path("layer").asText()
                            + "', not " + modelSha256 + " layer '" + layer + "'";
                }
            } catch (IOException e) {
                why = "unreadable header record: " + e.getMessage();
            }
        }
        if (why != null) {
            throw new DeepMinerException(file.toString(), why);
        }
    }

    /**
     * Opens the log of a model layer.
     *
     * @param create whether to create the file when it does not exist
     * @return null when the file does not exist and {@code create} is false
     */
    public static LayerLog open(Path file, String modelSha256, String layer, boolean create, boolean groupCommit) {
        try {
            if (!Files.exists(file)) {
                if (!create) {
                    return null;
                }
                createFile(file, modelSha256, layer);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                long size = ch.size();
                if (size > Integer.MAX_VALUE - 16) {
                    throw new DeepMinerException(file.toString(), "annotation log of " + size + " bytes, more than 2 GiB");
                }
                byte[] data = new byte[(int) size];
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                    // positional reads until the whole file is in
                }
                RecordFormat.Scan scan = RecordFormat.scan(data, b.position());
                return new LayerLog(file, modelSha256, layer, ch, groupCommit, scan, data, size);
            } catch (RuntimeException | IOException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot open the annotation log: " + e.getMessage(), e);
        }
    }

    /** Writes the header to a temporary file, forces it and moves it into place, so a log is never headless. */
    private static void createFile(Path file, String modelSha256, String layer) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("log", "deepminer-annotations");
        header.put("version", 1);
        header.put("modelSha256", modelSha256);
        header.put("layer", layer);
        byte[] record = RecordFormat.frame(RecordFormat.KIND_HEADER, EntryCodec.JSON.writeValueAsBytes(header));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(record);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
        forceDirectory(dir);
        forceDirectory(dir.getParent());
    }

    /** Makes a new directory entry durable (Linux and macOS allow forcing a directory; Windows does not). */
    public static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here: the file system orders the rename itself
        }
    }

    // ---- writing ----

    /** Appends entries, stamping each with the given id and the log's time; returns them as stored. */
    public List<Annotation> append(List<Annotation> withIds) {
        return write(new Batch(withIds, false)).written;
    }

    /**
     * Appends entries with their ids and times, skipping ids the log holds.
     *
     * @return {added, skipped}
     */
    public int[] importEntries(List<Annotation> entries) {
        Batch b = write(new Batch(entries, true));
        return new int[] {b.written.size(), b.skipped};
    }

    private Batch write(Batch batch) {
        if (!groupCommit) {
            writer.lock();
            try {
                flush(List.of(batch));
            } finally {
                writer.unlock();
            }
        } else {
            synchronized (queueLock) {
                queue.add(batch);
            }
            writer.lock();
            try {
                // the writer before us may have taken our batch along
                if (!batch.done) {
                    List<Batch> taken;
                    synchronized (queueLock) {
                        taken = queue;
                        queue = new ArrayList<>();
                    }
                    flush(taken);
                }
            } finally {
                writer.unlock();
            }
        }
        if (batch.failure != null) {
            throw batch.failure;
        }
        return batch;
    }

    /** Writes and forces the batches' records in one go, then makes them visible. Holds the writer lock. */
    private void flush(List<Batch> batches) {
        RuntimeException refusal = closed ? new DeepMinerException(file.toString(), "the annotation store is closed")
                : broken != null ? new DeepMinerException(file.toString(), "an earlier write failed (" + broken.getMessage()
                        + "); reopen the store to write again") : null;
        if (refusal != null) {
            fail(batches, refusal);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Set<String> taken = new HashSet<>();
        Instant stamp = lastStamp;
        for (Batch b : batches) {
            for (Annotation a : b.entries) {
                Annotation stored = a;
                if (b.keepIds) {
                    if (ids.contains(a.id()) || !taken.add(a.id())) {
                        b.skipped++;
                        continue;
                    }
                } else {
                    Instant now = Instant.now();
                    stamp = now.isAfter(stamp) ? now : stamp;
                    stored = new Annotation(a.id(), a.unit(), a.annotator(), stamp, a.concepts(), a.interpretable(),
                            a.confidence(), a.text(), a.answers());
                    taken.add(a.id());
                }
                bytes.writeBytes(RecordFormat.frame(RecordFormat.KIND_ENTRY, EntryCodec.encode(stored)));
                b.written.add(stored);
            }
        }
        if (bytes.size() > 0) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
                long at = end;
                while (buf.hasRemaining()) {
                    at += channel.write(buf, at);
                }
                channel.force(false);
                end = at;
            } catch (IOException e) {
                broken = e;
                fail(batches, new DeepMinerException(file.toString(), "cannot write the annotation log: " + e.getMessage(), e));
                return;
            }
        }
        lastStamp = stamp;
        memory.writeLock().lock();
        try {
            for (Batch b : batches) {
                b.written.forEach(this::remember);
            }
        } finally {
            memory.writeLock().unlock();
        }
        for (Batch b : batches) {
            b.done = true;
        }
    }

    private static void fail(List<Batch> batches, RuntimeException why) {
        for (Batch b : batches) {
            b.written.clear();
            b.failure = why;
            b.done = true;
        }
    }

    /** Adds an entry to the in-memory view. Called under the memory write lock, or by the constructor. */
    private void remember(Annotation a) {
        Indexed i = new Indexed(a, seq++);
        all.add(i);
        ids.add(a.id());
        byUnit.computeIfAbsent(a.unit().unit(), u -> new ArrayList<>()).add(i);
        latest.computeIfAbsent(a.unit().unit(), u -> new TreeMap<>()).merge(a.annotator(), i,
                (old, now) -> ORDER.compare(now, old) >= 0 ? now : old);
    }

    // ---- reading ----

    public boolean contains(String id) {
        memory.readLock().lock();
        try {
            return ids.contains(id);
        } finally {
            memory.readLock().unlock();
        }
    }

    public List<Annotation> history(int unit) {
        memory.readLock().lock();
        try {
            return sorted(byUnit.getOrDefault(unit, List.of()));
        } finally {
            memory.readLock().unlock();
        }
    }

    public List<Annotation> entries() {
        memory.readLock().lock();
        try {
            return sorted(all);
        } finally {
            memory.readLock().unlock();
        }
    }

    /** The latest entry of each annotator for each unit; by unit, then annotator. */
    public List<Annotation> current() {
        memory.readLock().lock();
        try {
            List<Annotation> out = new ArrayList<>();
            latest.values().forEach(m -> m.values().forEach(i -> out.add(i.entry())));
            return out;
        } finally {
            memory.readLock().unlock();
        }
    }

    private static List<Annotation> sorted(List<Indexed> entries) {
        List<Indexed> copy = new ArrayList<>(entries);
        copy.sort(ORDER);
        return copy.stream().map(Indexed::entry).toList();
    }

    public Stats stats() {
        memory.readLock().lock();
        try {
            return new Stats(all.size(), end, ignoredBytes, tornTailBytes, gaps, unreadable);
        } finally {
            memory.readLock().unlock();
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        writer.lock();
        try {
            closed = true;
            channel.close();
        } finally {
            writer.unlock();
        }
    }

    @Override
    public String toString() {
        return "LayerLog[" + file + "]";
    }
}
