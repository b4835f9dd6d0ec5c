package org.deepminer.mining.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelCapability;
import org.deepminer.api.model.ModelSource;
import org.deepminer.api.probe.ProbeStrategy;
import org.deepminer.core.patch.TilingOptions;
import org.deepminer.core.run.Csv;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.mining.InputMode;
import org.deepminer.mining.ProbeOutcome;
import org.deepminer.mining.ProbeRequest;
import org.deepminer.mining.ProbeRunner;
import org.deepminer.shell.format.TableFormatter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:probe}, {@code deepminer:units} and {@code deepminer:unit}: thin front-ends over
 * {@link ProbeRunner} and the run folder. Models are registered {@link Model} services (or a model file loaded
 * by a {@link ModelBackend}), data sets come from the {@link DatasetSource} of their format, strategies are
 * the registered {@link ProbeStrategy} services, selected by name.
 */
@Component(service = MiningCommands.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=probe",
        "osgi.command.function=units", "osgi.command.function=unit"})
public class MiningCommands {

    record Named<T>(String name, T service, ServiceReference<T> ref) {}

    final List<Named<Model>> models = new CopyOnWriteArrayList<>();
    final List<Named<DatasetSource>> sources = new CopyOnWriteArrayList<>();
    final List<Named<ProbeStrategy>> strategies = new CopyOnWriteArrayList<>();
    final List<Named<ModelBackend>> backends = new CopyOnWriteArrayList<>();
    private BundleContext context;

    @Activate
    void start(BundleContext c) {
        this.context = c;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModel(ServiceReference<Model> ref, Model m) {
        models.add(new Named<>(String.valueOf(ref.getProperty(ServiceProperties.MODEL_NAME)), m, ref));
    }

    void removeModel(Model m) {
        models.removeIf(e -> e.service() == m);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(ServiceReference<DatasetSource> ref, DatasetSource s) {
        Object f = ref.getProperty(ServiceProperties.DATASET_FORMAT);
        sources.add(new Named<>(f == null ? s.format() : f.toString(), s, ref));
    }

    void removeSource(DatasetSource s) {
        sources.removeIf(e -> e.service() == s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(ServiceReference<ProbeStrategy> ref, ProbeStrategy s) {
        Object n = ref.getProperty(ServiceProperties.PROBE_NAME);
        strategies.add(new Named<>(n == null ? s.name() : n.toString(), s, ref));
    }

    void removeStrategy(ProbeStrategy s) {
        strategies.removeIf(e -> e.service() == s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(ServiceReference<ModelBackend> ref, ModelBackend b) {
        Object n = ref.getProperty(ServiceProperties.BACKEND);
        backends.add(new Named<>(n == null ? b.name() : n.toString(), b, ref));
    }

    void removeBackend(ModelBackend b) {
        backends.removeIf(e -> e.service() == b);
    }

    @Descriptor("probe a model's layer over a data set: one forward pass feeds every strategy (ranking, top "
            + "activations, dissection); results go to a run folder that a rerun resumes")
    public ProbeReport probe(
            @Descriptor("layer to probe (default: the model's)") @Parameter(names = {"--layer"}, absentValue = "") String layer,
            @Descriptor("strategies, comma-separated (default: every registered one)") @Parameter(names = {"--strategies"}, absentValue = "") String strategyNames,
            @Descriptor("split: train, validation or test (default: all)") @Parameter(names = {"--split"}, absentValue = "") String split,
            @Descriptor("cut images into patches (default for fixed-size models)") @Parameter(names = {"--patches"}, presentValue = "true", absentValue = "false") boolean patches,
            @Descriptor("patch side as a fraction of the image width") @Parameter(names = {"--fraction"}, absentValue = "0.25") double fraction,
            @Descriptor("feed whole images (default for models of any input size)") @Parameter(names = {"--whole"}, presentValue = "true", absentValue = "false") boolean whole,
            @Descriptor("for models of any input size: shorter side of whole images (patch side) in pixels; 0 keeps it") @Parameter(names = {"--size"}, absentValue = "0") int size,
            @Descriptor("'random': also probe the same architecture with random weights (ONNX), into <run>/control-random") @Parameter(names = {"--control"}, absentValue = "") String control,
            @Descriptor("seed of the random weights") @Parameter(names = {"--seed"}, absentValue = "1") long seed,
            @Descriptor("images (or patches) per forward pass") @Parameter(names = {"--batch"}, absentValue = "8") int batch,
            @Descriptor("threads feeding the strategies, each with its own accumulators (0: two, or one on a single core)") @Parameter(names = {"--workers"}, absentValue = "0") int workers,
            @Descriptor("threads running forward passes (1 with ONNX Runtime's default pool over all cores; with the onnx backend's intra.op.threads=1, one per core mines a large model fastest)") @Parameter(names = {"--inference"}, absentValue = "1") int inference,
            @Descriptor("strategy parameters, key=value[,key=value]; strategy.key for one strategy") @Parameter(names = {"--set"}, absentValue = "") String set,
            @Descriptor("show progress even when not on a terminal") @Parameter(names = {"--progress"}, presentValue = "true", absentValue = "false") boolean progress,
            @Descriptor("run folder") @Parameter(names = {"--out"}, absentValue = "") String out,
            @Descriptor("model name (deepminer:models) or model file") String model,
            @Descriptor("data set format (deepminer:dataset)") String format,
            @Descriptor("data set folder") String dataset) throws IOException {
        if (out.isBlank()) {
            throw new DeepMinerException(null, "name the run folder: --out <run>");
        }
        if (batch < 1 || inference < 1 || workers < 0) {
            throw new DeepMinerException(null, "--batch and --inference must be at least 1, --workers at least 0");
        }
        if (patches && whole) {
            throw new DeepMinerException(null, "--patches and --whole exclude each other");
        }
        if (!control.isEmpty() && !control.equals("random")) {
            throw new DeepMinerException(null, "--control knows only 'random', not '" + control + "'");
        }
        List<Named<ProbeStrategy>> chosen = chooseStrategies(strategyNames);
        Split s = split.isBlank() ? null : parseSplit(split);
        Path outDir = Path.of(out).toAbsolutePath().normalize();
        Path root = Path.of(dataset).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "no such data set folder");
        }
        InputMode mode = patches ? InputMode.patches(TilingOptions.defaults().withFraction(fraction))
                : whole || size > 0 ? InputMode.whole(size) : null;
        String command = commandLine(layer, strategyNames, split, patches, fraction, whole, size, control, seed, batch,
                workers, inference, set, out, model, format, dataset);
        boolean showProgress = progress || System.console() != null;
        try (ResolvedModel m = resolveModel(model); Dataset ds = source(format).open(root, DatasetOptions.lenient())) {
            ProbeRequest.Builder b = ProbeRequest.builder(m.loaded(), ds, chosen.stream().map(Named::service).toList(), outDir)
                    .layer(layer).dataset(format, root).split(s).mode(mode).batchSize(batch).inferenceThreads(inference)
                    .progress(showProgress)
                    .parameters(parameters(set)).command(command).software(software())
                    .strategyVersions(versions(chosen));
            b.modelSource(m.source());
            if (workers > 0) {
                b.workers(workers);
            }
            ProbeOutcome trained = ProbeRunner.run(b.build(), System.out);
            ProbeOutcome controlOutcome = null;
            if (control.equals("random")) {
                controlOutcome = probeControl(m, trained, b, outDir, seed, showProgress);
            }
            ProbeReport report = new ProbeReport(trained, controlOutcome, headline(outDir, controlOutcome != null));
            String failed = failedSteps(trained, "") + failedSteps(controlOutcome, "control ");
            if (!failed.isEmpty()) {
                // a script must not go on as if the run were whole; the user still sees what was computed
                System.out.print(TableFormatter.format(report));
                throw new DeepMinerException(outDir.toString(), "a probe step failed (" + failed.substring(2)
                        + "); the steps that finished are kept, and the same command reruns only the failed ones");
            }
            return report;
        }
    }

    /** "; name: why" for each failed step of an outcome (none: ""). */
    static String failedSteps(ProbeOutcome o, String prefix) {
        StringBuilder b = new StringBuilder();
        if (o != null) {
            o.steps().forEach((name, fate) -> {
                if (fate.startsWith("failed")) {
                    b.append("; ").append(prefix).append(name).append(": ").append(fate.replaceFirst("^failed:?\\s*", ""));
                }
            });
        }
        return b.toString();
    }

    @Descriptor("the top units of each class in a run: ranking, best concept, IoU, ceiling, lift, specific")
    public UnitList units(
            @Descriptor("only this class") @Parameter(names = {"--class"}, absentValue = "") String className,
            @Descriptor("units per class") @Parameter(names = {"--top"}, absentValue = "20") int top,
            @Descriptor("run folder") String run) throws IOException {
        if (top < 1) {
            throw new DeepMinerException(null, "--top must be at least 1");
        }
        return RunViews.units(Path.of(run), className, top);
    }

    @Descriptor("one unit of a run: its montage, top samples and IoU with every concept")
    public UnitDetail unit(@Descriptor("run folder") String run, @Descriptor("unit number") int unit) throws IOException {
        return RunViews.unit(Path.of(run), unit);
    }

    // ---- control ----

    private ProbeOutcome probeControl(ResolvedModel m, ProbeOutcome trained, ProbeRequest.Builder trainedRequest, Path out,
            long seed, boolean showProgress) throws IOException {
        Path dir = out.resolve(RunViews.CONTROL);
        Files.createDirectories(dir);
        Path controlFile = dir.resolve("model-random.onnx");
        Path trainedFile = m.file().orElseThrow(() -> new DeepMinerException("model '" + m.loaded().info().name() + "'",
                "--control random needs the model's file, and this model's source is not a file or bundle entry"));
        ControlModels.write(trainedFile, controlFile, seed);
        ModelBackend onnx = backends.stream().filter(e -> e.name().equals("onnx")).map(Named::service).findFirst()
                .orElseThrow(() -> new DeepMinerException(null, "--control random needs the onnx backend (--features onnx)"));
        var info = m.loaded().info();
        ModelSource source = new ModelSource(info.name() + "-random", controlFile, Optional.of("onnx"), info.classes(),
                Optional.of(trained.layer()), Optional.of(info.input()));
        try (LoadedModel c = onnx.load(source)) {
            ProbeRequest base = trainedRequest.build();
            ProbeRequest.Builder b = ProbeRequest.builder(c, base.dataset(), base.strategies(), dir).layer(trained.layer())
                    .dataset(base.datasetFormat(), base.datasetPath()).split(base.split().orElse(null))
                    .mode(base.mode().orElse(null)).batchSize(base.batchSize()).workers(base.workers())
                    .inferenceThreads(base.inferenceThreads())
                    .progress(showProgress).parameters(base.parameters()).command(base.command() + " (control, seed " + seed + ")")
                    .software(base.software()).strategyVersions(base.strategyVersions())
                    .modelSource("random-weights control (seed " + seed + ") of " + m.source() + ": " + controlFile);
            ProbeOutcome outcome = ProbeRunner.run(b.build(), System.out);
            RunWorkspace ws = RunWorkspace.existing(out);
            ws.manifest().ifPresent(man -> ws.writeManifest(man.withRelated(Map.of("control", RunViews.CONTROL))));
            return outcome;
        }
    }

    private static Headline headline(Path out, boolean withControl) throws IOException {
        List<Headline.Row> rows = new ArrayList<>();
        Path units = out.resolve(RunWorkspace.UNITS);
        if (Files.isRegularFile(units)) {
            Csv t = Csv.read(units);
            rows.addAll(Headline.of("trained", t, classes(t), 20));
        }
        Path control = out.resolve(RunViews.CONTROL).resolve(RunWorkspace.UNITS);
        if (withControl && Files.isRegularFile(control)) {
            Csv t = Csv.read(control);
            rows.addAll(Headline.of("control", t, classes(t), 20));
        }
        return rows.isEmpty() ? null : new Headline(rows);
    }

    private static List<String> classes(Csv t) {
        return t.columns().stream().filter(c -> c.endsWith("_rank")).map(c -> c.substring(0, c.length() - 5)).toList();
    }

    // ---- resolution ----

    /**
     * A model for one command: a lease on a registered one or one loaded from a file, closed after.
     *
     * @param file the model file, when there is one (a bundle's entry is copied to a temporary file)
     * @param source where it came from, for the manifest
     */
    record ResolvedModel(LoadedModel loaded, Optional<Path> file, String source, boolean owned, Path temporary)
            implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                loaded.close();
            }
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a temporary copy left behind is harmless
                }
            }
        }
    }

    ResolvedModel resolveModel(String name) throws IOException {
        Optional<Named<Model>> registered = models.stream().filter(e -> e.name().equals(name)).findFirst();
        if (registered.isPresent()) {
            Named<Model> e = registered.get();
            Object source = e.ref().getProperty(ServiceProperties.MODEL_SOURCE);
            Path file = modelFile(e.ref());
            boolean copied = file != null && !(source instanceof String s && s.startsWith("file "));
            // a lease: a hot deploy that replaces the model during the probe leaves this one open until the end
            return new ResolvedModel(e.service().lease(), Optional.ofNullable(file),
                    source == null ? "" : source.toString(), true, copied ? file : null);
        }
        Path p = Path.of(name).toAbsolutePath().normalize();
        if (Files.isRegularFile(p)) {
            ModelSource source = ModelSource.of(p.getFileName().toString().replaceFirst("\\.[^.]*$", ""), p);
            ModelBackend backend = backends.stream().map(Named::service).filter(b -> b.canLoad(source)).findFirst()
                    .orElseThrow(() -> new DeepMinerException(p.toString(), "no model backend loads this file; backends: "
                            + names(backends)));
            return new ResolvedModel(backend.load(source), Optional.of(p), p.toString(), true, null);
        }
        throw new DeepMinerException(null, "no model '" + name + "'; registered: " + names(models)
                + " (or give a model file)");
    }

    /**
     * The file a registered model was loaded from, for the manifest and the control: a deploy/ file, or the
     * model bundle's entry (copied to a temporary file). Null when unknown.
     */
    Path modelFile(ServiceReference<Model> ref) throws IOException {
        Object source = ref.getProperty(ServiceProperties.MODEL_SOURCE);
        if (source instanceof String s && s.startsWith("file ")) {
            Path p = Path.of(s.substring(5));
            return Files.isRegularFile(p) ? p : null;
        }
        Bundle bundle = ref.getBundle();
        BundleRevision rev = bundle == null ? null : bundle.adapt(BundleRevision.class);
        if (rev == null) {
            return null;
        }
        // a model bundle may declare several models (the demo bundle has two): the entry of this one
        Object name = ref.getProperty(ServiceProperties.MODEL_NAME);
        for (BundleCapability cap : rev.getDeclaredCapabilities(ModelCapability.NAMESPACE)) {
            Object entry = cap.getAttributes().get(ModelCapability.FILE);
            if (entry == null || !String.valueOf(cap.getAttributes().get(ModelCapability.NAME)).equals(String.valueOf(name))) {
                continue;
            }
            String e = entry.toString();
            URL url = bundle.getEntry(e.startsWith("/") ? e.substring(1) : e);
            if (url == null) {
                continue;
            }
            Path tmp = Files.createTempFile("deepminer-model-", ".onnx");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        }
        return null;
    }

    DatasetSource source(String format) {
        return sources.stream().filter(e -> e.name().equals(format)).map(Named::service).findFirst()
                .orElseThrow(() -> new DeepMinerException(null, "no dataset source for format '" + format + "'; registered: "
                        + (sources.isEmpty() ? "none (launch with --features data)" : names(sources))));
    }

    List<Named<ProbeStrategy>> chooseStrategies(String names) {
        if (strategies.isEmpty()) {
            throw new DeepMinerException(null, "no probe strategies are registered (launch with --features mining)");
        }
        if (names.isBlank()) {
            List<Named<ProbeStrategy>> all = new ArrayList<>(strategies);
            all.sort(java.util.Comparator.comparing(Named::name));
            return all;
        }
        List<Named<ProbeStrategy>> out = new ArrayList<>();
        for (String n : names.split(",")) {
            String name = n.strip();
            if (name.isEmpty()) {
                continue;
            }
            out.add(strategies.stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new DeepMinerException(null, "no probe strategy '" + name + "'; registered: "
                            + names(strategies))));
        }
        return out;
    }

    static Split parseSplit(String s) {
        try {
            return Split.parse(s);
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(null, e.getMessage());
        }
    }

    static Map<String, String> parameters(String set) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : set.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new DeepMinerException(null, "--set takes key=value pairs, not '" + kv.strip() + "'");
            }
            out.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        return out;
    }

    private Map<String, String> software() {
        Map<String, String> out = new TreeMap<>();
        if (context != null) {
            for (Bundle b : context.getBundles()) {
                String n = b.getSymbolicName();
                if (n != null && (n.startsWith("deepminer.") || n.equals("org.apache.felix.framework"))) {
                    out.put(n, b.getVersion().toString());
                }
            }
        }
        return out;
    }

    private static Map<String, String> versions(List<Named<ProbeStrategy>> chosen) {
        Map<String, String> out = new TreeMap<>();
        for (Named<ProbeStrategy> s : chosen) {
            Bundle b = s.ref() == null ? null : s.ref().getBundle();
            // the bundle version (a snapshot carries its build time): a rebuilt strategy recomputes its step
            out.put(s.name(), b == null ? "" : b.getSymbolicName() + " " + b.getVersion());
        }
        return out;
    }

    private static <T> String names(List<Named<T>> list) {
        return list.isEmpty() ? "none" : list.stream().map(Named::name).sorted().collect(Collectors.joining(", "));
    }

    static String commandLine(String layer, String strategies, String split, boolean patches, double fraction, boolean whole,
            int size, String control, long seed, int batch, int workers, int inference, String set, String out, String model,
            String format, String dataset) {
        StringBuilder b = new StringBuilder("deepminer:probe");
        if (!layer.isEmpty()) {
            b.append(" --layer ").append(layer);
        }
        if (!strategies.isEmpty()) {
            b.append(" --strategies ").append(strategies);
        }
        if (!split.isEmpty()) {
            b.append(" --split ").append(split);
        }
        if (patches) {
            b.append(" --patches --fraction ").append(fraction);
        }
        if (whole) {
            b.append(" --whole");
        }
        if (size > 0) {
            b.append(" --size ").append(size);
        }
        if (!control.isEmpty()) {
            b.append(" --control ").append(control).append(" --seed ").append(seed);
        }
        b.append(" --batch ").append(batch);
        if (workers > 0) {
            b.append(" --workers ").append(workers);
        }
        if (inference != 1) {
            b.append(" --inference ").append(inference);
        }
        if (!set.isEmpty()) {
            b.append(" --set ").append(set);
        }
        return b.append(" --out ").append(out).append(' ').append(model).append(' ').append(format).append(' ')
                .append(dataset).toString();
    }
}
