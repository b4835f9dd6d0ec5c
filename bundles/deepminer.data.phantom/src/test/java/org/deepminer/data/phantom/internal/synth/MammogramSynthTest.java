package org.deepminer.data.phantom.internal.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.deepminer.data.phantom.internal.io.PhantomParameters;
import org.deepminer.data.phantom.internal.model.CaseSpec;
import org.deepminer.data.phantom.internal.model.Kind;
import org.junit.jupiter.api.Test;

class MammogramSynthTest {
    private static final int SIZE = 256;

    private static List<CaseSpec> cases(int n, long seed) {
        return PhantomGenerator.drawCases(PhantomParameters.defaults(n, seed));
    }

    @Test
    void sameSeedSamePixelsAndMasksOtherSeedOtherPixels() {
        SynthSettings settings = SynthSettings.forSize(SIZE, 3);
        CaseSpec c = cases(3, 31).get(2);
        SynthView a = new MammogramSynth(settings).render(c, 0, "CC", true);
        MammogramSynth reused = new MammogramSynth(settings);
        reused.render(cases(1, 99).get(0), 1, "MLO", true); // buffers hold another image first
        SynthView b = reused.render(c, 0, "CC", true);
        assertArrayEquals(a.pixels(), b.pixels());
        for (int i = 0; i < a.lesions().size(); i++) {
            assertEquals(a.lesions().get(i).mask().area(), b.lesions().get(i).mask().area());
        }
        CaseSpec other = cases(3, 32).get(2);
        SynthView d = new MammogramSynth(settings).render(other, 0, "CC", true);
        assertFalse(Arrays.equals(a.pixels(), d.pixels()));
        SynthView mlo = new MammogramSynth(settings).render(c, 1, "MLO", true);
        assertFalse(Arrays.equals(a.pixels(), mlo.pixels()), "each view is its own image");
    }

    @Test
    void masksAreNonEmptyAndInsideTheBreastTissue() {
        SynthSettings settings = SynthSettings.forSize(SIZE, 3);
        MammogramSynth synth = new MammogramSynth(settings);
        int lesions = 0;
        for (CaseSpec c : cases(40, 33)) {
            for (String view : List.of("CC", "MLO")) {
                SynthView v = synth.render(c, view.equals("CC") ? 0 : 1, view, false);
                assertEquals(c.lesions().size(), v.lesions().size());
                for (RenderedLesion l : v.lesions()) {
                    lesions++;
                    assertInside(l.mask(), v, c.caseId() + " " + l.spec().id());
                    assertEquals(l.spec().descriptors().size(), l.conceptMasks().size(), "one mask per descriptor");
                    for (Map.Entry<String, Mask> e : l.conceptMasks().entrySet()) {
                        assertFalse(e.getValue().isEmpty(), c.caseId() + " " + e.getKey() + " mask is empty");
                        assertInside(e.getValue(), v, c.caseId() + " " + e.getKey());
                        // every concept mask lies within the lesion's union mask
                        Mask m = e.getValue();
                        for (int y = m.y(); y < m.y() + m.height(); y++) {
                            for (int x = m.x(); x < m.x() + m.width(); x++) {
                                assertTrue(!m.get(x, y) || l.mask().get(x, y), e.getKey() + " outside the union");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(lesions > 30, "enough lesions checked: " + lesions);
    }

    private static void assertInside(Mask m, SynthView v, String what) {
        assertFalse(m.isEmpty(), what + " is empty");
        assertTrue(m.x() >= 0 && m.y() >= 0 && m.x() + m.width() <= v.size() && m.y() + m.height() <= v.size(),
                what + " leaves the image");
        for (int y = m.y(); y < m.y() + m.height(); y++) {
            for (int x = m.x(); x < m.x() + m.width(); x++) {
                if (m.get(x, y)) {
                    assertEquals(1, v.tissue()[y * v.size() + x], what + " leaves the breast tissue at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void theBreastLiesAgainstTheLeftEdgeAndTheMuscleInTheUpperLeftOfMlo() {
        SynthSettings settings = SynthSettings.forSize(SIZE, 3);
        MammogramSynth synth = new MammogramSynth(settings);
        for (CaseSpec c : cases(6, 34)) {
            SynthView cc = synth.render(c, 0, "CC", true);
            SynthView mlo = synth.render(c, 1, "MLO", true);
            for (SynthView v : List.of(cc, mlo)) {
                double left = 0;
                double right = 0;
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE / 2; x++) {
                        left += v.pixels()[y * SIZE + x];
                        right += v.pixels()[y * SIZE + SIZE - 1 - x];
                    }
                }
                assertTrue(left > 2 * right, "chest wall on the left for " + c.caseId() + " " + v.view());
                assertEquals(1, v.breast()[(SIZE / 2) * SIZE], "the breast touches the left edge");
                assertEquals(0, v.breast()[(SIZE / 2) * SIZE + SIZE - 1], "and not the right one");
                int max = 0;
                for (short p : v.pixels()) {
                    max = Math.max(max, p & 0xFFFF);
                    assertTrue((p & 0xFFFF) <= 4095, "12-bit values");
                }
                assertTrue(max > 2000, "the breast uses the range");
                int corner = v.pixels()[(SIZE - 4) * SIZE + SIZE - 4] & 0xFFFF;
                assertTrue(corner < 200, "air is dark: " + corner);
            }
            // the muscle: the top-left corner of an MLO is brighter than the same spot in the CC
            int tl = 6 * SIZE + 6;
            assertTrue((mlo.pixels()[tl] & 0xFFFF) > (cc.pixels()[tl] & 0xFFFF), "pectoral muscle in MLO");
        }
    }

    @Test
    void lesionsAreBrighterThanTheirSurroundingsOnAverage() {
        SynthSettings settings = SynthSettings.forSize(SIZE, 3);
        MammogramSynth synth = new MammogramSynth(settings);
        double inside = 0;
        double around = 0;
        int n = 0;
        for (CaseSpec c : cases(60, 35)) {
            if (c.findings().isEmpty()) {
                continue;
            }
            SynthView v = synth.render(c, 0, "CC", true);
            for (RenderedLesion l : v.lesions()) {
                if (l.spec().kind() != Kind.MASS) {
                    continue;
                }
                Mask body = l.conceptMasks().get(l.spec().shape());
                Mask ring = body.dilate(SIZE / 32.0, SIZE, SIZE).minus(l.mask());
                inside += mean(v, body);
                around += mean(v, ring.isEmpty() ? body : ring);
                n++;
            }
        }
        assertTrue(n >= 5, "masses seen: " + n);
        assertTrue(inside / n > around / n + 20, "masses stand out: " + inside / n + " vs " + around / n);
    }

    private static double mean(SynthView v, Mask m) {
        double s = 0;
        int n = 0;
        for (int y = m.y(); y < m.y() + m.height(); y++) {
            for (int x = m.x(); x < m.x() + m.width(); x++) {
                if (m.get(x, y) && x >= 0 && y >= 0 && x < v.size() && y < v.size()) {
                    s += v.pixels()[y * v.size() + x] & 0xFFFF;
                    n++;
                }
            }
        }
        return n == 0 ? 0 : s / n;
    }
}
