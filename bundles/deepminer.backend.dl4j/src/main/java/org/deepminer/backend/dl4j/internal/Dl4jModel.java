package org.deepminer.backend.dl4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelInfo;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Deeplearning4j network loaded for probing. Batches run one at a time (DL4J networks are not safe for
 * concurrent forward passes); every call switches the thread context class loader to this bundle's.
 */
public final class Dl4jModel implements LoadedModel {

    private final Network net;
    private final String label;
    private final Object lock = new Object();
    private volatile ModelInfo info;
    private volatile boolean closed;

    Dl4jModel(Network net, String label) {
        this.net = net;
        this.label = label;
    }

    void setInfo(ModelInfo info) {
        this.info = info;
    }

    public Network network() {
        return net;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ForwardResult forward(FloatTensor batch, Set<String> layers) {
        checkOpen();
        int[] s = checkInput(batch);
        for (String l : layers) {
            checkLayer(l);
        }
        return Nd4jContext.call(() -> {
            Map<String, INDArray> acts;
            synchronized (lock) {
                checkOpen();
                INDArray x = Nd4j.create(batch.data(), new long[] {s[0], s[1], s[2], s[3]}, 'c');
                acts = net.feedForward(x);
            }
            String out = net.outputs().get(0);
            Network.Node outNode = net.node(out);
            FloatTensor logits;
            FloatTensor probabilities;
            if (outNode.layer() instanceof BaseLayer dense && isDense(outNode)
                    && acts.get(outNode.inputs().get(0)).rank() == 2) {
                Map<String, INDArray> p = net.params(out);
                INDArray in = acts.get(outNode.inputs().get(0));
                INDArray z = in.castTo(DataType.FLOAT).mmul(p.get("W").castTo(DataType.FLOAT));
                if (p.containsKey("b")) {
                    z.addiRowVector(p.get("b").castTo(DataType.FLOAT));
                }
                logits = tensor(z);
                probabilities = dense.getActivationFn() instanceof ActivationSoftmax ? tensor(acts.get(out)) : ForwardResult.softmax(logits);
            } else {
                logits = tensor(acts.get(out));
                probabilities = ForwardResult.softmax(logits);
            }
            if (logits.rank() != 2) {
                throw new DeepMinerException(label, "the class scores '" + out + "' have shape "
                        + Arrays.toString(logits.shape()) + "; expected [batch, classes]");
            }
            Map<String, FloatTensor> activations = new LinkedHashMap<>();
            for (String l : layers) {
                activations.put(l, tensor(acts.get(l)));
            }
            return new ForwardResult(logits, probabilities, activations);
        });
    }

    private static boolean isDense(Network.Node n) {
        return n.layer().getClass() == DenseLayer.class || n.layer().getClass() == OutputLayer.class;
    }

    @Override
    public ClassifierHead head(String layer) {
        checkOpen();
        checkLayer(layer);
        String out = net.outputs().get(0);
        Network.Node outNode = net.node(out);
        List<Network.Node> next = net.consumers(layer);
        Network.Node pool = next.stream().filter(n -> n.layer() instanceof GlobalPoolingLayer).findFirst().orElse(null);
        if (pool == null || next.size() != 1) {
            throw noHead(layer, next.isEmpty() ? "nothing reads it" : "it goes on to " + describe(next));
        }
        GlobalPoolingLayer gp = (GlobalPoolingLayer) pool.layer();
        if (gp.getPoolingType() != PoolingType.AVG) {
            throw noHead(layer, "it goes on to " + gp.getPoolingType() + " pooling '" + pool.name() + "', not average pooling");
        }
        if (!outNode.inputs().equals(List.of(pool.name())) || outNode.layer() == null || !isDense(outNode)
                || outNode.preProcessor() != null) {
            throw noHead(layer, "after the pooling '" + pool.name() + "' the class scores '" + out + "' are not one linear layer on it");
        }
        BaseLayer dense = (BaseLayer) outNode.layer();
        if (!(dense.getActivationFn() instanceof ActivationSoftmax) && !(dense.getActivationFn() instanceof ActivationIdentity)) {
            throw noHead(layer, "the class layer '" + out + "' applies " + dense.getActivationFn() + " to its linear scores");
        }
        return Nd4jContext.call(() -> {
            Map<String, INDArray> p = net.params(out);
            INDArray w = p.get("W").castTo(DataType.FLOAT); // [units, classes]
            int units = (int) w.size(0);
            int classes = (int) w.size(1);
            float[] weights = Nd4j.toFlattened('c', w.transpose()).toFloatVector();
            float[] bias = p.containsKey("b") ? Nd4j.toFlattened('c', p.get("b").castTo(DataType.FLOAT)).toFloatVector() : new float[classes];
            return new ClassifierHead(layer, classes, units, weights, bias);
        });
    }

    private static String describe(List<Network.Node> nodes) {
        return nodes.stream().map(Dl4jModel::describe).collect(Collectors.joining(", "));
    }

    static String describe(Network.Node n) {
        String type = n.layer() != null ? n.layer().getClass().getSimpleName() : n.vertex().getClass().getSimpleName();
        return type + " '" + n.name() + "'";
    }

    private DeepMinerException noHead(String layer, String why) {
        String hint = info == null || info.defaultLayer().isEmpty() || info.defaultLayer().equals(layer) ? ""
                : ". The head follows layer '" + info.defaultLayer() + "': choose it instead";
        return new DeepMinerException(label, "no global-average-pooling + linear head directly after layer '" + layer + "': " + why + hint);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DeepMinerException(label, "the model is closed");
        }
    }

    private int[] checkInput(FloatTensor batch) {
        InputSpec spec = info.input();
        int[] s = batch.shape();
        String expected = "[n, " + spec.channels() + ", " + (spec.height() > 0 ? spec.height() : "h") + ", "
                + (spec.width() > 0 ? spec.width() : "w") + "]";
        if (s.length != 4 || s[0] < 1 || s[1] != spec.channels() || s[2] < 1 || s[3] < 1
                || (spec.height() > 0 && s[2] != spec.height()) || (spec.width() > 0 && s[3] != spec.width())) {
            throw new DeepMinerException(label, "the input batch has shape " + Arrays.toString(s) + ", but the model takes " + expected);
        }
        return s;
    }

    private void checkLayer(String layer) {
        if (net.node(layer) == null) {
            List<String> names = net.nodes().stream().map(Network.Node::name).toList();
            throw new DeepMinerException(label, "no layer '" + layer + "'; nearest: " + String.join(", ", nearest(layer, names, 5)));
        }
    }

    static List<String> nearest(String wanted, List<String> names, int n) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.comparingInt((String s) -> distance(wanted, s)).thenComparing(s -> s));
        return sorted.subList(0, Math.min(n, sorted.size()));
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
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static FloatTensor tensor(INDArray a) {
        long[] shape = a.shape();
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        float[] data = a.length() == 0 ? new float[0] : Nd4j.toFlattened('c', a.castTo(DataType.FLOAT)).toFloatVector();
        return new FloatTensor(s, data);
    }


    @Override
    public String toString() {
        return "Dl4jModel[" + label + "]";
    }
}
