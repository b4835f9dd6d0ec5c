package org.deepminer.annotate.web.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Where Felix HTTP Jetty listens: its ConfigAdmin configuration {@value #PID}, properties {@value #HOST} and
 * {@value #PORT}. The servlet is registered with a whiteboard target that matches only an HTTP runtime on that
 * port, so that it is never served by a runtime still listening elsewhere (Jetty starts on its defaults, all
 * interfaces and port 8080, before this configuration reaches it).
 */
final class JettyBinding {
    private JettyBinding() {}

    static final String PID = "org.apache.felix.http";
    static final String HOST = "org.apache.felix.http.host";
    static final String PORT = "org.osgi.service.http.port";

    /** Updates the HTTP service's configuration when host or port differ (an update restarts Jetty). */
    static void bind(ConfigurationAdmin cm, String host, int port) throws IOException {
        Configuration c = cm.getConfiguration(PID, "?");
        Dictionary<String, Object> old = c.getProperties();
        if (old != null && Objects.equals(String.valueOf(old.get(HOST)), host)
                && Objects.equals(String.valueOf(old.get(PORT)), String.valueOf(port))) {
            return;
        }
        Dictionary<String, Object> d = new Hashtable<>();
        if (old != null) {
            for (String k : java.util.Collections.list(old.keys())) {
                d.put(k, old.get(k));
            }
        }
        d.put(HOST, host);
        d.put(PORT, port);
        c.update(d);
    }

    /**
     * The whiteboard target: an HTTP runtime whose endpoint is this host and port (any address on the port when
     * the host is every interface, which the runtime lists address by address).
     */
    static String target(String host, int port) {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "*"
                : host.contains(":") ? "[" + host + "]" : host;
        return "(osgi.http.endpoint=http://" + h + ":" + port + "/*)";
    }

    /** A host as the configuration may name it: a name or an IPv4/IPv6 address, nothing a filter or URL could misread. */
    static boolean validHost(String host) {
        return host != null && host.matches("[A-Za-z0-9:][A-Za-z0-9.:-]{0,252}");
    }
}
