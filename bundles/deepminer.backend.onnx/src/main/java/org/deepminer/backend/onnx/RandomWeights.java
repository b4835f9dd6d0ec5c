package org.deepminer.backend.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.backend.onnx.internal.proto.Onnx.AttributeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.GraphProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.NodeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.StringStringEntryProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;

/**
 * The control of Network Dissection: the same architecture with random weights. Writes a copy of an ONNX
 * model whose learned parameters are re-initialised as a freshly initialised network would have them:
 *
 * <ul>
 * <li>weights of {@code Conv}, {@code ConvTranspose}, {@code Gemm} and {@code MatMul} (their float32 constant
 * inputs of two or more dimensions): a seeded normal with mean 0 and the trained tensor's own standard
 * deviation, so activations keep their scale;</li>
 * <li>biases of {@code Conv}, {@code ConvTranspose} and {@code Gemm}: 0;</li>
 * <li>{@code BatchNormalization}: scale 1, bias 0, running mean 0, running variance 1 (the statistics of
 * the trained weights would not fit the random ones).</li>
 * </ul>
 *
 * Constants come from initializers or {@code Constant} nodes; everything else (graph, shapes, other
 * constants) is kept, and the model's metadata says it is a control. Each tensor's values depend only on
 * the seed and the tensor's name, so the same seed gives the same control.
 */
public final class RandomWeights {
    private RandomWeights() {}

    /**
     * What was re-initialised.
     *
     * @param weights weight tensors drawn at random
     * @param values values drawn
     * @param zeroed tensors set to 0 (biases, BatchNormalization bias and mean)
     * @param batchNorms BatchNormalization nodes reset
     */
    public record Report(int weights, long values, int zeroed, int batchNorms) {}

    /** Reads a model file, writes its random-weights control to {@code out}. */
    public static Report write(Path model, Path out, long seed) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new DeepMinerException(model.toString(), "cannot read the model file: " + e.getMessage(), e);
        }
        Result r = randomize(bytes, seed, model.toString());
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, r.bytes());
        } catch (IOException e) {
            throw new DeepMinerException(out.toString(), "cannot write the control model: " + e.getMessage(), e);
        }
        return r.report();
    }

    /**
     * The control model's bytes and what changed.
     *
     * @param bytes the control model
     * @param report what was re-initialised
     */
    public record Result(byte[] bytes, Report report) {}

    /**
     * Re-initialises a model given as bytes.
     *
     * @param label names the model in errors
     * @throws DeepMinerException when the bytes are not an ONNX model or it has no weights to re-initialise
     */
    public static Result randomize(byte[] model, long seed, String label) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new DeepMinerException(label, "not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto graph = proto.getGraph();
        Map<String, Role> roles = new HashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            switch (n.getOpType()) {
                case "Conv", "ConvTranspose", "Gemm" -> {
                    role(roles, n, 1, Role.WEIGHT);
                    role(roles, n, 2, Role.ZERO);
                }
                case "MatMul" -> {
                    role(roles, n, 0, Role.WEIGHT);
                    role(roles, n, 1, Role.WEIGHT);
                }
                case "BatchNormalization" -> {
                    role(roles, n, 1, Role.ONE);
                    role(roles, n, 2, Role.ZERO);
                    role(roles, n, 3, Role.ZERO);
                    role(roles, n, 4, Role.ONE);
                }
                default -> {
                    // other operators keep their constants
                }
            }
        }
        int[] counts = new int[3];
        long[] values = new long[1];
        Set<String> done = new HashSet<>();
        GraphProto.Builder g = graph.toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            Role role = roles.get(t.getName());
            if (role != null && done.add(t.getName())) {
                TensorProto r = reinit(t, role, seed, label, counts, values);
                if (r != null) {
                    g.setInitializer(i, r);
                }
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (!n.getOpType().equals("Constant") || n.getOutputCount() != 1) {
                continue;
            }
            Role role = roles.get(n.getOutput(0));
            if (role == null || !done.add(n.getOutput(0))) {
                continue;
            }
            NodeProto.Builder nb = n.toBuilder();
            for (int a = 0; a < nb.getAttributeCount(); a++) {
                AttributeProto at = nb.getAttribute(a);
                if (at.getName().equals("value") && at.hasT()) {
                    TensorProto r = reinit(at.getT().toBuilder().setName(n.getOutput(0)).build(), role, seed, label,
                            counts, values);
                    if (r != null) {
                        nb.setAttribute(a, at.toBuilder().setT(r.toBuilder().setName(at.getT().getName())));
                    }
                }
            }
            g.setNode(i, nb);
        }
        int batchNorms = (int) graph.getNodeList().stream().filter(n -> n.getOpType().equals("BatchNormalization")).count();
        if (counts[0] == 0) {
            throw new DeepMinerException(label, "has no float32 Conv, Gemm or MatMul weights to re-initialise");
        }
        ModelProto.Builder mb = proto.toBuilder().setGraph(g);
        mb.addMetadataProps(StringStringEntryProto.newBuilder().setKey("deepminer.control")
                .setValue("random weights (seed " + seed + ")"));
        return new Result(mb.build().toByteArray(), new Report(counts[0], values[0], counts[1], batchNorms));
    }

    private enum Role { WEIGHT, ZERO, ONE }

    private static void role(Map<String, Role> roles, NodeProto n, int input, Role role) {
        if (n.getInputCount() > input && !n.getInput(input).isEmpty()) {
            // a tensor a weight somewhere is a weight everywhere: drawing wins over constants
            roles.merge(n.getInput(input), role, (a, b) -> a == Role.WEIGHT || b == Role.WEIGHT ? Role.WEIGHT : a);
        }
    }

    /** The re-initialised tensor, or null when it is not a float32 tensor stored in the file. */
    private static TensorProto reinit(TensorProto t, Role role, long seed, String label, int[] counts, long[] values) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE
                || t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return null;
        }
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        if (role == Role.WEIGHT && t.getDimsCount() < 2) {
            return null; // a vector fed to MatMul is not a weight matrix
        }
        float[] v = new float[Math.toIntExact(n)];
        switch (role) {
            case WEIGHT -> {
                double std = std(floats(t, label), t.getName(), label);
                Random random = new Random(seed * 0x9E3779B97F4A7C15L + t.getName().hashCode());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * std);
                }
                counts[0]++;
                values[0] += v.length;
            }
            case ZERO -> counts[1]++;
            case ONE -> java.util.Arrays.fill(v, 1f);
        }
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return t.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(b.array())).build();
    }

    private static float[] floats(TensorProto t, String label) {
        int n = 1;
        for (long d : t.getDimsList()) {
            n = Math.multiplyExact(n, Math.toIntExact(d));
        }
        float[] out = new float[n];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != n * 4L) {
                throw new DeepMinerException(label, "tensor '" + t.getName() + "' has " + raw.remaining()
                        + " bytes of data for " + n + " float32 values");
            }
            raw.asFloatBuffer().get(out);
        } else if (t.getFloatDataCount() == n) {
            for (int i = 0; i < n; i++) {
                out[i] = t.getFloatData(i);
            }
        } else {
            throw new DeepMinerException(label, "tensor '" + t.getName() + "' has " + t.getFloatDataCount()
                    + " values, not " + n);
        }
        return out;
    }

    private static double std(float[] v, String name, String label) {
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / Math.max(1, v.length);
        double var = Math.max(0, sq / Math.max(1, v.length) - mean * mean);
        if (!Double.isFinite(var)) {
            throw new DeepMinerException(label, "tensor '" + name + "' holds non-finite values");
        }
        return Math.sqrt(var);
    }
}
