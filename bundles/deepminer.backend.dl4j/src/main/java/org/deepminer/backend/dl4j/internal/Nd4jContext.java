package org.deepminer.backend.dl4j.internal;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs code that touches ND4J with this bundle's class loader as the thread context class loader. ND4J finds
 * its native backend through {@link java.util.ServiceLoader} on the context class loader; inside OSGi that
 * is the caller's (Gogo's, SCR's) loader, which cannot see the embedded jars, and ND4J then fails with
 * NoAvailableBackendException. Also points JavaCPP's native cache (about 330 MB unpacked) at a folder under
 * the user's home unless {@code org.bytedeco.javacpp.cachedir} is set.
 */
public final class Nd4jContext {
    private Nd4jContext() {}

    public static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";

    static {
        if (System.getProperty(CACHE_DIR) == null) {
            System.setProperty(CACHE_DIR, Path.of(System.getProperty("user.home"), ".cache", "deepminer", "javacpp").toString());
        }
    }

    public static <T> T call(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Nd4jContext.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
