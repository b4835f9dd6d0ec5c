package org.deepminer.annotate.web.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by the bytes its values hold, which computes a missing value once however
 * many requests ask for it at the same time (32 tiles of one unit arrive together and share one montage).
 */
final class ByteCache<K, V> {
    private final long capacity;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();
    private long size;

    ByteCache(long capacityBytes, ToLongFunction<V> weigher) {
        this.capacity = capacityBytes;
        this.weigher = weigher;
    }

    synchronized V getIfPresent(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        V old = entries.put(key, value);
        if (old != null) {
            size -= weigher.applyAsLong(old);
        }
        size += weigher.applyAsLong(value);
        for (Iterator<Map.Entry<K, V>> it = entries.entrySet().iterator(); size > capacity && it.hasNext();) {
            Map.Entry<K, V> e = it.next();
            if (e.getKey().equals(key)) {
                continue; // the newest stays even when it alone is over the bound
            }
            size -= weigher.applyAsLong(e.getValue());
            it.remove();
        }
    }

    /** The cached value, or the one computed by the first caller (others wait for it). */
    V get(K key, Function<K, V> compute) {
        V v = getIfPresent(key);
        if (v != null) {
            return v;
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + key, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        try {
            v = compute.apply(key);
            if (v != null) {
                put(key, v);
            }
            mine.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    synchronized long size() {
        return size;
    }

    synchronized int count() {
        return entries.size();
    }
}
