package org.deepminer.backend.dl4j.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.deepminer.api.DeepMinerException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /** Optimiser state, read only to resume training. */
    public static final String UPDATER = "updaterState.bin";
    /** An old ModelSerializer entry, a Java-serialised DataSetPreProcessor: never read. */
    static final String PREPROCESSOR = "preprocessor.bin";

    /** A JSON entry past this is no network's description (the resnet's configuration is about 100 KB). */
    static final long JSON_CAP = 16L << 20;
    /** An array entry may always inflate to this much; more in proportion to the file's size. */
    static final long ARRAY_CAP_FLOOR = 256L << 20;
    static final int ARRAY_CAP_RATIO = 64;
    /** The project's architectures nest eight levels deep. */
    static final int MAX_JSON_DEPTH = 64;
    private static final Pattern ALLOWED_CLASSES = Pattern.compile("(org\\.deeplearning4j|org\\.nd4j)\\.[\\w.$]+");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory CONFIGURATION_JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

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
     * Restores the network from the zip's central directory, every entry read through a bound and checked
     * before ND4J sees it. ModelSerializer is not handed the file: this Deeplearning4j reads it as a stream of
     * local entries (which need not be the ones the directory lists), holds every entry of any name whole in
     * memory, allocates what each local header says it holds before reading it, and deserialises
     * {@code preprocessor.bin} with ObjectInputStream. What it does with the entries is done here instead.
     *
     * @param withUpdater also restore the optimiser's state (to resume training)
     * @throws DeepMinerException naming the file when it is missing, not a zip, lacks an entry, holds an entry
     *         that is not what DL4J writes (or inflates past what such an entry can be), or does not load
     */
    public static Loaded load(Path file, boolean withUpdater) {
        Path p = file.toAbsolutePath().normalize();
        String label = p.toString();
        if (!Files.exists(p)) {
            throw new DeepMinerException(label, "no such network file");
        }
        Network network;
        Optional<NetworkMetadata> metadata;
        try (ZipFile z = new ZipFile(p.toFile())) {
            ZipEntry conf = z.getEntry(CONFIGURATION);
            ZipEntry coefficients = z.getEntry(COEFFICIENTS);
            if (conf == null || coefficients == null) {
                throw new DeepMinerException(label, "not a Deeplearning4j network: the zip has no " + CONFIGURATION
                        + " and " + COEFFICIENTS + " (write it with ModelSerializer)");
            }
            byte[] json = readBounded(z, conf, JSON_CAP, label);
            checkConfiguration(json, label);
            String configuration = new String(json, StandardCharsets.UTF_8);
            ZipEntry meta = z.getEntry(METADATA);
            if (meta != null) {
                byte[] m = readBounded(z, meta, JSON_CAP, label);
                try {
                    metadata = Optional.of(JSON.readValue(m, NetworkMetadata.class));
                } catch (IOException | RuntimeException e) {
                    throw new DeepMinerException(label, METADATA + " does not parse: " + e.getMessage(), e);
                }
            } else {
                metadata = Optional.empty();
            }
            ZipEntry updater = withUpdater ? z.getEntry(UPDATER) : null;
            long cap = arrayCap(Files.size(p));
            network = Nd4jContext.call(() -> restore(z, configuration, coefficients, updater, cap, label));
        } catch (ZipException e) {
            throw new DeepMinerException(label, "not a Deeplearning4j network zip, or a truncated one: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new DeepMinerException(label, "no such network file");
        } catch (IOException e) {
            throw new DeepMinerException(label, "cannot read the network file: " + e, e);
        }
        return new Loaded(network, sha256(p, label), metadata);
    }

    /**
     * What ModelSerializer does with the entries: binds the configuration, reads the parameters (and the
     * optimiser's state) and initialises the network with them. Each array entry is checked against the
     * configuration before ND4J allocates what its header declares.
     */
    private static Network restore(ZipFile z, String configuration, ZipEntry coefficients, ZipEntry updater, long cap,
            String label) {
        boolean graph = configuration.contains("\"vertices\"");
        String kind = graph ? "ComputationGraph" : "MultiLayerNetwork";
        Object restored;
        try {
            ComputationGraphConfiguration graphConf = null;
            MultiLayerConfiguration layersConf = null;
            long parameters = 0;
            try {
                if (graph) {
                    graphConf = ComputationGraphConfiguration.fromJson(configuration);
                    if (graphConf.getNetworkInputs() == null || graphConf.getVertices() == null) {
                        throw new IllegalArgumentException("it has no network inputs or no vertices");
                    }
                    for (GraphVertex v : graphConf.getVertices().values()) {
                        parameters = Math.addExact(parameters, v.numParams(true));
                    }
                } else {
                    layersConf = MultiLayerConfiguration.fromJson(configuration);
                    for (NeuralNetConfiguration layer : layersConf.getConfs()) {
                        parameters = Math.addExact(parameters, layer.getLayer().initializer().numParams(layer));
                    }
                }
            } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
                // also a class the configuration names that does not initialise
                throw new DeepMinerException(label, CONFIGURATION + " is no " + kind + " configuration this "
                        + "Deeplearning4j reads: " + e, e);
            }
            String layersHave = "the layers of " + CONFIGURATION + " have " + parameters + " parameters";
            INDArray params = ArrayEntry.check(z, coefficients, cap, parameters, layersHave, label)
                    ? read(z, coefficients, cap) : null;
            if (params == null && parameters > 0) {
                throw new DeepMinerException(label, COEFFICIENTS + " is empty, but " + layersHave);
            }
            if (graph) {
                if (params != null) {
                    graphConf.setDataType(params.dataType());
                }
                ComputationGraph g = new ComputationGraph(graphConf);
                g.init(params, false);
                if (updater != null) {
                    INDArray state = state(z, updater, g.getUpdater().getStateViewArray(), cap, label);
                    if (state != null) {
                        g.getUpdater().setStateViewArray(state);
                    }
                }
                restored = g;
            } else {
                if (params != null) {
                    layersConf.setDataType(params.dataType());
                }
                MultiLayerNetwork n = new MultiLayerNetwork(layersConf);
                n.init(params, false);
                if (updater != null) {
                    INDArray state = state(z, updater, n.getUpdater().getStateViewArray(), cap, label);
                    if (state != null) {
                        n.getUpdater().setStateViewArray(n, state, false);
                    }
                }
                restored = n;
            }
        } catch (DeepMinerException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw doesNotLoad(label, kind, e);
        } catch (StackOverflowError | LinkageError | AssertionError e) {
            // an OutOfMemoryError is left to escape: the checks are there to prevent it, never to hide it
            throw doesNotLoad(label, kind, e);
        }
        try {
            return restored instanceof ComputationGraph g ? Network.of(g) : Network.of((MultiLayerNetwork) restored);
        } catch (RuntimeException e) {
            throw new DeepMinerException(label, "the " + kind + " loads but cannot be probed: " + e.getMessage(), e);
        }
    }

    /** The optimiser's state, checked against the size of the one the network's updater keeps. */
    private static INDArray state(ZipFile z, ZipEntry updater, INDArray fresh, long cap, String label)
            throws IOException {
        long expected = fresh == null ? 0 : fresh.length();
        return ArrayEntry.check(z, updater, cap, expected, "the network's optimiser keeps " + expected, label)
                ? read(z, updater, cap) : null;
    }

    /** An array entry ND4J reads, after {@link ArrayEntry#check} let it through. */
    private static INDArray read(ZipFile z, ZipEntry e, long cap) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new ArrayEntry.Limited(z.getInputStream(e), cap), 1 << 16))) {
            return Nd4j.read(in);
        }
    }

    private static DeepMinerException doesNotLoad(String label, String kind, Throwable e) {
        return new DeepMinerException(label, "the " + kind + " does not load (corrupt or truncated " + COEFFICIENTS
                + ", or a configuration this Deeplearning4j cannot read): " + e, e);
    }

    /** Most bytes an array entry may inflate to: generous for weights, which hardly compress. */
    static long arrayCap(long fileSize) {
        return Math.max(ARRAY_CAP_FLOOR, fileSize > Long.MAX_VALUE / ARRAY_CAP_RATIO ? Long.MAX_VALUE
                : ARRAY_CAP_RATIO * fileSize);
    }

    /** An entry read whole, refused as soon as it inflates past the cap. */
    private static byte[] readBounded(ZipFile z, ZipEntry e, long cap, String label) throws IOException {
        try (InputStream in = new ArrayEntry.Limited(z.getInputStream(e), cap)) {
            return in.readAllBytes();
        } catch (ArrayEntry.Limited.TooLong tooLong) {
            throw new DeepMinerException(label, e.getName() + " inflates past " + ArrayEntry.mb(cap)
                    + ": a deflate bomb, not a network's description");
        }
    }

    /**
     * Reads the configuration as tokens before DL4J binds it. DL4J's binding (its shaded Jackson 2.13) loads the
     * class an {@code @class} property names, static initialiser and all, before it checks that the class is a
     * layer or a function, and it sets no limit on nesting; no network's configuration needs either.
     */
    private static void checkConfiguration(byte[] json, String label) {
        try (JsonParser parser = CONFIGURATION_JSON.createParser(json)) {
            int depth = 0;
            for (JsonToken t; (t = parser.nextToken()) != null;) {
                if (t.isStructStart() && ++depth > MAX_JSON_DEPTH) {
                    throw new DeepMinerException(label, CONFIGURATION + " nests deeper than " + MAX_JSON_DEPTH
                            + " levels at line " + parser.currentLocation().getLineNr() + ", column "
                            + parser.currentLocation().getColumnNr() + "; no network's configuration does");
                } else if (t.isStructEnd()) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING && "@class".equals(parser.currentName())
                        && !ALLOWED_CLASSES.matcher(parser.getText()).matches()) {
                    throw new DeepMinerException(label, CONFIGURATION + " names the class '" + parser.getText()
                            + "' at line " + parser.currentLocation().getLineNr() + "; DeepMiner loads only "
                            + "Deeplearning4j's and ND4J's own layers, vertices and functions");
                }
            }
        } catch (JsonProcessingException e) {
            throw new DeepMinerException(label, CONFIGURATION + " is not JSON: " + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new DeepMinerException(label, CONFIGURATION + " does not read: " + e.getMessage(), e);
        }
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
