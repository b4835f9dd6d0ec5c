package org.deepminer.backend.onnx.internal;

import ai.onnxruntime.OrtException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepminer.api.DeepMinerException;

/** ONNX Runtime's errors in the user's words, naming the model file. */
final class OrtErrors {
    private OrtErrors() {}

    private static final Pattern NO_OP = Pattern.compile("No Op registered for (\\S+) with domain_version of (\\d+)");
    private static final Pattern NODE = Pattern.compile("In Node, \\(\"([^\"]*)\", (\\S+?), \"([^\"]*)\"");
    private static final Pattern NOT_REGISTERED = Pattern.compile("([\\w.]*):(\\w+)\\((-?\\d+)\\) is not a registered function/op");
    private static final Pattern NO_KERNEL = Pattern.compile(
            "Could not find an implementation for (\\S+)\\((\\d+)\\) node with name '([^']*)'");
    private static final Pattern PREFIX = Pattern.compile("^Error code - \\S+ - message: ");

    /** The message ONNX Runtime gives, without its error-code prefix. */
    static String message(OrtException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return PREFIX.matcher(m).replaceFirst("").strip();
    }

    static DeepMinerException loading(String file, OrtException e) {
        String m = message(e);
        Matcher noOp = NO_OP.matcher(m);
        if (noOp.find()) {
            Matcher node = NODE.matcher(m);
            String where = node.find() ? " (node '" + node.group(1) + "')" : "";
            return new DeepMinerException(file, "unsupported operator " + noOp.group(1) + where + " at opset "
                    + noOp.group(2) + ": ONNX Runtime " + ortVersion() + " has no such operator", e);
        }
        Matcher custom = NOT_REGISTERED.matcher(m);
        if (custom.find()) {
            String domain = custom.group(1).isEmpty() ? "ai.onnx" : custom.group(1);
            return new DeepMinerException(file, "unsupported operator " + custom.group(2) + " of domain " + domain
                    + ": ONNX Runtime " + ortVersion() + " has no such operator", e);
        }
        Matcher kernel = NO_KERNEL.matcher(m);
        if (kernel.find()) {
            return new DeepMinerException(file, "unsupported operator " + kernel.group(1) + " (version "
                    + kernel.group(2) + ", node '" + kernel.group(3) + "'): ONNX Runtime " + ortVersion()
                    + " has no implementation for it with these input types", e);
        }
        if (m.contains("Protobuf parsing failed")) {
            return new DeepMinerException(file, "not a valid ONNX model: ONNX Runtime cannot parse it", e);
        }
        return new DeepMinerException(file, "ONNX Runtime cannot load the model: " + m, e);
    }

    static DeepMinerException running(String file, String what, OrtException e) {
        return new DeepMinerException(file, "ONNX Runtime failed on " + what + ": " + message(e), e);
    }

    static String ortVersion() {
        try {
            return OrtRuntime.environment().getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }
}
