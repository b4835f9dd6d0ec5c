package org.deepminer.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** A plug-in bundle dropped into, replaced in and deleted from the watched deploy/ folder. */
class HotDeployTest {
    /** Generous for a loaded 2-core CI machine; the measured latency is printed. */
    static final long TIMEOUT_MS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    CommandProcessor shell;

    Path deploy;
    Path jar;

    @BeforeEach
    void watchedFolder() throws Exception {
        deploy = Files.createDirectories(Path.of(context.getProperty("felix.fileinstall.dir")));
        jar = deploy.resolve("example-vocabulary.jar");
    }

    @AfterEach
    void clean() throws Exception {
        Files.deleteIfExists(jar);
        Await.until("example vocabulary gone", TIMEOUT_MS, () -> vocabularies().length == 0);
    }

    @Test
    void addUpdateRemove() throws Exception {
        byte[] v1 = Jars.exampleVocabulary();
        Jars.deploy(jar, v1);
        long added = Await.until("example vocabulary registered", TIMEOUT_MS, () -> "1".equals(version()));
        System.out.println("hot deploy: service registered " + added + " ms after the copy");
        Bundle bundle = vocabularies()[0].getBundle();
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertTrue(Shell.run(shell, "deepminer:status").contains("deepminer.vocabulary.version=1"));

        byte[] v2 = Jars.rewrite(v1, Map.of("Bundle-Version", "0.2.0"),
                xml -> {
                    String changed = xml.replaceFirst("(name=\"deepminer.vocabulary.version\"[^>]*value=)\"1\"", "$1\"2\"");
                    assertTrue(!changed.equals(xml) || !xml.contains("deepminer.vocabulary.version"), "v2 differs from v1");
                    return changed;
                });
        Jars.deploy(jar, v2);
        long updated = Await.until("example vocabulary updated to version 2", TIMEOUT_MS, () -> "2".equals(version()));
        System.out.println("hot deploy: update visible " + updated + " ms after the copy");
        assertEquals(1, vocabularies().length, "the update replaced the service, it did not add one");
        assertEquals(bundle.getBundleId(), vocabularies()[0].getBundle().getBundleId(), "updated in place");
        assertEquals("0.2.0", vocabularies()[0].getBundle().getVersion().toString());
        assertTrue(Shell.run(shell, "deepminer:status").contains("deepminer.vocabulary.version=2"));

        Files.delete(jar);
        long removed = Await.until("example vocabulary unregistered", TIMEOUT_MS, () -> vocabularies().length == 0);
        System.out.println("hot deploy: service gone " + removed + " ms after the delete");
        // FileInstall stops the bundle (the service goes) and then uninstalls it
        Await.until("bundle uninstalled", TIMEOUT_MS, () -> bundle.getState() == Bundle.UNINSTALLED);
        assertTrue(Shell.run(shell, "deepminer:status").contains("Concept vocabularies (0)"));
    }

    private String version() {
        ServiceReference<?>[] refs = vocabularies();
        return refs.length == 1 ? String.valueOf(refs[0].getProperty(ServiceProperties.VOCABULARY_VERSION)) : null;
    }

    private ServiceReference<?>[] vocabularies() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(ConceptVocabulary.class.getName(),
                    "(" + ServiceProperties.VOCABULARY_ID + "=example)");
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
