package org.deepminer.mining;

import java.io.PrintStream;
import org.deepminer.mining.internal.Probe;

/**
 * Runs probes: one forward pass per batch feeds every strategy (METHOD.md §2-§5), with a decode and
 * preprocessing pool ahead of inference, per-thread accumulators merged at the end, checkpoints to resume a
 * killed run, and steps that are skipped when their inputs did not change. Plain Java: usable outside OSGi.
 *
 * <p>A strategy that refuses the context ({@link org.deepminer.api.probe.ProbeStrategy#newAccumulator} throws,
 * e.g. the ranking on a layer without a linear head) is left out with a note and the others run; a strategy
 * that fails while accumulating is dropped with a note; a model that fails stops the run with an error
 * naming the model and the batch's shape.
 */
public final class ProbeRunner {
    private ProbeRunner() {}

    /**
     * Runs the request.
     *
     * @param console where progress goes when {@link ProbeRequest#progress()} is set; may be null
     * @throws org.deepminer.api.DeepMinerException for an empty data set or split, an unknown layer, a run
     *         folder that holds another run, or a model that fails on the images
     */
    public static ProbeOutcome run(ProbeRequest request, PrintStream console) {
        return Probe.run(request, console);
    }
}
