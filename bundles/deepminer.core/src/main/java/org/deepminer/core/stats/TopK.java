package org.deepminer.core.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The {@code k} largest {@code (score, id)} pairs of each of several rows (e.g. units), in flat arrays.
 *
 * <p>Order: a higher score ranks first; among equal scores the smaller id ranks first. The order is total,
 * so what is kept does not depend on the order of offers: {@link #merge} of split data equals one pass.
 * NaN scores are never kept.
 *
 * <p>Entries live in fixed <em>slots</em> {@code 0..k-1} of their row; {@link #offer} returns the slot it
 * used, so a caller can keep a payload per slot (a map, a picture) in its own arrays.
 */
public final class TopK implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int k;
    private final float[] scores;
    private final long[] ids;
    /** Per row, a binary min-heap of slots, the worst entry at its root. */
    private final int[] heap;
    private final int[] sizes;

    public TopK(int rows, int k) {
        if (rows < 0 || k < 1 || (long) rows * k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("top-k of " + rows + " rows, k = " + k);
        }
        this.rows = rows;
        this.k = k;
        this.scores = new float[rows * k];
        this.ids = new long[rows * k];
        this.heap = new int[rows * k];
        this.sizes = new int[rows];
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    public int size(int row) {
        return sizes[row];
    }

    /** Empties a row, to reuse it (e.g. for the next image). */
    public void clear(int row) {
        sizes[row] = 0;
    }

    /**
     * Offers an entry to a row.
     *
     * @return the slot now holding it, or -1 when it does not rank among the row's {@code k} best
     */
    public int offer(int row, float score, long id) {
        if (score != score) {
            return -1;
        }
        int base = row * k;
        int n = sizes[row];
        if (n < k) {
            int slot = n;
            scores[base + slot] = score;
            ids[base + slot] = id;
            heap[base + n] = slot;
            sizes[row] = n + 1;
            siftUp(base, n);
            return slot;
        }
        int root = heap[base];
        if (!better(score, id, scores[base + root], ids[base + root])) {
            return -1;
        }
        scores[base + root] = score;
        ids[base + root] = id;
        siftDown(base, k);
        return root;
    }

    /** Would {@code (score, id)} be kept by {@link #offer} now? */
    public boolean accepts(int row, float score, long id) {
        if (score != score) {
            return false;
        }
        if (sizes[row] < k) {
            return true;
        }
        int root = heap[row * k];
        return better(score, id, scores[row * k + root], ids[row * k + root]);
    }

    public float score(int row, int slot) {
        checkSlot(row, slot);
        return scores[row * k + slot];
    }

    public long id(int row, int slot) {
        checkSlot(row, slot);
        return ids[row * k + slot];
    }

    /** The row's slots, best entry first. */
    public int[] ranked(int row) {
        int n = sizes[row];
        int base = row * k;
        Integer[] order = new Integer[n];
        for (int s = 0; s < n; s++) {
            order[s] = s;
        }
        Arrays.sort(order, (x, y) -> better(scores[base + x], ids[base + x], scores[base + y], ids[base + y]) ? -1
                : better(scores[base + y], ids[base + y], scores[base + x], ids[base + x]) ? 1 : 0);
        int[] out = new int[n];
        for (int s = 0; s < n; s++) {
            out[s] = order[s];
        }
        return out;
    }

    /**
     * Offers every entry of another top-k of the same shape to this one (payload-free use; callers with
     * payloads offer entry by entry and copy the payload to the returned slot).
     */
    public void merge(TopK other) {
        if (other.rows != rows || other.k != k) {
            throw new IllegalArgumentException("cannot merge a top-" + other.k + " of " + other.rows
                    + " rows into a top-" + k + " of " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < other.sizes[r]; s++) {
                offer(r, other.scores[r * k + s], other.ids[r * k + s]);
            }
        }
    }

    /** Higher score first; the smaller id breaks ties. */
    static boolean better(float s1, long id1, float s2, long id2) {
        return s1 > s2 || (s1 == s2 && id1 < id2);
    }

    private boolean worse(int base, int slotA, int slotB) {
        return better(scores[base + slotB], ids[base + slotB], scores[base + slotA], ids[base + slotA]);
    }

    private void siftUp(int base, int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!worse(base, heap[base + pos], heap[base + parent])) {
                return;
            }
            swap(base, pos, parent);
            pos = parent;
        }
    }

    private void siftDown(int base, int n) {
        int pos = 0;
        while (true) {
            int l = 2 * pos + 1;
            if (l >= n) {
                return;
            }
            int r = l + 1;
            int worst = r < n && worse(base, heap[base + r], heap[base + l]) ? r : l;
            if (!worse(base, heap[base + worst], heap[base + pos])) {
                return;
            }
            swap(base, pos, worst);
            pos = worst;
        }
    }

    private void swap(int base, int a, int b) {
        int t = heap[base + a];
        heap[base + a] = heap[base + b];
        heap[base + b] = t;
    }

    private void checkSlot(int row, int slot) {
        if (slot < 0 || slot >= sizes[row]) {
            throw new IndexOutOfBoundsException("slot " + slot + " of row " + row + " holding " + sizes[row]);
        }
    }
}
