package org.deepminer.mining.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.api.probe.ProbeStrategy;
import org.deepminer.core.run.Hashes;
import org.deepminer.core.run.RunManifest;
import org.deepminer.core.run.RunWorkspace;
import org.deepminer.mining.InputMode;
import org.deepminer.mining.ProbeOutcome;
import org.deepminer.mining.ProbeRequest;

/**
 * One probe run (see {@link org.deepminer.mining.ProbeRunner}): plans the steps, skips those whose inputs
 * did not change, runs the passes the others need with one forward pass per batch for all of them, and
 * writes each strategy's result, the unit table and the manifest into the run folder.
 */
public final class Probe {

    /** The step name of the forward passes, whose checkpoint lets a killed run resume. */
    static final String PASS_STEP = "pass";
    static final String CONCEPTS_FILE = "concepts.json";
    /** Strategies that compare units with concept masks: skipped, with a note, on a data set without masks. */
    static final Set<String> NEEDS_MASKS = Set.of("dissection");

    private final ProbeRequest r;
    private final PrintStream console;
    /** Appended to by the feeder thread too (a checkpoint that fails). */
    private final List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> fates = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();

    private Probe(ProbeRequest request, PrintStream console) {
        this.r = request;
        this.console = console;
    }

    /** Runs a request; progress goes to {@code console} when the request asks for it. */
    public static ProbeOutcome run(ProbeRequest request, PrintStream console) {
        return new Probe(request, console).run();
    }

    /** A planned step: a strategy, its parameters and the hash of its inputs. */
    record Step(ProbeStrategy strategy, String name, Map<String, String> parameters, String inputs, int passes) {}

    /** The concepts of a data set, cached in the run folder by the data set's hash. */
    record ConceptCache(String dataset, List<String> concepts, long lesions, long masked) {}

    private ProbeOutcome run() {
        long t0 = System.nanoTime();
        ModelInfo info = r.model().info();
        String layer = r.layer().orElse(info.defaultLayer());
        checkLayer(info, layer);
        List<SampleRef> refs = r.split().map(s -> r.dataset().samples().stream().filter(x -> x.split() == s).toList())
                .orElse(r.dataset().samples());
        if (refs.isEmpty()) {
            throw new DeepMinerException(r.datasetPath().toString(), r.dataset().samples().isEmpty()
                    ? "the data set has no samples: nothing to probe"
                    : "no samples in split '" + r.split().get().label() + "' of " + r.dataset().samples().size()
                            + " samples: nothing to probe");
        }
        if (r.strategies().isEmpty()) {
            throw new DeepMinerException(null, "no probe strategies to run");
        }
        InputMode mode = r.mode().orElse(InputMode.defaultFor(info.input()));
        RunWorkspace ws = RunWorkspace.open(r.out());
        RunManifest manifest = manifest(info, layer, refs, mode);
        Optional<RunManifest> old = ws.manifest();
        if (old.isPresent() && !old.get().identity().equals(manifest.identity())) {
            RunManifest o = old.get();
            throw new DeepMinerException(ws.dir().toString(), "holds a run of model '" + o.model().name() + "' (SHA-256 "
                    + shortHash(o.model().sha256()) + ") layer '" + o.layer() + "' on " + o.dataset().format() + " "
                    + o.dataset().path() + " (" + o.split() + ", " + o.mode().get("kind")
                    + "); this probe is of another model, layer, data set, split or mode: choose another --out");
        }
        List<Step> steps = plan(manifest, layer);
        List<Step> todo = steps.stream().filter(s -> !ws.upToDate(s.name(), s.inputs())).toList();
        for (Step s : steps) {
            if (!todo.contains(s)) {
                Map<String, Object> summary = ws.step(s.name()).map(m -> m.summary()).orElse(Map.of());
                Object why = summary.containsKey("refused") ? "refused: " + summary.get("refused")
                        : summary.containsKey("skipped") ? "skipped: " + summary.get("skipped") : null;
                fates.put(s.name(), why == null ? "up to date" : "up to date (" + why + ")");
                summaries.put(s.name(), summary);
            }
        }
        if (todo.isEmpty()) {
            Path units = Files.isRegularFile(ws.file(RunWorkspace.UNITS)) ? ws.file(RunWorkspace.UNITS) : writeUnits(ws);
            notes.add("run " + ws.dir() + " is up to date: nothing recomputed");
            return outcome(ws, true, info, layer, refs.size(), 0, 0, 0, t0, units);
        }
        ws.writeManifest(manifest);
        ExecutorService pool = Executors.newFixedThreadPool(r.loaders(), daemon("deepminer-probe-loader-"));
        try {
            Run run = new Run(ws, info, layer, refs, mode, steps, todo, pool);
            run.execute();
            Path units = writeUnits(ws);
            boolean failed = fates.values().stream().anyMatch(f -> f.startsWith("failed"));
            ws.writeManifest(manifest.finished(Instant.now().toString(), failed ? "incomplete: a step failed" : "complete",
                    notes));
            return outcome(ws, false, info, layer, refs.size(), run.items, run.passesRun, run.batches, t0, units);
        } catch (RuntimeException e) {
            ws.writeManifest(manifest.finished(Instant.now().toString(), "failed: " + e.getMessage(), notes));
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- planning ----

    private List<Step> plan(RunManifest manifest, String layer) {
        List<Step> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ProbeStrategy s : r.strategies()) {
            String name = s.name();
            if (!names.add(name)) {
                throw new DeepMinerException(null, "strategy '" + name + "' is named twice");
            }
            Map<String, String> params = r.parametersFor(name);
            Map<String, Object> inputs = new TreeMap<>();
            inputs.put("run", manifest.identity());
            inputs.put("strategy", name);
            inputs.put("implementation", s.getClass().getName());
            inputs.put("version", r.strategyVersions().getOrDefault(name, ""));
            inputs.put("parameters", Hashes.ofValues(params));
            inputs.put("layer", layer);
            int passes = Math.max(1, s.passes());
            steps.add(new Step(s, name, params, Hashes.ofValues(inputs), passes));
        }
        return steps;
    }

    private RunManifest manifest(ModelInfo info, String layer, List<SampleRef> refs, InputMode mode) {
        Map<String, String> software = new TreeMap<>(r.software());
        software.putIfAbsent("java", System.getProperty("java.version", ""));
        software.putIfAbsent("backend", info.backend());
        return new RunManifest(RunManifest.VERSION, r.command(), Instant.now().toString(), "", "running",
                new RunManifest.ModelRef(info.name(), info.backend(), info.sha256(),
                        r.modelSource().orElse("")),
                layer, new RunManifest.DatasetRef(r.datasetFormat(), r.datasetPath().toString(), Hashes.ofSamples(refs),
                        refs.size()),
                r.split().map(s -> s.label()).orElse("all"), mode.describe(), r.parameters(),
                r.strategies().stream().map(ProbeStrategy::name).toList(), software, List.of(), Map.of());
    }

    private static void checkLayer(ModelInfo info, String layer) {
        if (layer == null || layer.isBlank()) {
            throw new DeepMinerException("model '" + info.name() + "'", "has no default layer: name one with --layer");
        }
        if (!info.layers().isEmpty() && info.layer(layer).isEmpty()) {
            String near = info.layers().stream().map(LayerInfo::name)
                    .sorted((a, b) -> Integer.compare(distance(a, layer), distance(b, layer))).limit(5)
                    .collect(Collectors.joining(", "));
            throw new DeepMinerException("model '" + info.name() + "'", "has no layer '" + layer + "'; nearest: " + near);
        }
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- the passes ----

    /** The state of one invocation's passes. */
    private final class Run {
        final RunWorkspace ws;
        final ModelInfo info;
        final String layer;
        final List<SampleRef> refs;
        final InputMode mode;
        final List<Step> steps;
        final List<Step> todo;
        final ExecutorService pool;
        long items;
        long batches;
        int passesRun;
        /** Accumulators by strategy name, one per worker. */
        final Map<String, List<ProbeAccumulator>> accumulators = new LinkedHashMap<>();
        final Map<String, Step> byName = new LinkedHashMap<>();
        ProbeContext baseContext;
        boolean checkpoints;
        String passKey;

        Run(RunWorkspace ws, ModelInfo info, String layer, List<SampleRef> refs, InputMode mode, List<Step> steps,
                List<Step> todo, ExecutorService pool) {
            this.ws = ws;
            this.info = info;
            this.layer = layer;
            this.refs = refs;
            this.mode = mode;
            this.steps = steps;
            this.todo = todo;
            this.pool = pool;
        }

        void execute() {
            Optional<ClassifierHead> head;
            try {
                head = Optional.of(r.model().head(layer));
            } catch (DeepMinerException e) {
                head = Optional.empty();
                notes.add("layer '" + layer + "' has no global-average-pooling + linear head: " + e.getMessage());
            }
            ConceptCache concepts = concepts(ws, refs, pool);
            if (concepts.concepts().isEmpty()) {
                notes.add("the data set has no lesion masks (" + concepts.lesions() + " lesions, none masked): "
                        + "nothing for concept statistics (dissection) to tally");
            }
            int workers = r.workers();
            baseContext = new ProbeContext(info, layer, head, concepts.concepts(), Map.of(), workers);
            for (Step s : todo) {
                if (concepts.concepts().isEmpty() && NEEDS_MASKS.contains(s.name())) {
                    // two passes over the data for nothing: say so instead
                    String why = "the data set has no lesion or concept masks to compare units with";
                    fates.put(s.name(), "skipped: " + why);
                    notes.add(s.name() + " skipped: " + why);
                    ws.markDone(s.name(), s.inputs(), Map.of("skipped", why));
                    continue;
                }
                List<ProbeAccumulator> perWorker = new ArrayList<>();
                try {
                    for (int w = 0; w < workers; w++) {
                        perWorker.add(s.strategy().newAccumulator(context(s)));
                    }
                } catch (DeepMinerException e) {
                    fates.put(s.name(), "refused: " + e.getMessage());
                    notes.add(s.name() + " refused: " + e.getMessage());
                    // the refusal depends on the model and layer only: a rerun need not ask again
                    ws.markDone(s.name(), s.inputs(), Map.of("refused", e.getMessage()));
                    continue;
                }
                accumulators.put(s.name(), perWorker);
                byName.put(s.name(), s);
            }
            if (accumulators.isEmpty()) {
                return;
            }
            passKey = Hashes.ofValues(Map.of("run", ws.manifest().map(RunManifest::identity).orElse(""), "steps",
                    steps.stream().map(s -> s.name() + ":" + s.inputs()).collect(Collectors.joining(","))));
            Optional<String> unsaveable = Checkpoints.notSerialisable(accumulators);
            checkpoints = unsaveable.isEmpty() && (r.checkpointBatches() > 0 || r.checkpointSeconds() > 0);
            if (unsaveable.isPresent()) {
                notes.add("no checkpoints within a pass: the accumulators of " + unsaveable.get() + " are not "
                        + "serialisable; an interrupted run keeps its finished steps and redoes the others");
            }
            int firstPass = 0;
            Position start = Position.START;
            long scoreBytes = 0;
            Optional<Checkpoints.State> saved = checkpoints ? ws.readCheckpoint(PASS_STEP, passKey)
                    .flatMap(b -> Checkpoints.read(b, loaders())) : Optional.empty();
            if (saved.isPresent() && saved.get().accumulators.keySet().equals(accumulators.keySet())) {
                Checkpoints.State st = saved.get();
                accumulators.clear();
                accumulators.putAll(Checkpoints.copy(st.accumulators));
                firstPass = st.pass;
                start = st.next;
                scoreBytes = st.scoreBytes;
                notes.add(String.format(Locale.ROOT, "resumed pass %d at image %d of %d from the checkpoint", st.pass + 1,
                        Math.min(st.next.source() + 1, refs.size()), refs.size()));
            }
            int passes = accumulators.keySet().stream().mapToInt(n -> byName.get(n).passes()).max().orElse(1);
            for (int p = firstPass; p < passes; p++) {
                long t0 = System.nanoTime();
                runPass(p, passes, p == firstPass ? start : Position.START, head, p == firstPass ? scoreBytes : 0);
                time("pass" + (p + 1), System.nanoTime() - t0);
                passesRun++;
                endPass(p);
                if (accumulators.isEmpty()) {
                    break;
                }
                if (checkpoints) {
                    save(p + 1, Position.START, 0);
                }
            }
            // every pass is done and every step written: nothing left to resume
            ws.deleteCheckpoint(PASS_STEP);
        }

        ProbeContext context(Step s) {
            return new ProbeContext(baseContext.model(), baseContext.layer(), baseContext.head(),
                    baseContext.conceptIds(), s.parameters(), baseContext.shards());
        }

        List<ClassLoader> loaders() {
            List<ClassLoader> out = new ArrayList<>();
            for (Step s : steps) {
                ClassLoader l = s.strategy().getClass().getClassLoader();
                if (l != null && !out.contains(l)) {
                    out.add(l);
                }
            }
            return out;
        }

        void runPass(int p, int passes, Position start, Optional<ClassifierHead> head, long scoreBytes) {
            List<String> names = new ArrayList<>(accumulators.keySet());
            int workers = accumulators.get(names.get(0)).size();
            List<List<ProbeAccumulator>> perWorker = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                List<ProbeAccumulator> list = new ArrayList<>();
                for (String n : names) {
                    list.add(accumulators.get(n).get(w));
                }
                perWorker.add(list);
            }
            AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(names.size());
            Pass.Counters counters = new Pass.Counters();
            counters.sources.set(start.source());
            Progress progress = new Progress(console, r.progress(), System.console() != null,
                    mode.patches() ? "patches" : "images", System::nanoTime);
            progress.startPass(p, passes, refs.size());
            ImageScores scores = null;
            try {
                if (p == 0 && !mode.patches() && head.isPresent()) {
                    scores = new ImageScores(ws.dir(), head.get(), info.classes(), scoreBytes);
                }
                ImageScores scoreFile = scores;
                Pass.Checkpointer saver = checkpoints
                        ? next -> save(p, next, scoreFile == null ? 0 : length(scoreFile)) : null;
                Pass pass = new Pass(r.model(), layer, mode, r.dataset(), refs, r.batchSize(), pool, r.loaders(),
                        r.inferenceThreads(), perWorker,
                        failures, start, r.checkpointBatches(), r.checkpointSeconds(), saver, counters, scores);
                pass.run(() -> progress.update(counters.sources.get(), counters.items.get()));
            } catch (IOException e) {
                throw new DeepMinerException(ws.dir().resolve(ImageScores.FILE).toString(), "cannot write: " + e, e);
            } finally {
                items += counters.items.get();
                batches += counters.batches.get();
                if (scores != null) {
                    try {
                        scores.close();
                    } catch (IOException e) {
                        notes.add("image scores: " + e.getMessage());
                    }
                }
            }
            progress.finishPass(counters.sources.get(), counters.items.get());
            if (counters.unreadable.get() > 0) {
                notes.add(counters.unreadable.get() + " samples could not be read and were left out; the first: "
                        + counters.firstUnreadable.get());
            }
            time("forward", counters.forwardNanos.get());
            time("strategies", counters.accumulateNanos.get());
            for (int j = 0; j < names.size(); j++) {
                Throwable f = failures.get(j);
                if (f != null) {
                    String n = names.get(j);
                    fates.put(n, "failed: " + f);
                    notes.add(n + " failed in pass " + (p + 1) + ": " + f);
                    accumulators.remove(n);
                }
            }
        }

        /** Merges each strategy's workers; finishes the strategies whose last pass this was; readies the rest. */
        void endPass(int p) {
            for (String n : new ArrayList<>(accumulators.keySet())) {
                List<ProbeAccumulator> list = accumulators.get(n);
                Step s = byName.get(n);
                try {
                    ProbeAccumulator merged = list.get(0);
                    for (int w = 1; w < list.size(); w++) {
                        merged.merge(list.get(w));
                    }
                    if (s.passes() == p + 1) {
                        accumulators.remove(n);
                        finish(s, merged);
                    } else {
                        merged.beginPass(p + 1);
                        List<ProbeAccumulator> next = new ArrayList<>();
                        next.add(merged);
                        for (int w = 1; w < list.size(); w++) {
                            ProbeAccumulator fresh = s.strategy().newAccumulator(context(s));
                            fresh.merge(merged); // adopts the earlier passes' state (ProbeAccumulator#beginPass)
                            next.add(fresh);
                        }
                        accumulators.put(n, next);
                    }
                } catch (RuntimeException e) {
                    accumulators.remove(n);
                    fates.put(n, "failed: " + e.getMessage());
                    notes.add(n + " failed after pass " + (p + 1) + ": " + e);
                }
            }
        }

        void finish(Step s, ProbeAccumulator merged) {
            long t0 = System.nanoTime();
            try {
                ProbeResult result = merged.finish();
                result.writeTo(ws.dir());
                ws.markDone(s.name(), s.inputs(), result.summary());
                fates.put(s.name(), "computed");
                summaries.put(s.name(), result.summary());
            } catch (IOException | RuntimeException e) {
                fates.put(s.name(), "failed: " + e.getMessage());
                notes.add(s.name() + " failed to finish: " + e);
            } finally {
                time("finish", System.nanoTime() - t0);
                time("finish " + s.name(), System.nanoTime() - t0);
            }
        }

        void save(int pass, Position next, long scoreBytes) {
            try {
                Checkpoints.State st = new Checkpoints.State(pass, next, items, scoreBytes, accumulators);
                ws.writeCheckpoint(PASS_STEP, passKey, Checkpoints.write(st));
                checkpointsSaved.incrementAndGet();
            } catch (RuntimeException e) {
                checkpoints = false;
                notes.add("checkpoints stopped: " + e.getMessage());
            }
        }

        long length(ImageScores s) {
            try {
                return s.length();
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** Checkpoints saved by this invocation. */
    private final AtomicInteger checkpointsSaved = new AtomicInteger();
    private final Map<String, Double> timings = new LinkedHashMap<>();

    private void time(String part, long nanos) {
        timings.merge(part, nanos / 1e9, Double::sum);
    }

    private ConceptCache concepts(RunWorkspace ws, List<SampleRef> refs, ExecutorService pool) {
        String hash = Hashes.ofSamples(refs);
        Optional<ConceptCache> cached = ws.readJson(CONCEPTS_FILE, ConceptCache.class).filter(c -> hash.equals(c.dataset()));
        if (cached.isPresent()) {
            return cached.get();
        }
        long t0 = System.nanoTime();
        ConceptScan.Result scan = ConceptScan.scan(r.dataset(), refs, pool, r.loaders());
        time("concepts", System.nanoTime() - t0);
        ConceptCache c = new ConceptCache(hash, scan.concepts(), scan.lesions(), scan.masked());
        ws.writeJson(CONCEPTS_FILE, c);
        return c;
    }

    private Path writeUnits(RunWorkspace ws) {
        try {
            List<org.deepminer.core.run.Csv> tables = RunTables.unitTables(ws.dir());
            return tables.isEmpty() ? null : ws.writeUnitTable(tables);
        } catch (IOException | RuntimeException e) {
            notes.add("units.csv not written: " + e.getMessage());
            return null;
        }
    }

    private ProbeOutcome outcome(RunWorkspace ws, boolean upToDate, ModelInfo info, String layer, int samples, long items,
            int passes, long batches, long t0, Path units) {
        return new ProbeOutcome(ws.dir(), upToDate, info.name(), layer, samples, items, passes, batches,
                (System.nanoTime() - t0) / 1e9, timings, checkpointsSaved.get(), fates,
                summaries, notes, units);
    }

    static String shortHash(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12) + "...";
    }

    static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
