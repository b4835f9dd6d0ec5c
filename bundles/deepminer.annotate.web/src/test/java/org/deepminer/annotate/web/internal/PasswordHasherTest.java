package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = hasher.hash("correct horse".toCharArray());
        assertTrue(hasher.verify("correct horse".toCharArray(), h));
        assertFalse(hasher.verify("correct hors".toCharArray(), h));
        assertFalse(hasher.verify("Correct horse".toCharArray(), h));
    }

    @Test
    void storesTheSchemeAndIterationsAndNeverThePassword() {
        String h = hasher.hash("correct horse".toCharArray());
        assertTrue(h.startsWith("pbkdf2-sha256$210000$"), h);
        assertFalse(h.contains("correct"));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(hasher.hash("same password".toCharArray()), hasher.hash("same password".toCharArray()));
    }

    @Test
    void refusesFewerIterationsThanTheFloor() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(PasswordHasher.MIN_ITERATIONS - 1));
    }

    @Test
    void aMalformedHashVerifiesNothingAndThrowsNothing() {
        for (String bad : new String[] {null, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$AAAA$BBBB",
                "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA$c2hvcnQ"}) {
            assertFalse(hasher.verify("anything".toCharArray(), bad), String.valueOf(bad));
        }
    }

    @Test
    void aHashWithFewerIterationsThanNowNeedsRehashing() {
        PasswordHasher stronger = new PasswordHasher(PasswordHasher.MIN_ITERATIONS + 1000);
        String old = hasher.hash("pw pw pw pw".toCharArray());
        assertTrue(stronger.needsRehash(old));
        assertTrue(stronger.verify("pw pw pw pw".toCharArray(), old), "old hashes still verify");
        assertFalse(stronger.needsRehash(stronger.hash("pw pw pw pw".toCharArray())));
    }
}
