package org.deepminer.backend.onnx.internal.commands;

import java.util.List;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:layers} returns.
 *
 * @param model the model name
 * @param layers one row per layer
 */
public record LayerList(String model, List<Row> layers) implements Tabular {

    /**
     * @param name tensor name
     * @param op operator that produces it
     * @param shape its shape, -1 for dynamic dims
     * @param isDefault the layer probed when none is named
     * @param head a global-average-pooling + linear head follows it (its units can be ranked)
     */
    public record Row(String name, String op, List<Long> shape, boolean isDefault, boolean head) {}

    @Override
    public List<Table> tables() {
        return List.of(new Table(model + ": " + layers.size() + " layers (* default, head: pooling + linear head follows)",
                List.of("layer", "op", "shape", "marks"),
                layers.stream().map(r -> List.of(r.name(), r.op(), r.shape().isEmpty() ? "?" : r.shape().toString(),
                        ((r.isDefault() ? "* " : "") + (r.head() ? "head" : "")).strip())).toList()));
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
