package org.deepminer.itest;

import java.util.function.BooleanSupplier;

/** Polls a condition: hot deploy is asynchronous (FileInstall scans every 200 ms here). */
final class Await {
    private Await() {}

    /** @return milliseconds until the condition held; fails the test after the timeout */
    static long until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long t0 = System.nanoTime();
        long end = t0 + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeoutMillis + " ms: " + what);
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
