package org.deepminer.backend.onnx.internal;

/** Starts ONNX Runtime's shared pool with the given threads before any session (benchmark only). */
public final class BenchThreads {
    private BenchThreads() {}

    public static void start(int threads) {
        OrtRuntime.environment(threads);
    }
}
