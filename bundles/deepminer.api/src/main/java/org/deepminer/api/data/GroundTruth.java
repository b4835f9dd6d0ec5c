package org.deepminer.api.data;

import java.util.List;

/**
 * What is known to be true of an image.
 *
 * @param label the image's class: {@code normal}, {@code benign} or {@code malignant}
 * @param lesions the annotated abnormalities, empty for a normal image
 * @param report the report
 */
public record GroundTruth(String label, List<Lesion> lesions, Report report) {
    public GroundTruth {
        lesions = List.copyOf(lesions);
    }
}
