package org.deepminer.annotate.web.internal;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.deepminer.api.ServiceProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Puts the servlet on the whiteboard once the HTTP runtime it targets is up, and checks that it answers there.
 * A servlet registered while Felix HTTP Jetty restarts (it does when its host or port change) can be lost by the
 * whiteboard (a NullPointerException in its service tracker, Felix HTTP Jetty 1.1.8); so the registration waits
 * until a runtime with the wanted endpoint has been registered and stable for a moment, and is repeated when the
 * tool still does not answer. Work happens on one thread of its own, never in a service event callback.
 */
final class ServletBinder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServletBinder.class.getName());
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final long RUNTIME_TIMEOUT_MS = 30_000;
    private static final long STABLE_MS = 300;
    private static final int ATTEMPTS = 5;

    private final BundleContext context;
    private final Servlet servlet;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deepminer-annotate-web-binder");
        t.setDaemon(true);
        return t;
    });
    private ServiceRegistration<Servlet> registration;
    private String registeredTarget;
    private volatile long generation;

    ServletBinder(BundleContext context, Servlet servlet) {
        this.context = context;
        this.servlet = servlet;
    }

    /**
     * Serves the servlet on the runtime the target selects (none: any runtime, at once).
     *
     * @param probeUrl where the tool must then answer; null to skip the check
     */
    synchronized void bind(String target, String probeUrl) {
        if (registration != null && Objects.equals(target, registeredTarget)) {
            return;
        }
        long g = ++generation;
        unregister();
        worker.execute(() -> run(g, target, probeUrl));
    }

    private void run(long g, String target, String probeUrl) {
        for (int attempt = 1; attempt <= ATTEMPTS && g == generation; attempt++) {
            if (target != null && !awaitRuntime(g, target)) {
                LOG.warning("annotation web UI: no HTTP runtime matches " + target + " after " + RUNTIME_TIMEOUT_MS / 1000
                        + " s; is Felix HTTP Jetty running, and the port free?");
                return;
            }
            synchronized (this) {
                if (g != generation) {
                    return;
                }
                register(target);
            }
            if (probeUrl == null || answers(probeUrl, 3_000) || g != generation) {
                return; // served, or superseded by a newer binding
            }
            LOG.warning("annotation web UI: not answering at " + probeUrl + " yet; registering again (attempt " + attempt + ")");
            synchronized (this) {
                if (g == generation) {
                    unregister();
                }
            }
        }
    }

    /** Waits until a matching runtime is registered and its properties have not changed for a moment. */
    private boolean awaitRuntime(long g, String target) {
        long end = System.currentTimeMillis() + RUNTIME_TIMEOUT_MS;
        Object lastCount = null;
        long stableSince = 0;
        while (System.currentTimeMillis() < end && g == generation) {
            ServiceReference<?> ref = runtime(target);
            long now = System.currentTimeMillis();
            if (ref == null) {
                lastCount = null;
                stableSince = 0;
            } else {
                Object count = ref.getProperty("service.changecount");
                if (stableSince == 0 || !Objects.equals(count, lastCount)) {
                    lastCount = count;
                    stableSince = now;
                } else if (now - stableSince >= STABLE_MS) {
                    return true;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private ServiceReference<?> runtime(String target) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(objectClass=" + RUNTIME + ")" + target + ")");
            return refs == null || refs.length == 0 ? null : refs[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a filter: " + target, e);
        } catch (IllegalStateException e) {
            return null; // the bundle is stopping
        }
    }

    /** Whether the tool (recognised by its content security policy) answers at the URL within the time. */
    static boolean answers(String url, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try {
                HttpURLConnection con = (HttpURLConnection) URI.create(url).toURL().openConnection();
                con.setConnectTimeout(1000);
                con.setReadTimeout(2000);
                con.setInstanceFollowRedirects(false);
                con.getResponseCode();
                String csp = con.getHeaderField("Content-Security-Policy");
                con.disconnect();
                if (AnnotationServlet.CSP.equals(csp)) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void register(String target) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", new String[] {Layout.BASE + "/*", "/"});
        props.put("osgi.http.whiteboard.servlet.name", "deepminer-annotate");
        props.put(ServiceProperties.NAME, "annotation web UI");
        if (target != null) {
            props.put("osgi.http.whiteboard.target", target);
        }
        registration = context.registerService(Servlet.class, servlet, props);
        registeredTarget = target;
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
            registeredTarget = null;
        }
    }

    @Override
    public synchronized void close() {
        generation++;
        worker.shutdownNow();
        unregister();
    }
}
