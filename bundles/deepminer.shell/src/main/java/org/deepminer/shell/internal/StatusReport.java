package org.deepminer.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:status} returns: the registered plug-ins of every family and the bundles or
 * components that failed.
 *
 * @param services per family, its services
 * @param problems bundles that did not start and components that failed, with the reason
 */
public record StatusReport(Map<String, List<ServiceEntry>> services, List<Problem> problems) implements Tabular {

    /**
     * One registered service.
     *
     * @param name the value of the family's key property
     * @param bundle symbolic name and version of the bundle that registered it
     * @param properties its {@code deepminer.*} properties besides the key and the description
     * @param description its {@code deepminer.description}, or empty
     */
    public record ServiceEntry(String name, String bundle, long serviceId, Map<String, String> properties,
            String description) {}

    /**
     * Something that is not working.
     *
     * @param subject a bundle (symbolic name and location) or component
     * @param state its state, e.g. {@code INSTALLED}
     * @param reason why, as precisely as the framework tells
     */
    public record Problem(String subject, String state, String reason) {}

    /** Number of services of a family, by its title. */
    public int count(String familyTitle) {
        return services.getOrDefault(familyTitle, List.of()).size();
    }

    @Override
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        services.forEach((family, entries) -> tables.add(new Table(family + " (" + entries.size() + ")",
                List.of("name", "properties", "bundle", "service.id", "description"),
                entries.stream().map(e -> List.of(e.name(), properties(e.properties()), e.bundle(),
                        Long.toString(e.serviceId()), e.description())).toList())));
        tables.add(new Table("Problems (" + problems.size() + ")", List.of("subject", "state", "reason"),
                problems.stream().map(p -> List.of(p.subject(), p.state(), p.reason())).toList()));
        return tables;
    }

    private static String properties(Map<String, String> props) {
        return props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return org.deepminer.shell.format.TableFormatter.format(this);
    }
}
