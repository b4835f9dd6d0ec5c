package org.deepminer.mining;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.backend.onnx.internal.TestModels;
import org.deepminer.data.phantom.internal.PhantomDatasetSource;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.deepminer.data.phantom.internal.io.PhantomParameters;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.dicom.internal.PixelMedDicomService;

/**
 * One small phantom (8 cases, CC and MLO, 128 px) and two small ONNX CNNs for every test class of the JVM,
 * generated on first use into a temporary folder that is deleted at exit.
 */
public final class PhantomFixture {
    private PhantomFixture() {}

    private static PixelMedDicomService dicom;
    private static Path root;
    private static TestModels.Written patchModel;
    private static TestModels.Written anySizeModel;

    static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("deepminer-mining-test");
                new PhantomGenerator(dicom()).generate(root.resolve("phantom"),
                        new PhantomParameters(8, 11, 128, List.of("CC", "MLO"), 3.0, CasePrior.Mix.defaults(), 2));
                patchModel = TestModels.cnn(root, "patch.onnx", 5, 32, 24);
                anySizeModel = TestModels.cnn(root, "any.onnx", 6, 0, 24);
                Path r = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public static synchronized PixelMedDicomService dicom() {
        if (dicom == null) {
            dicom = new PixelMedDicomService();
            dicom.start();
        }
        return dicom;
    }

    public static Path phantom() {
        return root().resolve("phantom");
    }

    public static TestModels.Written patchModel() {
        root();
        return patchModel;
    }

    public static TestModels.Written anySizeModel() {
        root();
        return anySizeModel;
    }

    public static PhantomDatasetSource source() {
        return new PhantomDatasetSource(dicom());
    }

    public static Dataset open() {
        return source().open(phantom(), DatasetOptions.lenient());
    }

    private static void delete(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
