package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(0);
    private final LoginThrottle throttle = new LoginThrottle(now::get, 3);

    @Test
    void waitsAfterTheFreeFailuresAndDoublesTheWait() {
        throttle.failed("ada");
        throttle.failed("ada");
        assertEquals(0, throttle.waitMillis("ada"));
        throttle.failed("ada");
        assertEquals(30_000, throttle.waitMillis("ada"));
        now.addAndGet(30_000);
        assertEquals(0, throttle.waitMillis("ada"));
        throttle.failed("ada");
        assertEquals(60_000, throttle.waitMillis("ada"));
        assertEquals(0, throttle.waitMillis("ben"), "keys are separate");
    }

    @Test
    void theWaitIsCappedAndASuccessClearsIt() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("ada");
        }
        assertTrue(throttle.waitMillis("ada") <= 15 * 60_000);
        throttle.succeeded("ada");
        assertEquals(0, throttle.waitMillis("ada"));
    }
}
