package org.deepminer.api.data;

import java.util.Set;

/**
 * The radiology report of an image, the ground truth that explanations are checked against.
 *
 * @param text the report as written (DDSM LESION_TYPE lines, a phantom's sentence...)
 * @param concepts the vocabulary concept ids the report names
 * @param assessment BI-RADS assessment 0-6, or -1 when not given
 * @param density breast composition concept id (e.g. {@code density-b}), or empty
 */
public record Report(String text, Set<String> concepts, int assessment, String density) {
    public Report {
        concepts = Set.copyOf(concepts);
    }
}
