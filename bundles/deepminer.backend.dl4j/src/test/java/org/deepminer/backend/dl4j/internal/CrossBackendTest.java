package org.deepminer.backend.dl4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.dl4j.internal.onnx.OnnxExporter;
import org.deepminer.backend.dl4j.internal.train.Architectures;
import org.deepminer.backend.dl4j.internal.train.ModelBundle;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same weights through Deeplearning4j and through ONNX Runtime (the onnx backend, constructed directly):
 * class scores within 1e-4, every layer both have within 1e-3 of the layer's largest value, the same head.
 */
class CrossBackendTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"small, 16, 0", "small, 24, 5", "resnet, 16, 0", "resnet, 32, 4", "context, 16, 3"})
    void theSameWeightsGiveTheSameScoresAndActivations(String arch, int units, int concepts) throws Exception {
        Network net = Nets.build(arch, units, concepts, 7);
        List<String> conceptNames = concepts == 0 ? List.of() : List.of("c1", "c2", "c3", "c4", "c5").subList(0, concepts);
        NetworkMetadata meta = Nets.metadata(net, arch, conceptNames);
        Path zip = Nets.save(net, meta, dir, arch);
        Path onnx = dir.resolve(arch + ".onnx");
        Files.write(onnx, OnnxExporter.export(net, zip.toString(), 1, ModelBundle.onnxMetadata(meta)));

        try (LoadedModel d = new Dl4jBackend().load(ModelSource.of("d", zip));
                LoadedModel o = new OnnxBackend().load(ModelSource.of("o", onnx))) {
            assertEquals(d.info().classes(), o.info().classes());
            assertEquals(Architectures.headLayer(arch), o.info().defaultLayer(), "the onnx backend finds the head after the same layer");
            assertEquals(o.info().defaultLayer(), d.info().defaultLayer());
            // what the trainer wrote of the network reads the same on both: eval cuts patches of its training size
            assertEquals(d.info().metadata(), o.info().metadata());
            assertEquals(arch, o.info().metadata().get(ModelInfo.ARCH));
            assertEquals(0.25, o.info().patchFraction().orElseThrow(), 0);
            Set<String> shared = new HashSet<>(d.info().layers().stream().map(LayerInfo::name).toList());
            shared.retainAll(o.info().layers().stream().map(LayerInfo::name).toList());
            assertTrue(shared.size() >= 8, "layers named alike on both backends: " + shared);

            // a patch size and a whole-image-like size that is not a multiple of the strides
            for (int[] hw : new int[][] {{32, 32}, {45, 58}}) {
                FloatTensor batch = new FloatTensor(new int[] {3, 1, hw[0], hw[1]}, Nets.randomImages(3, hw[0], hw[1], 11));
                ForwardResult rd = d.forward(batch, shared);
                ForwardResult ro = o.forward(batch, shared);
                assertClose(rd.logits().data(), ro.logits().data(), 1e-4, "logits " + arch);
                assertClose(rd.probabilities().data(), ro.probabilities().data(), 1e-4, "probabilities " + arch);
                for (String layer : shared) {
                    FloatTensor a = rd.activation(layer);
                    FloatTensor b = ro.activation(layer);
                    assertArrayEquals(b.shape(), a.shape(), layer);
                    assertTrue(relativeError(a.data(), b.data()) < 1e-3, layer + ": relative error " + relativeError(a.data(), b.data()));
                }
            }
            ClassifierHead hd = d.head(d.info().defaultLayer());
            ClassifierHead ho = o.head(o.info().defaultLayer());
            assertEquals(ho.units(), hd.units());
            assertEquals(units, hd.units());
            assertClose(hd.weights(), ho.weights(), 1e-7, "head weights");
            assertClose(hd.bias(), ho.bias(), 1e-7, "head bias");
        }
    }

    static void assertClose(float[] a, float[] b, double tolerance, String what) {
        assertEquals(b.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= tolerance, what + "[" + i + "]: " + a[i] + " vs " + b[i]);
        }
    }

    static double relativeError(float[] a, float[] b) {
        double max = 1e-12;
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(b[i]));
            err = Math.max(err, Math.abs(a[i] - b[i]));
        }
        return err / max;
    }
}
