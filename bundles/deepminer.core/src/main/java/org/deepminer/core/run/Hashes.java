package org.deepminer.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.data.SampleRef;

/** SHA-256 fingerprints of the inputs of a run: model files, data sets, parameters. Hex, lower case. */
public final class Hashes {
    private Hashes() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** SHA-256 of a file, read in blocks (model files can be hundreds of megabytes). */
    public static String ofFile(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String ofText(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The data set's manifest hash: the sorted sample ids with their labels and splits. Images are not
     * read: renaming, relabelling or re-splitting a sample changes it; re-encoding an image does not.
     */
    public static String ofSamples(Collection<SampleRef> samples) {
        List<String> lines = new ArrayList<>(samples.size());
        for (SampleRef r : samples) {
            lines.add(r.id() + '\t' + r.label() + '\t' + r.split().label() + '\n');
        }
        lines.sort(null);
        MessageDigest md = sha256();
        for (String line : lines) {
            md.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A stable hash of named values: keys sorted, each {@code key=value} on its own line. */
    public static String ofValues(Map<String, ?> values) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return ofText(b.toString());
    }
}
