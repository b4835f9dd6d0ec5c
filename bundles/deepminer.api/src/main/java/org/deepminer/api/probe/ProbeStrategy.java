package org.deepminer.api.probe;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One statistic computed while probing a layer (DeepMiner ranking, top activations, Network Dissection,
 * ...). Register it with {@link org.deepminer.api.ServiceProperties#PROBE_NAME}; its defaults come from
 * its metatype configuration.
 */
@ConsumerType
public interface ProbeStrategy {

    String name();

    /**
     * A fresh accumulator.
     *
     * @throws org.deepminer.api.DeepMinerException when the strategy cannot run in this context (e.g.
     *         ranking on a layer without a classifier head); other strategies still run
     */
    ProbeAccumulator newAccumulator(ProbeContext context);

    /**
     * How many passes over the data set the strategy needs (Network Dissection needs two: thresholds
     * from a quantile sketch, then IoU tallies with them). The runner feeds every batch once per pass and
     * calls {@link ProbeAccumulator#beginPass(int)} before each pass.
     */
    default int passes() {
        return 1;
    }
}
