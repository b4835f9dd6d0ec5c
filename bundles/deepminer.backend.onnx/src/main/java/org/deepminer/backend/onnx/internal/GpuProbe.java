package org.deepminer.backend.onnx.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Is there an NVIDIA GPU? Asked before adding ONNX Runtime's CUDA provider, because the GPU build lists CUDA
 * as available on any machine and adding it without a GPU fails only after seconds.
 */
final class GpuProbe {
    private GpuProbe() {}

    /** A one-line description of the GPU found, or empty. */
    static Optional<String> detect() {
        Optional<String> smi = nvidiaSmi();
        if (smi.isPresent()) {
            return smi;
        }
        return Files.exists(Path.of("/dev/nvidia0")) ? Optional.of("/dev/nvidia0") : Optional.empty();
    }

    private static Optional<String> nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && out.startsWith("GPU") ? Optional.of(out.lines().findFirst().orElse(out))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no nvidia-smi on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
