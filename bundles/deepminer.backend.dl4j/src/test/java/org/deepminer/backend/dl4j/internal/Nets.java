package org.deepminer.backend.dl4j.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deepminer.backend.dl4j.internal.train.Architectures;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Tiny networks of the project's architectures with seeded weights and non-trivial batch-norm statistics. */
final class Nets {
    private Nets() {}

    static Network build(String arch, int units, int concepts, long seed) {
        return Nd4jContext.call(() -> {
            ComputationGraph g = new ComputationGraph(Architectures.build(new Architectures.Spec(arch, 32, 3, concepts, 0.5,
                    units, 1e-3, 3, seed)));
            g.init();
            Network net = Network.of(g);
            Random r = new Random(seed);
            for (Network.Node n : net.nodes()) {
                var p = net.params(n.name());
                // running statistics as a trained network has them, so that batch norm is not the identity
                if (p.containsKey("mean")) {
                    fill(p.get("mean"), r, -0.3, 0.3);
                    fill(p.get("var"), r, 0.5, 2.0);
                    fill(p.get("gamma"), r, 0.5, 1.5);
                    fill(p.get("beta"), r, -0.2, 0.2);
                }
            }
            return net;
        });
    }

    static void fill(INDArray a, Random r, double lo, double hi) {
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, lo + (hi - lo) * r.nextDouble());
        }
    }

    static NetworkMetadata metadata(Network net, String arch, List<String> concepts) {
        return new NetworkMetadata(List.of("normal", "benign", "malignant"), concepts, 1, 0.5f, 0.25f,
                Architectures.headLayer(arch), arch, 0.25, 32);
    }

    static Path save(Network net, NetworkMetadata meta, Path dir, String name) {
        Path file = dir.resolve(name + ".zip");
        NetworkFile.save(net, meta, file, false);
        return file;
    }

    static float[] randomImages(int n, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
