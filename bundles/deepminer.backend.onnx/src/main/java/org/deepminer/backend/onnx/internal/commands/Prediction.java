package org.deepminer.backend.onnx.internal.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.TableFormatter;
import org.deepminer.shell.format.Tabular;

/**
 * What {@code deepminer:predict} returns.
 *
 * @param model the model name
 * @param image the image file
 * @param input the batch shape fed to the model
 * @param classes the top classes, most probable first
 * @param layer the layer asked for, or empty
 * @param activationShape its activation's shape, or empty
 * @param units the top units for the predicted class by weight x max activation (METHOD.md §2)
 * @param note why units are missing, or empty
 */
public record Prediction(String model, String image, List<Integer> input, List<ClassScore> classes, String layer,
        List<Integer> activationShape, List<UnitScore> units, String note) implements Tabular {

    /** One class: its probability and logit. */
    public record ClassScore(String name, float probability, float logit) {}

    /** One unit: its weight for the predicted class, its spatial max activation, and their product. */
    public record UnitScore(int rank, int unit, float weight, float maxActivation, float score) {}

    public String predicted() {
        return classes.get(0).name();
    }

    @Override
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(model + " on " + image + " (input " + input + "): " + predicted(),
                List.of("class", "probability", "logit"), classes.stream().map(c -> List.of(c.name(),
                        f(c.probability()), f(c.logit()))).toList()));
        if (!layer.isEmpty()) {
            tables.add(new Table("Layer " + layer + " " + activationShape + ": top units for " + predicted()
                    + " by weight x max activation", List.of("rank", "unit", "weight", "max activation", "score"),
                    units.stream().map(u -> List.of(Integer.toString(u.rank()), Integer.toString(u.unit()),
                            f(u.weight()), f(u.maxActivation()), f(u.score()))).toList(),
                    note.isEmpty() ? "(none)" : note));
        }
        return tables;
    }

    private static String f(float v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return TableFormatter.format(this);
    }
}
