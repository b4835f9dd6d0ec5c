package org.deepminer.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

    record Entry(int row, float score, long id) {}

    @Test
    void keepsTheKLargestWithTiesBrokenBySmallerId() {
        Random rnd = new Random(3);
        int rows = 4;
        int k = 7;
        List<Entry> all = new ArrayList<>();
        for (int id = 0; id < 500; id++) {
            // few distinct scores: most comparisons are ties
            all.add(new Entry(rnd.nextInt(rows), rnd.nextInt(6), id * 7919L % 1000));
        }
        all.add(new Entry(0, Float.NaN, 1));
        TopK top = new TopK(rows, k);
        for (Entry e : all) {
            top.offer(e.row(), e.score(), e.id());
        }
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(expected(all, r, k), actual(top, r), "row " + r);
        }
    }

    @Test
    void mergeOfShuffledPartsEqualsOnePass() {
        Random rnd = new Random(11);
        int rows = 3;
        int k = 16;
        List<Entry> all = new ArrayList<>();
        for (int id = 0; id < 2000; id++) {
            all.add(new Entry(rnd.nextInt(rows), (float) Math.floor(rnd.nextGaussian() * 4), id));
        }
        TopK one = new TopK(rows, k);
        for (Entry e : all) {
            one.offer(e.row(), e.score(), e.id());
        }
        Collections.shuffle(all, rnd);
        TopK[] parts = {new TopK(rows, k), new TopK(rows, k), new TopK(rows, k)};
        for (int i = 0; i < all.size(); i++) {
            Entry e = all.get(i);
            parts[i % 3].offer(e.row(), e.score(), e.id());
        }
        parts[2].merge(parts[0]);
        parts[2].merge(parts[1]);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(actual(one, r), actual(parts[2], r));
            assertArrayEquals(expected(all, r, k), actual(one, r));
        }
    }

    @Test
    void offerReturnsTheSlotThePayloadBelongsTo() {
        TopK top = new TopK(1, 3);
        String[] payload = new String[3];
        float[] scores = {5, 1, 4, 9, 2, 7};
        for (int i = 0; i < scores.length; i++) {
            int slot = top.offer(0, scores[i], i);
            if (slot >= 0) {
                payload[slot] = "item" + i;
            }
        }
        int[] ranked = top.ranked(0);
        assertEquals(3, ranked.length);
        assertEquals("item3", payload[ranked[0]]);
        assertEquals("item5", payload[ranked[1]]);
        assertEquals("item0", payload[ranked[2]]);
        assertEquals(9f, top.score(0, ranked[0]));
    }

    private static long[] expected(List<Entry> all, int row, int k) {
        return all.stream().filter(e -> e.row() == row && !Float.isNaN(e.score()))
                .sorted(Comparator.comparing((Entry e) -> -e.score()).thenComparingLong(Entry::id))
                .limit(k).mapToLong(e -> Float.floatToIntBits(e.score()) * 100_000L + e.id()).toArray();
    }

    private static long[] actual(TopK top, int row) {
        int[] slots = top.ranked(row);
        long[] out = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            out[i] = Float.floatToIntBits(top.score(row, slots[i])) * 100_000L + top.id(row, slots[i]);
        }
        return out;
    }
}
