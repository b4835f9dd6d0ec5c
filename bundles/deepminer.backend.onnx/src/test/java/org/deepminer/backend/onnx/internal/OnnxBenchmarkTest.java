package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the backend, printed as "BENCH onnx ..." lines; never asserted (tests do not judge time).
 * Each line compares plain inference with inference that also returns the head layer's activations, measured
 * in the same run, alternating batch by batch so that both see the same machine state, and reported as
 * medians and as the ratio of the best batches (other builds may share the machine's cores). -Dbench.rounds=N runs more batches (default 5).
 */
class OnnxBenchmarkTest {

    @TempDir
    Path dir;

    static final int BATCH = 8;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    @Test
    void throughputAndTheCostOfExposingALayer() throws Exception {
        OnnxBackend backend = new OnnxBackend();
        System.out.printf(Locale.ROOT, "BENCH onnx ONNX Runtime %s, %d intra-op threads, %d processors, batch %d%n",
                OrtErrors.ortVersion(), backend.threads(), Runtime.getRuntime().availableProcessors(), BATCH);
        ModelBuilder.Built small = smallCnn224();
        run(backend, "small-cnn", small, 224, ROUNDS * 4);
        ModelBuilder.Built resnet = ModelBuilder.resNet18(71, "height", "width", 3);
        run(backend, "resnet18", resnet, 224, ROUNDS);
        run(backend, "resnet18", resnet, 512, Math.max(1, ROUNDS - 2));
    }

    static double median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /** A small CNN for 224x224 inputs: 4 strided 3x3 convs (16-32-64-128 channels), GAP, Gemm. */
    static ModelBuilder.Built smallCnn224() {
        ModelBuilder m = new ModelBuilder(72);
        String t = m.input("image", "batch", 3, 224, 224);
        int in = 3;
        for (int out : new int[] {16, 32, 64, 128}) {
            t = m.relu(m.conv(t, in, out, 3, 2, 1, true));
            in = out;
        }
        String fc = m.gemm(m.flatten(m.globalAveragePool(t)), 128, 3, true, 1f, 1f);
        m.output(fc, "batch", 3);
        return new ModelBuilder.Built(m, t, fc);
    }

    private void run(OnnxBackend backend, String name, ModelBuilder.Built b, int size, int rounds) throws Exception {
        Path file = dir.resolve(name + ".onnx");
        if (!file.toFile().exists()) {
            b.builder().write(dir, name + ".onnx");
        }
        long t0 = System.nanoTime();
        try (LoadedModel m = backend.load(ModelSource.of(name, file))) {
            long loadNs = System.nanoTime() - t0;
            FloatTensor x = OnnxBackendTest.batch(size, BATCH, 3, size, size);
            Set<String> layer = Set.of(b.headLayer());
            ForwardResult warm = m.forward(x, Set.of());
            long t1 = System.nanoTime();
            ForwardResult exposedWarm = m.forward(x, layer); // creates the session that exposes the layer
            long firstExposedNs = System.nanoTime() - t1;
            // exposing a layer must not change the scores
            assertArrayEquals(warm.logits().data(), exposedWarm.logits().data(), 1e-4f);
            long[] plain = new long[rounds];
            long[] exposed = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                long s = System.nanoTime();
                m.forward(x, Set.of());
                plain[r] = System.nanoTime() - s;
                s = System.nanoTime();
                ForwardResult e = m.forward(x, layer);
                exposed[r] = System.nanoTime() - s;
                assertEquals(BATCH, e.activation(b.headLayer()).dim(0));
            }
            double plainNs = median(plain);
            double exposedNs = median(exposed);
            double bestRatio = (double) Arrays.stream(exposed).min().getAsLong() / Arrays.stream(plain).min().getAsLong();
            System.out.printf(Locale.ROOT, "BENCH onnx %s %dx%d batch %d: plain %.1f images/s, exposing %s %.1f images/s, "
                    + "exposed/plain time %.3f median, %.3f best (%d batches each); load %.0f ms, first exposed batch %.0f ms%n",
                    name, size, size, BATCH, BATCH / (plainNs / 1e9), b.headLayer(), BATCH / (exposedNs / 1e9),
                    exposedNs / plainNs, bestRatio, rounds, loadNs / 1e6, firstExposedNs / 1e6);
        }
    }
}
