package org.deepminer.mining.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.core.patch.PatchTiler;
import org.deepminer.mining.InputMode;
import org.deepminer.mining.ModelInput;

/**
 * One pass over the data set: loader threads read, tile and preprocess samples ahead of inference (in
 * order, a bounded window ahead); a feeder thread packs their items into batches on a bounded queue;
 * inference threads run the forward pass once per batch; accumulation threads hand the same results to every
 * strategy (one set of accumulators per accumulation thread, merged by the caller). Inference and
 * accumulation are separate threads so that the next forward pass runs while the strategies digest the last
 * one, without two forward passes fighting over the same cores. Memory is bounded by the window, the queues
 * and the accumulators, never by the data set.
 *
 * <p>Checkpoints: every {@code checkpointBatches} batches (or {@code checkpointSeconds}), the feeder stops,
 * waits until every batch it sent is done, and calls the {@link Checkpointer} while the workers are idle, so
 * that the saved accumulators hold exactly the items before the saved {@link Position}.
 */
final class Pass {

    /** Saves the state; called on the feeder thread while no batch is in flight. */
    interface Checkpointer {
        void save(Position next);
    }

    /** What the pass shares with the outside: counters for progress and the outcome. */
    static final class Counters {
        final AtomicLong sources = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong forwardNanos = new AtomicLong();
        final AtomicLong accumulateNanos = new AtomicLong();
        final AtomicLong unreadable = new AtomicLong();
        final AtomicReference<String> firstUnreadable = new AtomicReference<>();
    }

    /** A batch's results besides the strategies: the image scores of whole-image mode. */
    interface Listener {
        void batch(List<Sample> samples, ForwardResult result, FloatTensor activations);
    }

    private final LoadedModel model;
    private final String modelLabel;
    private final String layer;
    private final InputSpec spec;
    private final InputMode mode;
    private final PatchTiler tiler;
    private final Dataset dataset;
    private final List<SampleRef> refs;
    private final int batchSize;
    private final ExecutorService loaders;
    private final int window;
    private final List<List<ProbeAccumulator>> accumulators;
    private final AtomicReferenceArray<Throwable> strategyFailures;
    private final Position start;
    private final int checkpointBatches;
    private final long checkpointNanos;
    private final Checkpointer checkpointer;
    private final Counters counters;
    private final Listener listener;

    private final BlockingQueue<Work> queue;
    private final int inferenceThreads;
    /** Forward results on their way to the accumulation threads. */
    private final BlockingQueue<Forwarded> results;
    private final java.util.concurrent.atomic.AtomicInteger inferenceRunning;

    /** A batch and its forward results. */
    private record Forwarded(Work work, ForwardResult result, FloatTensor activations) {
        static final Forwarded END = new Forwarded(null, null, null);
    }
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private long sent;
    private long done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    Pass(LoadedModel model, String layer, InputMode mode, Dataset dataset, List<SampleRef> refs, int batchSize,
            ExecutorService loaders, int loaderThreads, int inferenceThreads, List<List<ProbeAccumulator>> accumulators,
            AtomicReferenceArray<Throwable> strategyFailures, Position start, int checkpointBatches, int checkpointSeconds,
            Checkpointer checkpointer, Counters counters, Listener listener) {
        this.model = model;
        this.modelLabel = "model '" + model.info().name() + "'";
        this.layer = layer;
        this.spec = model.info().input();
        this.mode = mode;
        this.tiler = mode.patches() ? new PatchTiler(mode.tiling()) : null;
        this.dataset = dataset;
        this.refs = refs;
        this.batchSize = batchSize;
        this.loaders = loaders;
        this.window = 2 * loaderThreads + 1;
        this.accumulators = accumulators;
        this.strategyFailures = strategyFailures;
        this.start = start;
        this.checkpointBatches = checkpointBatches;
        this.checkpointNanos = checkpointSeconds > 0 ? TimeUnit.SECONDS.toNanos(checkpointSeconds) : 0;
        this.checkpointer = checkpointer;
        this.counters = counters;
        this.listener = listener;
        this.inferenceThreads = Math.max(1, inferenceThreads);
        this.queue = new ArrayBlockingQueue<>(this.inferenceThreads + 1);
        this.results = new ArrayBlockingQueue<>(accumulators.size() + 1);
        this.inferenceRunning = new java.util.concurrent.atomic.AtomicInteger(this.inferenceThreads);
    }

    /**
     * Runs the pass; the calling thread waits, calling {@code tick} about once a second (progress).
     *
     * @throws DeepMinerException when the model fails, a loader fails unexpectedly, or the pass is interrupted
     */
    void run(Runnable tick) {
        List<Thread> threads = new ArrayList<>();
        Thread feeder = new Thread(this::feed, "deepminer-probe-feeder");
        threads.add(feeder);
        for (int i = 0; i < inferenceThreads; i++) {
            threads.add(new Thread(this::infer, "deepminer-probe-inference-" + i));
        }
        for (int w = 0; w < accumulators.size(); w++) {
            int worker = w;
            threads.add(new Thread(() -> accumulate(worker), "deepminer-probe-accumulator-" + w));
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        try {
            for (Thread t : threads) {
                while (t.isAlive()) {
                    t.join(1000);
                    tick.run();
                }
            }
        } catch (InterruptedException e) {
            stop = true;
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new DeepMinerException(null, "the probe was interrupted");
        }
        Throwable f = failure.get();
        if (f instanceof DeepMinerException d) {
            throw d;
        }
        if (f != null) {
            throw new DeepMinerException(modelLabel, "the probe failed: " + f, f);
        }
    }

    // ---- feeder ----

    private void feed() {
        ArrayDeque<Future<List<Item>>> pending = new ArrayDeque<>();
        int next = start.source();
        long lastCheckpoint = System.nanoTime();
        try {
            List<Item> batch = new ArrayList<>(batchSize);
            for (int s = start.source(); s < refs.size() && !stop; s++) {
                while (pending.size() < window && next < refs.size()) {
                    int source = next++;
                    pending.add(loaders.submit(() -> load(source)));
                }
                List<Item> items = pending.poll().get();
                int from = s == start.source() ? start.offset() : 0;
                for (int i = from; i < items.size() && !stop; i++) {
                    Item it = items.get(i);
                    if (!batch.isEmpty() && (batch.get(0).height() != it.height() || batch.get(0).width() != it.width())) {
                        send(batch, new Position(s, i));
                        batch = new ArrayList<>(batchSize);
                        lastCheckpoint = maybeCheckpoint(new Position(s, i), lastCheckpoint);
                    }
                    batch.add(it);
                    if (batch.size() == batchSize) {
                        Position after = i + 1 < items.size() ? new Position(s, i + 1) : new Position(s + 1, 0);
                        send(batch, after);
                        batch = new ArrayList<>(batchSize);
                        lastCheckpoint = maybeCheckpoint(after, lastCheckpoint);
                    }
                }
                counters.sources.incrementAndGet();
            }
            if (!batch.isEmpty() && !stop) {
                send(batch, new Position(refs.size(), 0));
            }
        } catch (ExecutionException e) {
            fail(e.getCause());
        } catch (InterruptedException e) {
            fail(new DeepMinerException(null, "the probe was interrupted"));
        } catch (Throwable t) {
            fail(t);
        } finally {
            pending.forEach(f -> f.cancel(true));
            for (int i = 0; i < inferenceThreads; i++) {
                end(queue, Work.END);
            }
        }
    }

    /** An end marker for one consumer: after what is still queued, or instead of it after a failure. */
    private <T> void end(BlockingQueue<T> q, T marker) {
        try {
            while (!stop) {
                if (q.offer(marker, 200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            stop = true;
        }
        while (!q.offer(marker)) {
            q.poll(); // failed: what is still queued will not run
        }
    }

    private List<Item> load(int source) {
        SampleRef ref = refs.get(source);
        Sample sample;
        try {
            sample = dataset.load(ref);
        } catch (DeepMinerException e) {
            // one unreadable image does not sink the run; the outcome counts and names them
            counters.unreadable.incrementAndGet();
            counters.firstUnreadable.compareAndSet(null, e.getMessage());
            return List.of();
        }
        List<Sample> parts = tiler == null ? List.of(sample) : tiler.patches(sample);
        List<Item> items = new ArrayList<>(parts.size());
        for (Sample part : parts) {
            int[] size = ModelInput.size(spec, part.image().width(), part.image().height(), mode.size());
            items.add(new Item(part, ModelInput.of(part.image(), spec, size[0], size[1]), size[0], size[1]));
        }
        return items;
    }

    private void send(List<Item> batch, Position next) throws InterruptedException {
        Item first = batch.get(0);
        int plane = first.input().length;
        float[] data = new float[batch.size() * plane];
        List<Sample> samples = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i).input(), 0, data, i * plane, plane);
            samples.add(batch.get(i).sample());
        }
        Work work = new Work(samples, new FloatTensor(new int[] {batch.size(), spec.channels(), first.height(),
                first.width()}, data), next);
        lock.lock();
        try {
            sent++;
        } finally {
            lock.unlock();
        }
        while (!stop && !queue.offer(work, 200, TimeUnit.MILLISECONDS)) {
            // waiting for a worker; a failure elsewhere sets stop
        }
    }

    private long maybeCheckpoint(Position next, long last) throws InterruptedException {
        if (checkpointer == null || stop) {
            return last;
        }
        long now = System.nanoTime();
        boolean byCount = checkpointBatches > 0 && sent % checkpointBatches == 0;
        boolean byTime = checkpointNanos > 0 && now - last >= checkpointNanos;
        if (!byCount && !byTime) {
            return last;
        }
        lock.lock();
        try {
            while (done < sent && !stop) {
                drained.await(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
        if (!stop) {
            checkpointer.save(next);
        }
        return System.nanoTime();
    }

    // ---- inference and accumulation ----

    private void infer() {
        Set<String> layers = Set.of(layer);
        try {
            while (true) {
                Work w = queue.take();
                if (w == Work.END) {
                    return;
                }
                if (stop) {
                    finished();
                    continue;
                }
                Forwarded f = forward(w, layers);
                while (!stop && !results.offer(f, 200, TimeUnit.MILLISECONDS)) {
                    // waiting for an accumulation thread
                }
                if (stop) {
                    finished();
                }
            }
        } catch (InterruptedException e) {
            fail(new DeepMinerException(null, "the probe was interrupted"));
        } catch (Throwable t) {
            fail(t);
        } finally {
            if (inferenceRunning.decrementAndGet() == 0) {
                for (int a = 0; a < accumulators.size(); a++) {
                    end(results, Forwarded.END);
                }
            }
        }
    }

    private Forwarded forward(Work w, Set<String> layers) {
        long t0 = System.nanoTime();
        ForwardResult result;
        try {
            result = model.forward(w.input(), layers);
        } catch (RuntimeException e) {
            throw new DeepMinerException(modelLabel, "the forward pass failed on a batch of " + Arrays.toString(w.input().shape())
                    + " (first sample " + w.samples().get(0).id() + "; the model takes " + describe(spec) + "): "
                    + e.getMessage(), e);
        }
        FloatTensor act = result.activation(layer);
        int n = w.samples().size();
        if (act.rank() != 4 || act.dim(0) != n) {
            throw new DeepMinerException(modelLabel, "layer '" + layer + "' gives " + Arrays.toString(act.shape())
                    + " for a batch of " + n + ", not a feature map [n, units, h, w]: choose a convolutional layer");
        }
        counters.forwardNanos.addAndGet(System.nanoTime() - t0);
        return new Forwarded(w, result, act);
    }

    private void accumulate(int worker) {
        List<ProbeAccumulator> accs = accumulators.get(worker);
        try {
            while (true) {
                Forwarded f = results.take();
                if (f == Forwarded.END) {
                    return;
                }
                try {
                    if (!stop) {
                        feed(f, accs);
                    }
                } finally {
                    finished();
                }
            }
        } catch (InterruptedException e) {
            fail(new DeepMinerException(null, "the probe was interrupted"));
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Every strategy gets the same forward results. */
    private void feed(Forwarded f, List<ProbeAccumulator> accs) {
        long t0 = System.nanoTime();
        List<Sample> samples = f.work().samples();
        ProbeBatch batch = new ProbeBatch(samples, f.result().probabilities(), f.activations());
        for (int j = 0; j < accs.size(); j++) {
            if (strategyFailures.get(j) != null) {
                continue;
            }
            try {
                accs.get(j).accept(batch);
            } catch (RuntimeException e) {
                // a failing strategy is dropped; the others and the pass go on
                strategyFailures.compareAndSet(j, null, e);
            }
        }
        if (listener != null) {
            listener.batch(samples, f.result(), f.activations());
        }
        counters.accumulateNanos.addAndGet(System.nanoTime() - t0);
        counters.items.addAndGet(samples.size());
        counters.batches.incrementAndGet();
    }

    /** A batch is done (or dropped after a failure): the feeder's checkpoint waits for all of them. */
    private void finished() {
        lock.lock();
        try {
            done++;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    static String describe(InputSpec spec) {
        return spec.channels() + " x " + (spec.height() > 0 ? spec.height() : "any") + " x "
                + (spec.width() > 0 ? spec.width() : "any");
    }

    private void fail(Throwable t) {
        failure.compareAndSet(null, t);
        stop = true;
    }
}
