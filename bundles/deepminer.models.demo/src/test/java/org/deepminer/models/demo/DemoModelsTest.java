package org.deepminer.models.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.deepminer.backend.onnx.internal.deploy.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The demo bundle deploys as the onnx backend's extender deploys any model bundle, in a real framework: both
 * models register, with the capability's classes and layer, and run on whole images of any size.
 */
class DemoModelsTest {

    @TempDir
    Path dir;

    /** The bundle as the build makes it: target/classes with the manifest bnd wrote there. */
    Path bundle() throws IOException {
        Path classes = Path.of("target/classes");
        Manifest mf;
        try (var in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        Path jar = dir.resolve("demo.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jos.putNextEntry(new JarEntry(name));
                Files.copy(f, jos);
                jos.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void bothModelsDeployAndRunOnWholeImages() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", dir.resolve("felix-cache").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start();
        ModelRegistry registry = new ModelRegistry(new OnnxBackend());
        try {
            BundleContext context = framework.getBundleContext();
            registry.start(context);
            Bundle b = context.installBundle(bundle().toUri().toString());
            b.start();
            assertEquals("deepminer.models.demo", b.getSymbolicName());
            for (String name : List.of("demo", "demo-concepts")) {
                ServiceReference<?>[] refs = context.getServiceReferences(Model.class.getName(),
                        "(" + ServiceProperties.MODEL_NAME + "=" + name + ")");
                assertNotNull(refs, "model " + name + " registered; deploy problems: " + registry);
                Model m = (Model) context.getService(refs[0]);
                assertEquals(List.of("normal", "benign", "malignant"), m.info().classes());
                assertEquals("relu4", m.info().defaultLayer());
                assertEquals(0, m.info().input().height(), "dynamic size: the patch-trained network runs on whole images");
                // what deepminer:eval cuts patch-level AUCs at: the training patches the network's metadata records
                assertEquals(0.125, m.info().patchFraction().orElseThrow(), 0);
                assertEquals("small", m.info().metadata().get(ModelInfo.ARCH));
                ClassifierHead head = m.loaded().head("relu4");
                assertEquals(128, head.units());
                // any input size: a 128-pixel image gives a map of an eighth of its side
                FloatTensor image = new FloatTensor(new int[] {1, 1, 128, 128}, new float[128 * 128]);
                ForwardResult r = m.loaded().forward(image, Set.of("relu4"));
                assertEquals(16, r.activation("relu4").dim(2), "an eighth of the input side");
                float[] p = r.probabilities().data();
                assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
                context.ungetService(refs[0]);
            }
            b.stop();
            assertTrue(context.getServiceReferences(Model.class.getName(), null) == null, "stopping the bundle removes both");
        } finally {
            registry.stop();
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
