package org.deepminer.annotate.web.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deepminer.annotate.AnnotationLog;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet in a real Jetty (the one inside Felix HTTP Jetty) on a free loopback port, with a real annotation
 * log, the test vocabulary and a test run. Accounts use the lowest iteration count allowed: a real PBKDF2, just
 * not the production cost.
 */
final class WebFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";

    final Path dir;
    final AnnotationLog store;
    final AccountStore accounts;
    final FirstAdmin firstAdmin;
    final WebApp app;
    final Server server;
    final String base;
    final StringBuilder console = new StringBuilder();
    volatile ConceptVocabulary vocabulary = new TestVocabulary();

    WebFixture(Path dir, boolean withAdmin) throws Exception {
        this.dir = dir;
        Path run = TestRun.write(dir.resolve("run-a"));
        store = AnnotationLog.open(dir.resolve("store"));
        accounts = AccountStore.open(dir.resolve("store"), new PasswordHasher(PasswordHasher.MIN_ITERATIONS));
        if (withAdmin) {
            accounts.add("ada", PASSWORD.toCharArray(), AccountStore.Role.ADMIN, "test");
            accounts.add("ben", PASSWORD.toCharArray(), AccountStore.Role.ANNOTATOR, "test");
        }
        firstAdmin = FirstAdmin.prepare(accounts, "admin", "", line -> console.append(line).append('\n'));
        RunCatalog runs = RunCatalog.of(List.of(run));
        SampleImages images = TestRun.images();
        app = new WebApp(accounts, new Sessions(System::currentTimeMillis, 3_600_000, 7_200_000, 1000),
                new LoginThrottle(System::currentTimeMillis, 5), firstAdmin, () -> runs,
                new UnitImages(r -> Optional.of(images), 8 << 20), () -> Optional.<AnnotationStore>of(store),
                () -> Optional.ofNullable(vocabulary));
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler ctx = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new AnnotationServlet(app));
        ctx.getServletHandler().addServletWithMapping(holder, Layout.BASE + "/*");
        ctx.getServletHandler().addServletWithMapping(holder, "/");
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    Browser browser() {
        return new Browser(base);
    }

    /** A browser signed in as the account. */
    Browser signedIn(String name) throws Exception {
        Browser b = browser();
        b.get("/annotate/login");
        Browser.Response r = b.post("/annotate/login", "name", name, "password", PASSWORD);
        if (r.status() != 303) {
            throw new AssertionError("sign-in of " + name + " failed: " + r.status() + "\n" + r.body());
        }
        b.get("/annotate/");
        return b;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        store.close();
    }
}
