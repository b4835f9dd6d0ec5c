package org.deepminer.benchmark.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.explain.ExplainRequest;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelSource;
import org.deepminer.api.probe.ProbeStrategy;
import org.deepminer.explain.ExplainerEngine;
import org.deepminer.mining.InputMode;
import org.deepminer.mining.ModelInput;
import org.deepminer.mining.ProbeOutcome;
import org.deepminer.mining.ProbeRequest;
import org.deepminer.mining.ProbeRunner;
import org.deepminer.shell.services.NamedServices;
import org.deepminer.shell.format.Table;
import org.deepminer.shell.format.Tabular;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:benchmark}: the platform's speed in one run, each figure beside the baseline measured in
 * the same run: pure inference of each backend (images held in memory, the layer the probe reads requested),
 * a full mining pass over the same images against that inference time, the latency of one explanation
 * against its forward pass, peak memory, and the start-up time the launcher recorded.
 */
@Component(service = BenchmarkCommands.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=benchmark"})
public class BenchmarkCommands {

    @Reference
    ExplainerEngine explainer;

    final NamedServices<Model> models = new NamedServices<>("model", "deploy one, or launch with the explain feature");
    final NamedServices<ModelBackend> backends = new NamedServices<>("model backend", "launch with the onnx or dl4j feature");
    final NamedServices<DatasetSource> sources = new NamedServices<>("dataset source for format", "launch with --features data");
    final List<ProbeStrategy> strategies = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModel(ServiceReference<Model> ref, Model m) {
        models.add(String.valueOf(ref.getProperty(ServiceProperties.MODEL_NAME)), m);
    }

    void removeModel(Model m) {
        models.remove(m);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(ServiceReference<ModelBackend> ref, ModelBackend b) {
        backends.add(b.name(), b);
    }

    void removeBackend(ModelBackend b) {
        backends.remove(b);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(ServiceReference<DatasetSource> ref, DatasetSource s) {
        sources.add(String.valueOf(ref.getProperty(ServiceProperties.DATASET_FORMAT)), s);
    }

    void removeSource(DatasetSource s) {
        sources.remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(ProbeStrategy s) {
        strategies.add(s);
    }

    void removeStrategy(ProbeStrategy s) {
        strategies.remove(s);
    }

    @Descriptor("measure inference per backend, mining / inference, explanation latency, peak memory, start-up")
    public BenchmarkReport benchmark(
            @Descriptor("images measured") @Parameter(names = "--images", absentValue = "64") int images,
            @Descriptor("short side the images are fed at (0: as stored)") @Parameter(names = "--size", absentValue = "256") int size,
            @Descriptor("the layer mined (default: the model's)") @Parameter(names = "--layer", absentValue = "") String layer,
            @Descriptor("the same network as a Deeplearning4j file, to time that backend too") @Parameter(names = "--dl4j", absentValue = "") String dl4j,
            @Descriptor("folder for the mining run") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("a registered model") String modelName,
            @Descriptor("the data set's format") String format,
            @Descriptor("the data set's folder") String dataset) throws Exception {
        if (out.isEmpty()) {
            throw new DeepMinerException(null, "give a folder for the mining run with --out");
        }
        if (images < 8) {
            throw new DeepMinerException(null, "--images must be at least 8, not " + images);
        }
        Model model = models.require(modelName);
        DatasetSource source = sources.require(format);
        LoadedModel loaded = model.loaded();
        String useLayer = layer.isEmpty() ? loaded.info().defaultLayer() : layer;
        List<List<String>> rows = new ArrayList<>();
        PrintStream console = System.err;
        try (Dataset ds = source.open(Path.of(dataset), DatasetOptions.lenient())) {
            Dataset first = new FirstImages(ds, images);
            List<Sample> inMemory = new ArrayList<>();
            for (SampleRef r : first.samples()) {
                inMemory.add(ds.load(r));
            }
            console.println("deepminer: benchmark: " + inMemory.size() + " images in memory");
            // 1. pure inference of each backend
            double onnxSeconds = inference(loaded, inMemory, size, useLayer);
            rows.add(row("inference, " + loaded.info().backend() + " (" + modelName + ")",
                    String.format(Locale.ROOT, "%.1f images/s", inMemory.size() / onnxSeconds),
                    String.format(Locale.ROOT, "batch 8 at short side %d, layer %s requested", size, useLayer)));
            if (!dl4j.isEmpty()) {
                Path file = Path.of(dl4j).toAbsolutePath().normalize();
                ModelSource src = ModelSource.of(modelName + "-dl4j", file);
                ModelBackend b = backends.services().stream().filter(x -> x.canLoad(src)).findFirst()
                        .orElseThrow(() -> new DeepMinerException(file.toString(), "no backend loads it (launch with the dl4j feature)"));
                try (LoadedModel d = b.load(src)) {
                    double s = inference(d, inMemory, size, d.info().defaultLayer());
                    rows.add(row("inference, " + b.name(), String.format(Locale.ROOT, "%.1f images/s", inMemory.size() / s),
                            String.format(Locale.ROOT, "%.2fx the %s backend on the same images", onnxSeconds / s,
                                    loaded.info().backend())));
                }
            }
            // 2. a full mining pass over the same images (loading included) against pure inference
            Path run = Path.of(out).toAbsolutePath().normalize();
            deleteRun(run);
            ProbeOutcome o = ProbeRunner.run(ProbeRequest.builder(loaded, first, List.copyOf(strategies), run)
                    .dataset(format, Path.of(dataset)).layer(useLayer).mode(InputMode.whole(size)).build(), console);
            // the baseline again after the run: on a shared machine the two can differ, and the ratios use their mean
            double again = inference(loaded, inMemory, size, useLayer);
            double drift = again / onnxSeconds - 1;
            rows.add(row("inference again, after mining", String.format(Locale.ROOT, "%.1f images/s", inMemory.size() / again),
                    String.format(Locale.ROOT, "%+.0f%% time against the first measurement%s; ratios below use the mean",
                            drift * 100, Math.abs(drift) > 0.2 ? ": the machine was busy, the ratios are rough" : "")));
            onnxSeconds = (onnxSeconds + again) / 2;
            rows.add(row("mining / inference", String.format(Locale.ROOT, "%.2f", onnxSeconds / o.seconds()),
                    String.format(Locale.ROOT, "mining %.1f images/s end to end against inference %.1f images/s",
                            o.samples() / o.seconds(), inMemory.size() / onnxSeconds)));
            // the pass alone: reading, forward and strategies streaming, without the fixed costs before and after
            double passSeconds = 0;
            for (int p = 1; p <= o.passes(); p++) {
                passSeconds += o.timing("pass" + p);
            }
            if (passSeconds > 0) {
                rows.add(row("mining pass / inference", String.format(Locale.ROOT, "%.2f", onnxSeconds / passSeconds),
                        String.format(Locale.ROOT, "the %d pass(es) streaming %.1f images/s (images read from disk; "
                                + "inference from memory)", o.passes(), o.samples() / passSeconds)));
            }
            rows.add(row("mining fixed costs", String.format(Locale.ROOT, "%.1f s", o.timing("concepts") + o.timing("finish")),
                    String.format(Locale.ROOT, "concepts %.1f s before the pass, finish %.1f s after (results, montages)",
                            o.timing("concepts"), o.timing("finish"))));
            rows.add(row("mining thread time", String.format(Locale.ROOT, "%.1f s", o.timing("forward") + o.timing("strategies")),
                    String.format(Locale.ROOT, "forward %.1f s, strategies %.1f s, summed over threads; wall %.1f s",
                            o.timing("forward"), o.timing("strategies"), o.seconds())));
            // 3. explanation latency against the forward pass it contains
            double[] latencies = new double[inMemory.size()];
            for (int i = -2; i < inMemory.size(); i++) { // two warm-up explanations
                Sample s = inMemory.get(Math.max(0, i));
                long t0 = System.nanoTime();
                explainer.explain(new ExplainRequest(run, s, Optional.empty(), 20, 3));
                if (i >= 0) {
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(latencies);
            double forwardMs = onnxSeconds * 1000 / inMemory.size();
            rows.add(row("explanation latency", String.format(Locale.ROOT, "median %.1f ms, 95th percentile %.1f ms",
                    latencies[latencies.length / 2], latencies[(int) (latencies.length * 0.95)]),
                    String.format(Locale.ROOT, "one batched forward pass per image: %.1f ms", forwardMs)));
        }
        // 4. memory and start-up
        rows.add(row("peak heap", mb(peakHeap()), "max heap " + mb(Runtime.getRuntime().maxMemory())));
        rows.add(row("peak resident memory", peakResident(), "resident now " + resident()));
        String startup = System.getProperty("deepminer.startup.ms");
        rows.add(row("start-up to the first command", startup == null ? "n/a (interactive shell)"
                : String.format(Locale.ROOT, "%.2f s", Long.parseLong(startup) / 1000.0),
                "launcher floor: scripts/benchmark.sh times `java -version` beside it"));
        rows.add(row("machine", Runtime.getRuntime().availableProcessors() + " cores", System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")));
        return new BenchmarkReport(List.of(new Table("Benchmark (" + modelName + ", " + format + " " + dataset + ")",
                List.of("measure", "value", "baseline / context"), rows)));
    }

    /** Seconds to forward every image once, batches of 8, after one warm-up batch. */
    static double inference(LoadedModel model, List<Sample> samples, int size, String layer) {
        InputSpec spec = model.info().input();
        int batch = 8;
        forwardBatch(model, spec, samples.subList(0, Math.min(batch, samples.size())), size, layer);
        long t0 = System.nanoTime();
        for (int from = 0; from < samples.size(); from += batch) {
            forwardBatch(model, spec, samples.subList(from, Math.min(samples.size(), from + batch)), size, layer);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void forwardBatch(LoadedModel model, InputSpec spec, List<Sample> part, int size, String layer) {
        // a batch never mixes sizes: images of another size go alone
        int[] hw = ModelInput.size(spec, part.get(0).image().width(), part.get(0).image().height(), size);
        List<Sample> same = part.stream().filter(s -> Arrays.equals(hw, ModelInput.size(spec, s.image().width(),
                s.image().height(), size))).toList();
        int plane = spec.channels() * hw[0] * hw[1];
        float[] input = new float[same.size() * plane];
        for (int i = 0; i < same.size(); i++) {
            ModelInput.write(same.get(i).image(), spec, hw[0], hw[1], input, i * plane);
        }
        model.forward(new FloatTensor(new int[] {same.size(), spec.channels(), hw[0], hw[1]}, input), Set.of(layer));
        for (Sample s : part) {
            if (!same.contains(s)) {
                forwardBatch(model, spec, List.of(s), size, layer);
            }
        }
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** VmHWM of /proc/self/status: the most resident memory this process had, natives included. */
    static String peakResident() {
        return procStatus("VmHWM:");
    }

    static String resident() {
        return procStatus("VmRSS:");
    }

    private static String procStatus(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    long kb = Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
                    return mb(kb * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: say so below
        }
        return "n/a";
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }

    static List<String> row(String a, String b, String c) {
        return List.of(a, b, c);
    }

    /** A benchmark run folder is rewritten each time; anything else is left alone. */
    static void deleteRun(Path run) throws IOException {
        if (!Files.exists(run)) {
            return;
        }
        if (!Files.isRegularFile(run.resolve("manifest.json"))) {
            throw new DeepMinerException(run.toString(), "exists and is not a run folder; choose another --out");
        }
        try (var walk = Files.walk(run)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** What {@code deepminer:benchmark} returns. */
    public record BenchmarkReport(List<Table> tables) implements Tabular {}

    /** The first n samples of a data set, in its order. */
    record FirstImages(Dataset all, int n) implements Dataset {
        @Override
        public String format() {
            return all.format();
        }

        @Override
        public List<SampleRef> samples() {
            List<SampleRef> s = all.samples();
            return s.subList(0, Math.min(n, s.size()));
        }

        @Override
        public Sample load(SampleRef ref) {
            return all.load(ref);
        }

        @Override
        public List<String> problems() {
            return all.problems();
        }

        @Override
        public void close() {
            // the caller closes the data set it opened
        }
    }
}
