package org.deepminer.annotate.web.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The annotation web UI's component: it reads its configuration (PID {@value #PID}: host, port, the run folders,
 * the accounts folder...), tells the HTTP service where to listen (ConfigAdmin PID {@value JettyBinding#PID}), and
 * registers the servlet on the whiteboard, bound only to the HTTP runtime that listens there.
 * {@code deepminer:serve} changes the configuration; so does a {@code conf/org.deepminer.annotate.web.cfg} file.
 */
@Component(service = AnnotationWebServer.class, configurationPid = AnnotationWebServer.PID, immediate = true)
@Designate(ocd = AnnotationWebServer.Config.class)
public class AnnotationWebServer {
    static final String PID = "org.deepminer.annotate.web";
    static final String FRAMEWORK_STORE_PROPERTY = "deepminer.annotations";
    private static final Logger LOG = Logger.getLogger(AnnotationWebServer.class.getName());

    @ObjectClassDefinition(name = "DeepMiner annotation web UI",
            description = "The expert annotation tool: where it listens, which runs it shows, its accounts")
    public @interface Config {
        @AttributeDefinition(description = "interface to listen on; 127.0.0.1 keeps the tool on this machine, 0.0.0.0 opens it to the network")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port")
        int port() default 8080;

        @AttributeDefinition(description = "run folders to show (deepminer:serve sets them)", required = false)
        String[] runs() default {};

        @AttributeDefinition(description = "folder of accounts.json; empty: the framework property deepminer.annotations, else annotations/ under the working directory (the annotation store's own default)", required = false)
        String dir() default "";

        @AttributeDefinition(description = "id of the concept vocabulary the picker offers")
        String vocabulary() default "birads";

        @AttributeDefinition(description = "name of the first admin account, created from the initial password below")
        String initial_admin_name() default "admin";

        @AttributeDefinition(description = "creates the first admin with this password when no admin exists; empty: a one-time set-up token is printed on the console instead", type = AttributeType.PASSWORD, required = false)
        String initial_admin_password() default "";

        @AttributeDefinition(description = "a signed-in session ends after this many minutes without a request")
        int session_minutes() default 240;

        @AttributeDefinition(description = "PBKDF2 iterations for new password hashes (at least 210000)")
        int password_iterations() default PasswordHasher.DEFAULT_ITERATIONS;

        @AttributeDefinition(description = "memory for cached images, in MB")
        int image_cache_mb() default 128;

        @AttributeDefinition(description = "set the HTTP service's host and port (ConfigAdmin PID org.apache.felix.http) from host and port above; off when that configuration is managed elsewhere")
        boolean configure_http() default true;
    }

    /** What is being served, for {@code deepminer:serve}. */
    record State(String host, int port, List<Path> runs, List<String> problems, String setupToken, Path accounts,
            long generation) {}

    volatile AnnotationStore store;
    final List<Map.Entry<Map<String, Object>, ConceptVocabulary>> vocabularies = new CopyOnWriteArrayList<>();
    final List<Map.Entry<String, DatasetSource>> sources = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ConfigurationAdmin configAdmin;

    private BundleContext context;
    private Config config;
    private Path storeDir;
    private WebApp app;
    private volatile RunCatalog runs = RunCatalog.empty();
    private DatasetImages datasets;
    private ServletBinder binder;
    private volatile State state;
    private long generation;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setStore(AnnotationStore s) {
        store = s;
    }

    void unsetStore(AnnotationStore s) {
        if (store == s) {
            store = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVocabulary(ConceptVocabulary v, Map<String, Object> props) {
        vocabularies.add(Map.entry(props, v));
    }

    void removeVocabulary(ConceptVocabulary v) {
        vocabularies.removeIf(e -> e.getValue() == v);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(DatasetSource s, Map<String, Object> props) {
        Object f = props.get(ServiceProperties.DATASET_FORMAT);
        sources.add(Map.entry(f == null ? s.format() : f.toString(), s));
    }

    void removeSource(DatasetSource s) {
        sources.removeIf(e -> e.getValue() == s);
        DatasetImages d = datasets;
        if (d != null) {
            d.close(); // reopened through the remaining readers on the next request
        }
    }

    @Activate
    synchronized void start(BundleContext ctx, Config c) {
        this.context = ctx;
        this.config = c;
        this.storeDir = storeDir(ctx, c);
        PasswordHasher hasher = new PasswordHasher(Math.max(PasswordHasher.MIN_ITERATIONS, c.password_iterations()));
        AccountStore accounts = AccountStore.open(storeDir, hasher);
        FirstAdmin firstAdmin = FirstAdmin.prepare(accounts, c.initial_admin_name(), c.initial_admin_password(),
                System.out::println);
        long idle = Math.max(5, c.session_minutes()) * 60_000L;
        Sessions sessions = new Sessions(System::currentTimeMillis, idle, Math.max(idle, 12 * 3_600_000L), 10_000);
        LoginThrottle throttle = new LoginThrottle(System::currentTimeMillis, 5);
        datasets = new DatasetImages(this::source);
        UnitImages images = new UnitImages(datasets::forRun, Math.max(16, c.image_cache_mb()) * 1024L * 1024L);
        app = new WebApp(accounts, sessions, throttle, firstAdmin, () -> runs, images, () -> Optional.ofNullable(store),
                this::vocabulary);
        binder = new ServletBinder(ctx, new AnnotationServlet(app));
        apply(c);
    }

    @Modified
    synchronized void modified(Config c) {
        boolean sameAccounts = storeDir(context, c).equals(storeDir)
                && c.password_iterations() == config.password_iterations() && c.session_minutes() == config.session_minutes();
        if (!sameAccounts) {
            stop();
            start(context, c);
            return;
        }
        this.config = c;
        apply(c);
    }

    @Deactivate
    synchronized void stop() {
        if (binder != null) {
            binder.close();
            binder = null;
        }
        if (datasets != null) {
            datasets.close();
        }
        state = null;
    }

    /** Serves the configured runs on the configured host and port. */
    private void apply(Config c) {
        List<Path> folders = new ArrayList<>();
        for (String r : c.runs()) {
            if (r != null && !r.isBlank()) {
                folders.add(Path.of(r.strip()));
            }
        }
        runs = RunCatalog.of(folders);
        runs.problems().forEach(p -> LOG.warning("annotation web UI: run left out: " + p));
        String host = c.host() == null || c.host().isBlank() ? "127.0.0.1" : c.host().strip();
        if (!JettyBinding.validHost(host)) {
            LOG.warning("annotation web UI: host '" + host + "' is not a host name or address; listening on 127.0.0.1");
            host = "127.0.0.1";
        }
        int port = c.port();
        String target = c.configure_http() ? JettyBinding.target(host, port) : null;
        String local = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        // off the old runtime first, then move Jetty: the binder registers once the new runtime is up
        binder.bind(target, c.configure_http() ? "http://" + local + ":" + port + Layout.BASE + "/login" : null);
        if (c.configure_http() && configAdmin != null) {
            try {
                JettyBinding.bind(configAdmin, host, port);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "annotation web UI: cannot configure the HTTP service", e);
            }
        }
        state = new State(host, port, runs.folders(), runs.problems(), app.firstAdmin().token(),
                app.accounts().file(), ++generation);
    }

    /** What is served now; the set-up token is read afresh (it goes once the first admin exists). */
    State state() {
        State s = state;
        return s == null ? null : new State(s.host(), s.port(), s.runs(), s.problems(), app.firstAdmin().token(),
                s.accounts(), s.generation());
    }

    /** The runs served now. */
    RunCatalog runs() {
        return runs;
    }

    /** Checks run folders as serving them would, for a command to report errors before changing anything. */
    static void check(List<Path> folders) {
        for (Path f : folders) {
            ServedRun.load("check", f);
        }
    }

    private Optional<ConceptVocabulary> vocabulary() {
        String wanted = config == null ? "birads" : config.vocabulary();
        ConceptVocabulary first = null;
        for (Map.Entry<Map<String, Object>, ConceptVocabulary> e : vocabularies) {
            Object id = e.getKey().get(ServiceProperties.VOCABULARY_ID);
            String vid = id == null ? e.getValue().id() : id.toString();
            if (vid.equals(wanted)) {
                return Optional.of(e.getValue());
            }
            if (first == null) {
                first = e.getValue();
            }
        }
        return Optional.ofNullable(first);
    }

    private Optional<DatasetSource> source(String format) {
        return sources.stream().filter(e -> e.getKey().equals(format)).map(Map.Entry::getValue).findFirst();
    }

    static Path storeDir(BundleContext ctx, Config c) {
        if (c.dir() != null && !c.dir().isBlank()) {
            return Path.of(c.dir().strip()).toAbsolutePath().normalize();
        }
        String fw = ctx == null ? null : ctx.getProperty(FRAMEWORK_STORE_PROPERTY);
        return Path.of(fw == null || fw.isBlank() ? "annotations" : fw).toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        State s = state;
        return "AnnotationWebServer[" + (s == null ? "stopped" : s.host() + ":" + s.port() + " " + s.runs()) + "]";
    }

    /** The host and port in the configuration, as {@code deepminer:serve} writes them. */
    static Dictionary<String, Object> withServe(Dictionary<String, Object> old, String host, Integer port, List<Path> folders) {
        Dictionary<String, Object> d = new Hashtable<>();
        if (old != null) {
            for (String k : java.util.Collections.list(old.keys())) {
                d.put(k, old.get(k));
            }
        }
        if (host != null) {
            d.put("host", host);
        }
        if (port != null) {
            d.put("port", port);
        }
        d.put("runs", folders.stream().map(p -> p.toAbsolutePath().normalize().toString()).toArray(String[]::new));
        return d;
    }

    static Configuration configuration(ConfigurationAdmin cm) throws IOException {
        return cm.getConfiguration(PID, "?");
    }

    static List<String> runsOf(Dictionary<String, Object> d) {
        Object v = d == null ? null : d.get("runs");
        if (v instanceof String[] a) {
            return Arrays.asList(a);
        }
        if (v instanceof String s && !s.isBlank()) {
            return List.of(s.split(","));
        }
        if (v instanceof java.util.Collection<?> col) {
            return col.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
