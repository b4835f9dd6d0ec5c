package org.deepminer.backend.onnx.internal.commands;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:package-model} returns.
 *
 * @param jar the bundle written
 * @param symbolicName its Bundle-SymbolicName
 * @param capability its Provide-Capability header
 * @param facts what the backend read from the model: (what, value) rows
 */
public record PackagedModel(String jar, String symbolicName, String capability, List<List<String>> facts) implements Tabular {

    @Override
    public List<Table> tables() {
        return List.of(new Table("Model bundle " + symbolicName + " -> " + jar + " (drop it into deploy/)",
                List.of("what", "value"), facts));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
