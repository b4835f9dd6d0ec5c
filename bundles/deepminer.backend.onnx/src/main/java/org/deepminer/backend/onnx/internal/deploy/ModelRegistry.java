package org.deepminer.backend.onnx.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelCapability;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The onnx extender: every started bundle with a {@code deepminer.model} capability for the onnx backend
 * (or for no named backend and a {@code .onnx} file) becomes a {@link Model} service, registered in the
 * model bundle's name and closed (native memory too) when the bundle stops. Raw model files from deploy/
 * come in through {@link #deployFile} and {@link #undeployFile}. A bad model bundle or file is logged with
 * its name and recorded in {@link #problems()}; nothing else is affected.
 */
@Component(service = ModelRegistry.class, immediate = true)
public class ModelRegistry {

    /** Service property of a Model: the bundle or file it came from. */
    public static final String SOURCE = ServiceProperties.MODEL_SOURCE;
    private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());
    private static final int MAX_PROBLEMS = 100;

    /**
     * Something that failed to deploy.
     *
     * @param source the bundle or file
     * @param message what is wrong
     * @param at when
     */
    public record Problem(String source, String message, Instant at) {}

    @Reference(target = "(" + ServiceProperties.BACKEND + "=onnx)")
    ModelBackend backend;

    private BundleContext context;
    private BundleTracker<List<Registered>> tracker;
    private final Map<String, Registered> byName = new HashMap<>();
    private final Map<Path, Registered> byFile = new HashMap<>();
    private final Deque<Problem> problems = new ArrayDeque<>();
    private final AtomicLong copies = new AtomicLong();

    private static final class Registered {
        final String name;
        final DeployedModel model;
        final ServiceRegistration<Model> registration;
        /** For a deploy/ file: the declaration it was registered with, so that an unchanged redeploy is a no-op. */
        ModelDeclaration declaration;

        Registered(String name, DeployedModel model, ServiceRegistration<Model> registration) {
            this.name = name;
            this.model = model;
            this.registration = registration;
        }
    }

    public ModelRegistry() {}

    /** For tests outside a framework: a registry with the given backend. */
    public ModelRegistry(ModelBackend backend) {
        this.backend = backend;
    }

    @Activate
    public void start(BundleContext context) {
        this.context = context;
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public List<Registered> addingBundle(Bundle bundle, BundleEvent event) {
                return deployBundle(bundle);
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, List<Registered> models) {
                // a started bundle's capabilities do not change
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, List<Registered> models) {
                models.forEach(ModelRegistry.this::undeploy);
            }
        });
        tracker.open();
    }

    @Deactivate
    public void stop() {
        if (tracker != null) {
            tracker.close();
        }
        List<Registered> files;
        synchronized (this) {
            files = new ArrayList<>(byFile.values());
            byFile.clear();
        }
        files.forEach(this::undeploy);
    }

    /** What failed to deploy, oldest first (at most the last 100). */
    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    // ---- model bundles ----

    /** The models a bundle declares for this backend; null when it declares none (then it is not tracked). */
    List<Registered> deployBundle(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<BundleCapability> capabilities = revision.getDeclaredCapabilities(ModelCapability.NAMESPACE);
        List<Registered> deployed = new ArrayList<>();
        boolean ours = false;
        String where = "model bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + ")";
        for (BundleCapability cap : capabilities) {
            Map<String, Object> attributes = cap.getAttributes();
            Object declaredBackend = attributes.get(ModelCapability.BACKEND);
            Object file = attributes.get(ModelCapability.FILE);
            boolean onnx = declaredBackend == null ? String.valueOf(file).toLowerCase().endsWith(".onnx")
                    : OnnxBackendName.is(declaredBackend);
            if (!onnx) {
                continue; // another backend's extender loads it
            }
            ours = true;
            try {
                deployed.add(deployFromBundle(bundle, attributes, where));
            } catch (RuntimeException e) {
                problem(where, e);
            }
        }
        return ours ? deployed : null;
    }

    private Registered deployFromBundle(Bundle bundle, Map<String, Object> attributes, String where) {
        ModelDeclaration d = ModelDeclaration.fromCapability(attributes, where);
        String entry = d.file().orElseThrow(() -> new DeepMinerException(where, "the model attribute 'file' is missing"));
        URL url = bundle.getEntry(entry.startsWith("/") ? entry.substring(1) : entry);
        if (url == null) {
            throw new DeepMinerException(where, "no file '" + entry + "' in the bundle (attribute file)");
        }
        Path copy = dataFile(bundle.getSymbolicName() + "-" + fileName(entry));
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DeepMinerException(where, "cannot extract '" + entry + "': " + e, e);
        }
        String source = "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion();
        try {
            return register(d, copy, source, where, bundle.getBundleContext(), null);
        } catch (RuntimeException e) {
            delete(copy);
            throw e;
        }
    }

    // ---- deploy/ files ----

    /**
     * Loads a model file dropped into deploy/, with its {@code <file>.json} sidecar when there is one, and
     * registers it; a file that was registered before is replaced. When the new version fails to load, the
     * previous one stays registered (it runs from its own copy).
     */
    public void deployFile(Path modelFile) {
        Path file = modelFile.toAbsolutePath().normalize();
        String where = file.toString();
        try {
            Path sidecar = file.resolveSibling(file.getFileName() + ".json");
            String base = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
            ModelDeclaration d = Files.exists(sidecar) ? ModelDeclaration.fromJson(sidecar, base) : ModelDeclaration.named(base);
            if (d.backend().isPresent() && !OnnxBackendName.is(d.backend().get())) {
                throw new DeepMinerException(where, "the sidecar names backend '" + d.backend().get() + "'; this extender loads onnx models");
            }
            String sha = sha256(file);
            synchronized (this) {
                Registered current = byFile.get(file);
                // FileInstall reports a model and its sidecar separately (both at launch), and a touched file
                // again: reloading the same bytes and declaration would close a model a running command uses.
                if (current != null && d.equals(current.declaration) && sha.equals(current.model.info().sha256())) {
                    LOG.log(Level.DEBUG, "model '" + d.name() + "' unchanged in " + file + "; kept");
                    return;
                }
            }
            Path copy = dataFile(fileName(file.toString()));
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            try {
                Registered r = register(d, copy, "file " + file, where, context, file);
                r.declaration = d;
            } catch (RuntimeException e) {
                delete(copy);
                throw e;
            }
        } catch (IOException e) {
            problem(where, new DeepMinerException(where, "cannot copy the model file: " + e, e));
        } catch (RuntimeException e) {
            problem(where, e);
        }
    }

    /** Unregisters and closes the model of a file removed from deploy/. */
    public void undeployFile(Path modelFile) {
        Registered r;
        synchronized (this) {
            r = byFile.remove(modelFile.toAbsolutePath().normalize());
        }
        if (r != null) {
            undeploy(r);
        }
    }

    // ---- registration ----

    private Registered register(ModelDeclaration d, Path copy, String source, String where, BundleContext in, Path file) {
        ModelSource s = d.toSource(copy, () -> OnnxBackend.inputChannels(copy), where);
        LoadedModel loaded;
        try {
            loaded = backend.load(s);
        } catch (DeepMinerException e) {
            throw DeployedModel.renamed(e, copy, where); // name what the user deployed, not the copy
        }
        DeployedModel model = new DeployedModel(loaded, source, copy, where);
        Registered previous = null;
        Registered r;
        synchronized (this) {
            Registered same = file == null ? null : byFile.get(file);
            Registered other = byName.get(d.name());
            if (other != null && other != same) {
                model.dispose();
                throw new DeepMinerException(where, "a model named '" + d.name() + "' is already registered from "
                        + other.model.source);
            }
            ServiceRegistration<Model> reg = in.registerService(Model.class, model, properties(loaded.info(), source));
            r = new Registered(d.name(), model, reg);
            if (same != null) {
                previous = same;
                byName.remove(same.name);
            }
            byName.put(d.name(), r);
            if (file != null) {
                byFile.put(file, r);
            }
        }
        if (previous != null) {
            unregisterAndClose(previous);
        }
        LOG.log(Level.DEBUG, "model '" + d.name() + "' registered from " + source);
        return r;
    }

    static Hashtable<String, Object> properties(ModelInfo info, String source) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ServiceProperties.MODEL_NAME, info.name());
        p.put(ServiceProperties.MODEL_BACKEND, info.backend());
        p.put(ServiceProperties.MODEL_SHA256, info.sha256());
        p.put(ServiceProperties.MODEL_CLASSES, info.classes().toArray(String[]::new));
        p.put(SOURCE, source);
        InputSpec in = info.input();
        p.put(ServiceProperties.DESCRIPTION, info.classes().size() + " classes, input " + in.channels() + "x"
                + (in.height() > 0 ? in.height() : "h") + "x" + (in.width() > 0 ? in.width() : "w") + ", layer "
                + info.defaultLayer());
        return p;
    }

    private void undeploy(Registered r) {
        synchronized (this) {
            if (byName.get(r.name) == r) {
                byName.remove(r.name);
            }
        }
        unregisterAndClose(r);
        LOG.log(Level.DEBUG, "model '" + r.name + "' unregistered (" + r.model.source + ")");
    }

    private void unregisterAndClose(Registered r) {
        try {
            r.registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with its bundle
        }
        r.model.dispose(); // deletes the copy too, once no lease holds the model
    }

    /** Registered model names, for tests and diagnostics. */
    public synchronized List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    private void problem(String where, RuntimeException e) {
        String message = e instanceof DeepMinerException ? e.getMessage() : where + ": " + e;
        synchronized (this) {
            // the same again (a model and its sidecar arrive together): listed once, with the latest time
            boolean again = problems.removeIf(p -> p.source().equals(where) && p.message().equals(message));
            if (!again) {
                LOG.log(Level.ERROR, "cannot deploy " + message);
            }
            problems.addLast(new Problem(where, message, Instant.now()));
            while (problems.size() > MAX_PROBLEMS) {
                problems.removeFirst();
            }
        }
    }

    /** A private copy for the model to run from, so that the original can change or go meanwhile. */
    private Path dataFile(String name) {
        String unique = copies.incrementAndGet() + "-" + name;
        java.io.File f = context == null ? null : context.getDataFile("models/" + unique);
        try {
            Path p = f != null ? f.toPath() : Files.createTempDirectory("deepminer-models").resolve(unique);
            Files.createDirectories(p.getParent());
            return p;
        } catch (IOException e) {
            throw new DeepMinerException(name, "cannot create a copy of the model: " + e, e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String fileName(String path) {
        String n = path.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the model copy " + p + ": " + e);
        }
    }

    /** The backend name this extender serves. */
    static final class OnnxBackendName {
        static boolean is(Object name) {
            return "onnx".equals(String.valueOf(name).strip());
        }

        private OnnxBackendName() {}
    }
}
