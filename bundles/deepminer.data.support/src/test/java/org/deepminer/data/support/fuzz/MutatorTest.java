package org.deepminer.data.support.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutatorTest {
    static final byte[] CSV = ("study_id,image_id,laterality,height,width,xmin\n"
            + "s1,i1,L,3518,2800,1204.5\ns1,i2,R,3518,2800,-12.0\n").getBytes(StandardCharsets.US_ASCII);

    static byte[] binary() {
        byte[] b = new byte[4096];
        new Random(3).nextBytes(b);
        return b;
    }

    @Test
    void theSameSeedGivesTheSameMutations() {
        Mutator a = new Mutator(17);
        Mutator b = new Mutator(17);
        Mutator c = new Mutator(18);
        boolean differs = false;
        for (int i = 0; i < 200; i++) {
            byte[] x = a.mutate(CSV).bytes();
            assertArrayEquals(x, b.mutate(CSV).bytes(), "input " + i);
            differs |= !Arrays.equals(x, c.mutate(CSV).bytes());
        }
        assertTrue(differs, "another seed must give other inputs");
    }

    @Test
    void everyKindChangesTextAndBinaryInputs() {
        Mutator m = new Mutator(5);
        for (Mutator.Kind kind : Mutator.Kind.values()) {
            for (byte[] input : new byte[][] {CSV, binary()}) {
                int changed = 0;
                for (int i = 0; i < 20; i++) {
                    Mutator.Mutation out = m.mutate(input, kind);
                    if (!Arrays.equals(out.bytes(), input)) {
                        changed++;
                    }
                    assertFalse(out.description().isBlank());
                    assertTrue(out.bytes().length <= input.length + (1 << 17), kind + " grew the input too much");
                }
                // a truncation may cut nothing only at the very end; a flip or swap always changes a byte
                assertTrue(changed >= 15, kind + " left the input unchanged " + (20 - changed) + " times of 20");
            }
        }
    }

    @Test
    void truncationShortensAndNumbersBecomeOdd() {
        Mutator m = new Mutator(9);
        Set<String> numbers = new HashSet<>(Arrays.asList(Mutator.ODD_NUMBERS));
        for (int i = 0; i < 50; i++) {
            assertTrue(m.mutate(CSV, Mutator.Kind.TRUNCATE).bytes().length < CSV.length);
            String text = new String(m.mutate(CSV, Mutator.Kind.HUGE_NUMBER).bytes(), StandardCharsets.US_ASCII);
            assertTrue(numbers.stream().anyMatch(text::contains), text);
        }
    }

    @Test
    void wrongDelimitersReplaceADelimiter() {
        Mutator m = new Mutator(11);
        int commas = count(CSV, ',');
        boolean fewerCommas = false;
        for (int i = 0; i < 40; i++) {
            byte[] out = m.mutate(CSV, Mutator.Kind.WRONG_DELIMITER).bytes();
            assertEquals(CSV.length, out.length);
            fewerCommas |= count(out, ',') < commas;
        }
        assertTrue(fewerCommas, "in 40 tries no comma became another delimiter");
    }

    @Test
    void textIsToldFromBinary() {
        assertTrue(Mutator.isText(CSV));
        assertFalse(Mutator.isText(binary()));
    }

    private static int count(byte[] b, char c) {
        int n = 0;
        for (byte x : b) {
            n += x == c ? 1 : 0;
        }
        return n;
    }
}
