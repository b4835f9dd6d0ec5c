package org.deepminer.data.phantom.internal.synth;

import java.util.Map;
import org.deepminer.data.phantom.internal.model.LesionSpec;

/**
 * A lesion as it appears in one view.
 *
 * @param spec the lesion
 * @param mask its union mask (every pixel of any of its concept masks), holes filled
 * @param conceptMasks one mask per descriptor concept (shape, margin, morphology, distribution), in that order; the
 *        kind's concept uses {@link #mask()}
 * @param centerX column of its centre
 * @param centerY row of its centre
 * @param location where it lies, in report words (e.g. {@code middle third, outer})
 * @param subtlety DDSM subtlety, 1 (subtle) to 5 (obvious)
 * @param sizeMm its size as rendered (it may be shrunk to fit the breast); for calcifications the extent of the
 *        specks
 */
public record RenderedLesion(LesionSpec spec, Mask mask, Map<String, Mask> conceptMasks, double centerX,
        double centerY, String location, int subtlety, double sizeMm) {
    public RenderedLesion {
        // keep the concepts' order: it is the order of the reports and of the files written
        conceptMasks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conceptMasks));
    }
}
