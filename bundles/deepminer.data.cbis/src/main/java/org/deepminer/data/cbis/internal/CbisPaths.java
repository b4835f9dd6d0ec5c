package org.deepminer.data.cbis.internal;

import org.deepminer.data.support.Missing;
import org.deepminer.data.support.Problems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds the DICOM files the CSVs name. CBIS paths need cleaning (stray newlines inside quoted fields,
 * Windows backslashes, {@code ./}), and the files a user downloads are not where the CSV says: TCIA's
 * tree names the final file {@code 1-1.dcm} where the CSV says {@code 000000.dcm}, and often renames the
 * folders above it too. So: the exact file; else the one {@code .dcm} in its folder; else, from the
 * nearest folder that does exist (below the data set's root), the {@code .dcm} files beneath it. Each
 * substitution is noted once in the problems. Results are remembered, so loading a sample again costs no
 * folder walk; the cache is thread-safe.
 */
final class CbisPaths {
    /** How deep below an existing folder to look for a renamed file. */
    private static final int SEARCH_DEPTH = 4;
    /** Linux's PATH_MAX: no longer path names a file. */
    static final int MAX_PATH = 4096;
    /** More candidates than this means the folder holds other images: no guessing. */
    private static final int MAX_CANDIDATES = 8;

    private final List<Path> bases;
    private final Problems problems;
    private final Map<String, List<Path>> cache = new ConcurrentHashMap<>();

    /** @param bases folders the CSV paths may be relative to, most likely first */
    CbisPaths(List<Path> bases, Problems problems) {
        this.bases = List.copyOf(bases);
        this.problems = problems;
    }

    /** Removes line breaks and tabs, trims each part, turns {@code \} into {@code /}, drops {@code ./}. */
    static String normalise(String raw) {
        if (raw == null || Missing.is(raw)) {
            return "";
        }
        String s = raw.replace('\\', '/').replaceAll("[\\r\\n\\t]", "");
        StringBuilder out = new StringBuilder();
        for (String part : s.split("/")) {
            String p = part.strip();
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(p);
        }
        return out.toString();
    }

    /**
     * Why the file system would not take this as a path (a NUL character inside, more characters than PATH_MAX),
     * or null when it would. Found by fuzzing: Path.resolve threw InvalidPathException out of the reader, and a
     * path of thousands of parts cost quadratic time to climb.
     */
    static String whyNotPath(String relative) {
        if (relative.length() > MAX_PATH) {
            return "it has " + relative.length() + " characters, more than any file system allows (" + MAX_PATH + ")";
        }
        try {
            Path.of(relative);
            return null;
        } catch (java.nio.file.InvalidPathException e) {
            return e.getReason();
        }
    }

    /**
     * The files a CSV path may stand for: one when it exists or was found unambiguously, several when
     * only a search found them (the caller picks), none when nothing was found.
     */
    List<Path> candidates(String relative) {
        return cache.computeIfAbsent(relative, this::search);
    }

    private List<Path> search(String relative) {
        if (relative.isEmpty()) {
            return List.of();
        }
        if (relative.length() > MAX_PATH) {
            // climbing a path of thousands of parts to an existing folder costs quadratic time (found by fuzzing)
            problems.report(bases.get(0).toString(), "a path of " + relative.length() + " characters is longer than"
                    + " any file system allows (" + MAX_PATH + "): '" + relative.substring(0, 60) + "...'");
            return List.of();
        }
        for (Path base : bases) {
            Path exact = base.resolve(relative).normalize();
            if (!exact.startsWith(base.normalize())) {
                problems.report(base.toString(), "path '" + relative + "' leads out of the data set");
                return List.of();
            }
            if (Files.isRegularFile(exact)) {
                return List.of(exact);
            }
        }
        for (Path base : bases) {
            Path exact = base.resolve(relative).normalize();
            Path folder = exact.getParent();
            if (folder != null && Files.isDirectory(folder) && !folder.equals(base.normalize())) {
                List<Path> here = dicomFiles(folder, 1);
                if (here.size() == 1) {
                    problems.note(exact.toString(), "missing; using " + here.get(0).getFileName()
                            + ", the only DICOM file in its folder");
                    return here;
                }
                if (!here.isEmpty()) {
                    return here;
                }
            }
            // climb to the nearest folder that exists, staying below the base
            Path f = folder;
            while (f != null && f.startsWith(base.normalize()) && !f.equals(base.normalize()) && !Files.isDirectory(f)) {
                f = f.getParent();
            }
            if (f != null && Files.isDirectory(f) && !f.equals(base.normalize()) && f.startsWith(base.normalize())) {
                List<Path> below = dicomFiles(f, SEARCH_DEPTH);
                if (below.size() == 1) {
                    problems.note(exact.toString(), "missing; using " + base.relativize(below.get(0))
                            + ", the only DICOM file below " + base.relativize(f));
                }
                if (!below.isEmpty() && below.size() <= MAX_CANDIDATES) {
                    return below;
                }
            }
        }
        return List.of();
    }

    private static List<Path> dicomFiles(Path folder, int depth) {
        try (Stream<Path> s = Files.walk(folder, depth)) {
            List<Path> found = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .limit(MAX_CANDIDATES + 1)
                    .forEach(found::add);
            return found;
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
