package org.deepminer.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;

/**
 * A run folder (DESIGN.md §5):
 *
 * <pre>
 * manifest.json          provenance ({@link RunManifest})
 * units.csv              one row per unit: the steps' unit tables joined on the unit
 * steps/&lt;step&gt;.json      a finished step and the hash of its inputs ({@link StepMarker})
 * steps/&lt;step&gt;.checkpoint the state of an unfinished step, to resume after a kill
 * &lt;step&gt;/ ...             what each step writes (CSV, JSON, PNG montages)
 * </pre>
 *
 * Every file is written to a temporary name and moved into place, so a killed run leaves either the old or
 * the new version of a file, never half of one. Not thread-safe: one process writes a run at a time.
 */
public final class RunWorkspace {

    public static final String MANIFEST = "manifest.json";
    public static final String UNITS = "units.csv";
    public static final String STEPS = "steps";
    private static final int CHECKPOINT_MAGIC = 0x444D434B; // "DMCK"

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    private RunWorkspace(Path dir) {
        this.dir = dir;
    }

    /** Opens a run folder, creating it when it does not exist. */
    public static RunWorkspace open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new DeepMinerException(d.toString(), "is a file, not a run folder");
        }
        try {
            Files.createDirectories(d.resolve(STEPS));
        } catch (IOException e) {
            throw new DeepMinerException(d.toString(), "cannot create the run folder: " + e.getMessage(), e);
        }
        return new RunWorkspace(d);
    }

    /** Opens an existing run folder for reading; an error when it has no manifest. */
    public static RunWorkspace existing(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(d.resolve(MANIFEST))) {
            throw new DeepMinerException(d.toString(), Files.isDirectory(d) ? "not a run folder: no " + MANIFEST
                    : "no such run folder");
        }
        return new RunWorkspace(d);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    // ---- manifest ----

    public Optional<RunManifest> manifest() {
        Path f = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), RunManifest.class));
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "unreadable run manifest: " + e.getMessage(), e);
        }
    }

    public void writeManifest(RunManifest manifest) {
        writeJson(dir.resolve(MANIFEST), manifest);
    }

    // ---- steps ----

    public Optional<StepMarker> step(String name) {
        Path f = marker(name);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), StepMarker.class));
        } catch (IOException e) {
            // a damaged marker only costs a recomputation
            return Optional.empty();
        }
    }

    /** Whether a step finished with exactly these inputs. */
    public boolean upToDate(String name, String inputs) {
        return step(name).map(m -> m.inputs().equals(inputs)).orElse(false);
    }

    /** Records a finished step; call after its artefacts are written. Drops its checkpoint. */
    public StepMarker markDone(String name, String inputs, Map<String, ?> summary) {
        Map<String, Object> clean = new LinkedHashMap<>();
        summary.forEach((k, v) -> {
            if (k != null && v != null) {
                clean.put(k, v instanceof Number || v instanceof Boolean || v instanceof String ? v : String.valueOf(v));
            }
        });
        StepMarker m = new StepMarker(name, inputs, Instant.now().toString(), clean);
        writeJson(marker(name), m);
        deleteCheckpoint(name);
        return m;
    }

    /** Forgets a step, so that the next run computes it again. */
    public void invalidate(String name) {
        try {
            Files.deleteIfExists(marker(name));
        } catch (IOException e) {
            throw new DeepMinerException(marker(name).toString(), "cannot delete: " + e.getMessage(), e);
        }
    }

    /** The finished steps, by name. */
    public Map<String, StepMarker> steps() {
        Map<String, StepMarker> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(STEPS), "*.json")) {
            List<Path> files = new ArrayList<>();
            s.forEach(files::add);
            files.sort(null);
            for (Path f : files) {
                String name = f.getFileName().toString().replaceFirst("\\.json$", "");
                step(name).ifPresent(m -> out.put(name, m));
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new DeepMinerException(dir.resolve(STEPS).toString(), "cannot list: " + e.getMessage(), e);
        }
        return out;
    }

    private Path marker(String name) {
        return dir.resolve(STEPS).resolve(safe(name) + ".json");
    }

    // ---- checkpoints ----

    /**
     * Saves the state of an unfinished step. The state is opaque bytes (the runner serialises its
     * accumulators); the inputs hash is stored beside it so that a changed input never resumes old state.
     */
    public void writeCheckpoint(String name, String inputs, byte[] state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(state.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CHECKPOINT_MAGIC);
            out.writeUTF(inputs);
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream", e);
        }
        Path f = checkpoint(name);
        try {
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, bytes.toByteArray());
            moveIntoPlace(tmp, f);
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "cannot write the checkpoint: " + e.getMessage(), e);
        }
    }

    /** The saved state of an unfinished step, when there is one for exactly these inputs. */
    public Optional<byte[]> readCheckpoint(String name, String inputs) {
        Path f = checkpoint(name);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(f)))) {
            if (in.readInt() != CHECKPOINT_MAGIC || !in.readUTF().equals(inputs)) {
                return Optional.empty();
            }
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            return Optional.of(state);
        } catch (IOException e) {
            return Optional.empty(); // truncated or foreign: start the step again
        }
    }

    public void deleteCheckpoint(String name) {
        try {
            Files.deleteIfExists(checkpoint(name));
        } catch (IOException e) {
            throw new DeepMinerException(checkpoint(name).toString(), "cannot delete: " + e.getMessage(), e);
        }
    }

    private Path checkpoint(String name) {
        return dir.resolve(STEPS).resolve(safe(name) + ".checkpoint");
    }

    // ---- unit table ----

    /** Joins the given unit tables into {@code units.csv} (see {@link UnitTable#merge}) and returns its path. */
    public Path writeUnitTable(List<Csv> tables) throws IOException {
        Path f = dir.resolve(UNITS);
        UnitTable.merge(tables).write(f);
        return f;
    }

    /** The merged unit table; empty when none was written. */
    public Optional<Csv> unitTable() throws IOException {
        Path f = dir.resolve(UNITS);
        return Files.isRegularFile(f) ? Optional.of(Csv.read(f)) : Optional.empty();
    }

    // ---- files ----

    /** Writes a JSON file into the run folder (atomically). */
    public void writeJson(String fileName, Object value) {
        writeJson(dir.resolve(fileName), value);
    }

    /** Reads a JSON file of the run folder; empty when it is missing or unreadable. */
    public <T> Optional<T> readJson(String fileName, Class<T> type) {
        Path f = dir.resolve(fileName);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void writeJson(Path f, Object value) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(value);
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, f);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + value, e);
        } catch (IOException e) {
            throw new DeepMinerException(f.toString(), "cannot write: " + e.getMessage(), e);
        }
    }

    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A step name as a file name: letters, digits, dot, dash and underscore. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    @Override
    public String toString() {
        return "RunWorkspace[" + dir + "]";
    }
}
