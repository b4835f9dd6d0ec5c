package org.deepminer.annotate.web.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.SampleRef;
import org.deepminer.core.run.RunManifest;

/**
 * The mammograms behind a run: its manifest names the data set's format and folder; the reader of that format
 * opens it once, and images are then loaded by id. A data set that is missing or unreadable here is tried again
 * only after a minute, and the pages fall back to the masked montage tiles.
 */
final class DatasetImages {
    private static final Logger LOG = Logger.getLogger(DatasetImages.class.getName());
    private static final long RETRY_MS = 60_000;

    private final Function<String, Optional<DatasetSource>> sources;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final Map<String, Long> failed = new ConcurrentHashMap<>();

    DatasetImages(Function<String, Optional<DatasetSource>> sources) {
        this.sources = sources;
    }

    private record Opened(Dataset dataset, Map<String, SampleRef> refs) implements SampleImages {
        @Override
        public Optional<MammogramImage> image(String imageId) {
            SampleRef ref = refs.get(imageId);
            return ref == null ? Optional.empty() : Optional.of(dataset.load(ref).image());
        }
    }

    Optional<SampleImages> forRun(ServedRun run) {
        RunManifest.DatasetRef ref = run.manifest().dataset();
        if (ref == null || ref.format() == null || ref.path() == null) {
            return Optional.empty();
        }
        String key = ref.format() + "|" + ref.path();
        Opened o = opened.get(key);
        if (o != null) {
            return Optional.of(o);
        }
        Long when = failed.get(key);
        if (when != null && System.currentTimeMillis() - when < RETRY_MS) {
            return Optional.empty();
        }
        synchronized (this) {
            o = opened.get(key);
            if (o != null) {
                return Optional.of(o);
            }
            Optional<DatasetSource> source = sources.apply(ref.format());
            Path path = Path.of(ref.path());
            if (source.isEmpty() || !Files.isDirectory(path)) {
                failed.put(key, System.currentTimeMillis());
                return Optional.empty();
            }
            try {
                Dataset d = source.get().open(path, DatasetOptions.lenient());
                Map<String, SampleRef> refs = new HashMap<>();
                for (SampleRef r : d.samples()) {
                    refs.put(r.id(), r);
                }
                o = new Opened(d, refs);
                opened.put(key, o);
                failed.remove(key);
                return Optional.of(o);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "annotation web UI: cannot open data set " + ref.format() + " " + path, e);
                failed.put(key, System.currentTimeMillis());
                return Optional.empty();
            }
        }
    }

    /** Closes the opened data sets (the reader that opened one went away, or the UI stops). */
    void close() {
        opened.values().forEach(o -> {
            try {
                o.dataset().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a data set", e);
            }
        });
        opened.clear();
        failed.clear();
    }
}
