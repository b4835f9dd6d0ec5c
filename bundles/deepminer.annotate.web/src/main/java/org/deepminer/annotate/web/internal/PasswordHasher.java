package org.deepminer.annotate.web.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with the JDK's PBKDF2WithHmacSHA256, a per-password random salt and a high iteration count, so
 * that a stolen accounts file costs an attacker about as much per guess as it costs us per login. Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64): the iteration count travels with each hash, so it
 * can be raised later and old hashes still verify (and are upgraded at the next login).
 */
final class PasswordHasher {
    /** The floor: OWASP's 2021 advice for PBKDF2-HMAC-SHA256. */
    static final int MIN_ITERATIONS = 210_000;
    /** OWASP's current advice (2023). */
    static final int DEFAULT_ITERATIONS = 600_000;
    static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** Verifying against this for unknown accounts makes "no such user" cost as long as "wrong password". */
    private final String decoy;

    PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 needs at least " + MIN_ITERATIONS + " iterations, got " + iterations);
        }
        this.iterations = iterations;
        this.decoy = hash("decoy-password".toCharArray());
    }

    int iterations() {
        return iterations;
    }

    String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] dk = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /** Whether the password matches the stored hash; false for a malformed hash, never an exception. */
    boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        if (p == null) {
            return false;
        }
        byte[] dk = derive(password, p.salt, p.iterations);
        return MessageDigest.isEqual(dk, p.hash);
    }

    /** Spends the time of one verification, for logins to accounts that do not exist. */
    void verifyDecoy(char[] password) {
        verify(password, decoy);
    }

    /** Whether a hash was made with fewer iterations than this hasher uses now. */
    boolean needsRehash(String stored) {
        Parsed p = parse(stored);
        return p == null || p.iterations < iterations;
    }

    /** Whether a string has the shape of a hash this class wrote. */
    static boolean wellFormed(String stored) {
        return parse(stored) != null;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private static Parsed parse(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return null;
        }
        try {
            int it = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (it < 1 || salt.length < 8 || hash.length != HASH_BITS / 8) {
                return null;
            }
            return new Parsed(it, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks PBKDF2WithHmacSHA256", e);
        } finally {
            ((PBEKeySpec) spec).clearPassword();
        }
    }

    static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
