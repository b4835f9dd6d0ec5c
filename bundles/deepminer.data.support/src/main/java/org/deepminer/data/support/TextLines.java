package org.deepminer.data.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deepminer.api.DeepMinerException;

/**
 * Line numbers for problems found in a data set's text files: a CSV parser reports character positions,
 * users want the line. Also the innermost message of a parser's exception, the one that says what is wrong,
 * and a text file read as data sets' files come (through spreadsheets: odd bytes, a byte order mark).
 */
public final class TextLines {
    private TextLines() {}

    /** The character position at which each line of {@code text} starts; line 1 at 0. */
    public static int[] lineStarts(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        int[] starts = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }

    /** The 1-based line of a character position, given {@link #lineStarts}. */
    public static int lineOf(int[] starts, long position) {
        int i = Arrays.binarySearch(starts, (int) Math.min(Integer.MAX_VALUE, position));
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** The message of the innermost cause. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * A text file as UTF-8, bytes that are not UTF-8 becoming U+FFFD rather than an error, a byte order mark
     * dropped.
     *
     * @throws DeepMinerException naming the file when it cannot be read
     */
    public static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | UncheckedIOException e) {
            throw new DeepMinerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DeepMinerException(file.toString(), "cannot decode as UTF-8: " + e.getMessage(), e);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
