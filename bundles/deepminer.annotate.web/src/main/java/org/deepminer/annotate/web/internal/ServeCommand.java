package org.deepminer.annotate.web.internal;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:serve}: a thin front-end that writes the web UI's configuration (runs, host, port), waits until
 * the tool answers there, and reports where.
 */
@Component(service = ServeCommand.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=serve"})
public class ServeCommand {
    private static final long READY_TIMEOUT_MS = 20_000;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AnnotationWebServer server;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Deactivate
    void stop() {
        stopped.countDown();
    }

    @Descriptor("serve the expert annotation web UI for run folders (feature web) and print where it listens")
    public ServeReport serve(
            @Descriptor("TCP port (default: the configured one, 8080)") @Parameter(names = {"--port"}, absentValue = "-1") int port,
            @Descriptor("interface to listen on (default: the configured one, 127.0.0.1; 0.0.0.0 opens the tool to the network)") @Parameter(names = {"--host"}, absentValue = "") String host,
            @Descriptor("keep running until the runtime stops, for scripts and services") @Parameter(names = {"--wait"}, presentValue = "true", absentValue = "false") boolean wait,
            @Descriptor("run folders to show; none keeps those served now") String... runs) throws IOException, InterruptedException {
        if (port != -1 && (port < 1 || port > 65535)) {
            throw new DeepMinerException(null, "--port " + port + " is not a TCP port (1-65535)");
        }
        if (!host.isEmpty() && !JettyBinding.validHost(host)) {
            throw new DeepMinerException(null, "--host '" + host + "' is not a host name or address");
        }
        List<Path> folders = new ArrayList<>();
        for (String r : runs == null ? new String[0] : runs) {
            folders.add(Path.of(r).toAbsolutePath().normalize());
        }
        AnnotationWebServer.check(folders); // a bad folder is an error here, before anything changes

        Configuration c = AnnotationWebServer.configuration(configAdmin);
        Dictionary<String, Object> old = c.getProperties();
        if (folders.isEmpty()) {
            AnnotationWebServer.runsOf(old).forEach(r -> folders.add(Path.of(r)));
        }
        c.update(AnnotationWebServer.withServe(old, host.isEmpty() ? null : host, port == -1 ? null : port, folders));

        AnnotationWebServer.State state = awaitState(folders, host.isEmpty() ? null : host, port == -1 ? null : port);
        String shown = state.host().equals("0.0.0.0") || state.host().equals("::") ? "127.0.0.1" : state.host();
        String base = "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + state.port();
        awaitAnswer(base + Layout.BASE + "/login");

        List<ServeReport.ServedRunEntry> entries = new ArrayList<>();
        for (ServedRun r : server.runs().runs()) {
            String classes = r.classes().stream().map(k -> k + " " + r.units(k).size()).collect(Collectors.joining(", "));
            entries.add(new ServeReport.ServedRunEntry(r.id(), r.dir().toString(), r.modelName(), r.layer(), r.unitCount(),
                    classes.isEmpty() ? "(no ranking)" : classes));
        }
        ServeReport report = new ServeReport(base + Layout.BASE + "/", entries, state.problems(), state.accounts().toString(),
                state.setupToken() == null ? "" : state.setupToken());
        if (wait) {
            System.out.println(report);
            System.out.flush();
            stopped.await();
        }
        return report;
    }

    /** Waits until the web UI component has applied the configuration just written. */
    private AnnotationWebServer.State awaitState(List<Path> folders, String host, Integer port) throws InterruptedException {
        long end = System.currentTimeMillis() + READY_TIMEOUT_MS;
        AnnotationWebServer.State s = null;
        while (System.currentTimeMillis() < end) {
            AnnotationWebServer w = server;
            s = w == null ? null : w.state();
            if (s != null && s.runs().size() + s.problems().size() == folders.size()
                    && s.runs().stream().allMatch(folders::contains) && (host == null || host.equals(s.host()))
                    && (port == null || port == s.port())) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new DeepMinerException(null, server == null ? "the annotation web UI component is not running (is the web feature launched?)"
                : "the annotation web UI did not take the new configuration within " + READY_TIMEOUT_MS / 1000 + " s");
    }

    /** Waits until the HTTP service answers with the tool (Jetty restarts when host or port change). */
    private static void awaitAnswer(String url) throws InterruptedException {
        long end = System.currentTimeMillis() + READY_TIMEOUT_MS;
        String last = "no answer";
        while (System.currentTimeMillis() < end) {
            try {
                HttpURLConnection con = (HttpURLConnection) URI.create(url).toURL().openConnection();
                con.setConnectTimeout(1000);
                con.setReadTimeout(2000);
                con.setInstanceFollowRedirects(false);
                int code = con.getResponseCode();
                String csp = con.getHeaderField("Content-Security-Policy");
                con.disconnect();
                if (csp != null && (code == 200 || code == 303)) {
                    return;
                }
                last = "HTTP " + code;
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(100);
        }
        throw new DeepMinerException(url, "the annotation web UI does not answer (" + last + "); is the port taken, or the "
                + "HTTP service (Felix HTTP Jetty) missing?");
    }
}
