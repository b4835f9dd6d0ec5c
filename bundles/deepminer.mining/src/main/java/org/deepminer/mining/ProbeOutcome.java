package org.deepminer.mining;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a probe run did.
 *
 * @param run the run folder
 * @param upToDate true when every step was already done with the same inputs: nothing was recomputed
 * @param model the model's name
 * @param layer the probed layer
 * @param samples whole images probed
 * @param items items fed to the model by this invocation, all passes together (patches in patch mode, else
 *        images); what a resumed checkpoint had already fed is not counted
 * @param passes passes over the data set
 * @param forwardCalls forward passes of the model (batches), all passes together
 * @param seconds wall time of this invocation
 * @param timings seconds by part: {@code concepts} (reading the ground truth for the concept list), {@code pass1},
 *        {@code pass2} (wall time of each pass), {@code forward} and {@code strategies} (time in the model's
 *        forward passes and in feeding the strategies, summed over the inference threads), {@code finish} (the
 *        strategies' results computed and written)
 * @param checkpoints checkpoints saved by this invocation
 * @param steps each strategy's fate: {@code computed}, {@code up to date}, {@code refused: ...} or
 *        {@code failed: ...}
 * @param summaries each computed strategy's headline figures
 * @param notes what the user should know (a refused ranking, a skipped dissection, a resumed pass)
 * @param units the unit table, when one was written
 */
public record ProbeOutcome(Path run, boolean upToDate, String model, String layer, int samples, long items, int passes,
        long forwardCalls, double seconds, Map<String, Double> timings, int checkpoints,
        Map<String, String> steps, Map<String, Map<String, Object>> summaries,
        List<String> notes, Path units) {
    public ProbeOutcome {
        steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
        timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
        summaries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summaries));
        notes = List.copyOf(notes);
    }

    /** Seconds spent in one part (see {@link #timings()}), 0 when it did not run. */
    public double timing(String part) {
        return timings.getOrDefault(part, 0.0);
    }

    /** Items per second of this invocation, all passes together. */
    public double rate() {
        return seconds > 0 ? items / seconds : 0;
    }
}
