package org.deepminer.backend.onnx.internal;

import java.util.Locale;

/**
 * How the backend runs models.
 *
 * @param intraOpThreads threads ONNX Runtime uses inside one operator; 0 = all available processors. They form
 *        one pool shared by all sessions, made when ONNX Runtime starts: a change takes effect after a restart
 * @param useGpu use CUDA when a GPU is present and the runtime has the CUDA provider (the -Pgpu build)
 * @param gpuDevice the CUDA device id
 * @param maxSessions sessions kept per model, one per set of requested layers; the least recently used goes
 * @param optimization ONNX Runtime's graph optimisation level: none, basic, extended or all
 */
public record Settings(int intraOpThreads, boolean useGpu, int gpuDevice, int maxSessions, String optimization) {
    public Settings {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra.op.threads must be 0 (all processors) or more, not " + intraOpThreads);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max.sessions must be at least 1, not " + maxSessions);
        }
        optimization = optimization.toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("none", "basic", "extended", "all").contains(optimization)) {
            throw new IllegalArgumentException("optimization must be none, basic, extended or all, not " + optimization);
        }
    }

    public static Settings defaults() {
        return new Settings(0, false, 0, 8, "all");
    }

    int threads() {
        return intraOpThreads == 0 ? Runtime.getRuntime().availableProcessors() : intraOpThreads;
    }
}
