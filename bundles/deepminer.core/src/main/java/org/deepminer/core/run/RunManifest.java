package org.deepminer.core.run;

import java.util.List;
import java.util.Map;

/**
 * The provenance of a run (DESIGN.md §5), written as {@code manifest.json}: what was probed with what,
 * by which software, when, and by which command. Never carries patient identifiers: samples are counted
 * and hashed, not listed.
 *
 * @param version of this file's layout
 * @param command the command line that produced the run
 * @param started ISO-8601 instant
 * @param ended ISO-8601 instant, empty while running
 * @param status {@code running}, {@code complete} or {@code failed: <why>}
 * @param model the model and its file's SHA-256
 * @param layer the probed layer
 * @param dataset the data set and its manifest hash
 * @param split the split probed, or {@code all}
 * @param mode how images reach the model: {@code kind=whole} (+ size) or {@code kind=patches} (+ tiling)
 * @param parameters the user's overrides of strategy defaults
 * @param strategies the strategies asked for, in order
 * @param software versions of the bundles and runtimes that computed it
 * @param notes what did not run and why (a refused ranking, a skipped dissection), one line each
 * @param related other runs by role, e.g. {@code control -> control-random}
 */
public record RunManifest(int version, String command, String started, String ended, String status, ModelRef model,
        String layer, DatasetRef dataset, String split, Map<String, String> mode, Map<String, String> parameters,
        List<String> strategies, Map<String, String> software, List<String> notes, Map<String, String> related) {

    public static final int VERSION = 1;

    public RunManifest {
        mode = Map.copyOf(mode);
        parameters = Map.copyOf(parameters);
        strategies = List.copyOf(strategies);
        software = Map.copyOf(software);
        notes = List.copyOf(notes);
        related = Map.copyOf(related);
    }

    /**
     * @param name the model's name
     * @param backend the backend that ran it
     * @param sha256 SHA-256 of the model file
     * @param file where the file was, when known
     */
    public record ModelRef(String name, String backend, String sha256, String file) {}

    /**
     * @param format the reader's format name
     * @param path the data set's folder
     * @param hash {@link Hashes#ofSamples} of the samples probed
     * @param samples number of samples (whole images) probed
     */
    public record DatasetRef(String format, String path, String hash, int samples) {}

    /**
     * What makes two runs the same run: model file, layer, data set, split and mode. A folder holds one run;
     * its steps may be recomputed with other parameters, but never for another model or data set.
     */
    public String identity() {
        return Hashes.ofValues(Map.of("model", model.sha256(), "layer", layer, "dataset", dataset.hash(), "split", split,
                "mode", Hashes.ofValues(mode)));
    }

    public RunManifest finished(String endedAt, String finalStatus, List<String> finalNotes) {
        return new RunManifest(version, command, started, endedAt, finalStatus, model, layer, dataset, split, mode,
                parameters, strategies, software, finalNotes, related);
    }

    public RunManifest withRelated(Map<String, String> newRelated) {
        return new RunManifest(version, command, started, ended, status, model, layer, dataset, split, mode, parameters,
                strategies, software, notes, newRelated);
    }
}
