package org.deepminer.backend.onnx.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.deepminer.backend.onnx.internal.proto.Onnx.NodeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.ValueInfoProto;

/**
 * Static shape inference for the operators image classifiers are made of, so that {@code deepminer:layers}
 * can show shapes without running the model. Where the model declares a shape (value_info, outputs), that
 * declaration fills the dims inference cannot tell; where neither knows, the dim is -1 (and an operator this
 * class does not know gives an unknown rank). Wrong guesses would mislead users, so every rule is exact or
 * gives up.
 */
final class ShapeInference {

    /** Operators whose output 0 has the shape and type of input 0. */
    static final Set<String> SAME_SHAPE = Set.of("Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Clip", "Elu",
            "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus", "Softsign", "Exp", "Log", "Abs", "Neg", "Sqrt",
            "Reciprocal", "Erf", "Gelu", "Mish", "Identity", "Dropout", "BatchNormalization",
            "InstanceNormalization", "LayerNormalization", "LpNormalization", "LRN", "Softmax", "LogSoftmax",
            "Hardmax", "Floor", "Ceil", "Round", "Sign", "ThresholdedRelu", "Sin", "Cos", "Shrink");

    /** Elementwise operators with numpy broadcasting. */
    static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean",
            "Where", "Mod", "BitShift");

    static final Set<String> COMPARISON = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "And", "Or", "Xor", "Not");

    static final Set<String> POOL = Set.of("MaxPool", "AveragePool", "LpPool");
    static final Set<String> GLOBAL_POOL = Set.of("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool");
    static final Set<String> REDUCE = Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd",
            "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");

    final Map<String, long[]> shapes = new HashMap<>();
    final Map<String, Integer> types = new HashMap<>();
    private final OnnxGraph g;

    ShapeInference(OnnxGraph g) {
        this.g = g;
        shapes.put(g.input, g.inputShape);
        types.put(g.input, TensorData.FLOAT);
        for (TensorProto t : g.constants.values()) {
            shapes.put(t.getName(), TensorData.dims(t));
            types.put(t.getName(), t.getDataType());
        }
        for (NodeProto n : g.nodes) {
            if (n.getOpType().equals("Constant")) {
                continue;
            }
            long[][] out;
            try {
                out = infer(n);
            } catch (RuntimeException e) {
                out = null; // a malformed node: ONNX Runtime will say what is wrong with it
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                String name = n.getOutput(i);
                if (name.isEmpty()) {
                    continue;
                }
                long[] s = out != null && i < out.length ? out[i] : null;
                shapes.put(name, merge(s, declaredShape(name)));
                types.put(name, outputType(n, i));
            }
        }
    }

    private long[] declaredShape(String name) {
        ValueInfoProto v = g.declared.get(name);
        return v == null ? null : OnnxGraph.shapeOf(v);
    }

    /** Declared dims win; inference fills what the declaration leaves symbolic. */
    static long[] merge(long[] inferred, long[] declared) {
        if (declared == null) {
            return inferred;
        }
        if (inferred == null || inferred.length != declared.length) {
            return declared;
        }
        long[] m = declared.clone();
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 0) {
                m[i] = inferred[i];
            }
        }
        return m;
    }

    private int outputType(NodeProto n, int output) {
        ValueInfoProto v = g.declared.get(n.getOutput(output));
        if (v != null && v.getType().hasTensorType() && v.getType().getTensorType().getElemType() != 0) {
            return v.getType().getTensorType().getElemType();
        }
        String op = n.getOpType();
        if (op.equals("Shape") || op.equals("Size") || op.equals("NonZero") || op.equals("ArgMax") || op.equals("ArgMin")
                || (op.equals("MaxPool") && output == 1) || (op.equals("TopK") && output == 1)) {
            return TensorData.INT64;
        }
        if (COMPARISON.contains(op) || op.equals("IsNaN") || op.equals("IsInf")) {
            return TensorProto.DataType.BOOL_VALUE;
        }
        if (op.equals("Cast")) {
            return (int) Nodes.i(n, "to", TensorData.FLOAT);
        }
        String first = Nodes.input(n, op.equals("Where") ? 1 : 0);
        return first.isEmpty() ? TensorData.FLOAT : types.getOrDefault(first, TensorData.FLOAT);
    }

    private long[] in(NodeProto n, int i) {
        String name = Nodes.input(n, i);
        return name.isEmpty() ? null : shapes.get(name);
    }

    private long[][] infer(NodeProto n) {
        String op = n.getOpType();
        long[] x = in(n, 0);
        if (SAME_SHAPE.contains(op) || op.equals("Cast")) {
            return x == null ? null : new long[][] {x, op.equals("Dropout") ? x : null};
        }
        if (BROADCAST.contains(op) || COMPARISON.contains(op)) {
            long[] s = x;
            for (int i = 1; i < n.getInputCount(); i++) {
                s = broadcast(s, in(n, i));
            }
            return new long[][] {s};
        }
        if (x == null) {
            return null;
        }
        switch (op) {
            case "Conv": {
                long[] w = in(n, 1);
                if (w == null || w.length != x.length) {
                    return null;
                }
                long[] out = spatial(n, x, kernel(n, w), false);
                out[1] = w[0];
                return new long[][] {out};
            }
            case "ConvTranspose":
                return new long[][] {convTranspose(n, x, in(n, 1))};
            case "MaxPool":
            case "AveragePool":
            case "LpPool": {
                long[] k = Nodes.ints(n, "kernel_shape");
                if (k == null) {
                    return null;
                }
                long[] out = spatial(n, x, k, Nodes.i(n, "ceil_mode", 0) == 1);
                return new long[][] {out, out};
            }
            case "GlobalAveragePool":
            case "GlobalMaxPool":
            case "GlobalLpPool": {
                long[] out = x.clone();
                for (int i = 2; i < out.length; i++) {
                    out[i] = 1;
                }
                return new long[][] {out};
            }
            case "Flatten": {
                int axis = (int) Nodes.i(n, "axis", 1);
                if (axis < 0) {
                    axis += x.length;
                }
                return new long[][] {{product(x, 0, axis), product(x, axis, x.length)}};
            }
            case "Gemm": {
                long[] b = in(n, 1);
                if (x.length != 2 || b == null || b.length != 2) {
                    return null;
                }
                long m = Nodes.i(n, "transA", 0) == 1 ? x[1] : x[0];
                long cols = Nodes.i(n, "transB", 0) == 1 ? b[0] : b[1];
                return new long[][] {{m, cols}};
            }
            case "MatMul":
                return new long[][] {matmul(x, in(n, 1))};
            case "Reshape":
                return new long[][] {reshape(n, x)};
            case "Squeeze":
                return new long[][] {squeeze(x, axes(n, 1))};
            case "Unsqueeze":
                return new long[][] {unsqueeze(x, axes(n, 1))};
            case "Transpose": {
                long[] perm = Nodes.ints(n, "perm");
                long[] out = new long[x.length];
                for (int i = 0; i < x.length; i++) {
                    out[i] = x[perm == null ? x.length - 1 - i : (int) perm[i]];
                }
                return new long[][] {out};
            }
            case "Concat": {
                int axis = (int) Nodes.i(n, "axis", 0);
                if (axis < 0) {
                    axis += x.length;
                }
                long[] out = x.clone();
                for (int i = 1; i < n.getInputCount(); i++) {
                    long[] o = in(n, i);
                    if (o == null || o.length != x.length) {
                        return null;
                    }
                    out[axis] = out[axis] < 0 || o[axis] < 0 ? -1 : out[axis] + o[axis];
                }
                return new long[][] {out};
            }
            case "Shape":
                return new long[][] {{x.length}};
            default:
                if (REDUCE.contains(op)) {
                    return new long[][] {reduce(n, x)};
                }
                return null;
        }
    }

    private static long[] kernel(NodeProto n, long[] w) {
        long[] k = Nodes.ints(n, "kernel_shape");
        return k != null ? k : Arrays.copyOfRange(w, 2, w.length);
    }

    /** Output dims of a convolution or pooling window over the spatial dims of x. */
    private static long[] spatial(NodeProto n, long[] x, long[] k, boolean ceil) {
        int d = x.length - 2;
        long[] strides = orOnes(Nodes.ints(n, "strides"), d);
        long[] dilations = orOnes(Nodes.ints(n, "dilations"), d);
        long[] pads = Nodes.ints(n, "pads");
        String autoPad = Nodes.s(n, "auto_pad", "NOTSET");
        long[] out = x.clone();
        for (int i = 0; i < d; i++) {
            long size = x[i + 2];
            if (size < 0 || i >= k.length) {
                out[i + 2] = -1;
                continue;
            }
            long extent = (k[i] - 1) * dilations[i] + 1;
            switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> out[i + 2] = (size + strides[i] - 1) / strides[i];
                case "VALID" -> out[i + 2] = (size - extent) / strides[i] + 1;
                default -> {
                    long padded = size + (pads == null ? 0 : pads[i] + pads[i + d]) - extent;
                    out[i + 2] = (ceil ? (padded + strides[i] - 1) / strides[i] : Math.floorDiv(padded, strides[i])) + 1;
                }
            }
        }
        return out;
    }

    private static long[] convTranspose(NodeProto n, long[] x, long[] w) {
        if (w == null || w.length != x.length || Nodes.ints(n, "output_shape") != null
                || !Nodes.s(n, "auto_pad", "NOTSET").equals("NOTSET")) {
            return null;
        }
        int d = x.length - 2;
        long[] k = kernel(n, w);
        long[] strides = orOnes(Nodes.ints(n, "strides"), d);
        long[] dilations = orOnes(Nodes.ints(n, "dilations"), d);
        long[] pads = Nodes.ints(n, "pads");
        long[] outPad = Nodes.ints(n, "output_padding");
        long[] out = x.clone();
        out[1] = w[1] < 0 ? -1 : w[1] * Nodes.i(n, "group", 1);
        for (int i = 0; i < d; i++) {
            out[i + 2] = x[i + 2] < 0 ? -1 : strides[i] * (x[i + 2] - 1) + (outPad == null ? 0 : outPad[i])
                    + (k[i] - 1) * dilations[i] + 1 - (pads == null ? 0 : pads[i] + pads[i + d]);
        }
        return out;
    }

    private static long[] orOnes(long[] v, int d) {
        if (v != null) {
            return v;
        }
        long[] ones = new long[d];
        Arrays.fill(ones, 1);
        return ones;
    }

    static long product(long[] x, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (x[i] < 0) {
                return -1;
            }
            p *= x[i];
        }
        return p;
    }

    static long[] broadcast(long[] a, long[] b) {
        if (a == null || b == null) {
            return null;
        }
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da == 1) {
                out[i] = db;
            } else if (db == 1) {
                out[i] = da;
            } else if (da < 0 || db < 0) {
                out[i] = da < 0 && db < 0 ? -1 : Math.max(da, db);
            } else {
                out[i] = da; // equal, or an invalid model that ONNX Runtime will refuse
            }
        }
        return out;
    }

    private static long[] matmul(long[] a, long[] b) {
        if (a == null || b == null || a.length < 1 || b.length < 1) {
            return null;
        }
        if (a.length == 1 || b.length == 1) {
            if (a.length == 1 && b.length == 1) {
                return new long[0];
            }
            // numpy rules: a 1-D operand loses the dim it was promoted with
            return a.length == 1 ? removeAt(b, b.length - 2) : Arrays.copyOf(a, a.length - 1);
        }
        long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a[a.length - 2];
        out[batch.length + 1] = b[b.length - 1];
        return out;
    }

    private static long[] removeAt(long[] x, int i) {
        long[] out = new long[x.length - 1];
        System.arraycopy(x, 0, out, 0, i);
        System.arraycopy(x, i + 1, out, i, x.length - i - 1);
        return out;
    }

    private long[] reshape(NodeProto n, long[] x) {
        long[] target = g.constantLongs(Nodes.input(n, 1));
        if (target == null) {
            return null;
        }
        boolean allowZero = Nodes.i(n, "allowzero", 0) == 1;
        long[] out = new long[target.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == 0 && !allowZero) {
                t = i < x.length ? x[i] : -1;
            } else if (t == -1) {
                inferred = i;
                out[i] = -1;
                continue;
            }
            out[i] = t;
            known = t < 0 || known < 0 ? -1 : known * t;
        }
        if (inferred >= 0) {
            long total = product(x, 0, x.length);
            out[inferred] = total < 0 || known <= 0 ? -1 : total / known;
        }
        return out;
    }

    /** Axes from the attribute (older opsets) or from the given input (newer ones); null when not known. */
    private long[] axes(NodeProto n, int input) {
        long[] a = Nodes.ints(n, "axes");
        if (a != null) {
            return a;
        }
        String name = Nodes.input(n, input);
        return name.isEmpty() ? new long[0] : g.constantLongs(name);
    }

    private static long[] squeeze(long[] x, long[] axes) {
        if (axes == null) {
            return null;
        }
        boolean[] drop = new boolean[x.length];
        if (axes.length == 0) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] < 0) {
                    return null;
                }
                drop[i] = x[i] == 1;
            }
        }
        for (long a : axes) {
            drop[(int) (a < 0 ? a + x.length : a)] = true;
        }
        return keep(x, drop);
    }

    private static long[] unsqueeze(long[] x, long[] axes) {
        if (axes == null) {
            return null;
        }
        int r = x.length + axes.length;
        boolean[] inserted = new boolean[r];
        for (long a : axes) {
            inserted[(int) (a < 0 ? a + r : a)] = true;
        }
        long[] out = new long[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = inserted[i] ? 1 : x[j++];
        }
        return out;
    }

    private long[] reduce(NodeProto n, long[] x) {
        long[] axes = axes(n, 1);
        if (axes == null) {
            return null;
        }
        boolean keep = Nodes.i(n, "keepdims", 1) == 1;
        boolean[] reduced = new boolean[x.length];
        if (axes.length == 0) {
            if (Nodes.i(n, "noop_with_empty_axes", 0) == 1) {
                return x;
            }
            Arrays.fill(reduced, true);
        }
        for (long a : axes) {
            reduced[(int) (a < 0 ? a + x.length : a)] = true;
        }
        if (keep) {
            long[] out = x.clone();
            for (int i = 0; i < x.length; i++) {
                if (reduced[i]) {
                    out[i] = 1;
                }
            }
            return out;
        }
        return keep(x, reduced);
    }

    private static long[] keep(long[] x, boolean[] drop) {
        int r = 0;
        for (boolean d : drop) {
            r += d ? 0 : 1;
        }
        long[] out = new long[r];
        for (int i = 0, j = 0; i < x.length; i++) {
            if (!drop[i]) {
                out[j++] = x[i];
            }
        }
        return out;
    }

    /** {@code [-1, 64, 56, 56]}; {@code ?} for an unknown rank. */
    static String format(long[] shape) {
        return shape == null ? "?" : Arrays.toString(shape);
    }
}
