package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Sessions sessions = new Sessions(now::get, 60_000, 600_000, 4);

    @Test
    void signingInReplacesTheAnonymousSessionWithANewIdAndToken() {
        Sessions.Session anon = sessions.anonymous();
        Sessions.Session s = sessions.signIn(anon.id(), "ada", true);
        assertNotEquals(anon.id(), s.id());
        assertNotEquals(anon.csrf(), s.csrf());
        assertTrue(sessions.find(anon.id()).isEmpty(), "the old id no longer works");
        assertEquals("ada", sessions.find(s.id()).orElseThrow().user());
        assertTrue(s.id().length() >= 43, "256 bits");
    }

    @Test
    void aSessionEndsWhenIdleAndAfterItsMaximumAge() {
        Sessions.Session s = sessions.signIn(null, "ada", false);
        now.addAndGet(59_000);
        assertTrue(sessions.find(s.id()).isPresent(), "a request extends the idle time");
        now.addAndGet(59_000);
        assertTrue(sessions.find(s.id()).isPresent());
        now.addAndGet(61_000);
        assertTrue(sessions.find(s.id()).isEmpty(), "idle too long");
        Sessions.Session t = sessions.signIn(null, "ada", false);
        for (int i = 0; i < 11; i++) {
            now.addAndGet(59_000);
            sessions.find(t.id());
        }
        assertTrue(sessions.find(t.id()).isEmpty(), "past the maximum age even when active");
    }

    @Test
    void theCsrfTokenMustMatchExactly() {
        Sessions.Session s = sessions.anonymous();
        assertTrue(s.csrfMatches(s.csrf()));
        assertFalse(s.csrfMatches(s.csrf() + "x"));
        assertFalse(s.csrfMatches(""));
        assertFalse(s.csrfMatches(null));
    }

    @Test
    void aFloodOfAnonymousSessionsDoesNotSignAnyoneOut() {
        Sessions.Session ada = sessions.signIn(null, "ada", false);
        for (int i = 0; i < 50; i++) {
            sessions.anonymous();
        }
        assertTrue(sessions.find(ada.id()).isPresent());
        assertTrue(sessions.size() <= 4);
    }

    @Test
    void aPasswordResetEndsEverySessionOfTheAccount() {
        Sessions.Session a1 = sessions.signIn(null, "ada", false);
        Sessions.Session a2 = sessions.signIn(null, "ada", false);
        Sessions.Session b = sessions.signIn(null, "ben", false);
        sessions.endAll("ada");
        assertTrue(sessions.find(a1.id()).isEmpty());
        assertTrue(sessions.find(a2.id()).isEmpty());
        assertTrue(sessions.find(b.id()).isPresent());
    }
}
