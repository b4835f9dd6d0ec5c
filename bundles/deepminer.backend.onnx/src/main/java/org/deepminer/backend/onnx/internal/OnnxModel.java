package org.deepminer.backend.onnx.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.backend.onnx.internal.proto.Onnx.GraphProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.ValueInfoProto;

/**
 * A model loaded into ONNX Runtime. ONNX Runtime returns only graph outputs, so every set of requested
 * layers gets its own session, created from the model with those tensors appended to the graph outputs,
 * and kept (least recently used first out) for the next batch that asks for the same layers.
 * Thread-safe: sessions run batches concurrently.
 */
final class OnnxModel implements LoadedModel {

    /** Creates a session from model bytes; the backend decides threads and device. */
    interface SessionFactory {
        OrtSession create(byte[] model) throws OrtException;
    }

    private static final class Entry {
        final OrtSession session;
        int users;
        boolean retired;

        Entry(OrtSession session) {
            this.session = session;
        }
    }

    private final ModelFile file;
    private final OnnxGraph graph;
    private final HeadFinder heads;
    private final SessionFactory factory;
    private final OrtEnvironment env;
    private final int maxSessions;
    private final Object lock = new Object();
    /** Access-ordered: the first entry is the least recently used. */
    private final LinkedHashMap<List<String>, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, ClassifierHead> headCache = new ConcurrentHashMap<>();
    /** Direct input buffers, reused across batches: ONNX Runtime reads them in place. */
    private final ConcurrentLinkedQueue<FloatBuffer> inputBuffers = new ConcurrentLinkedQueue<>();
    private final Set<String> layerNames;
    private volatile ModelInfo info;
    private volatile boolean closed;

    OnnxModel(ModelFile file, OnnxGraph graph, SessionFactory factory, OrtEnvironment env, int maxSessions) {
        this.file = file;
        this.graph = graph;
        this.heads = new HeadFinder(graph);
        this.factory = factory;
        this.env = env;
        this.maxSessions = maxSessions;
        this.layerNames = new LinkedHashSet<>(graph.layerNames());
    }

    void setInfo(ModelInfo info) {
        this.info = info;
    }

    OnnxGraph graph() {
        return graph;
    }

    HeadFinder heads() {
        return heads;
    }

    /** Creates the session of the plain class scores now, so that a model ONNX Runtime refuses fails at load. */
    void open(byte[] bytes) {
        Entry e = new Entry(create(bytes, List.of()));
        synchronized (lock) {
            sessions.put(List.of(), e);
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ForwardResult forward(FloatTensor batch, Set<String> layers) {
        checkOpen();
        int[] shape = checkInput(batch);
        List<String> key = checkLayers(layers);
        Set<String> outputs = new LinkedHashSet<>();
        outputs.add(graph.logits);
        graph.probabilities.ifPresent(outputs::add);
        outputs.addAll(key);

        int n = shape[0];
        int perImage = shape[1] * shape[2] * shape[3];
        long fixed = graph.inputShape[0];
        int chunk = fixed > 0 ? (int) fixed : n;
        Map<String, float[]> data = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        Entry e = acquire(key);
        FloatBuffer in = inputBuffer(chunk * perImage);
        try {
            for (int start = 0; start < n; start += chunk) {
                int m = Math.min(chunk, n - start);
                in.clear();
                in.put(batch.data(), start * perImage, m * perImage);
                while (in.position() < chunk * perImage) {
                    in.put(0f); // a model with a fixed batch size gets the last batch padded
                }
                in.flip();
                long[] inShape = {chunk, shape[1], shape[2], shape[3]};
                try (OnnxTensor input = OnnxTensor.createTensor(env, in, inShape);
                        OrtSession.Result result = e.session.run(Map.of(graph.input, input), outputs)) {
                    for (String name : outputs) {
                        collect(name, result, chunk, m, start, n, data, shapes);
                    }
                }
            }
        } catch (OrtException ex) {
            throw OrtErrors.running(file.label, "a batch of shape " + Arrays.toString(shape), ex);
        } finally {
            inputBuffers.offer(in);
            release(e);
        }

        FloatTensor logits = classScores(data.get(graph.logits), shapes.get(graph.logits), n);
        FloatTensor probabilities = graph.probabilities
                .map(p -> classScores(data.get(p), shapes.get(p), n))
                .orElseGet(() -> ForwardResult.softmax(logits));
        Map<String, FloatTensor> activations = new LinkedHashMap<>();
        for (String layer : key) {
            activations.put(layer, new FloatTensor(shapes.get(layer), data.get(layer)));
        }
        return new ForwardResult(logits, probabilities, activations);
    }

    private void collect(String name, OrtSession.Result result, int chunk, int m, int start, int n,
            Map<String, float[]> data, Map<String, int[]> shapes) throws OrtException {
        OnnxValue v = result.get(name).orElseThrow(() -> new DeepMinerException(file.label, "ONNX Runtime returned no '" + name + "'"));
        if (!(v instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
            throw new DeepMinerException(file.label, "tensor '" + name + "' is " + v.getInfo()
                    + ", not a float tensor; choose a float feature map");
        }
        TensorInfo ti = t.getInfo();
        long[] s = ti.getShape();
        if (s.length == 0 || s[0] != chunk) {
            throw new DeepMinerException(file.label, "tensor '" + name + "' has shape " + Arrays.toString(s)
                    + ", which does not start with the batch size " + chunk);
        }
        FloatBuffer fb = t.getFloatBuffer(); // a heap copy of the native values
        int per = (int) (ti.getNumElements() / chunk);
        if (chunk == n && fb.hasArray() && fb.arrayOffset() == 0 && fb.array().length == per * n) {
            data.put(name, fb.array());
        } else {
            float[] all = data.computeIfAbsent(name, k -> new float[per * n]);
            fb.get(all, start * per, m * per);
        }
        int[] full = new int[s.length];
        full[0] = n;
        for (int i = 1; i < s.length; i++) {
            full[i] = Math.toIntExact(s[i]);
        }
        shapes.put(name, full);
    }

    /** {@code [n, classes]}, also from a {@code [n, classes, 1, 1]} output (conv heads without Flatten). */
    private FloatTensor classScores(float[] values, int[] shape, int n) {
        int classes = values.length / n;
        if (shape.length != 2) {
            for (int i = 2; i < shape.length; i++) {
                if (shape[i] != 1) {
                    throw new DeepMinerException(file.label, "the class scores '" + graph.logits + "' have shape "
                            + Arrays.toString(shape) + "; expected [batch, classes]");
                }
            }
        }
        return new FloatTensor(new int[] {n, classes}, values);
    }


    @Override
    public ClassifierHead head(String layer) {
        checkOpen();
        checkLayer(layer);
        ClassifierHead h = headCache.get(layer);
        if (h != null) {
            return h;
        }
        HeadFinder.Plan plan = heads.plan(layer);
        Set<String> names = HeadFinder.constantsOf(plan);
        Map<String, TensorProto> values = new HashMap<>();
        for (String name : names) {
            TensorProto kept = graph.constants.get(name);
            if (kept != null && TensorData.elements(kept) <= OnnxGraph.SMALL_CONSTANT) {
                values.put(name, kept);
            }
        }
        if (values.size() < names.size()) {
            values.putAll(readConstants(names));
        }
        h = HeadFinder.extract(plan, values, file.label);
        headCache.put(layer, h);
        return h;
    }

    /** Weights the graph analysis did not keep, read again from the file. */
    private Map<String, TensorProto> readConstants(Set<String> names) {
        GraphProto g = file.parse(file.read()).getGraph();
        Map<String, TensorProto> found = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            if (names.contains(t.getName())) {
                found.put(t.getName(), t);
            }
        }
        g.getNodeList().stream().filter(n -> n.getOpType().equals("Constant") && n.getOutputCount() == 1
                && names.contains(n.getOutput(0))).forEach(n -> Nodes.tensor(n, "value")
                        .ifPresent(t -> found.put(n.getOutput(0), t)));
        return found;
    }

    @Override
    public void close() {
        List<Entry> toClose = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Entry e : sessions.values()) {
                e.retired = true;
                if (e.users == 0) {
                    toClose.add(e);
                }
            }
            sessions.clear();
        }
        toClose.forEach(this::closeSession);
        inputBuffers.clear();
    }

    boolean isClosed() {
        return closed;
    }

    /** Sessions now open, for tests of the cache. */
    int openSessions() {
        synchronized (lock) {
            return sessions.size();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DeepMinerException(file.label, "the model is closed");
        }
    }

    private int[] checkInput(FloatTensor batch) {
        InputSpec spec = info.input();
        int[] s = batch.shape();
        String expected = "[n, " + spec.channels() + ", " + (spec.height() > 0 ? spec.height() : "h") + ", "
                + (spec.width() > 0 ? spec.width() : "w") + "]";
        if (s.length != 4) {
            throw new DeepMinerException(file.label, "the input batch has shape " + Arrays.toString(s)
                    + " but the model takes " + expected);
        }
        if (s[0] < 1 || s[1] != spec.channels() || (spec.height() > 0 && s[2] != spec.height())
                || (spec.width() > 0 && s[3] != spec.width()) || s[2] < 1 || s[3] < 1) {
            String what = s[1] != spec.channels() ? "the input batch has " + s[1] + " channels, shape " : "the input batch has shape ";
            throw new DeepMinerException(file.label, what + Arrays.toString(s) + ", but the model takes " + expected);
        }
        return s;
    }

    private List<String> checkLayers(Set<String> layers) {
        for (String l : layers) {
            checkLayer(l);
        }
        return List.copyOf(new TreeSet<>(layers));
    }

    private void checkLayer(String layer) {
        if (!layerNames.contains(layer)) {
            throw new DeepMinerException(file.label, "no layer '" + layer + "'; nearest: "
                    + String.join(", ", NearNames.nearest(layer, layerNames, 5)));
        }
    }

    private FloatBuffer inputBuffer(int floats) {
        FloatBuffer b = inputBuffers.poll();
        if (b == null || b.capacity() < floats) {
            b = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        return b;
    }

    private Entry acquire(List<String> key) {
        synchronized (lock) {
            checkOpen();
            Entry e = sessions.get(key);
            if (e != null) {
                e.users++;
                return e;
            }
        }
        // Created outside the lock (seconds for a large model): other batches go on meanwhile.
        OrtSession s = create(file.read(), key);
        List<Entry> evicted = new ArrayList<>();
        Entry e;
        synchronized (lock) {
            if (closed) {
                closeQuietly(s);
                checkOpen();
            }
            e = sessions.get(key);
            if (e != null) {
                closeQuietly(s); // another thread made it first
            } else {
                e = new Entry(s);
                sessions.put(key, e);
                var it = sessions.entrySet().iterator();
                while (sessions.size() > maxSessions && it.hasNext()) {
                    var old = it.next();
                    if (old.getValue() == e) {
                        continue;
                    }
                    it.remove();
                    old.getValue().retired = true;
                    if (old.getValue().users == 0) {
                        evicted.add(old.getValue());
                    }
                }
            }
            e.users++;
        }
        evicted.forEach(this::closeSession);
        return e;
    }

    private void release(Entry e) {
        boolean close;
        synchronized (lock) {
            e.users--;
            close = e.retired && e.users == 0;
        }
        if (close) {
            closeSession(e);
        }
    }

    private void closeSession(Entry e) {
        closeQuietly(e.session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // closing frees native memory; nothing a caller could do about a failure
        }
    }

    /** A session whose graph outputs include the class scores and the given layers. */
    private OrtSession create(byte[] bytes, List<String> layers) {
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(graph.logits);
        graph.probabilities.ifPresent(wanted::add);
        wanted.addAll(layers);
        wanted.removeAll(graph.graphOutputs);
        byte[] model = bytes;
        if (!wanted.isEmpty()) {
            ModelProto m = file.parse(bytes);
            GraphProto.Builder g = m.getGraph().toBuilder();
            for (String t : wanted) {
                g.addOutput(ValueInfoProto.newBuilder().setName(t));
            }
            model = m.toBuilder().setGraph(g).build().toByteArray();
        }
        try {
            return factory.create(model);
        } catch (OrtException e) {
            throw OrtErrors.loading(file.label, e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file.label + "]";
    }
}
