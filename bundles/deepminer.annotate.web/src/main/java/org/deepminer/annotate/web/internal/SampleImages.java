package org.deepminer.annotate.web.internal;

import java.util.Optional;
import org.deepminer.api.data.MammogramImage;

/** The whole images of a run's data set, by image id, as the run's data-set reader gives them. */
interface SampleImages {

    /** The image in canonical orientation; empty when the data set has no image of that id. */
    Optional<MammogramImage> image(String imageId);
}
