package org.deepminer.core.stats;

/** Bounds of the bilinear values inside one map cell, shared by the quantile sketch and the IoU tally. */
final class Cells {
    private Cells() {}

    /**
     * Slack added to a cell's corner range before it is trusted to bound the cell's computed pixels.
     * In exact arithmetic a bilinear blend lies between its smallest and largest corner; the float
     * computation {@code top = a + (b - a) * fx; bottom = c + (d - c) * fx; v = top + (bottom - top) * fy}
     * rounds nine times on values of magnitude at most {@code 2M} ({@code M} the largest corner
     * magnitude): {@code top} and {@code bottom} stray by at most about {@code 5u M}, their difference by
     * {@code 12u M}, {@code v} by about {@code 20u M} ({@code u = 2^-24}), plus a few subnormal steps.
     * The slack {@code 2^-18 M + MIN_NORMAL} is {@code 64u M} and more: three times that. Cells within it
     * of a threshold are simply evaluated pixel by pixel, so the slack costs time, never exactness.
     */
    static float slack(float a, float b, float c, float d) {
        float m = Math.max(Math.max(Math.abs(a), Math.abs(b)), Math.max(Math.abs(c), Math.abs(d)));
        return m * 0x1p-18f + Float.MIN_NORMAL;
    }
}
