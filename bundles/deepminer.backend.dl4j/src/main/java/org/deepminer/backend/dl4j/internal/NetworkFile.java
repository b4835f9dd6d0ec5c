package org.deepminer.backend.dl4j.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.deepminer.api.DeepMinerException;

/**
 * A Deeplearning4j network file: the zip ModelSerializer writes ({@code configuration.json},
 * {@code coefficients.bin}, optionally the updater state), plus, when DeepMiner wrote it, a
 * {@code deepminer.json} entry with what the file itself cannot say (class and concept names, input
 * normalisation, the patch recipe).
 */
public final class NetworkFile {
    private NetworkFile() {}

    public static final String CONFIGURATION = "configuration.json";
    public static final String COEFFICIENTS = "coefficients.bin";
    public static final String METADATA = "deepminer.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A loaded network with its file's SHA-256 and DeepMiner metadata (when present). */
    public record Loaded(Network network, String sha256, Optional<NetworkMetadata> metadata) {}

    /** Whether the file is a zip with DL4J's two entries; reads the central directory only. */
    public static boolean looksLikeNetwork(Path file) {
        try (ZipFile z = new ZipFile(file.toFile())) {
            return z.getEntry(CONFIGURATION) != null && z.getEntry(COEFFICIENTS) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @param withUpdater also restore the optimiser's state (to resume training)
     * @throws DeepMinerException naming the file when it is missing, not a zip, lacks an entry, or does not load
     */
    public static Loaded load(Path file, boolean withUpdater) {
        Path p = file.toAbsolutePath().normalize();
        String label = p.toString();
        if (!Files.exists(p)) {
            throw new DeepMinerException(label, "no such network file");
        }
        String configuration;
        Optional<NetworkMetadata> metadata;
        try (ZipFile z = new ZipFile(p.toFile())) {
            ZipEntry conf = z.getEntry(CONFIGURATION);
            if (conf == null || z.getEntry(COEFFICIENTS) == null) {
                throw new DeepMinerException(label, "not a Deeplearning4j network: the zip has no " + CONFIGURATION
                        + " and " + COEFFICIENTS + " (write it with ModelSerializer)");
            }
            try (InputStream in = z.getInputStream(conf)) {
                configuration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ZipEntry meta = z.getEntry(METADATA);
            if (meta != null) {
                try (InputStream in = z.getInputStream(meta)) {
                    metadata = Optional.of(JSON.readValue(in, NetworkMetadata.class));
                } catch (IOException e) {
                    throw new DeepMinerException(label, METADATA + " does not parse: " + e.getMessage(), e);
                }
            } else {
                metadata = Optional.empty();
            }
        } catch (ZipException e) {
            throw new DeepMinerException(label, "not a Deeplearning4j network zip, or a truncated one: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new DeepMinerException(label, "no such network file");
        } catch (IOException e) {
            throw new DeepMinerException(label, "cannot read the network file: " + e, e);
        }
        boolean graph = configuration.contains("\"vertices\"");
        Network network = Nd4jContext.call(() -> {
            try {
                return graph ? Network.of(ModelSerializer.restoreComputationGraph(p.toFile(), withUpdater))
                        : Network.of(ModelSerializer.restoreMultiLayerNetwork(p.toFile(), withUpdater));
            } catch (IOException | RuntimeException e) {
                throw new DeepMinerException(label, "the " + (graph ? "ComputationGraph" : "MultiLayerNetwork")
                        + " does not load (corrupt or truncated " + COEFFICIENTS + ", or a configuration this "
                        + "Deeplearning4j cannot read): " + e, e);
            }
        });
        return new Loaded(network, sha256(p, label), metadata);
    }

    /**
     * Writes a network (with its optimiser state when {@code withUpdater}) and DeepMiner's metadata; replaces
     * the file at once, so that a reader never sees half of it.
     */
    public static void save(Network network, NetworkMetadata metadata, Path file, boolean withUpdater) {
        Path p = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(p.getParent());
            Path plain = Files.createTempFile(p.getParent(), ".net", ".zip");
            Path tmp = Files.createTempFile(p.getParent(), ".net", ".zip");
            try {
                Nd4jContext.run(() -> {
                    try {
                        if (network.isGraph()) {
                            ModelSerializer.writeModel(network.graph(), plain.toFile(), withUpdater);
                        } else {
                            ModelSerializer.writeModel(network.multiLayer(), plain.toFile(), withUpdater);
                        }
                    } catch (IOException e) {
                        throw new DeepMinerException(p.toString(), "cannot write the network: " + e, e);
                    }
                });
                try (ZipFile in = new ZipFile(plain.toFile());
                        OutputStream os = Files.newOutputStream(tmp);
                        ZipOutputStream out = new ZipOutputStream(os)) {
                    var entries = in.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry e = entries.nextElement();
                        if (e.getName().equals(METADATA)) {
                            continue;
                        }
                        ZipEntry copy = new ZipEntry(e.getName());
                        copy.setTime(0); // the same network gives the same bytes
                        out.putNextEntry(copy);
                        try (InputStream s = in.getInputStream(e)) {
                            s.transferTo(out);
                        }
                        out.closeEntry();
                    }
                    ZipEntry meta = new ZipEntry(METADATA);
                    meta.setTime(0);
                    out.putNextEntry(meta);
                    out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
                    out.closeEntry();
                }
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                readableByAll(p);
            } finally {
                Files.deleteIfExists(plain);
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DeepMinerException(p.toString(), "cannot write the network file: " + e, e);
        }
    }

    /** Temporary files are created owner-only; a model file is read by whoever runs the platform. */
    public static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    static String sha256(Path p, String label) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0;) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DeepMinerException(label, "cannot read the network file: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
