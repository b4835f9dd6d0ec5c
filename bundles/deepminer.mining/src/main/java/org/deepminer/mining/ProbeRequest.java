package org.deepminer.mining;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.probe.ProbeStrategy;

/**
 * One probe run: a model and a layer over a data set (or one split), feeding the given strategies, into a
 * run folder. Build it with {@link #builder}; every setting but the model, data set, strategies and run
 * folder has a default.
 *
 * @param model the loaded model (not closed by the runner)
 * @param modelSource where the model came from, for the manifest: its file, or the bundle that carries it;
 *        empty when unknown
 * @param layer the layer to probe; empty for the model's default layer
 * @param dataset the opened data set (not closed by the runner)
 * @param datasetFormat its format name, for the manifest
 * @param datasetPath its folder, for the manifest and messages
 * @param split the split to probe; empty for every sample
 * @param strategies the strategies, each fed from the same forward pass
 * @param parameters the user's overrides of strategy defaults: {@code key=value} goes to every strategy,
 *        {@code <strategy>.key=value} to that strategy only (as {@code key})
 * @param mode whole images or patches
 * @param batchSize items per forward pass
 * @param inferenceThreads threads running forward passes (1: the model's own thread pool uses the cores; a
 *        second concurrent forward pass fought it for them in the benchmark)
 * @param workers accumulation threads, each with its own accumulators (merged at the end of a pass); they
 *        digest one batch while the next one's forward pass runs
 * @param loaders decode and preprocess threads ahead of inference
 * @param progress print progress (count, rate, ETA) to the console stream
 * @param out the run folder
 * @param command the command line, for the manifest
 * @param software bundle (or library) versions, for the manifest
 * @param strategyVersions each strategy's version by name: a new version recomputes its step
 * @param checkpointBatches save a checkpoint every this many batches; 0 to use {@code checkpointSeconds} only
 * @param checkpointSeconds save a checkpoint when this many seconds passed since the last; 0 for never
 */
public record ProbeRequest(LoadedModel model, Optional<String> modelSource, Optional<String> layer, Dataset dataset,
        String datasetFormat, Path datasetPath, Optional<Split> split, List<ProbeStrategy> strategies,
        Map<String, String> parameters, Optional<InputMode> mode, int batchSize, int inferenceThreads, int workers, int loaders,
        boolean progress,
        Path out, String command, Map<String, String> software, Map<String, String> strategyVersions,
        int checkpointBatches, int checkpointSeconds) {

    public ProbeRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(out, "out");
        strategies = List.copyOf(strategies);
        parameters = Map.copyOf(parameters);
        software = Map.copyOf(software);
        strategyVersions = Map.copyOf(strategyVersions);
        if (batchSize < 1 || inferenceThreads < 1 || workers < 1 || loaders < 1) {
            throw new IllegalArgumentException("batch size, inference threads, workers and loaders must be at least 1: "
                    + batchSize + ", " + inferenceThreads + ", " + workers + ", " + loaders);
        }
    }

    public static Builder builder(LoadedModel model, Dataset dataset, List<ProbeStrategy> strategies, Path out) {
        return new Builder(model, dataset, strategies, out);
    }

    /** The parameters one strategy sees: the shared ones, overridden by its own ({@code name.key}). */
    public Map<String, String> parametersFor(String strategy) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = strategy + ".";
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!e.getKey().contains(".") || !isStrategyPrefix(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        });
        return out;
    }

    private boolean isStrategyPrefix(String key) {
        String head = key.substring(0, key.indexOf('.'));
        return strategies.stream().anyMatch(s -> s.name().equals(head));
    }

    /** Fills in the defaults of a {@link ProbeRequest}. */
    public static final class Builder {
        private final LoadedModel model;
        private final Dataset dataset;
        private final List<ProbeStrategy> strategies;
        private final Path out;
        private Optional<String> modelSource = Optional.empty();
        private Optional<String> layer = Optional.empty();
        private String datasetFormat;
        private Path datasetPath = Path.of(".");
        private Optional<Split> split = Optional.empty();
        private Map<String, String> parameters = Map.of();
        private Optional<InputMode> mode = Optional.empty();
        private int batchSize = 8;
        private int inferenceThreads = 1;
        private int workers = Math.min(2, Runtime.getRuntime().availableProcessors());
        private int loaders = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private boolean progress;
        private String command = "";
        private Map<String, String> software = Map.of();
        private Map<String, String> strategyVersions = Map.of();
        private int checkpointBatches;
        private int checkpointSeconds = 60;

        Builder(LoadedModel model, Dataset dataset, List<ProbeStrategy> strategies, Path out) {
            this.model = model;
            this.dataset = dataset;
            this.strategies = strategies;
            this.out = out;
            this.datasetFormat = dataset.format();
        }

        public Builder modelFile(Path f) {
            modelSource = Optional.ofNullable(f).map(Path::toString);
            return this;
        }

        public Builder modelSource(String s) {
            modelSource = Optional.ofNullable(s).filter(x -> !x.isBlank());
            return this;
        }

        public Builder layer(String l) {
            layer = Optional.ofNullable(l).filter(s -> !s.isBlank());
            return this;
        }

        public Builder dataset(String format, Path path) {
            datasetFormat = format;
            datasetPath = path;
            return this;
        }

        public Builder split(Split s) {
            split = Optional.ofNullable(s);
            return this;
        }

        public Builder parameters(Map<String, String> p) {
            parameters = p;
            return this;
        }

        public Builder mode(InputMode m) {
            mode = Optional.ofNullable(m);
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        public Builder inferenceThreads(int n) {
            inferenceThreads = n;
            return this;
        }

        public Builder workers(int n) {
            workers = n;
            return this;
        }

        public Builder loaders(int n) {
            loaders = n;
            return this;
        }

        public Builder progress(boolean p) {
            progress = p;
            return this;
        }

        public Builder command(String c) {
            command = c;
            return this;
        }

        public Builder software(Map<String, String> s) {
            software = s;
            return this;
        }

        public Builder strategyVersions(Map<String, String> v) {
            strategyVersions = v;
            return this;
        }

        public Builder checkpointEvery(int batches, int seconds) {
            checkpointBatches = batches;
            checkpointSeconds = seconds;
            return this;
        }

        public ProbeRequest build() {
            return new ProbeRequest(model, modelSource, layer, dataset, datasetFormat, datasetPath, split, strategies,
                    parameters, mode, batchSize, inferenceThreads, workers, loaders, progress, out, command, software, strategyVersions,
                    checkpointBatches, checkpointSeconds);
        }
    }
}
