package org.deepminer.backend.onnx.internal;

import java.util.List;
import java.util.Optional;
import org.deepminer.backend.onnx.internal.proto.Onnx.AttributeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.NodeProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.TensorProto;

/** Reading node attributes with ONNX's defaults. */
final class Nodes {
    private Nodes() {}

    static Optional<AttributeProto> attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static long i(NodeProto node, String name, long defaultValue) {
        return attribute(node, name).map(AttributeProto::getI).orElse(defaultValue);
    }

    static float f(NodeProto node, String name, float defaultValue) {
        return attribute(node, name).map(AttributeProto::getF).orElse(defaultValue);
    }

    static String s(NodeProto node, String name, String defaultValue) {
        return attribute(node, name).map(a -> a.getS().toStringUtf8()).orElse(defaultValue);
    }

    /** An INTS attribute, or null when absent. */
    static long[] ints(NodeProto node, String name) {
        return attribute(node, name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(null);
    }

    static Optional<TensorProto> tensor(NodeProto node, String name) {
        return attribute(node, name).filter(AttributeProto::hasT).map(AttributeProto::getT);
    }

    /** The node's i-th input, or empty when it has fewer inputs or the input is left out ({@code ""}). */
    static String input(NodeProto node, int i) {
        return i < node.getInputCount() ? node.getInput(i) : "";
    }

    /** How a node is called in messages: its op type and its name, or its first output when unnamed. */
    static String describe(NodeProto node) {
        String name = node.getName().isEmpty() ? (node.getOutputCount() > 0 ? "-> " + node.getOutput(0) : "?")
                : node.getName();
        return node.getOpType() + " '" + name + "'";
    }

    static List<String> outputs(NodeProto node) {
        return node.getOutputList();
    }
}
