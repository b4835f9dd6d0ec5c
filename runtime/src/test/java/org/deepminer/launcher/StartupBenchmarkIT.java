package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timing assertion: the time from launching bin/deepminer with the core feature to its
 * first command's result, beside the floor measured in the same run (the same launcher and JVM printing
 * --help without starting the framework).
 */
class StartupBenchmarkIT {
    static final int RUNS = 5;

    @Test
    void launchToFirstResult() throws Exception {
        Launch.run(60, "--features", "core", "-c", "deepminer:status"); // warm the file cache
        long[] floor = new long[RUNS];
        long[] launch = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            Launch f = Launch.run(60, "--help");
            assertEquals(0, f.exitCode(), f.toString());
            floor[i] = f.millis();
            Launch l = Launch.run(60, "--features", "core", "-c", "deepminer:status");
            assertEquals(0, l.exitCode(), l.toString());
            launch[i] = l.millis();
        }
        long m = median(launch);
        long b = median(floor);
        System.out.printf("BENCH startup core: launch-to-first-result median %d ms (runs %s); JVM+launcher floor %d ms; "
                + "ratio %.2f; framework share %d ms%n", m, Arrays.toString(launch), b, (double) m / b, m - b);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
