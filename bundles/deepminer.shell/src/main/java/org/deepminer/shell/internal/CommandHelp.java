package org.deepminer.shell.internal;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:help} returns.
 *
 * @param commands every {@code deepminer:*} command registered in the runtime
 */
public record CommandHelp(List<Command> commands) implements Tabular {

    /**
     * @param name {@code scope:function}
     * @param usage the parameters, options in brackets
     * @param description what it does
     */
    public record Command(String name, String usage, String description) {}

    @Override
    public List<Table> tables() {
        return List.of(new Table("DeepMiner commands (" + commands.size() + ")", List.of("command", "usage", "description"),
                commands.stream().map(c -> List.of(c.name(), c.usage(), c.description())).toList()));
    }

    @Override
    public String toString() {
        return org.deepminer.shell.format.TableFormatter.format(this);
    }
}
