package org.deepminer.backend.onnx.internal.commands;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:models} returns.
 *
 * @param models one row per registered model
 * @param problems model bundles and files that failed to deploy
 */
public record ModelList(List<Row> models, List<List<String>> problems) implements Tabular {

    /**
     * @param name model name
     * @param backend the backend that loaded it
     * @param classes class names
     * @param input channels x height x width, with mean/std
     * @param layer the default layer
     * @param sha256 SHA-256 of the model file
     * @param source the bundle or file it came from
     * @param trained how the model file says it was trained (architecture, training patch size), "-" when it does not
     */
    public record Row(String name, String backend, List<String> classes, String input, String layer, String sha256,
            String source, String trained) {}

    @Override
    public List<Table> tables() {
        return List.of(
                new Table("Models (" + models.size() + ")", List.of("name", "backend", "classes", "input", "default layer",
                        "trained", "sha256", "source"), models.stream().map(r -> List.of(r.name(), r.backend(),
                                String.join(",", r.classes()), r.input(), r.layer(), r.trained(),
                                r.sha256().substring(0, Math.min(12, r.sha256().length())), r.source())).toList(),
                        "(none: drop a model bundle or <name>.onnx with <name>.onnx.json into deploy/)"),
                new Table("Deploy problems (" + problems.size() + ")", List.of("source", "problem"), problems));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
