package org.deepminer.explain.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.explain.RunModel;
import org.osgi.framework.ServiceReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which open runs the explainer lets go when a model service leaves (hot deploy). */
class ExplainerComponentTest {
    @TempDir
    Path dir;

    /** A network with a head after relu4 that only needs to exist; {@code closed} records its close. */
    static LoadedModel network(String sha, AtomicBoolean closed) {
        return new LoadedModel() {
            @Override
            public ModelInfo info() {
                return new ModelInfo(sha, "test", sha, List.of("normal", "benign", "malignant"), InputSpec.grey(0, 0),
                        "relu4", List.of());
            }

            @Override
            public ForwardResult forward(FloatTensor batch, Set<String> layers) {
                throw new IllegalStateException("not run here");
            }

            @Override
            public ClassifierHead head(String layer) {
                return new ClassifierHead("relu4", 3, 2, new float[6], new float[3]);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    static Model service(String sha) {
        LoadedModel m = network(sha, new AtomicBoolean());
        return new Model() {
            @Override
            public ModelInfo info() {
                return m.info();
            }

            @Override
            public LoadedModel loaded() {
                return m;
            }
        };
    }

    /** The registration's properties, as the framework would give them (a stand-in for the OSGi object). */
    @SuppressWarnings("unchecked")
    static ServiceReference<Model> ref(String sha) {
        Map<String, Object> props = Map.of(ServiceProperties.MODEL_SHA256, sha, ServiceProperties.MODEL_NAME, sha);
        return (ServiceReference<Model>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> props.get(args[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    Path run(String name, String sha, String file) throws Exception {
        RunWorkspace ws = RunWorkspace.open(dir.resolve(name));
        ws.writeManifest(new RunManifest(RunManifest.VERSION, "test", "", "", "complete",
                new RunManifest.ModelRef(sha, "test", sha, file), "relu4",
                new RunManifest.DatasetRef("phantom", "/nowhere", "h", 1), "test", Map.of("kind", "whole", "size", "0"),
                Map.of(), List.of(), Map.of(), List.of(), Map.of()));
        return ws.dir();
    }

    @Test
    void aModelLeavingClosesOnlyTheRunsThatMayHoldIt() throws Exception {
        ExplainerComponent c = new ExplainerComponent();
        AtomicBoolean fileModelClosed = new AtomicBoolean();
        c.backends.add(new ModelBackend() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public boolean canLoad(ModelSource source) {
                return true;
            }

            @Override
            public LoadedModel load(ModelSource source) {
                return network("aaa", fileModelClosed);
            }
        });
        Path fileRun = run("file-run", "aaa", Files.writeString(dir.resolve("model.onnx"), "weights").toString());
        Path deployedRun = run("deployed-run", "bbb", "");
        Model deployed = service("bbb");
        Model other = service("ccc");
        c.addModel(ref("bbb"), deployed);
        c.addModel(ref("ccc"), other);
        RunModel onFile = c.runModel(fileRun);
        RunModel onDeployed = c.runModel(deployedRun);

        c.removeModel(other); // someone else's model goes: an evaluation on either run goes on
        assertSame(onFile, c.runModel(fileRun));
        assertSame(onDeployed, c.runModel(deployedRun));

        c.removeModel(deployed);
        assertSame(onFile, c.runModel(fileRun), "the run on a model file is not closed");
        assertFalse(fileModelClosed.get());
        DeepMinerException gone = assertThrows(DeepMinerException.class, () -> c.runModel(deployedRun));
        assertTrue(gone.getMessage().contains("is not deployed"), gone.getMessage());

        c.addModel(ref("bbb"), deployed);
        assertNotSame(onDeployed, c.runModel(deployedRun), "deployed again: opened anew");
        c.stop();
        assertTrue(fileModelClosed.get(), "the explainer closes the models it loaded when it stops");
    }
}
