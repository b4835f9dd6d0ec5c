package org.deepminer.data.support.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepminer.api.DeepMinerException;

/**
 * Runs a reader over hostile inputs: each valid seed file is replaced in place by a mutation of itself (or by
 * a hand-made hostile file), the reader reads, the seed is put back. Each input must either read or fail with
 * a {@link DeepMinerException} whose message names the file; anything else is a finding:
 * <ul>
 * <li>another exception or error (a raw NullPointerException, ArrayIndexOutOfBounds, StackOverflowError...),
 * or a DeepMinerException that does not name the file;</li>
 * <li>a hang: the read runs on a worker thread and must end within the timeout (2 s). A read that overruns
 * is let finish and run again; it counts when it overruns again while the valid seed reads quickly, so that
 * a busy build machine (where the valid seed is slow too) is not taken for a hang;</li>
 * <li>an allocation beyond the cap, and an OutOfMemoryError: readers must refuse absurd sizes before
 * allocating. Bytes allocated are counted on the worker thread, garbage included, so the cap is relative:
 * four times what reading the valid seed allocated, and at least 64 MB (the seeds are small files; a
 * reader that trusts a size field allocates hundreds of MB or more).</li>
 * </ul>
 * Offending inputs are saved under {@code target/fuzz-failures/<reader>/} with what was done to them.
 */
public final class Fuzz {

    /** Reads the data set or file as it now is on disk. */
    @FunctionalInterface
    public interface Read {
        /**
         * @param file the seed file that holds the hostile input now (readers of a whole data set may ignore it)
         * @param strict alternates from input to input, for readers that have a strict and a lenient mode
         */
        void run(Path file, boolean strict) throws Exception;
    }

    /** A valid file in its place in a data set, and its bytes. */
    public record Seed(Path file, byte[] valid) {
        public static Seed of(Path file) {
            try {
                return new Seed(file, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** How one input ended. */
    public enum Outcome {
        READ, CLEAN_ERROR, OTHER_EXCEPTION, HANG, OVER_ALLOCATION
    }

    /** The tally of a run. */
    public record Summary(String reader, long seed, int inputs, int read, int cleanError, int otherException,
            int hangs, int overAllocation, int slowOnce, long maxAllocatedBytes, long slowestMillis, String slowest,
            double seconds, List<String> findings) {

        /** The one line each fuzz test prints. */
        public String line() {
            return String.format(Locale.ROOT, "FUZZ %s: %d inputs, %d read ok, %d clean error, %d other exception, "
                    + "%d hangs, %d over the allocation cap (seed %d, largest allocation %.1f MB, slowest %d ms, "
                    + "%d slow once, %.1f s)", reader, inputs, read, cleanError, otherException, hangs, overAllocation,
                    seed, maxAllocatedBytes / 1e6, slowestMillis, slowOnce, seconds);
        }

        public boolean clean() {
            return otherException == 0 && hangs == 0 && overAllocation == 0;
        }
    }

    private static final long CAP_MB = 64;
    private static final long TIMEOUT_MS = 2000;
    /** How long an overrunning read may go on before it is left behind as hung. */
    private static final long GRACE_MS = 30_000;
    private static final int FINDINGS_KEPT = 10;
    /** {@code -Ddeepminer.fuzz.verbose=true}: a line per input, to see where time goes. */
    private static final boolean VERBOSE = Boolean.getBoolean("deepminer.fuzz.verbose");

    private final String reader;
    private final long seed;
    private final List<String> alsoNamed = new ArrayList<>();
    private final List<Hostile> hostile = new ArrayList<>();
    private long timeoutMs = TIMEOUT_MS;
    private long capBytes = CAP_MB << 20;
    /** Cap over a seed's own allocation when reading it valid. */
    private static final int CAP_FACTOR = 4;

    private record Hostile(Seed target, String what, byte[] bytes) {}

    /**
     * @param reader the reader's name in the summary and the failure folder
     * @param seed the mutator's seed; {@code -Ddeepminer.fuzz.seed} overrides it
     */
    public Fuzz(String reader, long seed) {
        this.reader = reader;
        this.seed = Long.getLong("deepminer.fuzz.seed", seed);
    }

    /** The number of mutated inputs: {@code -Ddeepminer.fuzz.inputs} overrides the test's own. */
    public static int inputs(int byDefault) {
        return Integer.getInteger("deepminer.fuzz.inputs", byDefault);
    }

    /** Besides the file's own name, error messages may name this instead (e.g. the data set's folder). */
    public Fuzz alsoNamed(String name) {
        alsoNamed.add(name);
        return this;
    }

    /** For the runner's own tests: a shorter timeout and a smaller cap. */
    Fuzz limits(long timeoutMs, long capBytes) {
        this.timeoutMs = timeoutMs;
        this.capBytes = capBytes;
        return this;
    }

    /** A hand-made hostile file to put in a seed's place, besides the mutations. */
    public Fuzz hostile(Seed target, String what, byte[] bytes) {
        hostile.add(new Hostile(target, what, bytes));
        return this;
    }

    /**
     * Reads each valid seed once (it must read; what it allocates sets the seed's cap), then every hand-made
     * hostile file, then {@code mutations} mutated inputs taking the seeds in turn.
     */
    public Summary run(List<Seed> seeds, int mutations, Read read) {
        long start = System.nanoTime();
        java.util.Map<Path, Long> caps = new java.util.HashMap<>();
        for (Seed s : seeds) {
            Attempt baseline = attempt(read, s.file(), true, 10 * GRACE_MS);
            if (baseline.error != null) {
                throw new AssertionError(reader + ": the valid seed " + s.file() + " does not read", baseline.error);
            }
            caps.merge(s.file(), Math.max(capBytes, CAP_FACTOR * baseline.allocated), Math::max);
        }
        for (Hostile h : hostile) {
            caps.putIfAbsent(h.target().file(), capBytes);
        }
        Mutator mutator = new Mutator(seed);
        int[] counts = new int[Outcome.values().length];
        int slowOnce = 0;
        long slowestMillis = 0;
        String slowest = "";
        long maxAllocated = 0;
        List<String> findings = new ArrayList<>();
        int total = hostile.size() + mutations;
        for (int i = 0; i < total; i++) {
            Seed target;
            byte[] bytes;
            String what;
            if (i < hostile.size()) {
                Hostile h = hostile.get(i);
                target = h.target();
                bytes = h.bytes();
                what = "hostile: " + h.what();
            } else {
                target = seeds.get((i - hostile.size()) % seeds.size());
                Mutator.Mutation m = mutator.mutate(target.valid());
                bytes = m.bytes();
                what = m.description();
            }
            boolean strict = i % 2 == 0;
            write(target.file(), bytes);
            try {
                Attempt a = attempt(read, target.file(), strict, timeoutMs);
                for (int tries = 0; a.overran && a.finished && tries < 3; tries++) {
                    // the valid seed is the yardstick: when it is slow too, the machine is busy, not the input
                    write(target.file(), target.valid());
                    Attempt yardstick = attempt(read, target.file(), strict, GRACE_MS);
                    write(target.file(), bytes);
                    Attempt again = attempt(read, target.file(), strict, timeoutMs);
                    boolean busy = yardstick.millis > timeoutMs / 4;
                    a = again;
                    if (!again.overran) {
                        slowOnce++;
                    }
                    if (!again.overran || !busy) {
                        break;
                    }
                }
                Outcome outcome = classify(a, target.file(), caps.get(target.file()));
                if (VERBOSE) {
                    System.out.printf(Locale.ROOT, "fuzz %s %d %s %d ms %s: %s%n", reader, i, outcome, a.millis,
                            target.file().getFileName(), what);
                }
                if (a.millis > slowestMillis) {
                    slowestMillis = a.millis;
                    slowest = "input " + i + " (" + target.file().getFileName() + ", " + what + ")";
                }
                counts[outcome.ordinal()]++;
                maxAllocated = Math.max(maxAllocated, a.allocated);
                if (outcome != Outcome.READ && outcome != Outcome.CLEAN_ERROR) {
                    String finding = finding(i, outcome, target, what, strict, a, bytes);
                    if (findings.size() < FINDINGS_KEPT) {
                        findings.add(finding);
                    }
                }
            } finally {
                write(target.file(), target.valid());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Summary(reader, seed, total, counts[Outcome.READ.ordinal()], counts[Outcome.CLEAN_ERROR.ordinal()],
                counts[Outcome.OTHER_EXCEPTION.ordinal()], counts[Outcome.HANG.ordinal()],
                counts[Outcome.OVER_ALLOCATION.ordinal()], slowOnce, maxAllocated, slowestMillis, slowest, seconds,
                List.copyOf(findings));
    }

    private Outcome classify(Attempt a, Path file, long cap) {
        if (!a.finished || a.overran) {
            return Outcome.HANG;
        }
        if (a.error instanceof OutOfMemoryError || a.allocated > cap) {
            return Outcome.OVER_ALLOCATION;
        }
        if (a.error == null) {
            return Outcome.READ;
        }
        if (a.error instanceof DeepMinerException && names(a.error.getMessage(), file)) {
            return Outcome.CLEAN_ERROR;
        }
        return Outcome.OTHER_EXCEPTION;
    }

    private boolean names(String message, Path file) {
        if (message == null) {
            return false;
        }
        if (message.contains(file.getFileName().toString())) {
            return true;
        }
        return alsoNamed.stream().anyMatch(message::contains);
    }

    private String finding(int index, Outcome outcome, Seed target, String what, boolean strict, Attempt a,
            byte[] bytes) {
        Path folder = Path.of("target", "fuzz-failures", reader);
        String name = String.format(Locale.ROOT, "%04d-%s", index, target.file().getFileName());
        StringBuilder sb = new StringBuilder();
        sb.append(outcome).append(" on input ").append(index).append(" (").append(strict ? "strict" : "lenient")
                .append(", seed ").append(seed).append("): ").append(target.file().getFileName()).append(", ")
                .append(what).append("; ");
        if (outcome == Outcome.HANG) {
            sb.append("still running after ").append(timeoutMs).append(" ms, again and again");
        } else if (outcome == Outcome.OVER_ALLOCATION) {
            sb.append(String.format(Locale.ROOT, "allocated %.1f MB", a.allocated / 1e6));
            if (a.error != null) {
                sb.append(", ").append(a.error);
            }
        } else {
            StringWriter trace = new StringWriter();
            a.error.printStackTrace(new PrintWriter(trace));
            sb.append(trace.toString().lines().limit(12).reduce((x, y) -> x + "\n    " + y).orElse(""));
        }
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name), bytes);
            Files.writeString(folder.resolve(name + ".txt"), sb + "\n");
            sb.append("\n    saved as ").append(folder.resolve(name).toAbsolutePath());
        } catch (IOException e) {
            sb.append("\n    (not saved: ").append(e).append(')');
        }
        return sb.toString();
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Attempt {
        volatile Throwable error;
        volatile long allocated;
        volatile boolean finished;
        volatile long millis;
        boolean overran;
    }

    /** One read on a worker thread of its own, with its allocation counted and its time bounded. */
    private static Attempt attempt(Read read, Path file, boolean strict, long timeoutMs) {
        Attempt a = new Attempt();
        Thread t = new Thread(() -> {
            long before = allocatedByThisThread();
            long started = System.nanoTime();
            try {
                read.run(file, strict);
            } catch (Throwable e) {
                a.error = e;
            } finally {
                a.allocated = allocatedByThisThread() - before;
                a.millis = (System.nanoTime() - started) / 1_000_000;
                a.finished = true;
            }
        }, "fuzz-read");
        t.setDaemon(true);
        t.start();
        try {
            t.join(timeoutMs);
            if (t.isAlive()) {
                a.overran = true;
                t.interrupt();
                t.join(GRACE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return a;
    }

    private static long allocatedByThisThread() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }
}
