package org.deepminer.annotate.web.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs being served, by a short id made from the folder name (letters, digits, dashes): the only thing about
 * a run that appears in a URL. A run whose tables changed on disk (mined again) is reloaded on its next request.
 */
final class RunCatalog {
    private static final long CHECK_EVERY_MS = 2_000;

    private final Map<String, Path> folders;
    private final Map<String, ServedRun> loaded = new ConcurrentHashMap<>();
    private final Map<String, Long> checked = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private RunCatalog(Map<String, Path> folders) {
        this.folders = folders;
    }

    static RunCatalog empty() {
        return new RunCatalog(new LinkedHashMap<>());
    }

    /**
     * Loads every run now. A folder that cannot be read (moved, not mined yet) is left out and named in
     * {@link #problems()}, so that one bad folder does not keep the others from being served.
     */
    static RunCatalog of(List<Path> runFolders) {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (Path f : runFolders) {
            Path dir = f.toAbsolutePath().normalize();
            if (folders.containsValue(dir)) {
                continue;
            }
            String base = slug(dir.getFileName() == null ? "run" : dir.getFileName().toString());
            String id = base;
            for (int n = 2; folders.containsKey(id); n++) {
                id = base + "-" + n;
            }
            folders.put(id, dir);
        }
        Map<String, Path> good = new LinkedHashMap<>();
        Map<String, ServedRun> runs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        folders.forEach((id, dir) -> {
            try {
                runs.put(id, ServedRun.load(id, dir));
                good.put(id, dir);
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        });
        RunCatalog c = new RunCatalog(good);
        c.loaded.putAll(runs);
        runs.keySet().forEach(id -> c.checked.put(id, System.currentTimeMillis()));
        c.problems.addAll(problems);
        return c;
    }

    /** Folders left out, with why. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "run" : s;
    }

    Optional<ServedRun> run(String id) {
        Path dir = id == null ? null : folders.get(id);
        if (dir == null) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        ServedRun r = loaded.get(id);
        Long last = checked.get(id);
        if (last == null || now - last > CHECK_EVERY_MS) {
            checked.put(id, now);
            if (r == null || ServedRun.stamp(dir) != r.stamp()) {
                try {
                    r = ServedRun.load(id, dir);
                    loaded.put(id, r);
                } catch (RuntimeException e) {
                    // half-written by a probe that is running: keep showing the last good version
                    if (r == null) {
                        throw e;
                    }
                }
            }
        }
        return Optional.ofNullable(r);
    }

    Collection<ServedRun> runs() {
        List<ServedRun> out = new ArrayList<>();
        for (String id : folders.keySet()) {
            run(id).ifPresent(out::add);
        }
        return out;
    }

    List<Path> folders() {
        return List.copyOf(folders.values());
    }

    boolean isEmpty() {
        return folders.isEmpty();
    }
}
