package org.deepminer.mining.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.SampleRef;

/**
 * The concepts a data set has masks for, known before the first batch (strategies size their tallies by
 * it): every concept of a lesion with a non-empty mask (its kind and its descriptors, which use the lesion's
 * mask unless they have their own), and every non-empty concept mask. Reads the ground truth of every
 * sample, through {@link Dataset#truth}, in parallel.
 */
final class ConceptScan {
    private ConceptScan() {}

    record Result(List<String> concepts, long lesions, long masked) {}

    static Result scan(Dataset dataset, List<SampleRef> refs, ExecutorService pool, int threads) {
        Set<String> concepts = new ConcurrentSkipListSet<>();
        AtomicLong lesions = new AtomicLong();
        AtomicLong masked = new AtomicLong();
        List<Future<?>> parts = new ArrayList<>();
        int chunk = Math.max(1, (refs.size() + threads - 1) / threads);
        for (int from = 0; from < refs.size(); from += chunk) {
            List<SampleRef> part = refs.subList(from, Math.min(refs.size(), from + chunk));
            parts.add(pool.submit(() -> {
                for (SampleRef ref : part) {
                    List<Lesion> ls;
                    try {
                        ls = dataset.truth(ref).lesions();
                    } catch (DeepMinerException e) {
                        continue; // the pass reports unreadable samples
                    }
                    for (Lesion l : ls) {
                        lesions.incrementAndGet();
                        boolean any = false;
                        if (l.mask().area() > 0) {
                            any = true;
                            concepts.add(l.kind());
                            concepts.addAll(l.concepts());
                        }
                        for (Map.Entry<String, RegionMask> e : l.conceptMasks().entrySet()) {
                            if (e.getValue().area() > 0) {
                                any = true;
                                concepts.add(e.getKey());
                            }
                        }
                        if (any) {
                            masked.incrementAndGet();
                        }
                    }
                }
            }));
        }
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeepMinerException(null, "interrupted while reading the data set's ground truth");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new DeepMinerException(null, "reading the ground truth failed: " + e.getCause(), e.getCause());
        }
        concepts.removeIf(c -> c == null || c.isBlank());
        return new Result(new ArrayList<>(new TreeSet<>(concepts)), lesions.get(), masked.get());
    }
}
