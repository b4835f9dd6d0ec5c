package org.deepminer.backend.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.backend.onnx.internal.proto.Onnx.NodeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;

/**
 * Finds the global-average-pooling + linear head after a layer, the structure DeepMiner's unit ranking and
 * the CAM identity {@code logit_c = sum_k w[c][k] mean_xy A_k + b_c} rest on. Accepted, from the chosen
 * tensor A to the class scores, with nothing else on the way:
 * <ul>
 * <li>pooling: GlobalAveragePool, ReduceMean over axes (2, 3) (keepdims either way, axes as attribute or
 * input), or AveragePool whose window covers the whole (fixed) map;</li>
 * <li>then any of Flatten, Reshape, Squeeze, Identity, Dropout;</li>
 * <li>then Gemm (transA = 0; transB 0 or 1; alpha, beta honoured; bias optional) or MatMul with an optional
 * Add of a constant bias;</li>
 * <li>or instead a 1x1 Conv (group 1, stride 1, no padding) followed by the pooling.</li>
 * </ul>
 * The chosen layer must be the tensor that enters the pooling (or the 1x1 conv): the head's weights apply
 * to exactly that tensor. When anything else follows it (a Relu, BatchNormalization, a residual Add, ...),
 * the identity does not hold for it, and the error names the tensor to choose instead.
 */
final class HeadFinder {

    static final Set<String> RESHAPING = Set.of("Flatten", "Reshape", "Squeeze", "Identity", "Dropout");

    /** Where the head's numbers are: which constants, in which layout, scaled how. */
    record Plan(String layer, String weights, boolean unitsByClasses, float alpha, String bias, float beta,
            int classes, int units, String via) {}

    private final OnnxGraph g;
    private final Set<String> toLogits;
    private List<String> headLayers;

    HeadFinder(OnnxGraph g) {
        this.g = g;
        this.toLogits = g.ancestors(g.logits);
    }

    /** The layers that have a head, in graph order. */
    synchronized List<String> headLayers() {
        if (headLayers == null) {
            List<String> found = new ArrayList<>();
            for (String layer : g.layerNames()) {
                if (tryPlan(layer).isPresent()) {
                    found.add(layer);
                }
            }
            headLayers = List.copyOf(found);
        }
        return headLayers;
    }

    Optional<Plan> tryPlan(String layer) {
        try {
            return Optional.of(find(layer));
        } catch (NoHead e) {
            return Optional.empty();
        }
    }

    /**
     * @throws DeepMinerException saying what follows the layer instead, and which layer to choose
     */
    Plan plan(String layer) {
        try {
            return find(layer);
        } catch (NoHead e) {
            throw explain(layer, e.getMessage());
        }
    }

    private Plan find(String layer) {
        if (layer.equals(g.logits)) {
            throw noHead(layer, "it is the class scores themselves");
        }
        if (!toLogits.contains(layer)) {
            throw noHead(layer, "the class scores '" + g.logits + "' do not depend on it");
        }
        NodeProto next = onlyConsumer(layer);
        if (isPooling(next, layer)) {
            String pooled = skipReshaping(next.getOutput(0));
            return linear(layer, pooled, Nodes.describe(next));
        }
        if (next.getOpType().equals("Conv") && Nodes.input(next, 0).equals(layer)) {
            return convHead(layer, next);
        }
        throw noHead(layer, "it goes on to " + Nodes.describe(next));
    }

    private NodeProto onlyConsumer(String tensor) {
        List<NodeProto> next = g.consumersOf(tensor).stream()
                .filter(n -> n.getOutputList().stream().anyMatch(toLogits::contains)).distinct().toList();
        if (next.size() != 1) {
            throw noHead(tensor, "it feeds " + next.size() + " nodes on the way to the class scores ("
                    + next.stream().map(Nodes::describe).collect(Collectors.joining(", ")) + ")");
        }
        return next.get(0);
    }

    private boolean isPooling(NodeProto n, String layer) {
        if (!Nodes.input(n, 0).equals(layer)) {
            return false;
        }
        long[] shape = g.shape(layer);
        switch (n.getOpType()) {
            case "GlobalAveragePool":
                return true;
            case "ReduceMean": {
                long[] axes = Nodes.ints(n, "axes");
                if (axes == null) {
                    axes = g.constantLongs(Nodes.input(n, 1));
                }
                if (axes == null || axes.length != 2) {
                    return false;
                }
                int rank = shape == null ? 4 : shape.length;
                long[] norm = Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
                return rank == 4 && norm[0] == 2 && norm[1] == 3;
            }
            case "AveragePool": {
                long[] k = Nodes.ints(n, "kernel_shape");
                long[] pads = Nodes.ints(n, "pads");
                return shape != null && shape.length == 4 && k != null && k.length == 2 && k[0] == shape[2]
                        && k[1] == shape[3] && (pads == null || Arrays.stream(pads).allMatch(p -> p == 0))
                        && Nodes.s(n, "auto_pad", "NOTSET").equals("NOTSET");
            }
            default:
                return false;
        }
    }

    /** Follows shape-only ops (Flatten, Reshape, ...) on the way to the class scores. */
    private String skipReshaping(String tensor) {
        String t = tensor;
        while (!t.equals(g.logits)) {
            List<NodeProto> next = g.consumersOf(t).stream()
                    .filter(n -> n.getOutputList().stream().anyMatch(toLogits::contains)).toList();
            if (next.size() != 1 || !RESHAPING.contains(next.get(0).getOpType()) || !Nodes.input(next.get(0), 0).equals(t)) {
                break;
            }
            t = next.get(0).getOutput(0);
        }
        return t;
    }

    private Plan linear(String layer, String pooled, String pooling) {
        if (pooled.equals(g.logits)) {
            throw noHead(layer, "after " + pooling + " comes no linear layer: the pooled values are the class scores");
        }
        NodeProto n = onlyConsumer(pooled);
        String via = pooling + " + " + Nodes.describe(n);
        switch (n.getOpType()) {
            case "Gemm": {
                if (!Nodes.input(n, 0).equals(pooled) || Nodes.i(n, "transA", 0) != 0) {
                    throw noHead(layer, via + " takes the pooled values transposed or as its second input");
                }
                String w = constant(layer, n, 1);
                String c = Nodes.input(n, 2);
                if (!c.isEmpty()) {
                    constant(layer, n, 2);
                }
                end(layer, n.getOutput(0), via);
                boolean transB = Nodes.i(n, "transB", 0) == 1;
                long[] wd = matrix(layer, w, via);
                int classes = (int) (transB ? wd[0] : wd[1]);
                int units = (int) (transB ? wd[1] : wd[0]);
                return checked(new Plan(layer, w, !transB, Nodes.f(n, "alpha", 1f), c, Nodes.f(n, "beta", 1f), classes,
                        units, via));
            }
            case "MatMul": {
                if (!Nodes.input(n, 0).equals(pooled)) {
                    throw noHead(layer, via + " takes the pooled values as its second input");
                }
                String w = constant(layer, n, 1);
                long[] wd = matrix(layer, w, via);
                String out = n.getOutput(0);
                String bias = "";
                if (!out.equals(g.logits)) {
                    NodeProto add = onlyConsumer(out);
                    if (add.getOpType().equals("Add")) {
                        int other = Nodes.input(add, 0).equals(out) ? 1 : 0;
                        bias = constant(layer, add, other);
                        via += " + " + Nodes.describe(add);
                        out = add.getOutput(0);
                    }
                }
                end(layer, out, via);
                return checked(new Plan(layer, w, true, 1f, bias, 1f, (int) wd[1], (int) wd[0], via));
            }
            default:
                throw noHead(layer, "after " + pooling + " comes " + Nodes.describe(n)
                        + "; DeepMiner reads a Gemm, or a MatMul with an optional Add, there");
        }
    }

    private Plan convHead(String layer, NodeProto conv) {
        String w = constant(layer, conv, 1);
        long[] wd = g.shape(w);
        long[] strides = Nodes.ints(conv, "strides");
        long[] pads = Nodes.ints(conv, "pads");
        long[] dilations = Nodes.ints(conv, "dilations");
        boolean oneByOne = wd != null && wd.length == 4 && wd[2] == 1 && wd[3] == 1 && Nodes.i(conv, "group", 1) == 1
                && (strides == null || Arrays.stream(strides).allMatch(s -> s == 1))
                && (pads == null || Arrays.stream(pads).allMatch(p -> p == 0))
                && (dilations == null || Arrays.stream(dilations).allMatch(d -> d == 1))
                && Set.of("NOTSET", "VALID").contains(Nodes.s(conv, "auto_pad", "NOTSET"));
        if (!oneByOne) {
            throw noHead(layer, "it goes on to " + Nodes.describe(conv) + ", which is not a 1x1 classifier convolution");
        }
        String bias = Nodes.input(conv, 2);
        if (!bias.isEmpty()) {
            constant(layer, conv, 2);
        }
        String scores = skipReshaping(conv.getOutput(0));
        NodeProto pool = onlyConsumer(scores);
        if (!isPooling(pool, scores)) {
            throw noHead(layer, "after the 1x1 " + Nodes.describe(conv) + " comes " + Nodes.describe(pool)
                    + ", not a global average pooling");
        }
        String via = Nodes.describe(conv) + " + " + Nodes.describe(pool);
        end(layer, skipReshaping(pool.getOutput(0)), via);
        return checked(new Plan(layer, w, false, 1f, bias, 1f, (int) wd[0], (int) wd[1], via));
    }

    private void end(String layer, String tensor, String via) {
        String t = skipReshaping(tensor);
        if (!t.equals(g.logits)) {
            throw noHead(layer, "after " + via + " comes " + g.consumersOf(t).stream()
                    .filter(n -> n.getOutputList().stream().anyMatch(toLogits::contains)).map(Nodes::describe)
                    .collect(Collectors.joining(", ")) + " before the class scores '" + g.logits + "'");
        }
    }

    private String constant(String layer, NodeProto n, int input) {
        String name = Nodes.input(n, input);
        if (name.isEmpty() || !g.isConstant(name)) {
            throw noHead(layer, "input " + input + " of " + Nodes.describe(n) + " ('" + name
                    + "') is computed, not a constant weight tensor");
        }
        return name;
    }

    private long[] matrix(String layer, String w, String via) {
        long[] d = g.shape(w);
        if (d == null || d.length != 2) {
            throw noHead(layer, "the weights '" + w + "' of " + via + " have shape " + ShapeInference.format(d)
                    + ", not [units, classes]");
        }
        return d;
    }

    private Plan checked(Plan p) {
        long[] shape = g.shape(p.layer());
        if (shape != null && shape.length >= 2 && shape[1] > 0 && shape[1] != p.units()) {
            throw noHead(p.layer(), "the head's weights take " + p.units() + " units but the layer has " + shape[1]
                    + " channels");
        }
        long[] scores = g.shape(g.logits);
        if (scores != null && scores.length >= 2 && scores[1] > 0 && scores[1] != p.classes()) {
            throw noHead(p.layer(), "the head's weights score " + p.classes() + " classes but the model has "
                    + scores[1]);
        }
        return p;
    }

    /** Why a layer has no head; cheap, since the search for head layers throws it for most tensors. */
    private static final class NoHead extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoHead(String why) {
            super(why, null, false, false);
        }
    }

    private static NoHead noHead(String layer, String why) {
        return new NoHead(why);
    }

    private DeepMinerException explain(String layer, String why) {
        String message = "no global-average-pooling + linear head directly after layer '" + layer + "': " + why;
        List<String> heads = headLayers();
        // the nearest head layer after the chosen one (it was chosen too early), else the nearest before it
        Optional<String> better = heads.stream().filter(h -> !h.equals(layer) && g.ancestors(h).contains(layer))
                .findFirst();
        if (better.isEmpty()) {
            better = heads.stream().filter(h -> !h.equals(layer) && g.ancestors(layer).contains(h)).reduce((a, b) -> b);
        }
        if (better.isPresent()) {
            message += ". The head starts at tensor '" + better.get() + "': choose layer '" + better.get() + "' instead";
        } else if (!heads.isEmpty()) {
            message += ". Layers with a head: " + String.join(", ", heads);
        } else {
            message += ". This model has no such head that DeepMiner can read";
        }
        return new DeepMinerException(g.file, message);
    }

    /** The head's numbers, read from the constants the plan names (full data, from the file). */
    static ClassifierHead extract(Plan p, Map<String, TensorProto> constants, String file) {
        float[] w = TensorData.floats(constants.get(p.weights()), file);
        int classes = p.classes();
        int units = p.units();
        float[] weights = new float[classes * units];
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < units; k++) {
                float v = p.unitsByClasses() ? w[k * classes + c] : w[c * units + k];
                weights[c * units + k] = v * p.alpha();
            }
        }
        float[] bias = new float[classes];
        if (!p.bias().isEmpty()) {
            float[] b = TensorData.floats(constants.get(p.bias()), file);
            if (b.length != classes && b.length != 1) {
                throw new DeepMinerException(file, "the bias '" + p.bias() + "' of the head after layer '" + p.layer()
                        + "' has " + b.length + " values for " + classes + " classes");
            }
            for (int c = 0; c < classes; c++) {
                bias[c] = (b.length == 1 ? b[0] : b[c]) * p.beta();
            }
        }
        return new ClassifierHead(p.layer(), classes, units, weights, bias);
    }

    /** The constants a plan reads. */
    static Set<String> constantsOf(Plan p) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        names.put(p.weights(), true);
        if (!p.bias().isEmpty()) {
            names.put(p.bias(), true);
        }
        return names.keySet();
    }
}
