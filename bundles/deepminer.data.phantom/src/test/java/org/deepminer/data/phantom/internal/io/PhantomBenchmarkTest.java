package org.deepminer.data.phantom.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.data.phantom.internal.synth.PowerLawField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the generation speed beside two baselines measured in the same run; never asserts on time.
 * {@code -Dphantom.bench.images=1000} runs the full 1,000 images instead of 200.
 */
class PhantomBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void benchmark() throws IOException {
        int images = Integer.getInteger("phantom.bench.images", 200);
        int threads = Runtime.getRuntime().availableProcessors();
        int size = 512;
        PhantomParameters p = new PhantomParameters(images / 2, 77, size, List.of("CC", "MLO"), 3.0,
                CasePrior.Mix.defaults(), threads);
        // warm up the JIT and the DICOM toolkit on a small set, as a long run would be warm
        new PhantomGenerator(RealDicom.get()).generate(tmp.resolve("warm"), new PhantomParameters(4, 1, size,
                List.of("CC", "MLO"), 3.0, CasePrior.Mix.defaults(), threads));

        long t0 = System.nanoTime();
        PhantomGenerator.Result r = new PhantomGenerator(RealDicom.get()).generate(tmp.resolve("bench"), p);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(images, r.images());

        // baseline 1: fill 1,000 512x512 float arrays with white Gaussian noise, one thread
        long t1 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(1);
        float[] noise = new float[size * size];
        double sink = 0;
        for (int n = 0; n < 1000; n++) {
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rng.nextGaussian();
            }
            sink += noise[n];
        }
        double whiteSeconds = (System.nanoTime() - t1) / 1e9;
        // baseline 2: only the FFT power-law texture of each image, one thread
        PowerLawField field = new PowerLawField(size);
        float[] a = new float[size * size];
        float[] b = new float[size * size];
        long t2 = System.nanoTime();
        for (int n = 0; n < images; n++) {
            field.generate(rng, size, 3.0, 2.0, 1.6, a, b);
        }
        double fftSeconds = (System.nanoTime() - t2) / 1e9;
        double perImage = seconds / images;
        System.out.printf(Locale.ROOT, "BENCH phantom: %d images %dx%d with all outputs (DICOM, DDSM PNG+OVERLAY, "
                + "masks, reports, CBIS ROI DICOM) on %d threads in %.1f s = %.1f ms/image; 1,000 images: %.1f s %s "
                + "| baseline white-noise fill of 1,000 %dx%d float arrays (1 thread) %.1f s | FFT texture only "
                + "%.1f ms/image (1 thread) | generation = %.1fx the FFT texture per image (x threads) [%s]%n",
                images, size, size, threads, seconds, 1000 * perImage, perImage * 1000,
                images == 1000 ? "(measured)" : "(extrapolated from " + images + ")", size, size, whiteSeconds,
                1000 * fftSeconds / images, perImage * threads / (fftSeconds / images), sink > 0 ? "+" : "-");
    }
}
