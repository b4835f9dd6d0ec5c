package org.deepminer.backend.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.felix.framework.FrameworkFactory;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelCapability;
import org.deepminer.backend.onnx.internal.deploy.ModelBundleWriter;
import org.deepminer.backend.onnx.internal.deploy.ModelDeclaration;
import org.deepminer.backend.onnx.internal.deploy.ModelFileInstaller;
import org.deepminer.backend.onnx.internal.deploy.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Model bundles and deploy/ files in a real Felix framework: the extender (driven with the framework's
 * context, the backend as a plain object) registers, replaces and unregisters Model services.
 */
class ModelDeployTest {

    @TempDir
    Path dir;

    Framework framework;
    BundleContext context;
    ModelRegistry registry;

    @BeforeEach
    void startFelix() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix-cache").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        registry = new ModelRegistry(new OnnxBackend());
        registry.start(context);
    }

    @AfterEach
    void stopFelix() throws Exception {
        registry.stop();
        framework.stop();
        framework.waitForStop(10_000);
    }

    ServiceReference<?>[] models() throws Exception {
        return context.getServiceReferences(Model.class.getName(), null);
    }

    static ModelDeclaration declaration(String name, String layer, List<String> classes) {
        return new ModelDeclaration(name, Optional.of("onnx"), Optional.empty(), Optional.of(layer), classes,
                OptionalInt.of(3), OptionalInt.of(16), OptionalInt.of(16), List.of(0.5f), List.of(0.25f));
    }

    Path modelBundle(String name, long seed) throws IOException {
        ModelBuilder.Built b = ModelBuilder.smallCnn(seed, 3, 16, 3);
        Path model = b.builder().write(dir, name + ".onnx");
        Path jar = dir.resolve(name + ".jar");
        ModelBundleWriter.write(model, jar, declaration(name, b.headLayer(), List.of("normal", "benign", "malignant")), "1.0.0");
        return jar;
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** A model with 4.7 MB of weights, so that sessions or models left open would show in resident memory. */
    Path wideModelBundle(String name) throws IOException {
        ModelBuilder m = new ModelBuilder(51);
        String t = m.relu(m.conv(m.input("image", "n", 3, 16, 16), 3, 256, 3, 1, 1, true));
        t = m.relu(m.conv(t, 256, 256, 3, 1, 1, true));
        t = m.relu(m.conv(t, 256, 256, 3, 2, 1, true));
        String fc = m.gemm(m.flatten(m.globalAveragePool(t)), 256, 3, true, 1f, 1f);
        m.output(fc, "n", 3);
        Path model = m.write(dir, name + ".onnx");
        Path jar = dir.resolve(name + ".jar");
        ModelBundleWriter.write(model, jar, declaration(name, t, List.of("normal", "benign", "malignant")), "1.0.0");
        return jar;
    }

    @Test
    void fiftyHotDeployCyclesLeaveNoModelBehind() throws Exception {
        Path jar = wideModelBundle("churn");
        FloatTensorSupplier input = () -> OnnxBackendTest.batch(3, 2, 3, 16, 16);
        // one warm-up cycle so that ONNX Runtime's own one-time allocations are not counted as growth
        cycle(jar, input);
        System.gc();
        long before = rssKb();
        int cycles = Integer.getInteger("churn.cycles", 50);
        for (int i = 0; i < cycles; i++) {
            cycle(jar, input);
            if (i % 50 == 49) {
                System.gc();
                System.out.printf("churn: after %d cycles VmRSS %d MB%n", i + 1, rssKb() / 1024);
            }
        }
        System.gc();
        long after = rssKb();
        assertNull(models(), "no Model service is left");
        assertEquals(List.of(), registry.names());
        System.out.printf("churn: %d model-bundle install/start/forward/stop/uninstall cycles of a %d kB model "
                + "(2 sessions each): VmRSS %d MB -> %d MB (%+d MB)%n", cycles, Files.size(jar) / 1024, before / 1024,
                after / 1024, (after - before) / 1024);
        assertTrue(after - before < 200 * 1024, "resident memory grew by " + (after - before) / 1024 + " MB");
    }

    interface FloatTensorSupplier {
        org.deepminer.api.model.FloatTensor get();
    }

    private void cycle(Path jar, FloatTensorSupplier input) throws Exception {
        Bundle b = context.installBundle(jar.toUri().toString());
        b.start();
        ServiceReference<?>[] refs = models();
        assertEquals(1, refs.length);
        assertEquals("churn", refs[0].getProperty(ServiceProperties.MODEL_NAME));
        assertEquals(b, refs[0].getBundle(), "registered in the model bundle's name");
        Model m = (Model) context.getService(refs[0]);
        ForwardResult r = m.loaded().forward(input.get(), Set.of(m.info().defaultLayer()));
        assertEquals(3, r.logits().dim(1));
        context.ungetService(refs[0]);
        b.stop();
        assertNull(models());
        b.uninstall();
    }

    @Test
    void aModelBundleBecomesAModelServiceWithItsDeclaredValues() throws Exception {
        Path jar = modelBundle("demo", 52);
        Bundle b = context.installBundle(jar.toUri().toString());
        assertNull(models(), "installed is not started");
        b.start();
        ServiceReference<?> ref = models()[0];
        assertEquals("onnx", ref.getProperty(ServiceProperties.MODEL_BACKEND));
        assertArrayEquals(new String[] {"normal", "benign", "malignant"}, (String[]) ref.getProperty(ServiceProperties.MODEL_CLASSES));
        assertEquals(64, ((String) ref.getProperty(ServiceProperties.MODEL_SHA256)).length());
        assertEquals("bundle deepminer.model.demo 1.0.0", ref.getProperty(ModelRegistry.SOURCE));
        Model m = (Model) context.getService(ref);
        assertEquals(List.of(0.5f), m.info().input().mean());
        assertEquals(List.of(0.25f), m.info().input().std());
        assertEquals(16, m.info().input().height());
        m.loaded().close(); // a consumer's close does not free what the registry owns
        assertEquals(3, m.loaded().forward(OnnxBackendTest.batch(1, 1, 3, 16, 16), Set.of()).logits().dim(1));
        b.stop();
        assertNull(models());
    }

    @Test
    void badModelBundlesAreLoggedWithTheirNameAndAffectNothingElse() throws Exception {
        Path good = modelBundle("good", 53);
        Path model = ModelBuilder.smallCnn(54, 3, 16, 3).builder().write(dir, "bad.onnx");
        Path badChannels = dir.resolve("channels.jar");
        ModelBundleWriter.write(model, badChannels, declaration("channels", "relu4", List.of()), "1.0.0");
        rewriteCapability(badChannels, "channels:Long=3", "channels:Long=2");
        Path missingFile = dir.resolve("missing.jar");
        ModelBundleWriter.write(model, missingFile, declaration("missing", "relu4", List.of()), "1.0.0");
        rewriteCapability(missingFile, "model/bad.onnx", "model/gone.onnx");
        Path wrongClasses = dir.resolve("classes.jar");
        ModelBundleWriter.write(model, wrongClasses, declaration("classes", "relu4", List.of("a", "b")), "1.0.0");

        for (Path jar : List.of(badChannels, missingFile, wrongClasses, good)) {
            Bundle b = context.installBundle(jar.toUri().toString());
            b.start();
            assertEquals(Bundle.ACTIVE, b.getState(), "a model bundle starts even when its model does not load");
        }
        assertEquals(List.of("good"), registry.names());
        List<ModelRegistry.Problem> problems = registry.problems();
        assertEquals(3, problems.size());
        problems.forEach(p -> System.out.println("deploy problem -> " + p.message()));
        assertTrue(problems.get(0).message().contains("deepminer.model.channels") && problems.get(0).message()
                .contains("channels must be 1 or 3, not 2"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("deepminer.model.missing") && problems.get(1).message()
                .contains("no file 'model/gone.onnx' in the bundle"), problems.get(1).message());
        assertTrue(problems.get(2).message().contains("deepminer.model.classes") && problems.get(2).message()
                .contains("declared 2 classes (a, b), but the model scores 3"), problems.get(2).message());
    }

    /** Edits the manifest of a written bundle (the writer itself only writes valid ones). */
    private static void rewriteCapability(Path jar, String from, String to) throws IOException {
        java.util.jar.Manifest mf;
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(jar))) {
            mf = in.getManifest();
            for (java.util.jar.JarEntry e; (e = in.getNextJarEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        mf.getMainAttributes().putValue("Provide-Capability", mf.getMainAttributes().getValue("Provide-Capability").replace(from, to));
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    @Test
    void capabilityAttributesSurviveTheManifestRoundTrip() throws Exception {
        Path model = ModelBuilder.smallCnn(55, 3, 16, 3).builder().write(dir, "odd.onnx");
        ModelDeclaration odd = new ModelDeclaration("odd name", Optional.of("onnx"), Optional.empty(),
                Optional.of("/layer4/layer4.1/relu_1/Relu_output:0;a=b,c"), List.of("normal", "benign", "malignant"),
                OptionalInt.of(1), OptionalInt.of(227), OptionalInt.of(199), List.of(0.485f, 0.456f, 0.406f), List.of(0.229f));
        Path jar = dir.resolve("odd.jar");
        ModelDeclaration written = ModelBundleWriter.write(model, jar, odd, "2.1.0");
        Bundle b = context.installBundle(jar.toUri().toString());
        assertEquals("deepminer.model.odd_name", b.getSymbolicName());
        var caps = b.adapt(BundleRevision.class).getDeclaredCapabilities(ModelCapability.NAMESPACE);
        assertEquals(1, caps.size());
        ModelDeclaration read = ModelDeclaration.fromCapability(caps.get(0).getAttributes(), "test");
        assertEquals(written, read);
        assertEquals(Optional.of("model/odd.onnx"), read.file());
        assertNotNull(b.getEntry("model/odd.onnx"));
        ModelDeclaration quoted = new ModelDeclaration("q", Optional.empty(), Optional.empty(), Optional.of("a\"b"),
                List.of(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), List.of(), List.of());
        org.deepminer.api.DeepMinerException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.deepminer.api.DeepMinerException.class, quoted::toCapability);
        assertTrue(e.getMessage().contains("contains a quote"), e.getMessage());
    }

    @Test
    void deployFilesWithSidecarsInstallUpdateAndUninstall() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        ModelFileInstaller installer = new ModelFileInstaller(registry);
        ModelBuilder.Built b = ModelBuilder.smallCnn(56, 3, 16, 3);
        Path model = b.builder().write(deploy, "cnn.onnx");
        Path sidecar = Files.writeString(deploy.resolve("cnn.onnx.json"),
                "{\"name\": \"screening\", \"classes\": [\"normal\", \"benign\", \"malignant\"], \"mean\": [0.5], \"std\": 0.25}");
        File modelFile = model.toFile();
        assertTrue(installer.canHandle(modelFile) && installer.canHandle(sidecar.toFile()));
        assertTrue(!installer.canHandle(dir.resolve("bundle.jar").toFile()));

        installer.install(modelFile);
        ServiceReference<?> ref = models()[0];
        assertEquals("screening", ref.getProperty(ServiceProperties.MODEL_NAME));
        assertEquals("file " + model, ref.getProperty(ModelRegistry.SOURCE));
        String firstSha = (String) ref.getProperty(ServiceProperties.MODEL_SHA256);
        Model deployed = (Model) context.getService(ref);
        org.deepminer.api.DeepMinerException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.deepminer.api.DeepMinerException.class,
                () -> deployed.loaded().forward(OnnxBackendTest.batch(1, 1, 3, 16, 16), Set.of("relu_4")));
        assertEquals(model + ": no layer 'relu_4'; nearest: relu4, relu2, gemm7, conv1, conv3", e.getMessage(),
                "errors name the deployed file, not the private copy the model runs from");

        // FileInstall reports the sidecar as an artifact of its own, and a touched file again: the model that
        // is in use stays registered and open
        Object id = ref.getProperty(org.osgi.framework.Constants.SERVICE_ID);
        installer.install(sidecar.toFile());
        installer.update(modelFile);
        assertEquals(1, models().length);
        assertEquals(id, models()[0].getProperty(org.osgi.framework.Constants.SERVICE_ID), "an unchanged model is not reloaded");
        assertEquals(16, deployed.loaded().forward(OnnxBackendTest.batch(1, 1, 3, 16, 16), Set.of(b.headLayer()))
                .activation(b.headLayer()).dim(1), "the model in use was not closed");

        Files.writeString(sidecar, "{\"name\": \"screening\", \"classes\": \"a,b,c\"}");
        installer.update(sidecar.toFile());
        assertEquals(1, models().length, "replaced, not added");
        assertTrue(!id.equals(models()[0].getProperty(org.osgi.framework.Constants.SERVICE_ID)), "a changed sidecar reloads");
        assertArrayEquals(new String[] {"a", "b", "c"}, (String[]) models()[0].getProperty(ServiceProperties.MODEL_CLASSES));

        Files.write(model, new byte[] {1, 2, 3});
        installer.update(modelFile);
        assertEquals(1, models().length, "a broken update keeps the version that works");
        assertEquals(firstSha, models()[0].getProperty(ServiceProperties.MODEL_SHA256));
        assertTrue(registry.problems().get(registry.problems().size() - 1).message().startsWith(model.toString()));
        Model kept = (Model) context.getService(models()[0]);
        assertEquals(3, kept.loaded().forward(OnnxBackendTest.batch(1, 1, 3, 16, 16), Set.of(b.headLayer()))
                .activation(b.headLayer()).dim(1) / 16 * 3, "still runs from its own copy");

        b.builder().write(deploy, "cnn.onnx");
        Files.writeString(sidecar, "{\"name\": \"screening\", \"size\": \"large\"}");
        installer.update(sidecar.toFile());
        assertTrue(registry.problems().get(registry.problems().size() - 1).message()
                .contains("attribute size must be a whole number, not 'large'"));

        installer.uninstall(modelFile);
        assertNull(models());
        assertEquals(List.of(), registry.names());
    }

    @Test
    void aLeaseKeepsAReplacedModelOpenUntilItCloses() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        ModelFileInstaller installer = new ModelFileInstaller(registry);
        ModelBuilder.Built first = ModelBuilder.smallCnn(56, 1, 16, 3);
        Path model = first.builder().write(deploy, "cnn.onnx");
        installer.install(model.toFile());
        Model v1 = (Model) context.getService(models()[0]);
        org.deepminer.api.model.LoadedModel lease = v1.lease();
        float[] before = lease.forward(OnnxBackendTest.batch(1, 1, 1, 16, 16), Set.of()).probabilities().data();

        // a probe is running on v1 when the user drops v2 into deploy/
        ModelBuilder.smallCnn(57, 1, 16, 3).builder().write(deploy, "cnn.onnx");
        installer.update(model.toFile());
        assertEquals(1, models().length);
        assertNotSame(v1, context.getService(models()[0]), "v2 is registered");
        float[] after = lease.forward(OnnxBackendTest.batch(1, 1, 1, 16, 16), Set.of()).probabilities().data();
        assertArrayEquals(before, after, "the lease still runs v1");
        DeepMinerException gone = assertThrows(DeepMinerException.class, v1::lease);
        assertTrue(gone.getMessage().contains("removed or replaced"), gone.getMessage());

        lease.close();
        lease.close(); // a second close releases nothing more
        assertThrows(RuntimeException.class, () -> lease.forward(OnnxBackendTest.batch(1, 1, 1, 16, 16), Set.of()),
                "v1 is freed with its last lease");
        Model v2 = (Model) context.getService(models()[0]);
        try (org.deepminer.api.model.LoadedModel l = v2.lease()) {
            assertEquals(3, l.forward(OnnxBackendTest.batch(1, 1, 1, 16, 16), Set.of()).probabilities().dim(1));
        }
        installer.uninstall(model.toFile());
        assertNull(models());
    }

    @Test
    void modelNamesAreUnique() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        ModelFileInstaller installer = new ModelFileInstaller(registry);
        Path one = ModelBuilder.smallCnn(57, 3, 16, 3).builder().write(deploy, "same.onnx");
        Path sub = Files.createDirectories(deploy.resolve("other"));
        Path two = ModelBuilder.smallCnn(58, 3, 16, 3).builder().write(sub, "same.onnx");
        installer.install(one.toFile());
        installer.install(two.toFile());
        assertEquals(1, models().length);
        assertTrue(registry.problems().get(0).message().contains("a model named 'same' is already registered from file " + one));
    }
}
