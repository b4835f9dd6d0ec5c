package org.deepminer.data.support;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deepminer.api.DeepMinerException;

/**
 * Where a reader sends what is wrong with its input. Strict: the first problem aborts with an exception
 * naming the file and line. Lenient: the problem is kept, one line each, for {@code Dataset.problems()}.
 * Thread-safe: images are loaded concurrently and may add problems.
 */
public final class Problems {
    private final boolean strict;
    /** Insertion order, each line once: loading an image again must not repeat its problems. */
    private final Set<String> lines = new LinkedHashSet<>();

    public Problems(boolean strict) {
        this.strict = strict;
    }

    public boolean strict() {
        return strict;
    }

    /** A defect in the input: fatal when strict, listed when lenient. */
    public void report(String where, String message) {
        if (strict) {
            throw new DeepMinerException(where, message);
        }
        add(where, message);
    }

    /** Something the reader worked around that the user should know of; never fatal. */
    public void note(String where, String message) {
        add(where, message);
    }

    private synchronized void add(String where, String message) {
        lines.add(where == null ? message : where + ": " + message);
    }

    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }
}
