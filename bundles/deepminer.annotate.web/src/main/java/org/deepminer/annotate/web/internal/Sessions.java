package org.deepminer.annotate.web.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Browser sessions, in memory: a restart signs everyone out, which is the safe way to lose them. A session id is
 * 256 random bits carried in an HttpOnly, SameSite=Strict cookie; each session has its own CSRF token that every
 * form repeats. The sign-in and set-up forms get an anonymous session first, so that they carry a token too; a
 * successful sign-in replaces it with a new id (no session fixation).
 */
final class Sessions {
    static final String COOKIE = "dm_session";

    /**
     * @param id the cookie value
     * @param user the signed-in account, or null for an anonymous session
     * @param admin whether the account is an admin (as it was at sign-in)
     * @param csrf the token every write of this session must carry
     */
    record Session(String id, String user, boolean admin, String csrf, long created, long lastSeen) {
        boolean signedIn() {
            return user != null;
        }

        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final long idleMillis;
    private final long maxMillis;
    private final long anonymousMillis;
    private final int capacity;

    /**
     * @param idleMillis a signed-in session ends after this long without a request
     * @param maxMillis and after this long in any case
     * @param capacity most sessions kept; beyond it the oldest anonymous ones go first
     */
    Sessions(LongSupplier clock, long idleMillis, long maxMillis, int capacity) {
        this.clock = clock;
        this.idleMillis = idleMillis;
        this.maxMillis = maxMillis;
        this.anonymousMillis = Math.min(idleMillis, 30 * 60_000L);
        this.capacity = capacity;
    }

    Session anonymous() {
        return put(new Session(token(), null, false, token(), clock.getAsLong(), clock.getAsLong()));
    }

    /** A new session for a signed-in account; the anonymous one it replaces ends. */
    Session signIn(String previousId, String user, boolean admin) {
        if (previousId != null) {
            sessions.remove(previousId);
        }
        return put(new Session(token(), user, admin, token(), clock.getAsLong(), clock.getAsLong()));
    }

    /** The live session of a cookie value; touching it extends its idle time. */
    Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.user(), s.admin(), s.csrf(), s.created(), now);
        sessions.replace(id, s, touched);
        return Optional.of(touched);
    }

    void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of an account (after a password reset). */
    void endAll(String user) {
        sessions.values().removeIf(s -> user.equals(s.user()));
    }

    int size() {
        return sessions.size();
    }

    long idleMillis() {
        return idleMillis;
    }

    private boolean expired(Session s, long now) {
        long idle = s.signedIn() ? idleMillis : anonymousMillis;
        return now - s.lastSeen() > idle || now - s.created() > maxMillis;
    }

    private Session put(Session s) {
        if (sessions.size() >= capacity) {
            evict();
        }
        sessions.put(s.id(), s);
        return s;
    }

    /** Drops expired sessions, then (still full) the oldest anonymous ones: a flood of form loads cannot sign anyone out. */
    private void evict() {
        long now = clock.getAsLong();
        sessions.values().removeIf(s -> expired(s, now));
        if (sessions.size() < capacity) {
            return;
        }
        Session oldest = null;
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext();) {
            Session s = it.next();
            if (!s.signedIn() && (oldest == null || s.lastSeen() < oldest.lastSeen())) {
                oldest = s;
            }
        }
        if (oldest != null) {
            sessions.remove(oldest.id());
        }
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
