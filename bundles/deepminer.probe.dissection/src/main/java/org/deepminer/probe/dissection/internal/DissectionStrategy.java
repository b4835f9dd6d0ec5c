package org.deepminer.probe.dissection.internal;

import org.deepminer.core.run.StrategyParameters;

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

/**
 * Network Dissection (METHOD.md §5): each unit's threshold {@code T_k}, the upper {@code quantile} of its
 * bilinearly upsampled activations over the data set, and per unit and concept the IoU of the masks
 * {@code A_k >= T_k} with the concept masks, the IoU's ceiling given the mask sizes, and the lift
 * (specificity). By default in one pass over the data ({@link org.deepminer.core.stats.TailTally}: the
 * forward pass runs once for every strategy); {@code passes = 2} runs the classic two passes, thresholds
 * first ({@link org.deepminer.core.stats.UnitQuantiles}) and then the tallies
 * ({@link org.deepminer.core.stats.IouTally}), exact also for units the one pass leaves unresolved. A unit is a detector of its best concept when the IoU exceeds
 * {@code iou.threshold}, a specific detector when the lift also exceeds {@code lift.threshold}.
 * Data sets without concept masks are skipped with a note in the summary.
 */
@Component(service = ProbeStrategy.class, configurationPid = DissectionStrategy.PID, property = {
        ServiceProperties.PROBE_NAME + "=" + DissectionStrategy.NAME,
        ServiceProperties.NAME + "=Network Dissection",
        ServiceProperties.DESCRIPTION + "=per unit, the concept whose masks best match the unit's top-quantile mask (IoU), with ceiling and lift"})
@Designate(ocd = DissectionStrategy.Config.class)
public class DissectionStrategy implements ProbeStrategy {

    static final String NAME = "dissection";
    static final String PID = "org.deepminer.probe.dissection";

    @ObjectClassDefinition(name = "DeepMiner dissection probe",
            description = "Network Dissection against the data set's concept masks; a run's parameters of the same names override these")
    public @interface Config {
        @AttributeDefinition(description = "upper tail of each unit's upsampled activations that its mask keeps: T_k is the (1 - quantile) quantile (Network Dissection: 0.005)")
        double quantile() default 0.005;

        @AttributeDefinition(name = "IoU threshold", description = "IoU above which a unit is a detector of its best concept (Network Dissection: 0.04)")
        double iou_threshold() default 0.04;

        @AttributeDefinition(description = "lift above which a detector is a specific detector: its mask lies on the concept more often than lesions do")
        double lift_threshold() default 1.5;

        @AttributeDefinition(description = "1: thresholds and IoU in one pass over the data (exact for every unit it reports resolved); "
                + "2: thresholds first, then IoU, in two passes (exact for every unit, twice the forward passes)")
        int passes() default 1;

        @AttributeDefinition(name = "max side", description = "longest side, in pixels, of the grid maps and masks are compared on: larger "
                + "images are dissected at this size, their masks sampled at the scaled pixels' centres (0: every image at its own size). "
                + "The cost follows the pixels; IoU changes by at most 0.01 on the phantom between 512 and 256 (tested)")
        int max_side() default 256;

        @AttributeDefinition(name = "grid per cell", description = "at most this many grid pixels per map cell along each side: "
                + "a layer with coarse maps (7 x 7 at 224 px) is dissected on a grid of 16 x its map (112 px), masks sampled at the grid "
                + "pixels' centres (0: no such limit). With the same thresholds the IoU changes by at most 0.01 against the image's "
                + "own size (tested); the cost follows the grid's pixels")
        int grid_per_cell() default 16;
    }

    record Settings(double quantile, double iouThreshold, double liftThreshold, int passes, int maxSide, int gridPerCell)
            implements java.io.Serializable {
        Settings {
            if (passes != 1 && passes != 2) {
                throw new IllegalArgumentException("dissection runs in 1 or 2 passes, not " + passes);
            }
        }

        static Settings defaults() {
            return new Settings(0.005, 0.04, 1.5, 1, 256, 16);
        }

        Settings over(ProbeContext context) {
            StrategyParameters p = new StrategyParameters(NAME, context.parameters());
            return new Settings(p.number("quantile", quantile, 0, 1), p.number("iou.threshold", iouThreshold, 0, 1),
                    p.number("lift.threshold", liftThreshold, 0, Double.MAX_VALUE), passes,
                    (int) p.number("max.side", maxSide, -1, 1 << 16), // 0: the image's own size
                    (int) p.number("grid.per.cell", gridPerCell, -1, 1 << 16)); // 0: no limit
        }
    }

    private volatile Settings settings;

    public DissectionStrategy() {
        this(Settings.defaults());
    }

    DissectionStrategy(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(Config c) {
        settings = new Settings(c.quantile(), c.iou_threshold(), c.lift_threshold(), c.passes(), c.max_side(),
                c.grid_per_cell());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One (thresholds and tallies together) or, configured, two (thresholds first, then the tallies). */
    @Override
    public int passes() {
        return settings.passes();
    }

    @Override
    public ProbeAccumulator newAccumulator(ProbeContext context) {
        return new DissectionAccumulator(context, settings.over(context));
    }
}
