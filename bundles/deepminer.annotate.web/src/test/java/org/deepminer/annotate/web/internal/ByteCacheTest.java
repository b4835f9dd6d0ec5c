package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ByteCacheTest {
    @Test
    void concurrentRequestsForOneKeyComputeItOnce() throws Exception {
        ByteCache<String, byte[]> cache = new ByteCache<>(1 << 20, b -> b.length);
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.get("montage", k -> {
                        computed.incrementAndGet();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new byte[100];
                    });
                }));
            }
            go.countDown();
            for (Future<byte[]> f : results) {
                assertEquals(100, f.get().length);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, computed.get());
    }

    @Test
    void staysWithinItsBytesDroppingTheLeastRecentlyUsed() {
        ByteCache<String, byte[]> cache = new ByteCache<>(250, b -> b.length);
        cache.put("a", new byte[100]);
        cache.put("b", new byte[100]);
        cache.getIfPresent("a");
        cache.put("c", new byte[100]);
        assertTrue(cache.size() <= 250);
        assertNull(cache.getIfPresent("b"), "b was used least recently");
        assertEquals(100, cache.getIfPresent("a").length);
    }
}
