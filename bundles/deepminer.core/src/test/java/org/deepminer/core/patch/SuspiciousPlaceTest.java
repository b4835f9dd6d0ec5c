package org.deepminer.core.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SuspiciousPlaceTest {

    /** Two classes on a 1x4 map: normal, then lesion = 1 - normal. */
    static float[] maps(float... normal) {
        float[] m = new float[2 * normal.length];
        for (int i = 0; i < normal.length; i++) {
            m[i] = normal[i];
            m[normal.length + i] = 1 - normal[i];
        }
        return m;
    }

    @Test
    void smoothingAveragesOverTheWindowClippedAtTheEdges() {
        float[] s = SuspiciousPlace.smooth(maps(1f, 0f, 1f, 1f), 2, 1, 4, 1);
        assertArrayEquals(new float[] {0.5f, 2f / 3, 2f / 3, 1f}, java.util.Arrays.copyOf(s, 4), 1e-6f);
        assertEquals(0.5f, s[4], 1e-6f);
    }

    @Test
    void theImageTakesTheLeastNormalAllowedPlace() {
        // a map 16 wide has radius 1
        float[] normal = new float[16];
        java.util.Arrays.fill(normal, 0.9f);
        normal[2] = 0.1f;
        normal[12] = 0.4f;
        float[] m = maps(normal);
        assertEquals(1, SuspiciousPlace.radius(16));
        double[] p = SuspiciousPlace.probabilities(m, 2, 1, 16, null);
        assertEquals((0.9 + 0.1 + 0.9) / 3, p[0], 1e-6);
        assertEquals(1.0, p[0] + p[1], 1e-6);
        // with place 2 and its neighbours outside the breast, place 12 is the most suspicious one
        boolean[] allowed = new boolean[16];
        java.util.Arrays.fill(allowed, true);
        allowed[1] = allowed[2] = allowed[3] = false;
        assertEquals((0.9 + 0.4 + 0.9) / 3, SuspiciousPlace.probabilities(m, 2, 1, 16, allowed)[0], 1e-6);
        // nothing allowed: every place counts
        assertEquals(p[0], SuspiciousPlace.probabilities(m, 2, 1, 16, new boolean[16])[0], 1e-12);
    }
}
