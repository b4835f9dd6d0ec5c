package org.deepminer.imaging.figure;

import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.RenderOptions;

/**
 * Where an explanation comes from, as the explainer hands it to renderers in {@link RenderOptions#extra()}.
 * Values that may carry identifiers (paths, file names) pass through {@link Privacy#clean(String)}.
 *
 * @param run the run folder, or empty
 * @param modelSha256 the model file's SHA-256 (the option's, else the explanation's), or empty
 * @param source the source file name, or empty
 */
public record Provenance(String run, String modelSha256, String source) {
    /** Keys of {@link RenderOptions#extra()}. */
    public static final String RUN = "run";
    public static final String MODEL_SHA256 = "model.sha256";
    public static final String SOURCE = "source";

    public static Provenance of(Explanation explanation, RenderOptions options, Privacy privacy) {
        RenderOptions o = options == null ? RenderOptions.defaults() : options;
        String sha = o.extra().getOrDefault(MODEL_SHA256, "");
        if (sha.isBlank() && explanation.modelSha256() != null) {
            sha = explanation.modelSha256();
        }
        return new Provenance(privacy.clean(o.extra().get(RUN)), sha.trim(), privacy.clean(o.extra().get(SOURCE)));
    }
}
