package org.deepminer.api.model;

import java.util.List;

/**
 * What a model expects as input, as declared by the model (bundle capability or sidecar) or read from
 * the model file. Images reach the backend as NCHW floats after this preprocessing.
 *
 * @param channels 1 (grey) or 3 (grey replicated to RGB)
 * @param height input height in pixels; 0 when the model accepts any height
 * @param width input width in pixels; 0 when the model accepts any width
 * @param mean per-channel mean subtracted after scaling to [0, 1] (one value, or one per channel)
 * @param std per-channel standard deviation divided by after subtracting the mean
 */
public record InputSpec(int channels, int height, int width, List<Float> mean, List<Float> std) {
    public InputSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("negative input size " + height + "x" + width);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (std.stream().anyMatch(s -> s <= 0f)) {
            throw new IllegalArgumentException("std must be positive: " + std);
        }
    }

    /** Grey input of a fixed size, scaled to [0, 1], no normalisation. */
    public static InputSpec grey(int height, int width) {
        return new InputSpec(1, height, width, List.of(0f), List.of(1f));
    }

    /** True when height and width are fixed by the model. */
    public boolean fixedSize() {
        return height > 0 && width > 0;
    }
}
