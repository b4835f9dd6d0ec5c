package org.deepminer.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelSource;
import org.deepminer.api.probe.ProbeStrategy;
import org.deepminer.backend.onnx.internal.OnnxBackend;
import org.deepminer.backend.onnx.internal.TestModels;
import org.deepminer.probe.dissection.internal.DissectionStrategy;
import org.deepminer.probe.ranking.internal.RankingStrategy;
import org.deepminer.probe.topactivations.internal.TopActivationsStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints {@code BENCH mining ...} lines, never asserts on time: mining throughput against pure inference of
 * the same backend, model (ResNet-18, random weights) and phantom images; peak heap for N and 10N images;
 * CPU utilisation. {@code -Dbench.images=N} (default 64) and {@code -Dbench.heap.n=N} (default 40) size it; {@code -Dbench.size=S} feeds
 * the images scaled to a shorter side of S px (a heavier forward pass); {@code -Dbench.intra=T} starts ONNX Runtime's
 * shared pool with T threads (default: one per core; 1 with two inference threads is the faster way to mine on a
 * CPU); {@code -Dbench.side=S} sets dissection's max.side; {@code -Dbench.quick=true} runs only the two-thread
 * configurations. Two baselines: the forward pass alone on preprocessed batches, and inference over the data set
 * (the probe runner with a strategy that keeps nothing: the same reading and preprocessing as mining).
 */
class MiningBenchmarkTest {
    @TempDir
    Path tmp;

    static final int BATCH = 8;
    /** Shorter side the images are scaled to (both for inference and mining); 0 keeps the phantom's 128 px. */
    static int size;
    /** Montages for 16 units: writing one per unit of ResNet-18 (512) is a fixed cost of seconds, not streaming. */
    static final String MONTAGE_UNITS = "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15";

    /**
     * Runs the benchmark outside Maven, e.g. pinned to two cores on another machine:
     * {@code taskset -c 0,1 java -cp <test class path> org.deepminer.mining.MiningBenchmarkTest}.
     */
    public static void main(String[] args) throws Exception {
        MiningBenchmarkTest b = new MiningBenchmarkTest();
        b.tmp = java.nio.file.Files.createTempDirectory("deepminer-mining-bench");
        b.miningAgainstPureInference();
        System.exit(0);
    }

    @Test
    void miningAgainstPureInference() throws Exception {
        int images = Integer.getInteger("bench.images", 64);
        int heapN = Integer.getInteger("bench.heap.n", 40);
        size = Integer.getInteger("bench.size", 0);
        TestModels.Written resnet = TestModels.resNet18(tmp, "resnet18.onnx", 7);
        if (Integer.getInteger("bench.intra", 0) > 0) {
            org.deepminer.backend.onnx.internal.BenchThreads.start(Integer.getInteger("bench.intra"));
        }
        OnnxBackend backend = new OnnxBackend();
        int cores = Runtime.getRuntime().availableProcessors();
        try (Dataset base = PhantomFixture.open(); LoadedModel model = backend.load(new ModelSource("resnet18",
                resnet.file(), java.util.Optional.empty(), List.of(), java.util.Optional.empty(),
                java.util.Optional.of(new InputSpec(3, 0, 0, List.of(0.5f), List.of(0.25f)))))) {
            String layer = resnet.headLayer();
            Dataset data = new RepeatedDataset(base, images);
            System.out.printf(Locale.ROOT, "BENCH mining setup: ResNet-18 (random weights), layer %s, %d phantom images "
                    + "of %dx%d px cycled from %d, fed at %s, batch %d, %d cores, ONNX Runtime %d intra-op threads%n", layer,
                    images, base.load(base.samples().get(0)).image().width(), base.load(base.samples().get(0)).image().height(),
                    base.samples().size(), size > 0 ? size + " px" : "their size", BATCH, cores, backend.threads());

            // warm up: sessions for the layer, JIT
            List<FloatTensor> batches = preprocessed(model, data, BATCH);
            inference(model, batches, layer, 1, 1);
            double[] inferenceRate = {0, inference(model, batches, layer, 2, 1), inference(model, batches, layer, 2, 2)};
            double[] readingRate = {0, mine(model, data, List.of(new NothingKept()), new int[] {1, 1}, Map.of(),
                    tmp.resolve("nothing-1")).rate(), mine(model, data, List.of(new NothingKept()), new int[] {2, 1}, Map.of(),
                    tmp.resolve("nothing-2")).rate()};
            double loadMs = loadMillis(data);
            double best = Math.max(inferenceRate[1], inferenceRate[2]);
            double bestReading = Math.max(readingRate[1], readingRate[2]);
            System.out.printf(Locale.ROOT, "BENCH mining baseline: pure inference (preprocessed batches in memory, forward "
                    + "with the layer exposed) %.1f images/s from 1 thread, %.1f images/s from 2 threads at once; inference "
                    + "over the data set (reading, preprocessing, forward) %.1f and %.1f images/s; reading + preprocessing "
                    + "%.1f ms per image on 1 thread. Ratios below: against the better of each%n", inferenceRate[1],
                    inferenceRate[2], readingRate[1], readingRate[2], loadMs);

            strategiesAlone(model, data, layer, inferenceRate[1]);

            Map<String, String> fewMontages = new java.util.HashMap<>(Map.of("top-activations.montage.units", MONTAGE_UNITS));
            if (System.getProperty("bench.side") != null) {
                fewMontages.put("dissection.max.side", System.getProperty("bench.side"));
            }
            // {inference threads, accumulation threads}
            boolean quick = Boolean.getBoolean("bench.quick"); // the last configuration only, no heap runs
            for (int[] threads : quick ? new int[][] {{2, 2}} : new int[][] {{1, 1}, {1, 2}, {2, 2}}) {
                Measured one = mine(model, data, List.of(new RankingStrategy(), new TopActivationsStrategy()), threads,
                        fewMontages, tmp.resolve("one-pass-" + threads[0] + threads[1]));
                print("ranking+top-activations", threads, one, best, bestReading);
            }
            for (int[] threads : quick ? new int[][] {{2, 2}} : new int[][] {{1, 2}, {2, 2}}) {
                Measured all = mine(model, data, List.of(new RankingStrategy(), new TopActivationsStrategy(),
                        new DissectionStrategy()), threads, fewMontages, tmp.resolve("all-" + threads[0] + threads[1]));
                print("ranking+top-activations+dissection", threads, all, best, bestReading);
                assertEquals(Set.of("computed"), Set.copyOf(all.outcome.steps().values()), all.outcome.notes().toString());
            }

            // the baseline again: on a shared machine it drifts, and a ratio is only as good as its baseline
            double[] after = {0, inference(model, batches, layer, 2, 1), inference(model, batches, layer, 2, 2)};
            System.out.printf(Locale.ROOT, "BENCH mining baseline again, after the mining runs: %.1f images/s from 1 thread "
                    + "(%+.0f%%), %.1f from 2 (%+.0f%%)%s%n", after[1], (after[1] / inferenceRate[1] - 1) * 100, after[2],
                    (after[2] / inferenceRate[2] - 1) * 100,
                    Math.abs(after[1] / inferenceRate[1] - 1) > 0.2 ? ": the machine was busy, the ratios above are rough" : "");

            // the fastest configuration of the pool: one inference thread per core on one-thread pools
            int[] heapThreads = backend.threads() == 1 ? new int[] {cores, 2} : new int[] {1, 2};
            for (int n : quick ? new int[0] : new int[] {heapN, 10 * heapN}) {
                Measured m = mine(model, new RepeatedDataset(base, n), List.of(new RankingStrategy(),
                        new TopActivationsStrategy(), new DissectionStrategy()), heapThreads, fewMontages,
                        tmp.resolve("heap-" + n));
                System.out.printf(Locale.ROOT, "BENCH mining heap, %d images, %d inference + %d accumulation threads: peak "
                        + "heap %.0f MB, peak live heap (after GC) %.0f MB; end to end %.1f images/s = %.2f x pure inference, "
                        + "%.2f x inference over the data set (the baselines above); CPU %.0f%%%n", n, heapThreads[0],
                        heapThreads[1], m.peakHeap / 1e6, m.peakLive / 1e6, m.rate(), m.rate() / best,
                        m.rate() / bestReading, m.cpu() * 100);
            }
        }
    }

    /**
     * Each strategy alone on one thread, fed forward results held in memory (up to 256 images, best of three
     * rounds): what it costs per image beside the forward pass on one thread, without the pipeline.
     */
    static void strategiesAlone(LoadedModel model, Dataset data, String layer, double forwardRate) {
        List<SampleRef> refs = data.samples().subList(0, Math.min(256, data.samples().size()));
        InputSpec spec = model.info().input();
        List<org.deepminer.api.probe.ProbeBatch> batches = new ArrayList<>();
        java.util.Set<String> concepts = new java.util.LinkedHashSet<>();
        for (int from = 0; from < refs.size(); from += BATCH) {
            List<Sample> samples = new ArrayList<>();
            for (SampleRef r : refs.subList(from, Math.min(refs.size(), from + BATCH))) {
                samples.add(data.load(r));
            }
            Sample first = samples.get(0);
            int[] hw = ModelInput.size(spec, first.image().width(), first.image().height(), size);
            int plane = spec.channels() * hw[0] * hw[1];
            float[] x = new float[samples.size() * plane];
            for (int i = 0; i < samples.size(); i++) {
                ModelInput.write(samples.get(i).image(), spec, hw[0], hw[1], x, i * plane);
                samples.get(i).truth().lesions().forEach(l -> {
                    concepts.add(l.kind());
                    concepts.addAll(l.concepts());
                });
            }
            org.deepminer.api.model.ForwardResult r = model.forward(
                    new FloatTensor(new int[] {samples.size(), spec.channels(), hw[0], hw[1]}, x), Set.of(layer));
            batches.add(new org.deepminer.api.probe.ProbeBatch(samples, r.probabilities(), r.activation(layer)));
        }
        org.deepminer.api.probe.ProbeContext context = new org.deepminer.api.probe.ProbeContext(model.info(), layer,
                java.util.Optional.of(model.head(layer)), List.copyOf(concepts), Map.of());
        StringBuilder line = new StringBuilder();
        for (ProbeStrategy s : List.of(new RankingStrategy(), new TopActivationsStrategy(), new DissectionStrategy())) {
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                org.deepminer.api.probe.ProbeAccumulator acc = s.newAccumulator(context);
                batches.forEach(acc::accept);
                acc.finish();
                best = Math.min(best, System.nanoTime() - t0);
            }
            line.append(String.format(Locale.ROOT, "%s%s %.2f ms", line.length() == 0 ? "" : ", ", s.name(),
                    best / 1e6 / refs.size()));
        }
        System.out.printf(Locale.ROOT, "BENCH mining strategies alone (one thread, forward results of %d images in "
                + "memory, best of 3, finish included, no montages written): %s per image; the forward pass %.1f ms per "
                + "image on one thread%n", refs.size(), line, 1000 / forwardRate);
    }

    static void print(String what, int[] threads, Measured m, double inferenceRate, double readingRate) {
        ProbeOutcome o = m.outcome;
        double passes = o.timing("pass1") + o.timing("pass2");
        double perPass = o.samples() * o.passes() / passes;
        System.out.printf(Locale.ROOT, "BENCH mining %s, %d pass(es), %d inference + %d accumulation thread(s): streaming "
                + "%.1f images/s per pass = %.2f x pure inference, %.2f x inference over the data set; end to end %.1f "
                + "images/s = %.2f x, %.2f x, with fixed costs concepts %.1f s and finish %.1f s; thread time forward "
                + "%.1f s, strategies %.1f s; CPU %.0f%% of %d cores%n",
                what, o.passes(), threads[0], threads[1], perPass, perPass / o.passes() / inferenceRate,
                perPass / o.passes() / readingRate, m.rate(), m.rate() / inferenceRate, m.rate() / readingRate,
                o.timing("concepts"), o.timing("finish"), o.timing("forward"), o.timing("strategies"), m.cpu() * 100,
                Runtime.getRuntime().availableProcessors());
    }

    /** The data set's images, preprocessed, in batches: what pure inference is timed on. */
    static List<FloatTensor> preprocessed(LoadedModel model, Dataset data, int batch) {
        InputSpec spec = model.info().input();
        List<FloatTensor> batches = new ArrayList<>();
        List<SampleRef> refs = data.samples();
        for (int from = 0; from < refs.size(); from += batch) {
            int n = Math.min(batch, refs.size() - from);
            float[] x = null;
            int h = 0;
            int w = 0;
            for (int i = 0; i < n; i++) {
                Sample s = data.load(refs.get(from + i));
                int[] hw = ModelInput.size(spec, s.image().width(), s.image().height(), size);
                h = hw[0];
                w = hw[1];
                if (x == null) {
                    x = new float[n * spec.channels() * h * w];
                }
                ModelInput.write(s.image(), spec, h, w, x, i * spec.channels() * h * w);
            }
            batches.add(new FloatTensor(new int[] {n, spec.channels(), h, w}, x));
        }
        return batches;
    }

    /** Images per second of forward passes alone, {@code rounds} times over the batches, on {@code threads} threads. */
    static double inference(LoadedModel model, List<FloatTensor> batches, String layer, int rounds, int threads)
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        int total = rounds * batches.size();
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < total;) {
                    FloatTensor b = batches.get(i % batches.size());
                    model.forward(b, Set.of(layer));
                    count.addAndGet(b.dim(0));
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        return count.get() / ((System.nanoTime() - t0) / 1e9);
    }

    /** A strategy that keeps nothing: the probe runner with it is inference over the data set, no mining. */
    static final class NothingKept implements ProbeStrategy {
        @Override
        public String name() {
            return "nothing";
        }

        @Override
        public org.deepminer.api.probe.ProbeAccumulator newAccumulator(org.deepminer.api.probe.ProbeContext context) {
            return new Kept();
        }

        static final class Kept implements org.deepminer.api.probe.ProbeAccumulator, java.io.Serializable {
            @Override
            public void accept(org.deepminer.api.probe.ProbeBatch batch) {}

            @Override
            public void merge(org.deepminer.api.probe.ProbeAccumulator other) {}

            @Override
            public org.deepminer.api.probe.ProbeResult finish() {
                return new org.deepminer.api.probe.ProbeResult() {
                    @Override
                    public String strategy() {
                        return "nothing";
                    }

                    @Override
                    public Map<String, Object> summary() {
                        return Map.of();
                    }

                    @Override
                    public void writeTo(Path runDirectory) {}
                };
            }
        }
    }

    /** Milliseconds to read and preprocess one image (as the runner's loaders do), on one thread. */
    static double loadMillis(Dataset data) {
        InputSpec spec = new InputSpec(3, 0, 0, List.of(0.5f), List.of(0.25f));
        long t0 = System.nanoTime();
        for (SampleRef r : data.samples()) {
            Sample s = data.load(r);
            int[] hw = ModelInput.size(spec, s.image().width(), s.image().height(), size);
            ModelInput.of(s.image(), spec, hw[0], hw[1]);
        }
        return (System.nanoTime() - t0) / 1e6 / data.samples().size();
    }

    record Measured(ProbeOutcome outcome, double cpuSeconds, double wallSeconds, long peakHeap, long peakLive) {
        double rate() {
            return outcome.samples() / outcome.seconds();
        }

        double cpu() {
            return cpuSeconds / wallSeconds / Runtime.getRuntime().availableProcessors();
        }
    }

    static Measured mine(LoadedModel model, Dataset data, List<ProbeStrategy> strategies, int[] threads,
            Map<String, String> parameters, Path out) throws InterruptedException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] live = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long sum = 0;
                for (MemoryPoolMXBean p : heap) {
                    MemoryUsage u = p.getCollectionUsage();
                    sum += u == null ? 0 : u.getUsed();
                }
                live[0] = Math.max(live[0], sum);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        ProbeOutcome o = ProbeRunner.run(ProbeRequest.builder(model, data, strategies, out).dataset("phantom", Path.of("bench"))
                .batchSize(BATCH).inferenceThreads(threads[0]).workers(threads[1]).parameters(parameters)
                .mode(InputMode.whole(size))
                .checkpointEvery(0, 0).build(), null);
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        sampler.interrupt();
        sampler.join();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Measured(o, cpu / 1e9, wall / 1e9, peak, live[0]);
    }
}
