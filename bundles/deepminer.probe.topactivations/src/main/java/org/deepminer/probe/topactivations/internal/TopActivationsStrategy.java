package org.deepminer.probe.topactivations.internal;

import org.deepminer.core.run.StrategyParameters;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeStrategy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * What annotators see of a unit (METHOD.md §3): the samples with the unit's highest spatial maximum, each
 * with the unit's map laid over it as a mask. Keeps {@code images.per.unit} maps and downscaled images per
 * unit; writes {@code montages/unit_<k>.png} and {@code topactivations.csv}.
 */
@Component(service = ProbeStrategy.class, configurationPid = TopActivationsStrategy.PID, property = {
        ServiceProperties.PROBE_NAME + "=" + TopActivationsStrategy.NAME,
        ServiceProperties.NAME + "=Top activations",
        ServiceProperties.DESCRIPTION + "=per unit, the samples it fires most on, as montages with the unit's map as a mask"})
@Designate(ocd = TopActivationsStrategy.Config.class)
public class TopActivationsStrategy implements ProbeStrategy {

    static final String NAME = "top-activations";
    static final String PID = "org.deepminer.probe.topactivations";
    static final String RELATIVE = "relative";
    static final String QUANTILE = "quantile";

    @ObjectClassDefinition(name = "DeepMiner top-activations probe",
            description = "Top samples per unit and their montages; a run's parameters of the same names override these")
    public @interface Config {
        @AttributeDefinition(description = "samples kept per unit, by the unit's spatial maximum (DeepMiner: 64)")
        int images_per_unit() default 64;

        @AttributeDefinition(description = "relative mask: pixels where the map, divided by the maximum of the unit's top map, is below this are dimmed (DeepMiner: 0.2)")
        double mask_threshold() default 0.2;

        @AttributeDefinition(description = "which pixels a montage shows at full brightness", options = {
                @Option(label = "the map relative to the unit's top map above mask.threshold (DeepMiner)", value = RELATIVE),
                @Option(label = "the map above the unit's Network Dissection threshold (upper quantile); costs a pass of every upsampled pixel", value = QUANTILE)})
        String mask_mode() default RELATIVE;

        @AttributeDefinition(description = "quantile mask: the upper tail of each unit's upsampled activations shown (Network Dissection: 0.005)")
        double quantile() default 0.005;

        @AttributeDefinition(description = "side in pixels of the downscaled copy of each kept sample and of a montage tile")
        int thumbnail_size() default 96;

        @AttributeDefinition(description = "montage tiles per row")
        int montage_columns() default 8;

        @AttributeDefinition(description = "units that get a montage, comma-separated; empty for every unit", required = false)
        String montage_units() default "";
    }

    record Settings(int imagesPerUnit, double maskThreshold, String maskMode, double quantile, int thumbnailSize,
            int montageColumns, int[] montageUnits) implements Serializable {
        static Settings defaults() {
            return new Settings(64, 0.2, RELATIVE, 0.005, 96, 8, new int[0]);
        }

        Settings over(ProbeContext context) {
            StrategyParameters p = new StrategyParameters(NAME, context.parameters());
            return new Settings(p.integer("images.per.unit", imagesPerUnit, 1),
                    p.number("mask.threshold", maskThreshold, Double.NEGATIVE_INFINITY, Double.MAX_VALUE),
                    p.word("mask.mode", maskMode, Set.of(RELATIVE, QUANTILE)), p.number("quantile", quantile, 0, 1),
                    p.integer("thumbnail.size", thumbnailSize, 8), p.integer("montage.columns", montageColumns, 1),
                    p.units("montage.units", join(montageUnits)));
        }

        boolean quantileMask() {
            return QUANTILE.equals(maskMode);
        }

        boolean sameAs(Settings o) {
            return imagesPerUnit == o.imagesPerUnit && maskThreshold == o.maskThreshold && maskMode.equals(o.maskMode)
                    && quantile == o.quantile && thumbnailSize == o.thumbnailSize && montageColumns == o.montageColumns
                    && Arrays.equals(montageUnits, o.montageUnits);
        }

        private static String join(int[] units) {
            StringBuilder b = new StringBuilder();
            for (int u : units) {
                b.append(b.length() == 0 ? "" : ",").append(u);
            }
            return b.toString();
        }
    }

    private volatile Settings settings;

    public TopActivationsStrategy() {
        this(Settings.defaults());
    }

    TopActivationsStrategy(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(Config c) {
        settings = new Settings(c.images_per_unit(), c.mask_threshold(), c.mask_mode(), c.quantile(),
                c.thumbnail_size(), c.montage_columns(), StrategyParameters.parseUnits(NAME, "montage.units", c.montage_units()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProbeAccumulator newAccumulator(ProbeContext context) {
        return new TopActivationsAccumulator(context, settings.over(context));
    }
}
