package org.deepminer.backend.onnx.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.backend.onnx.internal.proto.Onnx.GraphProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.NodeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.OperatorSetIdProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.StringStringEntryProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorShapeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TypeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.ValueInfoProto;

/**
 * What the backend knows of a model's graph without running it: nodes and who produces and consumes each
 * tensor, the constants, the image input, the class-score tensor, and every tensor's shape where it can be
 * told. Large initializer data is not kept: the weights live in ONNX Runtime, and the few the head needs are
 * read again from the file.
 */
final class OnnxGraph {

    /** Constants with at most this many values keep their data (shapes, axes); larger ones only dims and type. */
    static final int SMALL_CONSTANT = 1024;

    static final Set<String> SOFTMAX = Set.of("Softmax", "LogSoftmax");

    final String file;
    final List<NodeProto> nodes;
    final Map<String, Integer> producer = new HashMap<>();
    final Map<String, List<Integer>> consumers = new HashMap<>();
    /** Initializers and Constant-node outputs: dims, type and (small ones) data. */
    final Map<String, TensorProto> constants = new HashMap<>();
    final Map<String, ValueInfoProto> declared = new HashMap<>();
    final List<String> graphOutputs;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final long opset;

    final String input;
    /** The input's dims; -1 where dynamic. */
    final long[] inputShape;
    /** The class scores before any softmax. */
    final String logits;
    /** The graph's own softmax output when it ends in Softmax, else empty. */
    final Optional<String> probabilities;

    /** Inferred or declared shapes (null = unknown rank, -1 = unknown dim) and element types. */
    final Map<String, long[]> shapes;
    final Map<String, Integer> types;

    private OnnxGraph(String file, ModelProto model) {
        this.file = file;
        GraphProto g = model.getGraph();
        long defaultOpset = 0;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                defaultOpset = o.getVersion();
            }
        }
        this.opset = defaultOpset;
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw new DeepMinerException(file, "initializer '" + t.getName() + "' keeps its values in an external "
                        + "data file; save the model with its weights inside the .onnx file (at most 2 GB)");
            }
            constants.put(t.getName(), slim(t));
        }
        this.nodes = List.copyOf(g.getNodeList());
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
                }
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    producer.put(out, i);
                }
            }
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                Nodes.tensor(n, "value").ifPresent(t -> constants.put(n.getOutput(0), slim(t.toBuilder().setName(n.getOutput(0)).build())));
            }
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            declared.put(v.getName(), v);
        }
        for (ValueInfoProto v : g.getOutputList()) {
            declared.put(v.getName(), v);
        }
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            declared.put(v.getName(), v);
            if (!constants.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.isEmpty()) {
            throw new DeepMinerException(file, "the graph has no input");
        }
        if (inputs.size() > 1) {
            throw new DeepMinerException(file, "the graph has " + inputs.size() + " inputs ("
                    + inputs.stream().map(ValueInfoProto::getName).collect(Collectors.joining(", "))
                    + "); DeepMiner runs image classifiers with one image input");
        }
        ValueInfoProto in = inputs.get(0);
        this.input = in.getName();
        TypeProto.Tensor tt = in.getType().getTensorType();
        if (in.getType().hasTensorType() && tt.getElemType() != TensorData.FLOAT) {
            throw new DeepMinerException(file, "input '" + input + "' takes " + TensorData.typeName(tt.getElemType())
                    + " values; DeepMiner feeds float32 images");
        }
        long[] shape = shapeOf(in);
        if (shape == null) {
            shape = new long[] {-1, -1, -1, -1};
        }
        if (shape.length != 4) {
            throw new DeepMinerException(file, "input '" + input + "' has shape " + ShapeInference.format(shape)
                    + "; DeepMiner runs image classifiers with an NCHW input [batch, channels, height, width]");
        }
        this.inputShape = shape;

        if (g.getOutputCount() == 0) {
            throw new DeepMinerException(file, "the graph has no output");
        }
        this.graphOutputs = g.getOutputList().stream().map(ValueInfoProto::getName).toList();
        String out = graphOutputs.get(0);
        Integer p = producer.get(out);
        if (p != null && SOFTMAX.contains(nodes.get(p).getOpType()) && !Nodes.input(nodes.get(p), 0).isEmpty()) {
            // The graph ends in a softmax: its input is the logit vector the head produces, and the scores
            // reported as logits are those (not log-probabilities), so the CAM identity holds for them.
            this.logits = nodes.get(p).getInput(0);
            this.probabilities = nodes.get(p).getOpType().equals("Softmax") ? Optional.of(out) : Optional.empty();
        } else {
            this.logits = out;
            this.probabilities = Optional.empty();
        }
        for (String name : graphOutputs) {
            if (!producer.containsKey(name) && !constants.containsKey(name) && !name.equals(input)) {
                throw new DeepMinerException(file, "graph output '" + name + "' is produced by no node");
            }
        }
        ShapeInference inference = new ShapeInference(this);
        this.shapes = inference.shapes;
        this.types = inference.types;
    }

    static OnnxGraph of(String file, ModelProto model) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new DeepMinerException(file, "not an ONNX model: no graph (is it truncated, or another kind of file?)");
        }
        return new OnnxGraph(file, model);
    }

    private static TensorProto slim(TensorProto t) {
        if (TensorData.elements(t) <= SMALL_CONSTANT) {
            return t;
        }
        return t.toBuilder().clearRawData().clearFloatData().clearInt32Data().clearInt64Data().clearDoubleData()
                .clearUint64Data().clearStringData().build();
    }

    /** A declared shape with -1 for symbolic dims, or null when the rank is unknown. */
    static long[] shapeOf(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return null;
        }
        TensorShapeProto s = v.getType().getTensorType().getShape();
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            dims[i] = d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1;
        }
        return dims;
    }

    NodeProto node(int index) {
        return nodes.get(index);
    }

    Optional<NodeProto> producerOf(String tensor) {
        Integer i = producer.get(tensor);
        return i == null ? Optional.empty() : Optional.of(nodes.get(i));
    }

    List<NodeProto> consumersOf(String tensor) {
        return consumers.getOrDefault(tensor, List.of()).stream().map(nodes::get).toList();
    }

    boolean isConstant(String tensor) {
        return constants.containsKey(tensor);
    }

    /** True when the tensor is a node output (a layer), not an input or a constant. */
    boolean isLayer(String tensor) {
        return producer.containsKey(tensor) && !constants.containsKey(tensor);
    }

    /** Small integer constants (shapes, axes); null when not a constant or not small. */
    long[] constantLongs(String tensor) {
        TensorProto t = constants.get(tensor);
        return t == null ? null : TensorData.longs(t);
    }

    long[] shape(String tensor) {
        return shapes.get(tensor);
    }

    /** Every tensor the given one is computed from (itself included). */
    Set<String> ancestors(String tensor) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(tensor));
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            Integer p = producer.get(t);
            if (p != null) {
                for (String in : nodes.get(p).getInputList()) {
                    if (!in.isEmpty()) {
                        todo.push(in);
                    }
                }
            }
        }
        return seen;
    }

    /** The probe-able tensors: float outputs of every node but constants, in graph order. */
    List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Constant")) {
                continue;
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && types.getOrDefault(out, TensorData.FLOAT) == TensorData.FLOAT) {
                    names.add(out);
                }
            }
        }
        return Collections.unmodifiableList(names);
    }

    String opOf(String tensor) {
        return producerOf(tensor).map(NodeProto::getOpType).orElse(constants.containsKey(tensor) ? "Constant" : "Input");
    }
}
