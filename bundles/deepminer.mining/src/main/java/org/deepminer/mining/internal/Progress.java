package org.deepminer.mining.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a probe pass: count, rate and ETA. On a terminal one line is redrawn in place about once a
 * second; elsewhere (scripts, CI) nothing is printed unless asked for, and then a plain line every ten
 * seconds. The ETA comes from the share of source images done, since the patch count of the images still
 * to come is not known.
 */
final class Progress {

    private final PrintStream out;
    private final boolean enabled;
    private final boolean terminal;
    private final LongSupplier clock;
    private final String unit;
    private int pass;
    private int passes;
    private long total;
    private long startedNanos;
    private long lastPrinted;
    private int lastLength;
    private boolean printedAny;

    /**
     * @param out where to print
     * @param enabled false: print nothing at all
     * @param terminal redraw one line in place (true) or print a line every ten seconds (false)
     * @param unit what an item is: {@code images} or {@code patches}
     * @param clock nanoseconds, for tests
     */
    Progress(PrintStream out, boolean enabled, boolean terminal, String unit, LongSupplier clock) {
        this.out = out;
        this.enabled = enabled && out != null;
        this.terminal = terminal;
        this.unit = unit;
        this.clock = clock;
    }

    void startPass(int passIndex, int passCount, long sources) {
        this.pass = passIndex;
        this.passes = passCount;
        this.total = sources;
        this.startedNanos = clock.getAsLong();
        this.lastPrinted = startedNanos;
    }

    /** Called about once a second with the counts so far. */
    void update(long sourcesDone, long items) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        long interval = terminal ? 900_000_000L : 10_000_000_000L;
        if (now - lastPrinted < interval) {
            return;
        }
        lastPrinted = now;
        print(line(sourcesDone, items, now));
    }

    /** The final line of a pass. */
    void finishPass(long sourcesDone, long items) {
        if (!enabled) {
            return;
        }
        print(line(sourcesDone, items, clock.getAsLong()));
        if (terminal) {
            out.println();
        }
        lastLength = 0;
        out.flush();
    }

    String line(long sourcesDone, long items, long now) {
        double seconds = Math.max(1e-9, (now - startedNanos) / 1e9);
        StringBuilder b = new StringBuilder();
        if (passes > 1) {
            b.append("pass ").append(pass + 1).append('/').append(passes).append("  ");
        }
        b.append(String.format(Locale.ROOT, "%,d/%,d images", sourcesDone, total));
        if (unit.equals("patches")) {
            b.append(String.format(Locale.ROOT, "  %,d patches", items));
        }
        b.append(String.format(Locale.ROOT, "  %.1f %s/s", items / seconds, unit));
        if (sourcesDone > 0 && sourcesDone < total) {
            long eta = Math.round(seconds * (total - sourcesDone) / sourcesDone);
            b.append("  ETA ").append(clockTime(eta));
        } else if (sourcesDone >= total) {
            b.append("  in ").append(clockTime(Math.round(seconds)));
        }
        return b.toString();
    }

    static String clockTime(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    private void print(String line) {
        printedAny = true;
        if (terminal) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    boolean printedAny() {
        return printedAny;
    }
}
