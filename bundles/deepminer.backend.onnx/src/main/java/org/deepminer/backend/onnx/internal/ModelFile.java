package org.deepminer.backend.onnx.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deepminer.api.DeepMinerException;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;

/**
 * A model file on disk, identified by its SHA-256. The backend keeps no copy of the file's bytes in memory:
 * they are read again (and checked against the hash) when a new set of layers needs a new session.
 */
final class ModelFile {

    /** ONNX files cannot be larger: protobuf messages are limited to 2 GB. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    final Path path;
    /** How the file is named in messages. */
    final String label;
    final String sha256;

    private ModelFile(Path path, String sha256) {
        this.path = path;
        this.label = path.toString();
        this.sha256 = sha256;
    }

    /** Reads the file once to hash it; returns the file and its bytes. */
    static Loaded open(Path file) {
        Path p = file.toAbsolutePath().normalize();
        byte[] bytes = readAll(p, p.toString());
        return new Loaded(new ModelFile(p, sha256(bytes)), bytes);
    }

    record Loaded(ModelFile file, byte[] bytes) {}

    /** The file's bytes, as they were when it was loaded. */
    byte[] read() {
        byte[] bytes = readAll(path, label);
        if (!sha256(bytes).equals(sha256)) {
            throw new DeepMinerException(label, "the model file changed on disk since it was loaded (SHA-256 "
                    + sha256.substring(0, 12) + "...); load it again");
        }
        return bytes;
    }

    ModelProto parse(byte[] bytes) {
        return parse(bytes, label);
    }

    static ModelProto parse(byte[] bytes, String label) {
        if (bytes.length == 0) {
            throw new DeepMinerException(label, "the model file is empty");
        }
        try {
            return ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DeepMinerException(label, "not an ONNX model, or a truncated one (" + bytes.length
                    + " bytes): the protobuf data does not parse: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path p, String label) {
        try {
            long size = Files.size(p);
            if (size > MAX_BYTES) {
                throw new DeepMinerException(label, "the model file has " + size
                        + " bytes; ONNX files with inline weights are at most 2 GB (external weight files are not supported)");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new DeepMinerException(label, "no such model file");
        } catch (IOException e) {
            throw new DeepMinerException(label, "cannot read the model file: " + e, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
