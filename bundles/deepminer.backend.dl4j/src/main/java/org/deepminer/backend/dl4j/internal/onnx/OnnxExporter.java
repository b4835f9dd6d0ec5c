package org.deepminer.backend.dl4j.internal.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deepminer.api.DeepMinerException;
import org.deepminer.backend.dl4j.internal.Network;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes a Deeplearning4j network as an ONNX model (opset 13) that ONNX Runtime runs with the same results.
 * The layer types the project trains are supported: convolution, batch normalisation, activations (ReLU,
 * leaky ReLU, sigmoid, tanh, softmax), max and average pooling, global pooling, dense and output layers,
 * element-wise add / subtract / product vertices, dropout (as identity at inference).
 *
 * <p>Every DL4J layer's output becomes the ONNX tensor of the same name, so layers are named alike on both
 * backends; where a layer has a built-in activation, its linear part is a tensor of its own
 * ({@code <name>_linear}, or {@code <name>_logits} before a softmax). The input keeps its channels fixed and
 * its batch, height and width dynamic, so a network trained on patches runs on whole mammograms. The first
 * network output is the class scores: a softmax output layer ends in Softmax, the form the onnx backend reads
 * its logits from.
 *
 * <p>The ONNX schema classes are ND4J's own (package {@code onnx}, with ND4J's shaded protobuf), which this
 * bundle embeds anyway: no second copy of the schema.
 */
public final class OnnxExporter {

    static final int OPSET = 13;
    static final int IR_VERSION = 7;

    private final Network net;
    private final String label;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("deepminer");
    /** DL4J node name -> the ONNX tensor holding its output. */
    private final Map<String, String> tensors = new HashMap<>();
    /** DL4J node name -> its output's rank (4 for feature maps, 2 for vectors). */
    private final Map<String, Integer> ranks = new HashMap<>();

    private OnnxExporter(Network net, String label) {
        this.net = net;
        this.label = label;
    }

    /**
     * @param net the network
     * @param label how the network is named in error messages (its file)
     * @param channels the input's channel count
     * @param metadata key-value pairs stored as the model's metadata_props (classes, mean, std, ...)
     * @return the ONNX model's bytes
     * @throws DeepMinerException naming the layer and its type when a layer cannot be exported
     */
    public static byte[] export(Network net, String label, int channels, Map<String, String> metadata) {
        return new OnnxExporter(net, label).write(channels, metadata).toByteArray();
    }

    private ModelProto write(int channels, Map<String, String> metadata) {
        String in = net.inputName();
        graph.addInput(valueInfo(in, dim("batch"), fixed(channels), dim("height"), dim("width")));
        tensors.put(in, in);
        ranks.put(in, 4);
        for (Network.Node n : net.nodes()) {
            node(n);
        }
        for (String out : net.outputs()) {
            String t = tensors.get(out);
            List<TensorShapeProto.Dimension> dims = new ArrayList<>();
            dims.add(dim("batch"));
            for (int i = 1; i < ranks.get(out); i++) {
                dims.add(TensorShapeProto.Dimension.newBuilder().build());
            }
            graph.addOutput(valueInfo(t, dims.toArray(TensorShapeProto.Dimension[]::new)));
        }
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("deepminer.backend.dl4j")
                .setProducerVersion("1").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        new LinkedHashMap<>(metadata).forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private void node(Network.Node n) {
        Layer l = n.layer();
        if (n.preProcessor() != null) {
            throw unsupported(n, "input preprocessor " + n.preProcessor().getClass().getSimpleName());
        }
        if (l == null) {
            vertex(n);
            return;
        }
        String x = input(n, 0);
        int rank = ranks.get(n.inputs().get(0));
        if (l.getClass() == ConvolutionLayer.class) {
            conv(n, (ConvolutionLayer) l, x);
            ranks.put(n.name(), 4);
        } else if (l instanceof BatchNormalization bn) {
            batchNorm(n, bn, x, rank);
            ranks.put(n.name(), rank);
        } else if (l instanceof ActivationLayer a) {
            activation(n, a.getActivationFn(), x, n.name(), rank);
            ranks.put(n.name(), rank);
        } else if (l.getClass() == SubsamplingLayer.class) {
            pool(n, (SubsamplingLayer) l, x);
            ranks.put(n.name(), 4);
        } else if (l instanceof GlobalPoolingLayer gp) {
            globalPool(n, gp, x, rank);
            ranks.put(n.name(), 2);
        } else if (l.getClass() == DenseLayer.class || l.getClass() == OutputLayer.class) {
            if (rank != 2) {
                throw unsupported(n, "a dense layer on a rank-" + rank + " input (pool or flatten first)");
            }
            dense(n, (BaseLayer) l, x);
            ranks.put(n.name(), 2);
        } else if (l instanceof DropoutLayer) {
            emit("Identity", n.name(), List.of(x), n.name());
            ranks.put(n.name(), rank);
        } else {
            throw unsupported(n, l.getClass().getSimpleName());
        }
    }

    private void vertex(Network.Node n) {
        if (!(n.vertex() instanceof ElementWiseVertex ew)) {
            throw unsupported(n, n.vertex() == null ? "a vertex" : n.vertex().getClass().getSimpleName());
        }
        String op = switch (ew.getOp()) {
            case Add -> "Add";
            case Subtract -> "Sub";
            case Product -> "Mul";
            default -> throw unsupported(n, "element-wise " + ew.getOp());
        };
        if (op.equals("Sub") && n.inputs().size() != 2) {
            throw unsupported(n, "a subtraction of " + n.inputs().size() + " inputs");
        }
        String acc = input(n, 0);
        for (int i = 1; i < n.inputs().size(); i++) {
            String out = i == n.inputs().size() - 1 ? n.name() : n.name() + "_" + i;
            emit(op, out, List.of(acc, input(n, i)), out);
            acc = out;
        }
        if (n.inputs().size() == 1) {
            emit("Identity", n.name(), List.of(acc), n.name());
        }
        tensors.put(n.name(), n.name());
        ranks.put(n.name(), ranks.get(n.inputs().get(0)));
    }

    private void conv(Network.Node n, ConvolutionLayer c, String x) {
        if (c.getCnn2dDataFormat() != null && c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw unsupported(n, "data format " + c.getCnn2dDataFormat() + " (NCHW only)");
        }
        Map<String, INDArray> p = net.params(n.name());
        String w = initializer(n.name() + ".W", p.get("W"));
        List<String> inputs = new ArrayList<>(List.of(x, w));
        if (c.hasBias() && p.containsKey("b")) {
            inputs.add(initializer(n.name() + ".b", p.get("b")));
        }
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Conv").setName(n.name())
                .addAttribute(ints("kernel_shape", c.getKernelSize()))
                .addAttribute(ints("strides", c.getStride()))
                .addAttribute(ints("dilations", c.getDilation()));
        padding(n, node, c.getConvolutionMode(), c.getPadding());
        String linear = linearName(n, c.getActivationFn());
        inputs.forEach(node::addInput);
        graph.addNode(node.addOutput(linear));
        activation(n, c.getActivationFn(), linear, n.name(), 4);
    }

    private void padding(Network.Node n, NodeProto.Builder node, ConvolutionMode mode, int[] pad) {
        ConvolutionMode m = mode == null ? ConvolutionMode.Truncate : mode;
        switch (m) {
            case Same:
                node.addAttribute(AttributeProto.newBuilder().setName("auto_pad").setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("SAME_UPPER")));
                break;
            case Truncate:
            case Strict:
                node.addAttribute(ints("pads", new int[] {pad[0], pad[1], pad[0], pad[1]}));
                break;
            default:
                throw unsupported(n, "convolution mode " + m);
        }
    }

    private void batchNorm(Network.Node n, BatchNormalization bn, String x, int rank) {
        if (bn.getCnn2DFormat() != null && bn.getCnn2DFormat() != CNN2DFormat.NCHW && rank == 4) {
            throw unsupported(n, "data format " + bn.getCnn2DFormat() + " (NCHW only)");
        }
        Map<String, INDArray> p = net.params(n.name());
        INDArray mean = p.get("mean");
        long units = mean.length();
        INDArray var;
        if (p.containsKey("var")) {
            var = p.get("var");
        } else if (p.containsKey("log10stdev")) {
            // DL4J keeps log10(sqrt(var + eps)); ONNX wants var
            var = org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(p.get("log10stdev").shape(), 10.0)
                    .castTo(p.get("log10stdev").dataType()), p.get("log10stdev").mul(2), false).sub(bn.getEps());
        } else {
            throw unsupported(n, "batch normalisation without a variance parameter " + p.keySet());
        }
        INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {units}, bn.getGamma()) : p.get("gamma");
        INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {units}, bn.getBeta()) : p.get("beta");
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("BatchNormalization").setName(n.name())
                .addInput(x)
                .addInput(initializer(n.name() + ".gamma", gamma))
                .addInput(initializer(n.name() + ".beta", beta))
                .addInput(initializer(n.name() + ".mean", mean))
                .addInput(initializer(n.name() + ".var", var))
                .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                        .setF((float) bn.getEps()))
                .addOutput(n.name());
        graph.addNode(node);
        tensors.put(n.name(), n.name());
    }

    private void pool(Network.Node n, SubsamplingLayer s, String x) {
        if (s.getCnn2dDataFormat() != null && s.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw unsupported(n, "data format " + s.getCnn2dDataFormat() + " (NCHW only)");
        }
        String op = switch (s.getPoolingType()) {
            case MAX -> "MaxPool";
            case AVG -> "AveragePool";
            default -> throw unsupported(n, s.getPoolingType() + " pooling");
        };
        int[] d = s.getDilation();
        if (d != null && (d[0] != 1 || d[1] != 1)) {
            throw unsupported(n, "dilated pooling");
        }
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(n.name()).addInput(x)
                .addAttribute(ints("kernel_shape", s.getKernelSize()))
                .addAttribute(ints("strides", s.getStride()));
        padding(n, node, s.getConvolutionMode(), s.getPadding());
        if (op.equals("AveragePool")) {
            node.addAttribute(AttributeProto.newBuilder().setName("count_include_pad").setType(AttributeProto.AttributeType.INT)
                    .setI(s.isAvgPoolIncludePadInDivisor() ? 1 : 0));
        }
        graph.addNode(node.addOutput(n.name()));
        tensors.put(n.name(), n.name());
    }

    private void globalPool(Network.Node n, GlobalPoolingLayer gp, String x, int rank) {
        if (rank != 4) {
            throw unsupported(n, "global pooling of a rank-" + rank + " input");
        }
        PoolingType type = gp.getPoolingType();
        String op = switch (type) {
            case AVG -> "GlobalAveragePool";
            case MAX -> "GlobalMaxPool";
            default -> throw unsupported(n, type + " global pooling");
        };
        if (!gp.isCollapseDimensions()) {
            throw unsupported(n, "global pooling that keeps its spatial dimensions");
        }
        String pooled = n.name() + "_pool";
        emit(op, pooled, List.of(x), n.name() + "_pool");
        NodeProto.Builder flat = NodeProto.newBuilder().setOpType("Flatten").setName(n.name()).addInput(pooled)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1))
                .addOutput(n.name());
        graph.addNode(flat);
        tensors.put(n.name(), n.name());
    }

    private void dense(Network.Node n, BaseLayer d, String x) {
        Map<String, INDArray> p = net.params(n.name());
        List<String> inputs = new ArrayList<>(List.of(x, initializer(n.name() + ".W", p.get("W"))));
        if (p.containsKey("b")) {
            inputs.add(initializer(n.name() + ".b", p.get("b")));
        }
        if (p.keySet().stream().anyMatch(k -> !k.equals("W") && !k.equals("b"))) {
            throw unsupported(n, "a dense layer with parameters " + p.keySet());
        }
        String linear = linearName(n, d.getActivationFn());
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Gemm").setName(n.name() + "_gemm");
        inputs.forEach(node::addInput);
        graph.addNode(node.addOutput(linear));
        activation(n, d.getActivationFn(), linear, n.name(), 2);
    }

    private static String linearName(Network.Node n, IActivation a) {
        if (a == null || a instanceof ActivationIdentity) {
            return n.name();
        }
        return n.name() + (a instanceof ActivationSoftmax ? "_logits" : "_linear");
    }

    /** Applies an activation to {@code x}, writing {@code out}; the identity writes nothing. */
    private void activation(Network.Node n, IActivation a, String x, String out, int rank) {
        tensors.put(n.name(), out);
        if (a == null || a instanceof ActivationIdentity) {
            if (!x.equals(out)) {
                emit("Identity", out, List.of(x), out);
            }
            return;
        }
        NodeProto.Builder node = NodeProto.newBuilder().setName(out).addInput(x).addOutput(out);
        if (a instanceof ActivationReLU r) {
            if (r.getMax() != null || (r.getThreshold() != null && r.getThreshold() != 0.0)
                    || (r.getNegativeSlope() != null && r.getNegativeSlope() != 0.0)) {
                throw unsupported(n, "a ReLU with a maximum, threshold or negative slope");
            }
            node.setOpType("Relu");
        } else if (a instanceof ActivationLReLU lr) {
            node.setOpType("LeakyRelu").addAttribute(AttributeProto.newBuilder().setName("alpha")
                    .setType(AttributeProto.AttributeType.FLOAT).setF((float) lr.getAlpha()));
        } else if (a instanceof ActivationSigmoid) {
            node.setOpType("Sigmoid");
        } else if (a instanceof ActivationTanH) {
            node.setOpType("Tanh");
        } else if (a instanceof ActivationSoftmax) {
            if (rank != 2) {
                throw unsupported(n, "softmax over a rank-" + rank + " tensor");
            }
            node.setOpType("Softmax").addAttribute(AttributeProto.newBuilder().setName("axis")
                    .setType(AttributeProto.AttributeType.INT).setI(1));
        } else {
            throw unsupported(n, "activation " + a);
        }
        graph.addNode(node);
    }

    private void emit(String op, String name, List<String> inputs, String output) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name);
        inputs.forEach(node::addInput);
        graph.addNode(node.addOutput(output));
    }

    private String input(Network.Node n, int i) {
        String t = tensors.get(n.inputs().get(i));
        if (t == null) {
            throw new DeepMinerException(label, "layer '" + n.name() + "' reads '" + n.inputs().get(i)
                    + "', which comes later or does not exist");
        }
        return t;
    }

    /** Adds a float initializer with the array's values in row-major order. */
    private String initializer(String name, INDArray values) {
        float[] data = Nd4j.toFlattened('c', values.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)).toFloatVector();
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : values.shape()) {
            t.addDims(d);
        }
        if (values.rank() == 2 && values.size(0) == 1 && name.endsWith(".b")) {
            // DL4J keeps biases as [1, n]; ONNX broadcasting wants [n]
            t.clearDims().addDims(values.size(1));
        }
        graph.addInitializer(t);
        return name;
    }

    private static AttributeProto ints(String name, int[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static TensorShapeProto.Dimension dim(String param) {
        return TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
    }

    private static TensorShapeProto.Dimension fixed(long value) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorShapeProto.Dimension... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (TensorShapeProto.Dimension d : dims) {
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private DeepMinerException unsupported(Network.Node n, String what) {
        return new DeepMinerException(label, "layer '" + n.name() + "': " + what + " is not supported by the ONNX "
                + "exporter (it writes convolution, batch normalisation, ReLU/leaky ReLU/sigmoid/tanh/softmax, max and "
                + "average pooling, global pooling, dense and output layers, element-wise add/subtract/product, dropout)");
    }
}
