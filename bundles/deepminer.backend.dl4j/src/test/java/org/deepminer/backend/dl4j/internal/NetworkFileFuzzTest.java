package org.deepminer.backend.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.data.support.fuzz.Fuzz;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Hostile network files: mutations of small networks the module writes itself (a ComputationGraph with its
 * optimiser state as {@link NetworkFile#save} writes it, the same entries stored rather than deflated in two
 * orders, so that mutations reach the JSON and the array headers, and a MultiLayerNetwork), plus hand-made ones:
 * entries that inflate to 2 GB, array headers that lie, configurations that name foreign classes or nest
 * 10,000 deep. Each must load or fail with a DeepMinerException naming the file, within the harness's 2 s,
 * without allocating more than its cap.
 */
class NetworkFileFuzzTest {
    @TempDir
    Path dir;

    Network graph;
    Path graphZip;
    Map<String, byte[]> graphEntries;
    /** The values part of the graph's coefficients.bin, after the header. */
    byte[] values;
    long parameters;

    @BeforeEach
    void writeAGraph() {
        graph = Nets.build("small", 8, 0, 3);
        graphZip = dir.resolve("graph.zip");
        NetworkFile.save(graph, Nets.metadata(graph, "small", List.of()), graphZip, true);
        graphEntries = NetworkZips.entries(graphZip);
        parameters = graph.graph().numParams();
        byte[] coefficients = graphEntries.get(NetworkFile.COEFFICIENTS);
        values = Arrays.copyOfRange(coefficients, coefficients.length - 4 * (int) parameters, coefficients.length);
    }

    @Test
    void hostileNetworkFiles() throws Exception {
        Path coefficientsFirst = dir.resolve("stored-coefficients-first.zip");
        Files.write(coefficientsFirst, NetworkZips.rewrite(graphEntries, true, NetworkFile.COEFFICIENTS));
        Path configurationFirst = dir.resolve("stored-configuration-first.zip");
        Files.write(configurationFirst, NetworkZips.rewrite(graphEntries, true, NetworkFile.CONFIGURATION,
                NetworkFile.METADATA));
        Path mln = dir.resolve("mln.zip");
        Files.write(mln, NetworkZips.rewrite(NetworkZips.entries(multiLayerNetwork("mln-deflated.zip")), true,
                NetworkFile.CONFIGURATION));
        Fuzz.Seed seed = Fuzz.Seed.of(graphZip);

        Fuzz fuzz = new Fuzz("dl4j", 20240617L)
                .hostile(seed, "configuration.json inflating to 2 GB", configurationBomb())
                .hostile(seed, "deepminer.json inflating to 2 GB", with(NetworkZips.Entry.bomb(NetworkFile.METADATA,
                        "{\"classes\":[".getBytes(StandardCharsets.US_ASCII), 2048, (byte) ' ')))
                .hostile(seed, "coefficients.bin: its values, then 2 GB of zeros", coefficientsBomb())
                .hostile(seed, "updaterState.bin declaring 2^29 floats, inflating to 2 GB", updaterBomb())
                .hostile(seed, "coefficients.bin with strides past its values",
                        with(NetworkFile.COEFFICIENTS, coefficients(1000, ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT))))
                .hostile(seed, "coefficients.bin declaring DOUBLE values over FLOAT ones",
                        with(NetworkFile.COEFFICIENTS, coefficients(1, ArrayOptionsHelper.setOptionBit(0L, DataType.DOUBLE))))
                .hostile(seed, "configuration.json naming java.lang.Thread", with(NetworkFile.CONFIGURATION,
                        configuration().replaceFirst("org\\.nd4j\\.linalg\\.activations\\.impl\\.\\w+", "java.lang.Thread")))
                .hostile(seed, "configuration.json nested 10,000 deep", with(NetworkFile.CONFIGURATION,
                        configuration().replaceFirst("\\{", "{ \"deep\" : " + "[".repeat(10_000) + "]".repeat(10_000) + ",")))
                .hostile(seed, "deepminer.json with null class names", with(NetworkFile.METADATA,
                        "{\"classes\":[null,null,null]}"))
                .hostile(seed, "an extra entry inflating to 2 GB", extraBomb())
                .hostile(seed, "empty", new byte[0]);
        Fuzz.Summary s = fuzz.run(List.of(seed, Fuzz.Seed.of(coefficientsFirst), Fuzz.Seed.of(configurationFirst),
                Fuzz.Seed.of(mln)), Fuzz.inputs(140), this::read);
        System.out.println(s.line());
        s.findings().forEach(f -> System.out.println("  " + f));
        assertTrue(s.clean(), s.line() + "\n" + String.join("\n", s.findings()));
        assertTrue(s.cleanError() >= 10 && s.read() > 0, "a hostile corpus both loads and fails: " + s.line());
    }

    /** Strict inputs go through the backend (info and all); the others load with the optimiser's state. */
    private void read(Path file, boolean strict) {
        if (strict) {
            Dl4jBackend backend = new Dl4jBackend();
            backend.canLoad(ModelSource.of("m", file));
            try (LoadedModel m = backend.load(ModelSource.of("m", file))) {
                m.info();
            }
        } else {
            NetworkFile.load(file, true);
        }
    }

    @Test
    void aConfigurationThatInflatesTo2GbIsRefusedUnread() throws Exception {
        Path bomb = dir.resolve("json-bomb.zip");
        Files.write(bomb, configurationBomb());
        assertTrue(Files.size(bomb) < 4 << 20, "a bomb of " + Files.size(bomb) + " bytes");
        long before = allocated();
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> NetworkFile.load(bomb, false));
        long allocated = allocated() - before;
        assertTrue(e.getMessage().startsWith(bomb.toString()) && e.getMessage().contains("configuration.json inflates past 16.0 MB"),
                e.getMessage());
        // the old reader allocated the whole 2 GB; the bounded one stops at the cap and what it read so far
        assertTrue(allocated < 64L << 20, "allocated " + allocated / (1 << 20) + " MB");
    }

    @Test
    void coefficientsThatInflatePastTheirValuesAreRefused() throws Exception {
        Path trailing = dir.resolve("trailing.zip");
        Files.write(trailing, coefficientsBomb());
        Path updater = dir.resolve("updater.zip");
        Files.write(updater, updaterBomb());
        long before = allocated();
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> NetworkFile.load(trailing, false));
        assertTrue(e.getMessage().startsWith(trailing.toString())
                && e.getMessage().contains("coefficients.bin holds more than its " + parameters + " FLOAT values"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> NetworkFile.load(updater, true));
        assertTrue(e.getMessage().startsWith(updater.toString()) && e.getMessage().contains("updaterState.bin declares "
                + (1L << 29) + " FLOAT values (2048.0 MB), more than an entry of this file may hold (256.0 MB)"), e.getMessage());
        long allocated = allocated() - before;
        assertTrue(allocated < 64L << 20, "allocated " + allocated / (1 << 20) + " MB");
        // without the optimiser's state the updater entry is never read, and the network loads
        assertEquals(parameters, NetworkFile.load(updater, false).network().graph().numParams());
    }

    @Test
    void arrayHeadersThatLieAreRefusedWithWhatIsWrong() throws Exception {
        long floatBits = ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT);
        assertRefused(with(NetworkFile.COEFFICIENTS, coefficients(1000, floatBits)), "strides",
                "coefficients.bin has the strides [1000], not those of a dense c-order array of shape [" + parameters + "]");
        assertRefused(with(NetworkFile.COEFFICIENTS, coefficients(1, ArrayOptionsHelper.setOptionBit(0L, DataType.DOUBLE))),
                "type", "coefficients.bin declares its values as DOUBLE in its shape but stores FLOAT");
        assertRefused(with(NetworkFile.COEFFICIENTS, NetworkZips.array(new long[] {2, 1, parameters - 1, parameters - 1, 1,
            floatBits, 1, 99}, parameters - 1, "FLOAT", Arrays.copyOf(values, values.length - 4))), "count",
                "coefficients.bin holds " + (parameters - 1) + " values, but the layers of configuration.json have "
                        + parameters + " parameters");
        assertRefused(with(NetworkFile.COEFFICIENTS, NetworkZips.array(new long[] {1, parameters, 1, floatBits, 1, 99},
                parameters, "FLOAT", Arrays.copyOf(values, 400))), "truncated",
                "coefficients.bin is truncated: 400 of its " + 4 * parameters + " bytes of values");
        assertRefused(with(NetworkFile.COEFFICIENTS, NetworkZips.array(new long[] {1, parameters, 1, floatBits, 1, 99},
                parameters, "COMPRESSED", values)), "compressed", "coefficients.bin stores its values as 'COMPRESSED'");
        assertRefused(with(NetworkFile.COEFFICIENTS, NetworkZips.array(new long[] {40, 1, 1, floatBits, 1, 99}, 1,
                "FLOAT", new byte[4])), "rank", "coefficients.bin declares rank 40 in 6 entries of shape information");
        // the header as ND4J writes it reads back (the seed loads), so the layout above is ND4J's own
        assertEquals(parameters, NetworkFile.load(write("again.zip", with(NetworkFile.COEFFICIENTS, NetworkZips.array(
                new long[] {1, parameters, 1, floatBits, 1, 99}, parameters, "FLOAT", values))), false).network().graph().numParams());
    }

    @Test
    void configurationsDl4jWouldTrustAreRefusedBeforeBinding() throws Exception {
        assertRefused(with(NetworkFile.CONFIGURATION, configuration().replaceFirst(
                "org\\.nd4j\\.linalg\\.activations\\.impl\\.\\w+", "java.lang.Thread")), "foreign class",
                "configuration.json names the class 'java.lang.Thread' at line ");
        assertRefused(with(NetworkFile.CONFIGURATION, configuration().replaceFirst("\\{", "{ \"deep\" : "
                + "[".repeat(10_000) + "]".repeat(10_000) + ",")), "deep", "configuration.json nests deeper than 64 levels at line 1");
        assertRefused(with(NetworkFile.CONFIGURATION, configuration().substring(0, 500)), "cut",
                "configuration.json is not JSON: ");
        assertRefused(with(NetworkFile.METADATA, "{\"classes\":[null]}"), "metadata", "deepminer.json does not parse");
    }

    @Test
    void whatDl4jWritesPassesTheChecksWithItsOptimiserState() throws Exception {
        NetworkFile.Loaded loaded = NetworkFile.load(graphZip, true);
        assertEquals(graph.graph().params(), loaded.network().graph().params());
        var state = graph.graph().getUpdater().getStateViewArray();
        assertTrue(state.length() > parameters, "Adam's two moments for the trained parameters");
        assertEquals(state, loaded.network().graph().getUpdater().getStateViewArray());
        MultiLayerNetwork layers = NetworkFile.load(multiLayerNetwork("plain.zip"), false).network().multiLayer();
        assertEquals(4, layers.getnLayers());
        assertEquals(6 * 9 + 6 + 8 * 6 * 9 + 8 + 8 * 2 + 2, layers.numParams(), "two convolutions and the output layer");
    }

    @Test
    void entriesANetworkDoesNotNeedAreNeverRead() throws Exception {
        // ModelSerializer would deserialise the first and hold the second whole in memory
        Path preprocessor = write("preprocessor.zip", with(NetworkFile.PREPROCESSOR,
                new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, (byte) 0xFF, (byte) 0xFF}));
        Path extra = write("extra.zip", extraBomb());
        long before = allocated();
        assertEquals(graph.graph().params(), NetworkFile.load(preprocessor, true).network().graph().params());
        assertEquals(graph.graph().params(), NetworkFile.load(extra, true).network().graph().params());
        long allocated = allocated() - before;
        assertTrue(allocated < 64L << 20, "allocated " + allocated / (1 << 20) + " MB");
    }

    private void assertRefused(byte[] zip, String name, String expected) throws Exception {
        Path file = write(name + ".zip", zip);
        for (boolean withUpdater : new boolean[] {false, true}) {
            DeepMinerException e = assertThrows(DeepMinerException.class, () -> NetworkFile.load(file, withUpdater));
            assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
        }
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private String configuration() {
        return new String(graphEntries.get(NetworkFile.CONFIGURATION), StandardCharsets.UTF_8);
    }

    /** The graph's coefficients with their own values under a shape information of this stride and extras. */
    private byte[] coefficients(long stride, long extras) {
        return NetworkZips.array(new long[] {1, parameters, stride, extras, 1, 99}, parameters, "FLOAT", values);
    }

    private byte[] configurationBomb() {
        return with(NetworkZips.Entry.bomb(NetworkFile.CONFIGURATION, "{".getBytes(StandardCharsets.US_ASCII), 2048,
                (byte) ' '));
    }

    private byte[] coefficientsBomb() {
        return with(NetworkZips.Entry.bomb(NetworkFile.COEFFICIENTS, graphEntries.get(NetworkFile.COEFFICIENTS), 2048,
                (byte) 0));
    }

    private byte[] extraBomb() {
        return with(NetworkZips.Entry.bomb("notes.txt", new byte[0], 2048, (byte) 'x'));
    }

    private byte[] updaterBomb() {
        long n = 1L << 29;
        byte[] header = NetworkZips.array(new long[] {1, n, 1, ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT), 1, 99},
                n, "FLOAT", new byte[0]);
        return with(NetworkZips.Entry.bomb(NetworkFile.UPDATER, header, 2048, (byte) 0));
    }

    /** The graph's zip with one entry replaced (or added). */
    private byte[] with(String name, String content) {
        return with(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] with(String name, byte[] content) {
        return with(NetworkZips.Entry.deflated(name, content));
    }

    private byte[] with(NetworkZips.Entry replacement) {
        Map<String, byte[]> rest = new LinkedHashMap<>(graphEntries);
        rest.remove(replacement.name());
        List<NetworkZips.Entry> entries = new java.util.ArrayList<>();
        rest.forEach((n, b) -> entries.add(NetworkZips.Entry.deflated(n, b)));
        entries.add(replacement);
        return NetworkZips.zip(entries);
    }

    /** A small MultiLayerNetwork as ModelSerializer writes it, without DeepMiner's metadata. */
    private Path multiLayerNetwork(String name) {
        MultiLayerNetwork n = Nd4jContext.call(() -> {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                    .convolutionMode(ConvolutionMode.Truncate).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(6).activation(Activation.RELU).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(8).activation(Activation.RELU).build())
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(16, 16, 1)).build());
            net.init();
            return net;
        });
        Path file = dir.resolve(name);
        Nd4jContext.run(() -> {
            try {
                org.deeplearning4j.util.ModelSerializer.writeModel(n, file.toFile(), false);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return file;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
