package org.deepminer.annotate.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * How the first admin account comes to be. With an initial password in the configuration, an admin account is
 * created from it at once. Without one, a one-time token is printed on the console: whoever can read the
 * server's console opens the set-up page, gives the token, and chooses the admin's name and password. The token
 * works once and is gone as soon as an admin exists.
 */
final class FirstAdmin {
    private volatile String token;

    private FirstAdmin(String token) {
        this.token = token;
    }

    /**
     * @param initialPassword from the configuration; empty for the token route
     * @param console where the token (or what was created) is told
     */
    static FirstAdmin prepare(AccountStore accounts, String initialName, String initialPassword, Consumer<String> console) {
        if (accounts.hasAdmin()) {
            return new FirstAdmin(null);
        }
        if (initialPassword != null && !initialPassword.isEmpty()) {
            char[] pw = initialPassword.toCharArray();
            try {
                accounts.add(initialName, pw, AccountStore.Role.ADMIN, "configuration");
            } finally {
                PasswordHasher.wipe(pw);
            }
            console.accept("deepminer: annotation web UI: created admin account '" + AccountStore.checkName(initialName)
                    + "' from the configured initial password; change it under Account once signed in");
            return new FirstAdmin(null);
        }
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        console.accept("deepminer: annotation web UI: no admin account yet. Open /annotate/setup and give this one-time "
                + "token: " + t);
        return new FirstAdmin(t);
    }

    /** The pending token, for the console that started the server; null when none. */
    String token() {
        return token;
    }

    boolean pending() {
        return token != null;
    }

    /** Whether the token is the one printed; it stays valid until {@link #done}. */
    boolean matches(String given) {
        String t = token;
        return t != null && given != null && MessageDigest.isEqual(t.getBytes(StandardCharsets.US_ASCII),
                given.strip().getBytes(StandardCharsets.US_ASCII));
    }

    void done() {
        token = null;
    }
}
