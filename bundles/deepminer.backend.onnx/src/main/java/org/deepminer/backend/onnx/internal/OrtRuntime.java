package org.deepminer.backend.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.deepminer.api.DeepMinerException;

/**
 * The one ONNX Runtime environment of the process, with one shared intra-op thread pool, started on a
 * thread of its own.
 * <p>
 * Shared threads: each set of requested layers has its own session; with a pool per session, the pools of
 * the sessions a probe alternates between spin against each other on a small machine (measured on 2 cores:
 * a small CNN's batch took 3.5 to 7 ms instead of 1.7 ms). One pool for all sessions and models avoids that.
 * <p>
 * Own thread: loading and initialising the native library from a bundle (it loads classes through the
 * bundle's class loader from native code) needs about 850 KB of stack; called deep inside Felix (bundle
 * start, SCR activation) from a default 1 MB thread the JVM dies with SIGSEGV and no error file.
 */
final class OrtRuntime {
    private OrtRuntime() {}

    static final long INIT_STACK = 16L << 20;

    private static volatile OrtEnvironment environment;
    /** Threads of the shared pool; 0 when another bundle made the environment first and sessions need their own. */
    private static volatile int sharedThreads;

    /** The environment; the first call starts it with a shared pool of one thread per processor. */
    static OrtEnvironment environment() {
        return environment(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The environment; the first call in the process starts it with a shared pool of the given threads
     * (later calls cannot change the pool: it lives as long as the process).
     */
    static OrtEnvironment environment(int threads) {
        OrtEnvironment e = environment;
        if (e != null) {
            return e;
        }
        synchronized (OrtRuntime.class) {
            if (environment == null) {
                try {
                    environment = onLargeStack(() -> start(threads));
                } catch (Throwable x) { // the native library did not load
                    throw new DeepMinerException(null, "ONNX Runtime did not start on " + System.getProperty("os.name")
                            + " " + System.getProperty("os.arch") + " (the bundle carries Linux x64 libraries): " + x, x);
                }
            }
            return environment;
        }
    }

    private static OrtEnvironment start(int threads) throws OrtException {
        try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
            pool.setGlobalIntraOpNumThreads(threads);
            pool.setGlobalInterOpNumThreads(1);
            OrtEnvironment e = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "deepminer", pool);
            sharedThreads = threads;
            removeExtractedLibraries();
            return e;
        } catch (IllegalStateException alreadyMade) {
            return OrtEnvironment.getEnvironment(); // made by someone else: sessions bring their own threads
        }
    }

    /**
     * ONNX Runtime extracts its native libraries into a new java.io.tmpdir folder and deletes them only at a
     * normal JVM exit; the launcher halts, which left 28 MB in /tmp per launch. Loaded, they are not needed
     * any more (Linux keeps a deleted library that is mapped), so the folder this process mapped its
     * library from goes now. Not with the GPU build: it extracts provider libraries into that folder later.
     */
    static void removeExtractedLibraries() {
        if (!OrtEnvironment.getAvailableProviders().equals(java.util.EnumSet.of(ai.onnxruntime.OrtProvider.CPU))) {
            return;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0 || !line.contains("/onnxruntime-java")) {
                    continue;
                }
                Path lib = Path.of(line.substring(slash).replace(" (deleted)", "").strip());
                Path folder = lib.getParent();
                if (folder != null && folder.getFileName().toString().startsWith("onnxruntime-java")
                        && tmp.equals(folder.getParent()) && Files.isDirectory(folder)) {
                    try (var files = Files.list(folder)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(folder);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the folder went already: at worst the files stay where ONNX Runtime put them
        }
    }

    /** Threads of the shared pool, or 0 when sessions must have their own. */
    static int sharedThreads() {
        environment();
        return sharedThreads;
    }

    /** Runs a task on a new thread with a {@link #INIT_STACK} stack and waits for it. */
    static <T> T onLargeStack(Callable<T> task) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(task.call());
            } catch (Throwable x) { // handed to the caller
                result.set(new Failure(x));
            }
        }, "onnxruntime-init", INIT_STACK);
        t.start();
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (result.get() instanceof Failure f) {
            if (f.error() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) f.error();
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    private record Failure(Throwable error) {}
}
