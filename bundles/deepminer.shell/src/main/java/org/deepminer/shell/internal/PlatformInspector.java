package org.deepminer.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepminer.api.ServiceProperties;
import org.deepminer.shell.internal.StatusReport.Problem;
import org.deepminer.shell.internal.StatusReport.ServiceEntry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Reads the framework's state into a {@link StatusReport}. Works on any framework; no side effects. */
final class PlatformInspector {
    private final BundleContext context;

    PlatformInspector(BundleContext context) {
        this.context = context;
    }

    StatusReport inspect(ServiceComponentRuntime scr) {
        Map<String, List<ServiceEntry>> services = new LinkedHashMap<>();
        for (ServiceFamily family : ServiceFamily.all()) {
            services.put(family.title, services(family));
        }
        List<Problem> problems = new ArrayList<>(bundleProblems());
        if (scr != null) {
            problems.addAll(componentProblems(scr));
        }
        return new StatusReport(services, problems);
    }

    private List<ServiceEntry> services(ServiceFamily family) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(family.interfaceName, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a null filter cannot be invalid
        }
        if (refs == null) {
            return List.of();
        }
        Arrays.sort(refs, (a, b) -> Long.compare(serviceId(a), serviceId(b)));
        List<ServiceEntry> entries = new ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            Map<String, String> props = new TreeMap<>();
            for (String key : ref.getPropertyKeys()) {
                if (key.startsWith("deepminer.") && !key.equals(family.key)
                        && !key.equals(ServiceProperties.DESCRIPTION)) {
                    props.put(key, text(ref.getProperty(key)));
                }
            }
            Bundle b = ref.getBundle();
            String bundle = b == null ? "(unregistered)" : b.getSymbolicName() + " " + b.getVersion();
            Object key = ref.getProperty(family.key);
            Object description = ref.getProperty(ServiceProperties.DESCRIPTION);
            entries.add(new ServiceEntry(key == null ? "(unnamed)" : text(key), bundle, serviceId(ref), props,
                    description == null ? "" : text(description)));
        }
        return entries;
    }

    private List<Problem> bundleProblems() {
        List<Problem> problems = new ArrayList<>();
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        for (Bundle b : context.getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            if (b.getBundleId() == 0 || fragment) {
                continue;
            }
            String subject = name(b) + " (" + b.getLocation() + ")";
            // An installed bundle nobody started is not a problem unless it cannot resolve.
            if (b.getState() == Bundle.INSTALLED && !wiring.resolveBundles(List.of(b))) {
                problems.add(new Problem(subject, "INSTALLED", unresolvedReason(revision, wiring)));
            } else if (b.getState() == Bundle.RESOLVED && startRequested(b)) {
                problems.add(new Problem(subject, "RESOLVED",
                        "start was requested but failed: its activator threw (the exception is in the runtime log)"));
            }
        }
        return problems;
    }

    private static boolean startRequested(Bundle b) {
        BundleStartLevel sl = b.adapt(BundleStartLevel.class);
        return sl != null && sl.isPersistentlyStarted()
                && b.getHeaders().get(Constants.FRAGMENT_HOST) == null;
    }

    /** Names the mandatory requirements nothing in the framework provides: the usual cause. */
    static String unresolvedReason(BundleRevision revision, FrameworkWiring wiring) {
        if (revision == null) {
            return "not resolved";
        }
        List<String> missing = new ArrayList<>();
        for (Requirement req : revision.getRequirements(null)) {
            String resolution = req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            if (Namespace.RESOLUTION_OPTIONAL.equals(resolution) || req.getNamespace().startsWith("osgi.ee")) {
                continue;
            }
            Collection<BundleCapability> providers = wiring.findProviders(req);
            if (providers.isEmpty()) {
                String filter = req.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
                missing.add(req.getNamespace() + " " + filter);
            }
        }
        return missing.isEmpty() ? "not resolved (conflicting wiring; see the runtime log)"
                : "missing requirement: " + String.join("; ", missing);
    }

    private static List<Problem> componentProblems(ServiceComponentRuntime scr) {
        List<Problem> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add(new Problem("component " + d.name + " of " + d.bundle.symbolicName,
                            "FAILED_ACTIVATION", firstLine(c.failure)));
                }
            }
        }
        return problems;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "activation failed";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String name(Bundle b) {
        return (b.getSymbolicName() == null ? "(no symbolic name)" : b.getSymbolicName()) + " " + b.getVersion();
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    static String text(Object value) {
        if (value instanceof Object[] array) {
            return String.join(",", Arrays.stream(array).map(String::valueOf).toList());
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
