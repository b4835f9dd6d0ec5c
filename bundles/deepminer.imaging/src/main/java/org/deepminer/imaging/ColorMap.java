package org.deepminer.imaging;

/** Colour maps from [0, 1] to packed RGB. */
public enum ColorMap {
    /** Blue - cyan - yellow - red, the heatmap colours radiologists know from CAM figures. */
    JET {
        @Override
        public int rgb(float v) {
            float t = clamp(v);
            float r = clamp(1.5f - Math.abs(4 * t - 3));
            float g = clamp(1.5f - Math.abs(4 * t - 2));
            float b = clamp(1.5f - Math.abs(4 * t - 1));
            return pack(r, g, b);
        }
    },
    GREY {
        @Override
        public int rgb(float v) {
            float t = clamp(v);
            return pack(t, t, t);
        }
    };

    public abstract int rgb(float v);

    static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    static int pack(float r, float g, float b) {
        return (Math.round(r * 255) << 16) | (Math.round(g * 255) << 8) | Math.round(b * 255);
    }
}
