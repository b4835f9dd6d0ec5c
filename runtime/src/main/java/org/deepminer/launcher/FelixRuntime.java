package org.deepminer.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * One Felix framework with the bundles of the chosen features, FileInstall watching the deploy folder
 * (its bundles start as soon as it installs them); the interactive shell is started last, once every
 * command is registered.
 */
final class FelixRuntime implements AutoCloseable {
    static final int PLATFORM_LEVEL = 1;
    static final int DEPLOY_LEVEL = 2;
    private static final String INTERACTIVE_SHELL = "org.apache.felix.gogo.jline";

    private final Framework framework;
    private final Path storage;
    private final PrintStream log;
    /** Time of the last bundle or service event: the runtime is settled when it is quiet a while. */
    private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());

    private FelixRuntime(Framework framework, Path storage, PrintStream log) {
        this.framework = framework;
        this.storage = storage;
        this.log = log;
    }

    static FelixRuntime start(Path home, List<Path> bundleFiles, Path deploy, boolean interactive, PrintStream log)
            throws IOException, BundleException, InterruptedException {
        // A fresh cache per launch: the features chosen on the command line, not a previous launch's, run.
        Path storage = Files.createTempDirectory("deepminer-felix-");
        Files.createDirectories(deploy);
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", storage.toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("org.osgi.framework.startlevel.beginning", Integer.toString(DEPLOY_LEVEL));
        props.put("felix.startlevel.bundle", Integer.toString(PLATFORM_LEVEL));
        props.put("felix.log.level", "1");
        props.put("ds.loglevel", "warn");
        props.put("felix.fileinstall.dir", deploy.toAbsolutePath().toString());
        props.put("felix.fileinstall.poll", "500");
        props.put("felix.fileinstall.noInitialDelay", "true");
        // deployed bundles start at once, in FileInstall's own scan, whatever level the framework is raising to
        props.put("felix.fileinstall.start.level", Integer.toString(PLATFORM_LEVEL));
        props.put("felix.fileinstall.log.level", "2");
        props.put("felix.fileinstall.bundles.new.start", "true");
        props.put("felix.fileinstall.bundles.updateWithListeners", "true");
        props.put("gosh.home", home.toString());
        // Scripts run in a session of the launcher's own; the shell bundle is there for its built-in
        // commands (echo, each, ...) and must neither read stdin nor stop the framework.
        if (!interactive) {
            props.put("gosh.args", "--nointeractive --noshutdown");
            System.setProperty("org.jline.terminal.dumb", "true"); // no terminal wanted: no warning either
        }
        props.put("deepminer.home", home.toString());
        // The web feature's Jetty binds the loopback interface only, from its first moment: the annotation
        // tool's own configuration arrives a little later, and nothing may listen on other interfaces meanwhile.
        props.put("org.apache.felix.http.host", "127.0.0.1");
        // conf/framework.properties: the user's own framework properties win
        Path userProps = home.resolve("conf/framework.properties");
        if (Files.exists(userProps)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(userProps)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the launcher's class path"));
        Framework framework = factory.newFramework(props);
        framework.init();
        FelixRuntime runtime = new FelixRuntime(framework, storage, log);
        BundleContext ctx = framework.getBundleContext();
        ctx.addBundleListener(e -> runtime.lastEvent.set(System.nanoTime()));
        ctx.addServiceListener(e -> runtime.lastEvent.set(System.nanoTime()));

        List<Bundle> installed = new ArrayList<>();
        Bundle interactiveShell = null;
        for (Path file : bundleFiles) {
            if (!Files.isRegularFile(file)) {
                throw new IOException("bundle " + file + " of the chosen features is missing from the distribution");
            }
            Bundle b = ctx.installBundle("reference:" + file.toUri());
            boolean shell = INTERACTIVE_SHELL.equals(b.getSymbolicName());
            if (shell && interactive) {
                interactiveShell = b; // started last, below, once every command is registered
                continue;
            }
            b.adapt(BundleStartLevel.class).setStartLevel(PLATFORM_LEVEL);
            installed.add(b);
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    log.println("deepminer: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
                }
            }
        }
        CountDownLatch started = new CountDownLatch(1);
        ctx.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        });
        framework.start();
        if (!started.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the framework did not reach its start level in 30 s");
        }
        runtime.watchConfiguration(home.resolve("conf"));
        if (interactiveShell != null) {
            runtime.startShell(interactiveShell);
        }
        return runtime;
    }

    /**
     * Starts the line-editing shell from this thread with the JLine bundle's class loader as context
     * loader: JLine finds its terminal providers (exec, FFM) through the context class loader, and
     * without them it falls back to a dumb terminal with no editing, history or completion.
     */
    private void startShell(Bundle shell) throws BundleException, InterruptedException {
        awaitSettled(100, 3_000);
        ClassLoader jline = null;
        for (Bundle b : context().getBundles()) {
            if ("org.jline".equals(b.getSymbolicName())) {
                context().getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class).resolveBundles(List.of(b));
                org.osgi.framework.wiring.BundleWiring w = b.adapt(org.osgi.framework.wiring.BundleWiring.class);
                jline = w == null ? null : w.getClassLoader();
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        if (jline != null) {
            Thread.currentThread().setContextClassLoader(jline);
        }
        try {
            shell.start(Bundle.START_TRANSIENT);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Lets FileInstall turn conf/*.cfg and *.config files into ConfigAdmin configurations, updating them
     * when the files change. Configured through ConfigAdmin itself (a second FileInstall watcher); called
     * by reflection because the launcher shares no packages with the framework.
     */
    private void watchConfiguration(Path conf) {
        if (!Files.isDirectory(conf)) {
            return;
        }
        ServiceReference<?> ref = context().getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            return;
        }
        Object admin = context().getService(ref);
        try {
            Method get = admin.getClass().getMethod("getFactoryConfiguration", String.class, String.class, String.class);
            Object config = get.invoke(admin, "org.apache.felix.fileinstall", "conf", "?");
            Dictionary<String, Object> d = new Hashtable<>();
            d.put("felix.fileinstall.dir", conf.toAbsolutePath().toString());
            d.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
            d.put("felix.fileinstall.poll", "1000");
            d.put("felix.fileinstall.noInitialDelay", "true");
            config.getClass().getMethod("update", Dictionary.class).invoke(config, d);
        } catch (ReflectiveOperationException e) {
            log.println("deepminer: conf/ is not watched: " + e);
        } finally {
            context().ungetService(ref);
        }
    }

    /** Waits for a service, polling; null when it does not come in time. */
    Object awaitService(String className, String filter, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        do {
            ServiceReference<?>[] refs = context().getServiceReferences(className, filter);
            if (refs != null && refs.length > 0) {
                return context().getService(refs[0]);
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < end);
        return null;
    }

    /**
     * Waits until FileInstall has installed the bundles that were in the deploy folder at launch (at most
     * {@code maxMillis}), so that a script sees what the user deployed; then until things are quiet.
     */
    void awaitDeployed(Path deploy, long maxMillis) throws InterruptedException {
        List<String> jars;
        List<String> models;
        try (Stream<Path> files = Files.list(deploy)) {
            List<Path> all = files.toList();
            jars = all.stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
            // raw model files (with a sidecar) become Model services through a FileInstall installer
            models = all.stream().filter(p -> Files.exists(p.resolveSibling(p.getFileName() + ".json")))
                    .map(p -> p.toAbsolutePath().toString()).toList();
        } catch (IOException e) {
            return;
        }
        long end = System.currentTimeMillis() + maxMillis;
        while (System.currentTimeMillis() < end && !jars.stream().allMatch(this::installed)) {
            Thread.sleep(20);
        }
        // a model file that fails to load never becomes a service: give up on it after a few seconds
        long modelsEnd = Math.min(end, System.currentTimeMillis() + 5_000);
        while (System.currentTimeMillis() < modelsEnd && !models.stream().allMatch(this::modelRegistered)) {
            Thread.sleep(20);
        }
        // FileInstall starts what it installed in the same scan; SCR then registers the services. With
        // nothing deployed, SCR registered the platform's services while the framework started.
        awaitSettled(jars.isEmpty() ? 50 : 300, 5_000);
    }

    private boolean modelRegistered(String file) {
        try {
            ServiceReference<?>[] refs = context().getServiceReferences((String) null, "(deepminer.model.source=*)");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    if (String.valueOf(r.getProperty("deepminer.model.source")).endsWith(file)) {
                        return true;
                    }
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        return false;
    }

    private boolean installed(String jarName) {
        for (Bundle b : context().getBundles()) {
            if (b.getLocation().endsWith("/" + jarName)) {
                return true;
            }
        }
        return false;
    }

    /** Waits until no bundle or service event came for {@code quietMillis}, at most {@code maxMillis}. */
    void awaitSettled(long quietMillis, long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (System.nanoTime() < end
                && System.nanoTime() - lastEvent.get() < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            Thread.sleep(10);
        }
    }

    /** Blocks until the framework stops (the interactive shell stops it on exit). */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | InterruptedException e) {
            log.println("deepminer: the framework did not stop cleanly: " + e.getMessage());
        } finally {
            deleteQuietly(storage);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary cache is harmless
        }
    }
}
