package org.deepminer.probe.ranking.internal;

import org.deepminer.core.run.StrategyParameters;

import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeStrategy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * DeepMiner's class-specific units (METHOD.md §2): the score of unit {@code k} for class {@code c} on an
 * image is {@code w[c][k] * max_xy A_k} (the head's weights, no bias); per image and class the best
 * {@code top.units.per.image} units are noted, and per class the {@code units.per.class} units noted most
 * often over the data set are kept, with their counts and mean scores. Needs the layer's pooling + linear
 * head; refuses layers without one.
 */
@Component(service = ProbeStrategy.class, configurationPid = RankingStrategy.PID, property = {
        ServiceProperties.PROBE_NAME + "=" + RankingStrategy.NAME,
        ServiceProperties.NAME + "=DeepMiner unit ranking",
        ServiceProperties.DESCRIPTION + "=per class, the units most often among each image's top scores w[c][k] * max A_k"})
@Designate(ocd = RankingStrategy.Config.class)
public class RankingStrategy implements ProbeStrategy {

    static final String NAME = "ranking";
    static final String PID = "org.deepminer.probe.ranking";

    @ObjectClassDefinition(name = "DeepMiner ranking probe",
            description = "DeepMiner's class-specific units; a run's parameters of the same names override these")
    public @interface Config {
        @AttributeDefinition(description = "units noted per image and class, by score w[c][k] * max A_k (DeepMiner: 8)")
        int top_units_per_image() default 8;

        @AttributeDefinition(description = "units kept per class, the most often noted over the data set (DeepMiner: 20)")
        int units_per_class() default 20;
    }

    /** The configured defaults. */
    record Settings(int topUnitsPerImage, int unitsPerClass) implements java.io.Serializable {
        static Settings defaults() {
            return new Settings(8, 20);
        }

        Settings over(ProbeContext context) {
            StrategyParameters p = new StrategyParameters(NAME, context.parameters());
            return new Settings(p.integer("top.units.per.image", topUnitsPerImage, 1),
                    p.integer("units.per.class", unitsPerClass, 1));
        }
    }

    private volatile Settings settings;

    public RankingStrategy() {
        this(Settings.defaults());
    }

    RankingStrategy(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(Config c) {
        settings = new Settings(c.top_units_per_image(), c.units_per_class());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProbeAccumulator newAccumulator(ProbeContext context) {
        ClassifierHead head = context.head().orElseThrow(() -> new DeepMinerException(context.layer(),
                "the ranking needs the classifier head (global average pooling + linear) that follows the layer, "
                        + "and layer " + context.layer() + " has none; probe the last convolutional layer, or run "
                        + "other strategies on this one"));
        return new RankingAccumulator(context, head, settings.over(context));
    }
}
