package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/**
 * ONNX Runtime's native start, from the deepminer.onnxruntime bundle inside Felix, needs more stack than a
 * thread deep in a framework call has left (it loads classes through the bundle's class loader from native
 * code). The backend starts it on a thread of its own; checked in fresh JVMs whose threads have 512 KB stacks.
 */
class OrtRuntimeTest {

    @TempDir
    Path dir;

    /** Runs in the child JVM: Felix, the ONNX Runtime bundle, then its environment, directly or on a large stack. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Map<String, String> config = new HashMap<>();
            config.put("org.osgi.framework.storage", args[2]);
            config.put("org.osgi.framework.storage.clean", "onFirstInit");
            Framework felix = new FrameworkFactory().newFramework(config);
            felix.start();
            File f = new File(args[1]);
            Bundle ort = felix.getBundleContext().installBundle((f.isDirectory() ? "reference:" : "") + f.toURI());
            ort.start();
            Class<?> env = ort.loadClass("ai.onnxruntime.OrtEnvironment");
            Callable<Object> start = () -> env.getMethod("getVersion").invoke(env.getMethod("getEnvironment").invoke(null));
            Object version = args[0].equals("direct") ? start.call() : OrtRuntime.onLargeStack(start);
            System.out.println("ONNX Runtime " + version);
            felix.stop();
        }
    }

    private static Path ortBundle() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.toString().contains("deepminer.onnxruntime")).findFirst()
                .orElseThrow(() -> new AssertionError("deepminer.onnxruntime is not on the test class path"));
    }

    private Process child(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path cache = Files.createTempDirectory(dir, mode);
        // the native libraries are extracted under java.io.tmpdir: inside the test's folder, so that the
        // crashing child leaves nothing behind
        return new ProcessBuilder(List.of(java.toString(), "-Xss512k", "-Djava.io.tmpdir=" + cache, "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), mode, ortBundle().toString(), cache.toString())).redirectErrorStream(true).start();
    }

    @Test
    void theExtractedLibrariesDoNotOutliveTheStart() throws Exception {
        OrtRuntime.environment();
        OrtRuntime.removeExtractedLibraries(); // done at the start already; again in case another test started ORT
        List<String> mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains("/onnxruntime-java") && l.contains("libonnxruntime")).toList();
        assertTrue(!mapped.isEmpty(), "ONNX Runtime is loaded from an extracted file");
        for (String line : mapped) {
            Path lib = Path.of(line.substring(line.indexOf('/')).replace(" (deleted)", "").strip());
            assertTrue(Files.notExists(lib.getParent()), "left behind: " + lib.getParent());
        }
    }

    @Test
    void startsInsideFelixFromAThreadWithLittleStack() throws Exception {
        Process p = child("large-stack");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ONNX Runtime 1.29.0"), out);

        Process direct = child("direct");
        assertTrue(direct.waitFor(60, TimeUnit.SECONDS));
        System.out.println("ONNX Runtime started directly inside Felix on a 512 KB stack: exit " + direct.exitValue()
                + (direct.exitValue() == 139 ? " (SIGSEGV: the crash the backend avoids)" : ""));
    }
}
