package org.deepminer.annotate.web.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: after {@code freeFailures} failed sign-ins in a row for one key (an account name, or
 * a client address), that key waits before the next try, 30 s doubling up to 15 minutes. A success clears it.
 */
final class LoginThrottle {
    private static final long FIRST_WAIT = 30_000;
    private static final long MAX_WAIT = 15 * 60_000;
    private static final int MAX_KEYS = 100_000;

    private record State(int failures, long lockedUntil) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final int freeFailures;

    LoginThrottle(LongSupplier clock, int freeFailures) {
        this.clock = clock;
        this.freeFailures = freeFailures;
    }

    /** Milliseconds the key must still wait; 0 when it may try. */
    long waitMillis(String key) {
        State s = states.get(key);
        return s == null ? 0 : Math.max(0, s.lockedUntil() - clock.getAsLong());
    }

    void failed(String key) {
        if (states.size() > MAX_KEYS) {
            long now = clock.getAsLong();
            states.values().removeIf(s -> s.lockedUntil() < now);
        }
        states.compute(key, (k, s) -> {
            int n = s == null ? 1 : s.failures() + 1;
            long until = 0;
            if (n >= freeFailures) {
                int doublings = Math.min(n - freeFailures, 10);
                until = clock.getAsLong() + Math.min(MAX_WAIT, FIRST_WAIT << doublings);
            }
            return new State(n, until);
        });
    }

    void succeeded(String key) {
        states.remove(key);
    }
}
