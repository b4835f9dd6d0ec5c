package org.deepminer.backend.onnx.internal;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.deepminer.backend.onnx.internal.proto.Onnx.AttributeProto;
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
 * Builds ONNX models for the tests with the backend's own protobuf classes: seeded random weights, one node
 * per call, the output tensor named after the node. Keeps every weight so tests can recompute the model.
 */
final class ModelBuilder {

    final Random random;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final ModelProto.Builder model = ModelProto.newBuilder();
    final Map<String, float[]> weights = new HashMap<>();
    final Map<String, long[]> weightDims = new HashMap<>();
    private int counter;
    /** Store weights as float_data instead of raw_data (both are valid ONNX). */
    boolean floatData;
    long opset = 17;

    ModelBuilder(long seed) {
        this.random = new Random(seed);
    }

    /** An image input; each dim an Integer or a String (symbolic). */
    String input(String name, Object... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    void output(String name, Object... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    void metadata(String key, String value) {
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    static ValueInfoProto valueInfo(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? TensorShapeProto.Dimension.newBuilder().setDimParam(s)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorData.FLOAT).setShape(shape))).build();
    }

    String name(String op) {
        return op.toLowerCase() + (++counter);
    }

    /** A float initializer with the given values. */
    String constant(String name, long[] dims, float[] values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorData.FLOAT);
        for (long d : dims) {
            t.addDims(d);
        }
        if (floatData) {
            for (float v : values) {
                t.addFloatData(v);
            }
        } else {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            t.setRawData(ByteString.copyFrom(b.array()));
        }
        graph.addInitializer(t);
        weights.put(name, values);
        weightDims.put(name, dims);
        return name;
    }

    String longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorData.INT64).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    float[] randomValues(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    String random(String name, double scale, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        return constant(name, dims, randomValues(n, scale));
    }

    /** A node with one output named after it; attributes as name, value pairs (Long, Float, long[], String). */
    String node(String op, String[] inputs, Object... attributes) {
        String name = name(op);
        nodeNamed(op, name, inputs, new String[] {name}, attributes);
        return name;
    }

    void nodeNamed(String op, String name, String[] inputs, String[] outputs, Object... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            n.addOutput(out);
        }
        for (int i = 0; i < attributes.length; i += 2) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName((String) attributes[i]);
            Object v = attributes[i + 1];
            if (v instanceof Long l) {
                a.setType(AttributeProto.AttributeType.INT).setI(l);
            } else if (v instanceof Float f) {
                a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            } else if (v instanceof long[] ls) {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long l : ls) {
                    a.addInts(l);
                }
            } else if (v instanceof String s) {
                a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            } else {
                throw new IllegalArgumentException("attribute " + v);
            }
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    String conv(String in, int inC, int outC, int k, int stride, int pad, boolean bias) {
        String name = name("Conv");
        String w = random(name + ".weight", Math.sqrt(2.0 / (inC * k * k)), outC, inC, k, k);
        String[] inputs = bias ? new String[] {in, w, random(name + ".bias", 0.1, outC)} : new String[] {in, w};
        nodeNamed("Conv", name, inputs, new String[] {name}, "kernel_shape", new long[] {k, k},
                "strides", new long[] {stride, stride}, "pads", new long[] {pad, pad, pad, pad});
        return name;
    }

    String relu(String in) {
        return node("Relu", new String[] {in});
    }

    String batchNorm(String in, int c) {
        String name = name("BatchNormalization");
        float[] scale = randomValues(c, 0.3);
        float[] var = randomValues(c, 0.2);
        for (int i = 0; i < c; i++) {
            scale[i] += 1f; // around 1 and a positive variance, as in trained networks
            var[i] = 0.5f + Math.abs(var[i]);
        }
        String[] inputs = {in, constant(name + ".scale", new long[] {c}, scale), random(name + ".b", 0.1, c),
                random(name + ".mean", 0.1, c), constant(name + ".var", new long[] {c}, var)};
        nodeNamed("BatchNormalization", name, inputs, new String[] {name}, "epsilon", 1e-5f);
        return name;
    }

    String add(String a, String b) {
        return node("Add", new String[] {a, b});
    }

    String globalAveragePool(String in) {
        return node("GlobalAveragePool", new String[] {in});
    }

    String maxPool(String in, int k, int stride, int pad) {
        return node("MaxPool", new String[] {in}, "kernel_shape", new long[] {k, k}, "strides", new long[] {stride, stride},
                "pads", new long[] {pad, pad, pad, pad});
    }

    String flatten(String in) {
        return node("Flatten", new String[] {in}, "axis", 1L);
    }

    /** Gemm with weights stored [classes, units] (transB = 1) or [units, classes] (transB = 0). */
    String gemm(String in, int units, int classes, boolean transB, float alpha, float beta) {
        String name = name("Gemm");
        String w = transB ? random(name + ".weight", 0.3, classes, units) : random(name + ".weight", 0.3, units, classes);
        String b = random(name + ".bias", 0.3, classes);
        nodeNamed("Gemm", name, new String[] {in, w, b}, new String[] {name}, "transB", transB ? 1L : 0L, "alpha", alpha,
                "beta", beta);
        return name;
    }

    String softmax(String in) {
        return node("Softmax", new String[] {in}, "axis", 1L);
    }

    ModelProto build() {
        return model.clone().setIrVersion(8).setProducerName("deepminer-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    byte[] bytes() {
        return build().toByteArray();
    }

    Path write(Path dir, String fileName) throws IOException {
        Path p = dir.resolve(fileName);
        Files.write(p, bytes());
        return p;
    }

    float[] w(String name) {
        return weights.get(name);
    }

    // ---- the models of the tests ----

    /** (a) Conv-Relu-Conv-Relu-GAP-Flatten-Gemm(transB=1): the head starts at the second Relu. */
    static Built smallCnn(long seed, int channels, int size, int classes) {
        ModelBuilder m = new ModelBuilder(seed);
        String x = m.input("image", 1, channels, size, size);
        String c1 = m.conv(x, channels, 8, 3, 1, 1, true);
        String r1 = m.relu(c1);
        String c2 = m.conv(r1, 8, 16, 3, 2, 1, true);
        String r2 = m.relu(c2);
        String gap = m.globalAveragePool(r2);
        String flat = m.flatten(gap);
        String fc = m.gemm(flat, 16, classes, true, 1f, 1f);
        m.output(fc, 1, classes);
        return new Built(m, r2, fc);
    }

    /** (b) Conv-Relu, then a 1x1 Conv to the classes, GAP, Flatten. */
    static Built convHead(long seed, int classes) {
        ModelBuilder m = new ModelBuilder(seed);
        String x = m.input("image", 1, 3, 24, 24);
        String r1 = m.relu(m.conv(x, 3, 8, 3, 1, 1, true));
        String r2 = m.relu(m.conv(r1, 8, 12, 3, 2, 1, true));
        String scores = m.conv(r2, 12, classes, 1, 1, 0, true);
        String out = m.flatten(m.globalAveragePool(scores));
        m.output(out, 1, classes);
        return new Built(m, r2, out);
    }

    /** (c) Two residual blocks with BatchNormalization: the head starts at the last Relu. */
    static Built residual(long seed, int classes) {
        ModelBuilder m = new ModelBuilder(seed);
        String x = m.input("image", 1, 3, 20, 20);
        String stem = m.relu(m.batchNorm(m.conv(x, 3, 8, 3, 1, 1, false), 8));
        String t = stem;
        for (int block = 0; block < 2; block++) {
            String a = m.relu(m.batchNorm(m.conv(t, 8, 8, 3, 1, 1, false), 8));
            String bn = m.batchNorm(m.conv(a, 8, 8, 3, 1, 1, false), 8);
            t = m.relu(m.add(bn, t));
        }
        String fc = m.gemm(m.flatten(m.globalAveragePool(t)), 8, classes, true, 1f, 1f);
        m.output(fc, 1, classes);
        return new Built(m, t, fc);
    }

    /** (d) Symbolic batch, height and width. */
    static Built dynamic(long seed, int classes) {
        ModelBuilder m = new ModelBuilder(seed);
        String x = m.input("image", "batch", 3, "height", "width");
        String r1 = m.relu(m.conv(x, 3, 6, 3, 2, 1, true));
        String p = m.maxPool(r1, 3, 2, 1);
        String r2 = m.relu(m.conv(p, 6, 10, 3, 1, 1, true));
        String fc = m.gemm(m.flatten(m.globalAveragePool(r2)), 10, classes, true, 1f, 1f);
        m.output(fc, "batch", classes);
        return new Built(m, r2, fc);
    }

    /** (e) GAP, Reshape to [-1, units], MatMul with [units, classes], Add of the bias. */
    static Built matMulHead(long seed, int classes) {
        ModelBuilder m = new ModelBuilder(seed);
        String x = m.input("image", "n", 1, 16, 16);
        String r = m.relu(m.conv(x, 1, 6, 3, 1, 1, true));
        String flat = m.node("Reshape", new String[] {m.globalAveragePool(r), m.longs("to2d", -1, 6)});
        String mm = m.node("MatMul", new String[] {flat, m.random("fc.w", 0.3, 6, classes)});
        String out = m.node("Add", new String[] {m.random("fc.b", 0.3, classes), mm});
        m.output(out, "n", classes);
        return new Built(m, r, out);
    }

    /** (f) ReduceMean over (2, 3): keepdims 1 + Flatten (axes attribute, opset 13), or keepdims 0 (axes input, opset 18). */
    static Built reduceMeanHead(long seed, int classes, boolean keepDims) {
        ModelBuilder m = new ModelBuilder(seed);
        m.opset = keepDims ? 13 : 18;
        String x = m.input("image", "n", 3, 12, 12);
        String r = m.relu(m.conv(x, 3, 5, 3, 1, 1, true));
        String pooled = keepDims ? m.flatten(m.node("ReduceMean", new String[] {r}, "axes", new long[] {2, 3}, "keepdims", 1L))
                : m.node("ReduceMean", new String[] {r, m.longs("axes", -1, -2)}, "keepdims", 0L);
        String fc = m.gemm(pooled, 5, classes, false, 0.5f, 2f);
        m.output(fc, "n", classes);
        return new Built(m, r, fc);
    }

    /**
     * ResNet-18 for 3 classes: 7x7 stem, max pooling, 4 stages of 2 basic residual blocks (64, 128, 256, 512
     * channels, BatchNormalization), global average pooling, Gemm. About 11 million random weights.
     */
    static Built resNet18(long seed, Object height, Object width, int classes) {
        ModelBuilder m = new ModelBuilder(seed);
        String x = m.input("image", "batch", 3, height, width);
        String t = m.maxPool(m.relu(m.batchNorm(m.conv(x, 3, 64, 7, 2, 3, false), 64)), 3, 2, 1);
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int out = 64 << stage;
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String a = m.relu(m.batchNorm(m.conv(t, in, out, 3, stride, 1, false), out));
                String b = m.batchNorm(m.conv(a, out, out, 3, 1, 1, false), out);
                String shortcut = stride == 1 && in == out ? t : m.batchNorm(m.conv(t, in, out, 1, stride, 0, false), out);
                t = m.relu(m.add(b, shortcut));
                in = out;
            }
        }
        String fc = m.gemm(m.flatten(m.globalAveragePool(t)), 512, classes, true, 1f, 1f);
        m.output(fc, "batch", classes);
        return new Built(m, t, fc);
    }

    /** A model and the names a test needs. */
    record Built(ModelBuilder builder, String headLayer, String logits) {}
}
