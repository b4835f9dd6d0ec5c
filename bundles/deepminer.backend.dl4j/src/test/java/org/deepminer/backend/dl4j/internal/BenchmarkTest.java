package org.deepminer.backend.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.dl4j.internal.onnx.OnnxExporter;
import org.deepminer.backend.dl4j.internal.train.Architectures;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints {@code BENCH dl4j ...} lines: training patches per second of the small architecture, and inference
 * on the same weights through Deeplearning4j and through ONNX Runtime (the ratio). Never asserts on time;
 * {@code -Dbench.rounds=N} for steadier numbers.
 */
class BenchmarkTest {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    @TempDir
    Path dir;

    @Test
    void trainingPatchesPerSecond() {
        double rate = Nd4jContext.call(() -> {
            ComputationGraph g = new ComputationGraph(Architectures.build(new Architectures.Spec("small", 64, 3, 0, 0, 128,
                    1e-3, 10, 1)));
            g.init();
            int batch = 32;
            INDArray x = Nd4j.create(Nets.randomImages(batch, 64, 64, 2), new long[] {batch, 1, 64, 64}, 'c');
            INDArray y = Nd4j.zeros(batch, 3);
            for (int i = 0; i < batch; i++) {
                y.putScalar(i, i % 3, 1);
            }
            MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
            g.fit(mds);
            g.fit(mds);
            long t = System.nanoTime();
            for (int r = 0; r < 2 * ROUNDS; r++) {
                g.fit(mds);
            }
            return 2.0 * ROUNDS * batch / ((System.nanoTime() - t) / 1e9);
        });
        System.out.printf("BENCH dl4j training: small arch, 64-pixel patches, batch 32: %.0f patches/s (%d steps)%n", rate, 2 * ROUNDS);
        assertTrue(rate > 0);
    }

    @Test
    void inferenceDl4jAgainstOnnxRuntimeOnTheSameWeights() throws Exception {
        Network net = Nets.build("small", 128, 0, 3);
        Path zip = Nets.save(net, Nets.metadata(net, "small", List.of()), dir, "bench");
        Path onnx = dir.resolve("bench.onnx");
        Files.write(onnx, OnnxExporter.export(net, zip.toString(), 1, Map.of()));
        try (LoadedModel d = new Dl4jBackend().load(ModelSource.of("d", zip));
                LoadedModel o = new OnnxBackend().load(ModelSource.of("o", onnx))) {
            for (int[] shape : new int[][] {{32, 64, 64}, {2, 256, 256}}) {
                FloatTensor batch = new FloatTensor(new int[] {shape[0], 1, shape[1], shape[2]},
                        Nets.randomImages(shape[0], shape[1], shape[2], 4));
                Set<String> layers = Set.of("relu4");
                double msD = time(d, batch, layers);
                double msO = time(o, batch, layers);
                System.out.printf("BENCH dl4j inference: %d x %dx%d with layer relu4: DL4J %.1f ms, ONNX Runtime %.1f ms, "
                        + "DL4J / ORT = %.2f (%d rounds)%n", shape[0], shape[1], shape[2], msD, msO, msD / msO, ROUNDS);
                assertEquals(d.forward(batch, Set.of()).logits().dim(1), o.forward(batch, Set.of()).logits().dim(1));
            }
        }
    }

    private static double time(LoadedModel m, FloatTensor batch, Set<String> layers) {
        m.forward(batch, layers);
        long t = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
            m.forward(batch, layers);
        }
        return (System.nanoTime() - t) / 1e6 / ROUNDS;
    }
}
