package org.deepminer.imaging.figure;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import org.deepminer.api.explain.Explanation;
import org.deepminer.imaging.Picture;

/**
 * Render time of one renderer on a 512x512 image with 3 units, printed next to a baseline measured in the
 * same run, alternating with it: PNG-encoding the plain 512x512 grey image, the floor of any picture
 * output. Tests print these numbers and never assert on them.
 */
public final class RenderTiming {
    private RenderTiming() {}

    /** Renders once; returns what was written. */
    public interface Render {
        byte[] run() throws Exception;
    }

    /** The benchmark's explanation: 512x512, 8x8 maps, 3 units. */
    public static Explanation explanation() {
        return Explanations.builder().size(512, 512).build();
    }

    /**
     * Warms up, times {@code runs} renderings, prints the median and minimum with the baseline, and returns the
     * last output (for the caller to check).
     */
    public static byte[] measure(String format, Render render) throws Exception {
        return measure(format, render, 10, 15);
    }

    public static byte[] measure(String format, Render render, int warmup, int runs) throws Exception {
        Explanation e = explanation();
        Picture grey = Picture.grey(e.sample().image().pixels(), 512, 512);
        byte[] last = null;
        // renderer and baseline alternate, warm-up included, so that both see the same machine
        for (int i = 0; i < warmup; i++) {
            last = render.run();
            grey.writePng(new ByteArrayOutputStream());
        }
        double[] ms = new double[runs];
        double[] base = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            last = render.run();
            long t1 = System.nanoTime();
            grey.writePng(new ByteArrayOutputStream());
            long t2 = System.nanoTime();
            ms[i] = (t1 - t0) / 1e6;
            base[i] = (t2 - t1) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(base);
        double median = ms[runs / 2];
        double baseline = base[runs / 2];
        System.out.printf(Locale.ROOT, "[render-time] %-9s 512x512, 3 units: median %7.2f ms, min %7.2f ms (%d runs"
                + " after %d warm-up); baseline grey 512x512 PNG encode median %5.2f ms; ratio %5.2f; output %d bytes%n",
                format, median, ms[0], runs, warmup, baseline, median / baseline, last.length);
        return last;
    }
}
