package org.deepminer.annotate.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.deepminer.api.DeepMinerException;

/**
 * Where a model layer's log lives: {@code <store>/<model sha256>/<layer>.log}, the layer name kept readable
 * where it is made of letters, digits, {@code _ - .} and percent-encoded elsewhere ({@code /layer4/relu} becomes
 * {@code %2Flayer4%2Frelu.log}), so that any layer name is one safe file name and the name can be read back.
 */
public final class LayerFiles {
    private LayerFiles() {}

    public static final String SUFFIX = ".log";

    public static Path file(Path store, String modelSha256, String layer) {
        String name = encode(layer) + SUFFIX;
        if (name.length() > 255) {
            throw new DeepMinerException(null, "layer name '" + layer.substring(0, Math.min(40, layer.length()))
                    + "...' is too long to name the layer's annotation log");
        }
        return store.resolve(modelSha256).resolve(name);
    }

    static String encode(String layer) {
        StringBuilder b = new StringBuilder();
        byte[] bytes = layer.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.' && i > 0;
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The layer name of a log file name; empty when the name is not one this class wrote. */
    public static Optional<String> layerOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
            return Optional.empty();
        }
        String s = fileName.substring(0, fileName.length() - SUFFIX.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(ch);
            }
        }
        String layer = out.toString(StandardCharsets.UTF_8);
        return encode(layer).equals(s) ? Optional.of(layer) : Optional.empty();
    }
}
