package org.deepminer.data.phantom.internal.synth;

/**
 * How images are synthesised.
 *
 * @param size image side in pixels (images are square)
 * @param spacingMm pixel size in mm
 * @param contrast lesion contrast as a multiple of the physical contrast (1 = physics; more makes lesions
 *        easier to see than in real mammograms)
 */
public record SynthSettings(int size, double spacingMm, double contrast) {
    /** Field of view of every image: 102.4 mm, so 512 px are 0.2 mm each (PHANTOM.md: fine morphology
     * needs at most 0.2 mm/px) and the breast, 60-80 % of the side deep, is a small-to-medium one. */
    public static final double FIELD_OF_VIEW_MM = 102.4;

    /** Default contrast: lesions visible but not trivial at 512 px (chosen by looking at montages). */
    public static final double DEFAULT_CONTRAST = 3.0;

    public SynthSettings {
        if (size < 64 || size > 8192) {
            throw new IllegalArgumentException("image size must be 64-8192 pixels, not " + size);
        }
        if (!(spacingMm > 0)) {
            throw new IllegalArgumentException("pixel spacing must be positive");
        }
        if (!(contrast > 0) || contrast > 20) {
            throw new IllegalArgumentException("contrast must be in (0, 20], not " + contrast);
        }
    }

    /** Settings for a size, with the pixel spacing that keeps the field of view. */
    public static SynthSettings forSize(int size, double contrast) {
        return new SynthSettings(size, spacingFor(size), contrast);
    }

    public static double spacingFor(int size) {
        return FIELD_OF_VIEW_MM / size;
    }

    /** Pixels for a length in mm. */
    public double px(double mm) {
        return mm / spacingMm;
    }
}
