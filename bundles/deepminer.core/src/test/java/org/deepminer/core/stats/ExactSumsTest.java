package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumsTest {

    @Test
    void sumIsExactAndIndependentOfOrderAndMerges() {
        Random rnd = new Random(5);
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            float v = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(16) - 8));
            values.add(v);
        }
        values.add(Float.MIN_VALUE);
        values.add(-3 * Float.MIN_VALUE);
        values.add(3.0e38f);
        values.add(-3.0e38f);
        BigDecimal exact = BigDecimal.ZERO;
        double naive = 0;
        for (float v : values) {
            exact = exact.add(new BigDecimal(v));
            naive += v;
        }
        ExactSums one = new ExactSums(2);
        for (float v : values) {
            one.add(1, v);
        }
        assertEquals(exact.doubleValue(), one.value(1));
        assertEquals(0.0, one.value(0));

        Collections.shuffle(values, rnd);
        ExactSums a = new ExactSums(2);
        ExactSums b = new ExactSums(2);
        for (int i = 0; i < values.size(); i++) {
            (i % 3 == 0 ? a : b).add(1, values.get(i));
        }
        b.merge(a);
        assertEquals(Double.doubleToLongBits(one.value(1)), Double.doubleToLongBits(b.value(1)));
        // the reason for the class: plain double sums of the same terms in another order differ
        double shuffled = 0;
        for (float v : values) {
            shuffled += v;
        }
        assertNotEquals(naive, shuffled, "test data should show order dependence of plain sums");
    }
}
