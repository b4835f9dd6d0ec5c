package org.deepminer.api.model;

import java.util.Arrays;

/**
 * A dense float tensor in row-major order. Flat arrays, not boxed values, because activations are large
 * and are read on the hot path. The data array is shared, not copied: treat it as read-only.
 *
 * @param shape dimensions, e.g. {@code [n, c, h, w]}
 * @param data {@code product(shape)} values, row-major
 */
public record FloatTensor(int[] shape, float[] data) {
    public FloatTensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
