package org.deepminer.shell.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** {@code deepminer:status} and {@code deepminer:help}. */
@Component(service = PlatformCommands.class, property = {
        "osgi.command.scope=deepminer",
        "osgi.command.function=status",
        "osgi.command.function=help"})
public class PlatformCommands {

    static final String SCOPE = "deepminer";
    /** Service property of a command registered as a Gogo Function: its usage line. */
    static final String USAGE = "deepminer.command.usage";
    static final String DESCRIPTION = "deepminer.description";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceComponentRuntime scr;

    private BundleContext context;

    @Activate
    void start(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list the registered backends, models, dataset sources, vocabularies, probe strategies, renderers and evaluators, and what failed")
    public StatusReport status() {
        return new PlatformInspector(context).inspect(scr);
    }

    @Descriptor("list the deepminer commands with their usage")
    public CommandHelp help() throws InvalidSyntaxException {
        List<CommandHelp.Command> commands = new ArrayList<>();
        for (ServiceReference<?> ref : context.getServiceReferences((String) null, "(osgi.command.scope=" + SCOPE + ")")) {
            Object service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                for (String function : functions(ref.getProperty("osgi.command.function"))) {
                    List<CommandHelp.Command> described = describe(service.getClass(), function);
                    if (described.isEmpty()) {
                        // a Gogo Function (a name no Java method can have, or options it parses itself):
                        // it documents itself through service properties
                        described = List.of(new CommandHelp.Command(SCOPE + ":" + function,
                                String.valueOf(ref.getProperty(USAGE) == null ? "" : ref.getProperty(USAGE)),
                                String.valueOf(ref.getProperty(DESCRIPTION) == null ? "" : ref.getProperty(DESCRIPTION))));
                    }
                    commands.addAll(described);
                }
            } finally {
                context.ungetService(ref);
            }
        }
        commands.sort(Comparator.comparing(CommandHelp.Command::name).thenComparing(CommandHelp.Command::usage));
        return new CommandHelp(commands);
    }

    private static List<String> functions(Object property) {
        if (property instanceof String s) {
            return List.of(s);
        }
        if (property instanceof String[] a) {
            return List.of(a);
        }
        return List.of();
    }

    /** One entry per public overload of the function, with the descriptions its annotations give. */
    static List<CommandHelp.Command> describe(Class<?> type, String function) {
        List<CommandHelp.Command> result = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(function) || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Descriptor d = m.getAnnotation(Descriptor.class);
            result.add(new CommandHelp.Command(SCOPE + ":" + function, usage(m), d == null ? "" : d.value()));
        }
        return result;
    }

    /** Positional arguments first, then options, as users type them (Gogo wants options first in the signature). */
    private static String usage(Method m) {
        List<String> parts = new ArrayList<>();
        List<String> options = new ArrayList<>();
        Annotation[][] annotations = m.getParameterAnnotations();
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i].getName().equals("org.apache.felix.service.command.CommandSession")) {
                continue;
            }
            String name = null;
            String option = null;
            boolean flag = false;
            for (Annotation a : annotations[i]) {
                if (a instanceof Descriptor d) {
                    name = d.value();
                } else if (a instanceof Parameter p) {
                    option = p.names()[p.names().length - 1];
                    flag = p.presentValue() != null && !Parameter.UNSPECIFIED.equals(p.presentValue());
                }
            }
            String label = name == null ? types[i].getSimpleName().toLowerCase() : name;
            if (option == null) {
                parts.add("<" + label + ">");
            } else {
                options.add(flag ? "[" + option + "]" : "[" + option + " " + shortName(types[i]) + "]");
            }
        }
        parts.addAll(options);
        return String.join(" ", parts);
    }

    private static String shortName(Class<?> type) {
        return type.getSimpleName().toLowerCase();
    }
}
