package org.deepminer.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Broken bundles in deploy/ are reported and isolated: a good plug-in deployed beside them works, the
 * platform's commands work, and status names each broken bundle with its reason.
 */
class BrokenBundleTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    CommandProcessor shell;

    Path deploy;
    PrintStream originalOut;
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void captureTheRuntimeLog() throws Exception {
        deploy = Files.createDirectories(Path.of(context.getProperty("felix.fileinstall.dir")));
        originalOut = System.out;
        System.setOut(new PrintStream(new TeeStream(originalOut, log), true));
    }

    @AfterEach
    void restore() throws Exception {
        System.setOut(originalOut);
        try (var files = Files.list(deploy)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Await.until("deploy/ emptied", HotDeployTest.TIMEOUT_MS, () -> Arrays.stream(context.getBundles())
                .noneMatch(b -> b.getLocation().contains(deploy.toString())));
    }

    @Test
    void brokenBundlesAreReportedAndTheRestKeepsWorking() throws Exception {
        Jars.deploy(deploy.resolve("unresolvable.jar"), Jars.bundle(Map.of(
                "Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "test.unresolvable",
                "Import-Package", "no.such.pkg"), Map.of()));
        Jars.deploy(deploy.resolve("throwing-activator.jar"), Jars.bundle(Map.of(
                "Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "test.throwing.activator",
                "Import-Package", "org.deepminer.itest.broken,org.osgi.framework",
                "Bundle-Activator", "org.deepminer.itest.broken.ThrowingActivator"), Map.of()));
        Jars.deploy(deploy.resolve("throwing-component.jar"), Jars.bundle(Map.of(
                "Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "test.throwing.component",
                "Import-Package", "org.deepminer.itest.broken",
                "Service-Component", "OSGI-INF/c.xml"),
                Map.of("OSGI-INF/c.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="test.throwing"
                            immediate="true" activate="activate">
                          <implementation class="org.deepminer.itest.broken.ThrowingComponent"/>
                        </scr:component>
                        """)));
        Jars.deploy(deploy.resolve("bad-manifest.jar"), Jars.bundle(Map.of(
                "Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "test.bad.manifest",
                "Import-Package", "a.b;version=\"[1,\";;"), Map.of()));
        Jars.deploy(deploy.resolve("example-vocabulary.jar"), Jars.exampleVocabulary());

        Await.until("the good plug-in works beside the broken ones", HotDeployTest.TIMEOUT_MS,
                () -> context.getServiceReference(ConceptVocabulary.class) != null);
        Await.until("the broken component has failed", HotDeployTest.TIMEOUT_MS, () -> {
            try {
                return Shell.run(shell, "deepminer:status").contains("deliberate failure in a component");
            } catch (Exception e) {
                return false;
            }
        });
        String status = Shell.run(shell, "deepminer:status");
        System.setOut(originalOut);
        System.out.println(status);

        assertEquals(Bundle.INSTALLED, bundle("test.unresolvable").getState());
        assertTrue(status.contains("test.unresolvable") && status.contains("no.such.pkg"), status);
        assertTrue(status.contains("test.throwing.activator"), status);
        assertTrue(status.contains("FAILED_ACTIVATION") && status.contains("test.throwing.component"), status);
        assertTrue(status.contains("Concept vocabularies (1)"), status);
        assertTrue(log.toString().contains("bad-manifest.jar"), "the runtime log names the bad jar:\n" + log);
        for (Bundle b : context.getBundles()) {
            if (!b.getLocation().contains(deploy.toString())) {
                assertTrue(b.getState() == Bundle.ACTIVE || b.getHeaders().get("Fragment-Host") != null,
                        b.getSymbolicName() + " was affected");
            }
        }
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(bsn + " not installed"));
    }

    /** Writes to two streams: the test sees the log, and so does the build output. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
