package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;

/**
 * The whiteboard target binds the servlet only to an HTTP runtime listening where configured. Felix HTTP Jetty
 * lists a runtime on 0.0.0.0 by its non-loopback addresses, and a runtime on 127.0.0.1 by that address.
 */
class JettyBindingTest {
    private static boolean matches(String filter, Object endpoint) throws Exception {
        Filter f = FrameworkUtil.createFilter(filter);
        return f.matches(Map.of("osgi.http.endpoint", endpoint));
    }

    @Test
    void aLoopbackServletIsNotServedByARuntimeOnEveryInterface() throws Exception {
        String loopback = JettyBinding.target("127.0.0.1", 8080);
        assertTrue(matches(loopback, "http://127.0.0.1:8080/"));
        assertFalse(matches(loopback, new String[] {"http://10.1.2.3:8080/", "http://192.168.0.9:8080/"}),
                "Jetty's start-up default (all interfaces) does not get the servlet");
        assertFalse(matches(loopback, "http://127.0.0.1:18080/"), "nor a runtime on another port");
    }

    @Test
    void everyInterfaceMatchesAnyAddressOnThePort() throws Exception {
        String all = JettyBinding.target("0.0.0.0", 8443);
        assertTrue(matches(all, new String[] {"http://10.1.2.3:8443/", "http://192.168.0.9:8443/"}));
        assertFalse(matches(all, "http://10.1.2.3:8080/"));
    }

    @Test
    void anIpv6HostIsBracketedAsInItsEndpoint() throws Exception {
        assertTrue(matches(JettyBinding.target("::1", 8080), "http://[::1]:8080/"));
    }

    @Test
    void onlyPlainHostNamesAndAddressesAreAccepted() {
        assertTrue(JettyBinding.validHost("127.0.0.1"));
        assertTrue(JettyBinding.validHost("annotate.example.org"));
        assertTrue(JettyBinding.validHost("::1"));
        assertFalse(JettyBinding.validHost("*)(objectClass=*"));
        assertFalse(JettyBinding.validHost("a b"));
        assertFalse(JettyBinding.validHost(""));
    }
}
