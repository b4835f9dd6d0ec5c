package org.deepminer.backend.dl4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One view of a MultiLayerNetwork or a ComputationGraph: its nodes in execution order, each with its name, its
 * inputs, its configuration and its parameters, and a forward pass that returns every node's activation. The
 * backend, the head reader and the ONNX exporter work on this view, so they treat both kinds alike.
 */
public final class Network {

    /**
     * One layer or vertex.
     *
     * @param name the layer name, as users type it (a MultiLayerNetwork's unnamed layers are {@code layer<i>})
     * @param layer the layer's configuration, or null for a vertex without a layer (an element-wise add, ...)
     * @param vertex the graph vertex configuration, or null in a MultiLayerNetwork
     * @param preProcessor the input preprocessor applied before the layer, or null
     * @param inputs the names of the nodes it reads, {@link #INPUT} for the network input
     */
    public record Node(String name, org.deeplearning4j.nn.conf.layers.Layer layer, GraphVertex vertex,
            InputPreProcessor preProcessor, List<String> inputs) {}

    public static final String INPUT = "input";

    private final ComputationGraph graph;
    private final MultiLayerNetwork mln;
    private final String input;
    private final List<Node> nodes;
    private final List<String> outputs;

    private Network(ComputationGraph graph, MultiLayerNetwork mln, String input, List<Node> nodes, List<String> outputs) {
        this.graph = graph;
        this.mln = mln;
        this.input = input;
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
    }

    public static Network of(ComputationGraph g) {
        ComputationGraphConfiguration conf = g.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("the graph has " + conf.getNetworkInputs().size() + " inputs ("
                    + conf.getNetworkInputs() + "); DeepMiner runs image classifiers with one image input");
        }
        String in = conf.getNetworkInputs().get(0);
        List<Node> nodes = new ArrayList<>();
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = g.getVertices();
        for (int i : g.topologicalSortOrder()) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex v = vertices[i];
            if (v.isInputVertex()) {
                continue;
            }
            String name = v.getVertexName();
            GraphVertex vc = conf.getVertices().get(name);
            org.deeplearning4j.nn.conf.layers.Layer layer = null;
            InputPreProcessor pre = null;
            if (vc instanceof LayerVertex lv) {
                layer = lv.getLayerConf().getLayer();
                pre = lv.getPreProcessor();
            }
            nodes.add(new Node(name, layer, vc, pre, List.copyOf(conf.getVertexInputs().get(name))));
        }
        return new Network(g, null, in, nodes, conf.getNetworkOutputs());
    }

    public static Network of(MultiLayerNetwork n) {
        List<Node> nodes = new ArrayList<>();
        String previous = INPUT;
        int count = n.getLayerWiseConfigurations().getConfs().size();
        for (int i = 0; i < count; i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = n.getLayerWiseConfigurations().getConf(i).getLayer();
            String name = layer.getLayerName() == null || layer.getLayerName().isBlank() ? "layer" + i : layer.getLayerName();
            nodes.add(new Node(name, layer, null, n.getLayerWiseConfigurations().getInputPreProcess(i), List.of(previous)));
            previous = name;
        }
        return new Network(null, n, INPUT, nodes, List.of(previous));
    }

    public boolean isGraph() {
        return graph != null;
    }

    public ComputationGraph graph() {
        return graph;
    }

    public MultiLayerNetwork multiLayer() {
        return mln;
    }

    /** The network input's name in a graph ({@link #INPUT} in a MultiLayerNetwork). */
    public String inputName() {
        return input;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The output nodes; the first is the class scores. */
    public List<String> outputs() {
        return outputs;
    }

    public Node node(String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** The nodes that read a node's output. */
    public List<Node> consumers(String name) {
        return nodes.stream().filter(n -> n.inputs().contains(name)).toList();
    }

    /** A node's parameters by DL4J's key ({@code W}, {@code b}, {@code gamma}, ...); empty for a vertex. */
    public Map<String, INDArray> params(String name) {
        Layer l = runtimeLayer(name);
        return l == null ? Map.of() : l.paramTable();
    }

    private Layer runtimeLayer(String name) {
        if (graph != null) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex v = graph.getVertex(name);
            return v != null && v.hasLayer() ? v.getLayer() : null;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(name)) {
                return mln.getLayer(i);
            }
        }
        return null;
    }

    /**
     * Every node's activation for a batch, keyed by node name ({@link #inputName()} is the input itself).
     * Inference mode: batch normalisation uses its running statistics. Each layer gets a copy of its inputs:
     * DL4J's activation layers work in place at inference, which would overwrite the layer before them.
     */
    public Map<String, INDArray> feedForward(INDArray batch) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(input, batch);
        if (graph != null) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = graph.getVertices();
            for (int i : graph.topologicalSortOrder()) {
                org.deeplearning4j.nn.graph.vertex.GraphVertex v = vertices[i];
                if (v.isInputVertex()) {
                    continue;
                }
                List<String> in = graph.getConfiguration().getVertexInputs().get(v.getVertexName());
                for (int j = 0; j < in.size(); j++) {
                    v.setInput(j, out.get(in.get(j)).dup(), mgr);
                }
                out.put(v.getVertexName(), v.doForward(false, mgr));
                v.clear();
            }
            return out;
        }
        INDArray x = batch;
        for (int i = 0; i < nodes.size(); i++) {
            InputPreProcessor pre = nodes.get(i).preProcessor();
            INDArray in = x.dup();
            if (pre != null) {
                in = pre.preProcess(in, (int) in.size(0), mgr);
            }
            x = mln.getLayer(i).activate(in, false, mgr);
            mln.getLayer(i).clear();
            out.put(nodes.get(i).name(), x);
        }
        return out;
    }
}
