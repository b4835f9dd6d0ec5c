package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Path;
import java.util.Set;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * use.gpu=true picks CUDA only where a GPU and the CUDA provider (the -Pgpu build) both exist, and otherwise
 * runs on the CPU; either way the scores are those of the CPU.
 */
class DeviceTest {

    @TempDir
    Path dir;

    @Test
    void gpuWhenAskedAndPossibleElseCpuWithTheSameScores() throws Exception {
        OnnxBackend cpu = new OnnxBackend();
        OnnxBackend gpu = new OnnxBackend(new Settings(0, true, 0, 8, "all"));
        boolean possible = GpuProbe.detect().isPresent()
                && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        System.out.println("device with use.gpu=true: " + gpu.device() + " (GPU found: " + GpuProbe.detect().orElse("none")
                + ", providers: " + OrtEnvironment.getAvailableProviders() + ")");
        assertEquals("cpu", cpu.device());
        if (!possible) {
            assertEquals("cpu", gpu.device());
        } else {
            assertEquals("cuda:0", gpu.device());
        }
        ModelBuilder.Built b = ModelBuilder.smallCnn(81, 3, 32, 3);
        Path file = b.builder().write(dir, "device.onnx");
        FloatTensor x = OnnxBackendTest.batch(2, 4, 3, 32, 32);
        try (LoadedModel onCpu = cpu.load(ModelSource.of("c", file)); LoadedModel onGpu = gpu.load(ModelSource.of("g", file))) {
            assertArrayEquals(onCpu.forward(x, Set.of()).logits().data(),
                    onGpu.forward(x, Set.of(b.headLayer())).logits().data(), 1e-3f);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Settings(-1, false, 0, 8, "all"));
        assertThrows(IllegalArgumentException.class, () -> new Settings(0, false, 0, 0, "all"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Settings(0, false, 0, 8, "fast"));
        assertTrue(e.getMessage().contains("none, basic, extended or all"));
        assertEquals(Runtime.getRuntime().availableProcessors(), Settings.defaults().threads());
        assertEquals(3, new Settings(3, false, 0, 8, "BASIC").threads());
    }
}
