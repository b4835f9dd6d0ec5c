package org.deepminer.core.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Upper-tail quantiles of every unit's values (Network Dissection's per-unit threshold {@code T_k} with
 * {@code P(A_k > T_k) = 0.005}), streaming and mergeable, in {@code O(units x window)} memory.
 *
 * <h2>Design</h2>
 * Each unit keeps exact counts in buckets of <em>relative</em> width {@code 2^-m}: a float's bucket is its
 * sign, exponent and top {@code m} mantissa bits (a shift of its bit pattern made monotone), so bucketing
 * is a few integer operations and no logarithm. Exact zeros (ReLU) have their own counter. Only the
 * {@code window} buckets below the largest bucket seen are kept (with the defaults {@code m = 7} and a
 * window of 2048, 16 binades: values more than 65536 times smaller than a unit's maximum); smaller
 * non-zero values are only counted, by sign. Where values are added does not matter: the final state
 * depends only on the multiset of values, so {@link #merge} of split data equals one pass.
 *
 * <h2>Error bound</h2>
 * Let {@code N} be the number of values of a unit (NaN excluded), {@code r = max(1, ceil(tail * N))}
 * and {@code T} the {@code r}-th largest value: the exact upper-{@code tail} quantile (fewer than
 * {@code r} values exceed it). When {@code T} is zero or lies in the window ({@link Estimate#resolved()}),
 * the estimate {@code T'} is the smallest float of {@code T}'s bucket, so
 * <pre>  T' &lt;= T  and  T - T' &lt;= 2^-m * max(|T|, |T'|) + 2^(23 - m - 149)</pre>
 * (the last term only matters for subnormal values). With {@code m = 7} that is 0.79%. The threshold
 * errs low, so a mask {@code A > T'} contains the mask {@code A > T}. Otherwise (the quantile falls
 * among the collapsed small values: a unit whose top {@code tail} spans more than the window) the
 * estimate is the window's lowest edge, an upper bound of {@code T}, and {@code resolved} is false.
 */
public final class UnitQuantiles implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MANTISSA_BITS = 7;
    public static final int DEFAULT_WINDOW = 2048;

    /** An estimated quantile; {@code resolved} says whether the stated error bound holds. */
    public record Estimate(float value, boolean resolved) {}

    private final int units;
    private final int mantissaBits;
    private final int shift;
    private final int window;
    /** Per unit: bucket counts, allocated at the unit's first non-zero value. */
    private final long[][] counts;
    /** Per unit: the key of bucket 0 of the window; the window's top is the largest key seen. */
    private final int[] low;
    private final long[] zeros;
    private final long[] belowPositive;
    private final long[] belowNegative;
    private final long[] nans;
    private final long[] total;

    public UnitQuantiles(int units) {
        this(units, DEFAULT_MANTISSA_BITS, DEFAULT_WINDOW);
    }

    /**
     * @param units number of units
     * @param mantissaBits {@code m}, 1 to 16: the relative error bound is {@code 2^-m}
     * @param window buckets kept per unit ({@code window / 2^m} binades below the maximum)
     */
    public UnitQuantiles(int units, int mantissaBits, int window) {
        if (units < 0 || mantissaBits < 1 || mantissaBits > 16 || window < 2) {
            throw new IllegalArgumentException("quantile sketch of " + units + " units, " + mantissaBits
                    + " mantissa bits, window " + window);
        }
        this.units = units;
        this.mantissaBits = mantissaBits;
        this.shift = 23 - mantissaBits;
        this.window = window;
        this.counts = new long[units][];
        this.low = new int[units];
        this.zeros = new long[units];
        this.belowPositive = new long[units];
        this.belowNegative = new long[units];
        this.nans = new long[units];
        this.total = new long[units];
    }

    public int units() {
        return units;
    }

    /** The stated relative error bound, {@code 2^-m}. */
    public double relativeError() {
        return Math.scalb(1.0, -mantissaBits);
    }

    /** Values added to a unit, NaN excluded. */
    public long count(int unit) {
        return total[unit];
    }

    /** NaN values seen (ignored by the quantiles). */
    public long nanCount(int unit) {
        return nans[unit];
    }

    public void add(int unit, float value) {
        add(unit, value, 1);
    }

    /** Adds {@code n} copies of a value. */
    public void add(int unit, float value, long n) {
        if (n <= 0) {
            return;
        }
        if (value != value) {
            nans[unit] += n;
            return;
        }
        total[unit] += n;
        if (value == 0f) {
            zeros[unit] += n;
            return;
        }
        addKey(unit, key(value), n);
    }

    /**
     * Adds every pixel of one unit's map upsampled bilinearly onto an image, without materialising the
     * upsampled map: a cell whose four corners are equal, or whose value range (with {@link Cells#slack})
     * falls in one bucket, is added in bulk; other cells pixel by pixel, with the upsampling's arithmetic.
     * The sketch ends in exactly the state that adding every upsampled pixel would give.
     *
     * @param maps activation values; the map is {@code rows x cols} row-major from {@code offset}
     * @param cols the map's columns and the image's width
     * @param rows the map's rows and the image's height
     */
    public void addUpsampled(int unit, float[] maps, int offset, BilinearAxis cols, BilinearAxis rows) {
        int w = cols.cells();
        int h = rows.cells();
        int[] xs = cols.starts();
        int[] ys = rows.starts();
        float[] fx = cols.fracs();
        float[] fy = rows.fracs();
        for (int j = 0; j < h; j++) {
            int y0 = ys[j];
            int y1 = ys[j + 1];
            if (y0 == y1) {
                continue;
            }
            int r0 = offset + j * w;
            int r1 = offset + Math.min(j + 1, h - 1) * w;
            for (int i = 0; i < w; i++) {
                int x0 = xs[i];
                int x1 = xs[i + 1];
                if (x0 == x1) {
                    continue;
                }
                int i1 = Math.min(i + 1, w - 1);
                float a = maps[r0 + i];
                float b = maps[r0 + i1];
                float c = maps[r1 + i];
                float d = maps[r1 + i1];
                long area = (long) (x1 - x0) * (y1 - y0);
                if (a == b && b == c && c == d && Float.isFinite(a)) {
                    add(unit, a, area);
                    continue;
                }
                float lo = Math.min(Math.min(a, b), Math.min(c, d));
                float hi = Math.max(Math.max(a, b), Math.max(c, d));
                float s = Cells.slack(a, b, c, d);
                float lower = lo - s;
                float upper = hi + s;
                if ((lower > 0f || upper < 0f) && key(lower) == key(upper)) {
                    total[unit] += area;
                    addKey(unit, key(lower), area);
                    continue;
                }
                addPixels(unit, a, b - a, c, d - c, x0, x1, y0, y1, fx, fy);
            }
        }
    }

    /**
     * Adds the pixels of one cell one by one. The common case (a non-zero value inside the window) is
     * inlined; zeros, NaN and values outside the window take {@link #add(int, float, long)}.
     */
    private void addPixels(int unit, float a, float ba, float c, float dc, int x0, int x1, int y0, int y1,
            float[] fx, float[] fy) {
        long[] bins = counts[unit];
        int lo = low[unit];
        int hi = lo + window - 1;
        long inWindow = 0;
        for (int y = y0; y < y1; y++) {
            float wy = fy[y];
            for (int x = x0; x < x1; x++) {
                float top = a + ba * fx[x];
                float bottom = c + dc * fx[x];
                float v = top + (bottom - top) * wy;
                int bits = Float.floatToRawIntBits(v);
                int key = (bits ^ ((bits >> 31) & 0x7fffffff)) >> shift;
                if (bins != null && key >= lo && key <= hi && v != 0f && v == v) {
                    bins[key - lo]++;
                    inWindow++;
                } else {
                    add(unit, v, 1);
                    bins = counts[unit];
                    lo = low[unit];
                    hi = lo + window - 1;
                }
            }
        }
        total[unit] += inWindow;
    }

    /** The upper-{@code tail} quantile of a unit (e.g. {@code tail = 0.005}); NaN when it has no values. */
    public Estimate upperQuantile(int unit, double tail) {
        if (!(tail > 0 && tail <= 1)) {
            throw new IllegalArgumentException("upper tail " + tail + " is not in (0, 1]");
        }
        long n = total[unit];
        if (n == 0) {
            return new Estimate(Float.NaN, false);
        }
        long r = Math.max(1, Math.min(n, (long) Math.ceil(tail * n)));
        long[] c = counts[unit];
        long cum = 0;
        int idx = window - 1;
        if (c != null) {
            for (; idx >= 0 && low[unit] + idx >= 0; idx--) {
                cum += c[idx];
                if (cum >= r) {
                    return new Estimate(lowerEdge(low[unit] + idx), true);
                }
            }
        }
        cum += belowPositive[unit];
        if (cum >= r) {
            return new Estimate(lowerEdge(low[unit]), false);
        }
        cum += zeros[unit];
        if (cum >= r) {
            return new Estimate(0f, true);
        }
        if (c != null) {
            for (; idx >= 0; idx--) {
                cum += c[idx];
                if (cum >= r) {
                    return new Estimate(lowerEdge(low[unit] + idx), true);
                }
            }
        }
        return new Estimate(lowerEdge(low[unit]), false);
    }

    /**
     * Folds another sketch of the same shape into this one.
     *
     * @throws IllegalArgumentException when the units, mantissa bits or windows differ
     */
    public void merge(UnitQuantiles other) {
        if (other.units != units || other.mantissaBits != mantissaBits || other.window != window) {
            throw new IllegalArgumentException("cannot merge a quantile sketch of " + other.units + " units ("
                    + other.mantissaBits + " bits, window " + other.window + ") into one of " + units + " units ("
                    + mantissaBits + " bits, window " + window + ")");
        }
        for (int u = 0; u < units; u++) {
            total[u] += other.total[u];
            nans[u] += other.nans[u];
            zeros[u] += other.zeros[u];
            belowPositive[u] += other.belowPositive[u];
            belowNegative[u] += other.belowNegative[u];
            long[] oc = other.counts[u];
            if (oc == null) {
                continue;
            }
            int otherLow = other.low[u];
            ensureTop(u, otherLow + window - 1);
            for (int idx = 0; idx < window; idx++) {
                if (oc[idx] != 0) {
                    addKey(u, otherLow + idx, oc[idx]);
                }
            }
        }
    }

    private void addKey(int unit, int key, long n) {
        long[] c = counts[unit];
        if (c == null || key >= low[unit] + window) {
            ensureTop(unit, key);
            c = counts[unit];
        }
        int idx = key - low[unit];
        if (idx >= 0) {
            c[idx] += n;
        } else if (key >= 0) {
            belowPositive[unit] += n;
        } else {
            belowNegative[unit] += n;
        }
    }

    /** Makes {@code key} fit in the window, moving the window up (and collapsing its bottom) if needed. */
    private void ensureTop(int unit, int key) {
        long[] c = counts[unit];
        if (c == null) {
            counts[unit] = new long[window];
            low[unit] = key - window + 1;
            return;
        }
        int top = low[unit] + window - 1;
        if (key <= top) {
            return;
        }
        int newLow = key - window + 1;
        int drop = (int) Math.min(window, (long) newLow - low[unit]);
        for (int idx = 0; idx < drop; idx++) {
            if (c[idx] != 0) {
                if (low[unit] + idx >= 0) {
                    belowPositive[unit] += c[idx];
                } else {
                    belowNegative[unit] += c[idx];
                }
            }
        }
        System.arraycopy(c, drop, c, 0, window - drop);
        Arrays.fill(c, window - drop, window, 0L);
        low[unit] = newLow;
    }

    /** Monotone bucket key: the sign-adjusted bit pattern without its low {@code 23 - m} mantissa bits. */
    private int key(float v) {
        return Buckets.key(v, shift);
    }

    /** The smallest float of a bucket. */
    private float lowerEdge(int key) {
        return Buckets.lowerEdge(key, shift);
    }
}
