package org.deepminer.mining;

import java.util.List;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.model.InputSpec;
import org.deepminer.imaging.Resample;

/**
 * Turns a grey [0, 1] image into what a model declares it expects ({@link InputSpec}): bilinear resizing
 * with half-pixel centres ({@link Resample#bilinear}, the platform's one convention, so that activation
 * maps line up with images and masks), grey replicated to every channel, then {@code (v - mean) / std} per
 * channel. Mining, explanations and evaluation must all use it, or their maps would not line up.
 */
public final class ModelInput {
    private ModelInput() {}

    /**
     * The input height and width for an image: a fixed size wins; a dynamic dimension takes the image's,
     * scaled so that the shorter side is {@code shortSide} when it is positive.
     *
     * @return {@code {height, width}}
     */
    public static int[] size(InputSpec spec, int imageWidth, int imageHeight, int shortSide) {
        double scale = shortSide > 0 ? (double) shortSide / Math.min(imageWidth, imageHeight) : 1.0;
        int h = spec.height() > 0 ? spec.height() : Math.max(1, (int) Math.round(imageHeight * scale));
        int w = spec.width() > 0 ? spec.width() : Math.max(1, (int) Math.round(imageWidth * scale));
        return new int[] {h, w};
    }

    /**
     * Writes one preprocessed image into {@code dst} at {@code offset}: {@code channels * height * width}
     * values, channel-major (NCHW without the N).
     */
    public static void write(MammogramImage image, InputSpec spec, int height, int width, float[] dst, int offset) {
        float[] grey = image.width() == width && image.height() == height ? image.pixels()
                : Resample.bilinear(image.pixels(), image.width(), image.height(), width, height);
        int plane = height * width;
        List<Float> mean = spec.mean();
        List<Float> std = spec.std();
        for (int c = 0; c < spec.channels(); c++) {
            float m = mean.isEmpty() ? 0f : mean.get(mean.size() == 1 ? 0 : c);
            float inv = 1f / (std.isEmpty() ? 1f : std.get(std.size() == 1 ? 0 : c));
            int o = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                dst[o + i] = (grey[i] - m) * inv;
            }
        }
    }

    /** One preprocessed image as a new array of {@code channels * height * width} values. */
    public static float[] of(MammogramImage image, InputSpec spec, int height, int width) {
        float[] out = new float[spec.channels() * height * width];
        write(image, spec, height, width, out, 0);
        return out;
    }
}
