package org.deepminer.mining;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.probe.ProbeAccumulator;
import org.deepminer.api.probe.ProbeBatch;
import org.deepminer.api.probe.ProbeContext;
import org.deepminer.api.probe.ProbeResult;
import org.deepminer.api.probe.ProbeStrategy;

/** Test doubles around the runner: a model that counts its forward passes, an in-memory data set, strategies. */
public final class Fakes {
    private Fakes() {}

    public static final int UNITS = 4;

    /**
     * A model whose layer {@code conv} has 4 units: unit k at cell (i, j) is (k + 1) times the mean of the
     * input's first channel over the cell's 2 x 2 block. Its head weighs unit k by (k - 1.5) for class 2, 0 else.
     */
    public static class Model implements LoadedModel {
        public final AtomicInteger forwardCalls = new AtomicInteger();
        public final List<int[]> shapes = new CopyOnWriteArrayList<>();
        final InputSpec input;
        final boolean withHead;
        /** Fail on this forward call (1-based); 0 never. */
        public volatile int failAt;

        public Model(InputSpec input, boolean withHead) {
            this.input = input;
            this.withHead = withHead;
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("fake", "test", "f00d", List.of("normal", "benign", "malignant"), input, "conv",
                    List.of(new LayerInfo("conv", "Conv", List.of(-1L, (long) UNITS, -1L, -1L)),
                            new LayerInfo("logits", "Gemm", List.of(-1L, 3L))));
        }

        @Override
        public ForwardResult forward(FloatTensor batch, Set<String> layers) {
            int call = forwardCalls.incrementAndGet();
            if (failAt > 0 && call == failAt) {
                throw new IllegalStateException("simulated crash at forward call " + call);
            }
            shapes.add(batch.shape().clone());
            int n = batch.dim(0);
            int c = batch.dim(1);
            int h = batch.dim(2);
            int w = batch.dim(3);
            if (input.fixedSize() && (h != input.height() || w != input.width())) {
                throw new DeepMinerException("fake.onnx", "input must be " + input.height() + "x" + input.width());
            }
            int mh = h / 2;
            int mw = w / 2;
            float[] act = new float[n * UNITS * mh * mw];
            float[] x = batch.data();
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < mh; y++) {
                    for (int xx = 0; xx < mw; xx++) {
                        int o = i * c * h * w;
                        float m = (x[o + 2 * y * w + 2 * xx] + x[o + 2 * y * w + 2 * xx + 1] + x[o + (2 * y + 1) * w + 2 * xx]
                                + x[o + (2 * y + 1) * w + 2 * xx + 1]) / 4f;
                        for (int k = 0; k < UNITS; k++) {
                            act[((i * UNITS + k) * mh + y) * mw + xx] = (k + 1) * m;
                        }
                    }
                }
            }
            float[] logits = new float[n * 3];
            float[] probs = new float[n * 3];
            ClassifierHead head = headOf();
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int cl = 0; cl < 3; cl++) {
                    double z = head.bias()[cl];
                    for (int k = 0; k < UNITS; k++) {
                        double mean = 0;
                        for (int j = 0; j < mh * mw; j++) {
                            mean += act[(i * UNITS + k) * mh * mw + j];
                        }
                        z += head.weight(cl, k) * mean / (mh * mw);
                    }
                    logits[i * 3 + cl] = (float) z;
                    max = Math.max(max, z);
                }
                double sum = 0;
                for (int cl = 0; cl < 3; cl++) {
                    sum += Math.exp(logits[i * 3 + cl] - max);
                }
                for (int cl = 0; cl < 3; cl++) {
                    probs[i * 3 + cl] = (float) (Math.exp(logits[i * 3 + cl] - max) / sum);
                }
            }
            Map<String, FloatTensor> out = new HashMap<>();
            if (layers.contains("conv")) {
                out.put("conv", new FloatTensor(new int[] {n, UNITS, mh, mw}, act));
            }
            if (layers.contains("logits")) {
                out.put("logits", new FloatTensor(new int[] {n, 3}, logits));
            }
            return new ForwardResult(new FloatTensor(new int[] {n, 3}, logits), new FloatTensor(new int[] {n, 3}, probs), out);
        }

        ClassifierHead headOf() {
            float[] w = new float[3 * UNITS];
            for (int k = 0; k < UNITS; k++) {
                w[2 * UNITS + k] = k - 1.5f;
            }
            return new ClassifierHead("conv", 3, UNITS, w, new float[] {0.1f, 0f, -0.1f});
        }

        @Override
        public ClassifierHead head(String layer) {
            if (!withHead || !layer.equals("conv")) {
                throw new DeepMinerException("fake.onnx", "no global-average-pooling + linear head directly after layer '"
                        + layer + "': it goes on to Relu 'relu9'");
            }
            return headOf();
        }

        @Override
        public void close() {}
    }

    /**
     * Grey images of {@code size} px; image i has brightness 0.2 + 0.01 i, and every third image a lesion: a
     * bright square mask with concept {@code margin-spiculated} (malignant) or {@code shape-oval} (benign).
     */
    public static final class Data implements Dataset {
        final List<SampleRef> refs = new ArrayList<>();
        final int size;
        final boolean masks;
        public final AtomicInteger loads = new AtomicInteger();

        public Data(int images, int size, boolean masks) {
            this.size = size;
            this.masks = masks;
            Split[] splits = {Split.TRAIN, Split.VALIDATION, Split.TEST};
            for (int i = 0; i < images; i++) {
                String label = i % 3 == 0 ? (i % 2 == 0 ? "malignant" : "benign") : "normal";
                refs.add(new SampleRef(String.format("img%03d", i), "case" + i / 2, splits[(i / 2) % 3], label));
            }
        }

        @Override
        public String format() {
            return "fake";
        }

        @Override
        public List<SampleRef> samples() {
            return refs;
        }

        @Override
        public Sample load(SampleRef ref) {
            loads.incrementAndGet();
            int i = Integer.parseInt(ref.id().substring(3));
            float[] px = new float[size * size];
            java.util.Arrays.fill(px, 0.2f + 0.01f * i);
            List<Lesion> lesions = new ArrayList<>();
            if (!ref.label().equals("normal")) {
                int side = size / 4;
                int x0 = size / 4 + (i % 4);
                Box box = new Box(x0, size / 4, side, side);
                BitSet bits = new BitSet();
                if (masks) {
                    bits.set(0, side * side);
                }
                for (int y = box.y(); y < box.y() + side; y++) {
                    for (int x = x0; x < x0 + side; x++) {
                        px[y * size + x] = 0.9f;
                    }
                }
                String concept = ref.label().equals("malignant") ? "margin-spiculated" : "shape-oval";
                lesions.add(new Lesion("L1", "finding-mass", ref.label(), Set.of(concept), new RegionMask(box, bits),
                        Map.of(), List.of(), 4));
            }
            return new Sample(ref, new MammogramImage(size, size, px),
                    new ImageMetadata("OT", Laterality.LEFT, "CC", 0, 8, false, Map.of()),
                    new GroundTruth(ref.label(), lesions, new Report("", Set.of(), -1, "")));
        }

        @Override
        public List<String> problems() {
            return List.of();
        }
    }

    /**
     * Counts what it is fed: items, the sum of all activations, the sample ids (per pass), the batches it saw.
     * Writes {@code <name>/units.csv} with one row per unit (its activation sum) and a summary.
     */
    public static class Counting implements ProbeStrategy {
        final String name;
        final int passes;
        public final AtomicInteger created = new AtomicInteger();
        /** The activation arrays of every batch it was fed, by identity: the same arrays for every strategy. */
        public final Set<Integer> batchesSeen = ConcurrentHashMap.newKeySet();
        public final AtomicInteger beginPassCalls = new AtomicInteger();
        public volatile boolean refuseWithoutHead;
        public volatile int failAfterBatches;
        final AtomicInteger accepted = new AtomicInteger();

        public Counting(String name, int passes) {
            this.name = name;
            this.passes = passes;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int passes() {
            return passes;
        }

        @Override
        public ProbeAccumulator newAccumulator(ProbeContext context) {
            if (refuseWithoutHead && context.head().isEmpty()) {
                throw new DeepMinerException(null, name + " needs a linear head after layer " + context.layer());
            }
            created.incrementAndGet();
            return new Acc(this, context.conceptIds());
        }

        /** Serializable, as the runner's checkpoints need. */
        public static class Acc implements ProbeAccumulator, Serializable {
            private static final long serialVersionUID = 1L;
            transient Counting owner;
            final String name;
            final List<String> concepts;
            int pass;
            final long[] items = new long[3];
            final double[][] unitSums = new double[3][UNITS];
            final TreeMap<String, Integer> seen = new TreeMap<>();

            Acc(Counting owner, List<String> concepts) {
                this.owner = owner;
                this.name = owner.name;
                this.concepts = concepts;
            }

            @Override
            public void accept(ProbeBatch batch) {
                if (owner != null) {
                    if (owner.failAfterBatches > 0 && owner.accepted.incrementAndGet() > owner.failAfterBatches) {
                        throw new IllegalStateException(owner.name + " broke");
                    }
                    owner.batchesSeen.add(System.identityHashCode(batch.activations().data()));
                }
                FloatTensor a = batch.activations();
                int hw = a.dim(2) * a.dim(3);
                for (int i = 0; i < batch.size(); i++) {
                    items[pass]++;
                    seen.merge(pass + ":" + batch.samples().get(i).id(), 1, Integer::sum);
                    for (int k = 0; k < a.dim(1); k++) {
                        double s = 0;
                        for (int j = 0; j < hw; j++) {
                            s += a.data()[(i * a.dim(1) + k) * hw + j];
                        }
                        unitSums[pass][k] += s;
                    }
                }
            }

            @Override
            public void beginPass(int p) {
                pass = p;
                if (owner != null) {
                    owner.beginPassCalls.incrementAndGet();
                }
            }

            @Override
            public void merge(ProbeAccumulator other) {
                Acc o = (Acc) other;
                if (o.pass < pass) {
                    return; // a fresh accumulator adopting this one: nothing of this pass to add
                }
                if (o.pass > pass) {
                    // a fresh accumulator adopts the earlier passes' state
                    for (int p = 0; p < o.pass; p++) {
                        items[p] = o.items[p];
                        unitSums[p] = o.unitSums[p].clone();
                    }
                    o.seen.forEach((k, v) -> {
                        if (!k.startsWith(o.pass + ":")) {
                            seen.put(k, v);
                        }
                    });
                    pass = o.pass;
                    return;
                }
                items[pass] += o.items[pass];
                for (int k = 0; k < UNITS; k++) {
                    unitSums[pass][k] += o.unitSums[pass][k];
                }
                o.seen.forEach((k, v) -> {
                    if (k.startsWith(pass + ":")) {
                        seen.merge(k, v, Integer::sum);
                    }
                });
            }

            @Override
            public ProbeResult finish() {
                return new Result(name, items.clone(), unitSums[0].clone(), new TreeMap<>(seen),
                        concepts);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What a {@link Counting} strategy found. */
    public record Result(String strategy, long[] items, double[] unitSums, TreeMap<String, Integer> seen,
            List<String> concepts) implements ProbeResult {
        @Override
        public Map<String, Object> summary() {
            return Map.of("items", items[0], "concepts", concepts.size());
        }

        @Override
        public void writeTo(Path run) throws IOException {
            Path dir = Files.createDirectories(run.resolve(strategy));
            StringBuilder b = new StringBuilder("unit," + strategy + "_sum\n");
            for (int k = 0; k < unitSums.length; k++) {
                b.append(k).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", unitSums[k])).append('\n');
            }
            Files.writeString(dir.resolve("units.csv"), b);
            StringBuilder s = new StringBuilder();
            seen.forEach((k, v) -> s.append(k).append(' ').append(v).append('\n'));
            Files.writeString(dir.resolve("seen.txt"), s);
            Files.writeString(dir.resolve("items.txt"), items[0] + " " + items[1] + " " + items[2]);
        }
    }

    /** A strategy whose accumulators cannot be serialised. */
    public static final class Unserialisable implements ProbeStrategy {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public ProbeAccumulator newAccumulator(ProbeContext context) {
            return new PlainAcc();
        }

        static final class PlainAcc implements ProbeAccumulator {
            long n;

            @Override
            public void accept(ProbeBatch batch) {
                n += batch.size();
            }

            @Override
            public void merge(ProbeAccumulator other) {
                n += ((PlainAcc) other).n;
            }

            @Override
            public ProbeResult finish() {
                long total = n;
                return new ProbeResult() {
                    @Override
                    public String strategy() {
                        return "plain";
                    }

                    @Override
                    public Map<String, Object> summary() {
                        return Map.of("n", total);
                    }

                    @Override
                    public void writeTo(Path runDirectory) {}
                };
            }
        }
    }

    static List<String> sorted(java.util.Collection<String> c) {
        List<String> l = new ArrayList<>(c);
        Collections.sort(l);
        return l;
    }
}
