package org.deepminer.dicom.internal;

/**
 * The greyscale pipeline of PS3.3 C.11 from stored values to [0, 1]: Modality rescale, one VOI transform
 * (a VOI LUT, a window with its VOI LUT Function, or the min-max of the image), MONOCHROME1 inversion,
 * and padding to 0. All of it is folded into one lookup table over the stored value range (at most
 * 2^16 entries), so the per-pixel cost is one table look-up.
 */
final class Greyscale {
    private Greyscale() {}

    /** Maps a modality value (after rescale) to [0, 1]. */
    interface Voi {
        double apply(double x);

        /** For the record, e.g. in messages and tests. */
        String describe();
    }

    /** PS3.3 C.11.2.1.2.1, LINEAR: the window of the DICOM standard (width 1 or more). */
    static Voi linear(double center, double width) {
        double low = center - 0.5 - (width - 1) / 2;
        double high = center - 0.5 + (width - 1) / 2;
        return new Voi() {
            @Override
            public double apply(double x) {
                if (x <= low) {
                    return 0;
                }
                if (x > high) {
                    return 1;
                }
                return (x - (center - 0.5)) / (width - 1) + 0.5;
            }

            @Override
            public String describe() {
                return "LINEAR window " + center + "/" + width;
            }
        };
    }

    /** PS3.3 C.11.2.1.3.2, LINEAR_EXACT (width above 0). */
    static Voi linearExact(double center, double width) {
        return new Voi() {
            @Override
            public double apply(double x) {
                if (x <= center - width / 2) {
                    return 0;
                }
                if (x > center + width / 2) {
                    return 1;
                }
                return (x - center) / width + 0.5;
            }

            @Override
            public String describe() {
                return "LINEAR_EXACT window " + center + "/" + width;
            }
        };
    }

    /** PS3.3 C.11.2.1.3.1, SIGMOID (width above 0). */
    static Voi sigmoid(double center, double width) {
        return new Voi() {
            @Override
            public double apply(double x) {
                return 1 / (1 + Math.exp(-4 * (x - center) / width));
            }

            @Override
            public String describe() {
                return "SIGMOID window " + center + "/" + width;
            }
        };
    }

    /**
     * A VOI LUT (PS3.3 C.11.2.1.1): inputs below the first mapped value take the first entry, above the
     * last the last entry. Outputs are scaled by the LUT's own range rather than 2^bits - 1 because
     * vendors often declare 16 bits per entry for 12-bit data, which would leave the image nearly black.
     */
    static Voi lut(int firstMapped, int[] entries) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int e : entries) {
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        int lo = min;
        double range = max - min;
        return new Voi() {
            @Override
            public double apply(double x) {
                long index = (long) Math.floor(x) - firstMapped;
                int at = index < 0 ? 0 : index >= entries.length ? entries.length - 1 : (int) index;
                return range == 0 ? 0 : (entries[at] - lo) / range;
            }

            @Override
            public String describe() {
                return "VOI LUT of " + entries.length + " entries from " + firstMapped;
            }
        };
    }

    /** Linear from the lowest to the highest modality value of the image (no window given). */
    static Voi minMax(double lowest, double highest) {
        double range = highest - lowest;
        return new Voi() {
            @Override
            public double apply(double x) {
                if (range <= 0) {
                    return 0;
                }
                double y = (x - lowest) / range;
                return y < 0 ? 0 : y > 1 ? 1 : y;
            }

            @Override
            public String describe() {
                return "min-max " + lowest + ".." + highest;
            }
        };
    }

    /** Stored values in [low, high] are padding; {@link #NONE} when there is no padding. */
    record Padding(int low, int high) {
        static final Padding NONE = new Padding(1, 0);

        boolean contains(int stored) {
            return stored >= low && stored <= high;
        }
    }

    /**
     * The range of modality values over the non-padding pixels, for {@link #minMax}; {@code null} when every
     * pixel is padding.
     */
    static double[] modalityRange(StoredPixels pixels, double slope, double intercept, Padding padding) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int n = pixels.count();
        for (int i = 0; i < n; i++) {
            int s = pixels.get(i);
            if (padding.contains(s)) {
                continue;
            }
            if (s < min) {
                min = s;
            }
            if (s > max) {
                max = s;
            }
        }
        if (min > max) {
            return null;
        }
        double a = min * slope + intercept;
        double b = max * slope + intercept;
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /**
     * Writes {@code pixels} through the whole pipeline into {@code out} (same length), mirrored left-right
     * when {@code flip}.
     */
    static void render(StoredPixels pixels, int width, double slope, double intercept, Voi voi, boolean invert,
            Padding padding, boolean flip, float[] out) {
        int lowest = pixels.lowest();
        float[] table = new float[pixels.highest() - lowest + 1];
        for (int k = 0; k < table.length; k++) {
            int stored = k + lowest;
            if (padding.contains(stored)) {
                continue; // stays 0
            }
            double y = voi.apply(stored * slope + intercept);
            y = y < 0 ? 0 : y > 1 ? 1 : y;
            table[k] = (float) (invert ? 1 - y : y);
        }
        int n = pixels.count();
        if (!flip) {
            for (int i = 0; i < n; i++) {
                out[i] = table[pixels.get(i) - lowest];
            }
            return;
        }
        for (int rowStart = 0; rowStart < n; rowStart += width) {
            int last = rowStart + width - 1;
            for (int c = 0; c < width; c++) {
                out[last - c] = table[pixels.get(rowStart + c) - lowest];
            }
        }
    }

    /** Mirrors each row in place. */
    static void flip(float[] image, int width) {
        for (int rowStart = 0; rowStart < image.length; rowStart += width) {
            for (int a = rowStart, b = rowStart + width - 1; a < b; a++, b--) {
                float t = image[a];
                image[a] = image[b];
                image[b] = t;
            }
        }
    }
}
