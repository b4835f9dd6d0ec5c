package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MontageGeometryTest {
    @Test
    void theDefaultLayoutOf64TilesOf96Pixels() {
        // the probe's default: 8 columns of 96-pixel cells with a 2-pixel gap: 8 * 98 + 2 = 786
        MontageGeometry g = MontageGeometry.infer(786, 786, 64).orElseThrow();
        assertEquals(new MontageGeometry(96, 8, 2), g);
        assertEquals(2, g.x(0));
        assertEquals(2 + 98, g.x(1));
        assertEquals(2 + 98, g.y(8));
        assertEquals(2 + 7 * 98, g.x(63));
    }

    @Test
    void anIncompleteLastRowAndOtherColumnCounts() {
        assertEquals(new MontageGeometry(20, 8, 2), MontageGeometry.infer(178, 46, 10).orElseThrow());
        // 5 columns of 30: 5 * 32 + 2 = 162 wide, 3 rows for 12 tiles: 98 high
        assertEquals(new MontageGeometry(30, 5, 2), MontageGeometry.infer(162, 98, 12).orElseThrow());
    }

    @Test
    void sizesNoLayoutExplainsAreRefused() {
        assertTrue(MontageGeometry.infer(787, 786, 64).isEmpty());
        assertTrue(MontageGeometry.infer(786, 786, 0).isEmpty());
        assertTrue(MontageGeometry.infer(1, 1, 1).isEmpty());
    }
}
