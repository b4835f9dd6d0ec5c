package org.deepminer.core.stats;

/**
 * The buckets of relative width {@code 2^-m} that {@link UnitQuantiles} and {@link TailTally} count values in:
 * a float's bucket is its sign, exponent and top {@code m} mantissa bits, a shift of its bit pattern made
 * monotone, so bucketing is a few integer operations and no logarithm.
 */
final class Buckets {
    private Buckets() {}

    /** Monotone bucket key: the sign-adjusted bit pattern without its low {@code shift = 23 - m} bits. */
    static int key(float v, int shift) {
        int bits = Float.floatToRawIntBits(v);
        return (bits ^ ((bits >> 31) & 0x7fffffff)) >> shift;
    }

    /** The smallest float of a bucket. */
    static float lowerEdge(int key, int shift) {
        int sortable = key << shift;
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }
}
