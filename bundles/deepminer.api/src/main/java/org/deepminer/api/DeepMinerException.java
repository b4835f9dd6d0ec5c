package org.deepminer.api;

import java.util.Optional;

/**
 * The one exception family the platform reports to users. Every message names what failed and,
 * where there is one, the file (and the line, tag or layer) it failed on, so that a user can act on
 * it without a stack trace.
 */
public class DeepMinerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source the file, URL, model or sample the problem is in; {@code null} when there is none
     * @param message what is wrong, in the user's words
     */
    public DeepMinerException(String source, String message) {
        this(source, message, null);
    }

    public DeepMinerException(String source, String message, Throwable cause) {
        super(source == null ? message : source + ": " + message, cause);
        this.source = source;
    }

    /** The file, model or sample the problem is in, when known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }
}
