package org.deepminer.backend.onnx.internal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.ModelCapability;
import org.deepminer.api.model.ModelSource;

/**
 * What a model bundle's {@code deepminer.model} capability or a deploy/ sidecar ({@code <name>.onnx.json})
 * declares about a model: the attributes of {@link ModelCapability}, checked. Everything but the name is
 * optional; what is left out the backend reads from the model.
 *
 * @param name the model's name
 * @param backend the backend, e.g. {@code onnx}
 * @param file the model file: inside the bundle, or (sidecar) the file beside it
 * @param layer the layer to probe by default
 * @param classes class names in score order
 * @param channels 1 or 3
 * @param height input height
 * @param width input width
 * @param mean one value or one per channel
 * @param std one value or one per channel
 */
public record ModelDeclaration(String name, Optional<String> backend, Optional<String> file, Optional<String> layer,
        List<String> classes, OptionalInt channels, OptionalInt height, OptionalInt width, List<Float> mean,
        List<Float> std) {

    static final Set<String> KNOWN = Set.of(ModelCapability.NAME, ModelCapability.BACKEND, ModelCapability.FILE,
            ModelCapability.LAYER, ModelCapability.CLASSES, ModelCapability.CHANNELS, ModelCapability.SIZE,
            ModelCapability.HEIGHT, ModelCapability.WIDTH, ModelCapability.MEAN, ModelCapability.STD);

    public ModelDeclaration {
        classes = List.copyOf(classes);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** Only a name: everything else from the model. */
    public static ModelDeclaration named(String name) {
        return new ModelDeclaration(name, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), List.of(), List.of());
    }

    /** Whether any input attribute is declared. */
    public boolean declaresInput() {
        return channels.isPresent() || height.isPresent() || width.isPresent() || !mean.isEmpty() || !std.isEmpty();
    }

    /**
     * The model source for the backend.
     *
     * @param modelFile where the model file is now
     * @param modelChannels the model's own channel count, asked only when channels are not declared but
     *        other input attributes are
     * @param where the bundle or sidecar, for messages
     */
    public ModelSource toSource(Path modelFile, IntSupplier modelChannels, String where) {
        Optional<InputSpec> input = Optional.empty();
        if (declaresInput()) {
            int c = channels.isPresent() ? channels.getAsInt() : modelChannels.getAsInt();
            try {
                input = Optional.of(new InputSpec(c, height.orElse(0), width.orElse(0), mean, std));
            } catch (IllegalArgumentException e) {
                throw new DeepMinerException(where, e.getMessage());
            }
        }
        return new ModelSource(name, modelFile, backend, classes, layer, input);
    }

    // ---- from a manifest capability ----

    /** Reads the attributes of a {@code deepminer.model} capability (typed as the manifest declares them). */
    public static ModelDeclaration fromCapability(Map<String, Object> attributes, String where) {
        return parse(new Attributes() {
            @Override
            public Object get(String key) {
                return attributes.get(key);
            }

            @Override
            public Iterable<String> keys() {
                return attributes.keySet();
            }
        }, where);
    }

    // ---- from a JSON sidecar ----

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a sidecar: a JSON object with the capability's attributes, e.g. {@code {"name": "demo", "size": 64}}. */
    public static ModelDeclaration fromJson(Path sidecar, String defaultName) {
        String where = sidecar.toString();
        JsonNode root;
        try {
            root = JSON.readTree(sidecar.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DeepMinerException(where, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new DeepMinerException(where, "cannot read the sidecar: " + e);
        }
        if (root == null || !root.isObject()) {
            throw new DeepMinerException(where, "the sidecar must be a JSON object of model attributes, e.g. "
                    + "{\"name\": \"demo\", \"classes\": [\"normal\", \"benign\", \"malignant\"]}");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            values.put(f.getKey(), plain(f.getValue()));
        }
        values.putIfAbsent(ModelCapability.NAME, defaultName);
        return fromCapability(values, where);
    }

    private static Object plain(JsonNode n) {
        if (n.isArray()) {
            List<Object> list = new ArrayList<>();
            n.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isNull()) {
            return null;
        }
        return n.toString(); // objects and booleans: refused by the attribute checks with their text
    }

    // ---- checks ----

    private interface Attributes {
        Object get(String key);

        Iterable<String> keys();
    }

    private static ModelDeclaration parse(Attributes a, String where) {
        for (String key : a.keys()) {
            if (!KNOWN.contains(key)) {
                throw new DeepMinerException(where, "unknown model attribute '" + key + "'; known: "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        String name = text(a, ModelCapability.NAME, where)
                .orElseThrow(() -> new DeepMinerException(where, "the model attribute 'name' is missing"));
        if (name.isBlank()) {
            throw new DeepMinerException(where, "the model attribute 'name' is empty");
        }
        OptionalInt size = positive(a, ModelCapability.SIZE, where);
        OptionalInt height = positive(a, ModelCapability.HEIGHT, where);
        OptionalInt width = positive(a, ModelCapability.WIDTH, where);
        if (size.isPresent()) {
            if (height.isPresent() && height.getAsInt() != size.getAsInt()
                    || width.isPresent() && width.getAsInt() != size.getAsInt()) {
                throw new DeepMinerException(where, "attribute size=" + size.getAsInt() + " contradicts height/width");
            }
            height = size;
            width = size;
        }
        OptionalInt channels = positive(a, ModelCapability.CHANNELS, where);
        if (channels.isPresent() && channels.getAsInt() != 1 && channels.getAsInt() != 3) {
            throw new DeepMinerException(where, "attribute channels must be 1 or 3, not " + channels.getAsInt());
        }
        List<Float> mean = numbers(a, ModelCapability.MEAN, where);
        List<Float> std = numbers(a, ModelCapability.STD, where);
        if (std.stream().anyMatch(s -> !(s > 0f))) {
            throw new DeepMinerException(where, "attribute std must be positive: " + std);
        }
        List<String> classes = strings(a, ModelCapability.CLASSES, where);
        if (classes.stream().anyMatch(String::isBlank) || classes.stream().distinct().count() != classes.size()) {
            throw new DeepMinerException(where, "attribute classes must be distinct, non-empty names: " + classes);
        }
        return new ModelDeclaration(name, text(a, ModelCapability.BACKEND, where), text(a, ModelCapability.FILE, where),
                text(a, ModelCapability.LAYER, where), classes, channels, height, width, mean, std);
    }

    private static Optional<String> text(Attributes a, String key, String where) {
        Object v = a.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new DeepMinerException(where, "attribute " + key + " must be a string, not " + v);
        }
        return Optional.of(s.strip());
    }

    private static OptionalInt positive(Attributes a, String key, String where) {
        Object v = a.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        long n;
        if (v instanceof Number num && (v instanceof Long || v instanceof Integer)) {
            n = num.longValue();
        } else if (v instanceof String s && s.strip().matches("\\d+")) {
            n = Long.parseLong(s.strip());
        } else {
            throw new DeepMinerException(where, "attribute " + key + " must be a whole number, not '" + v + "'");
        }
        if (n < 1 || n > 100_000) {
            throw new DeepMinerException(where, "attribute " + key + " must be between 1 and 100000, not " + n);
        }
        return OptionalInt.of((int) n);
    }

    private static List<Float> numbers(Attributes a, String key, String where) {
        List<Float> out = new ArrayList<>();
        for (Object e : list(a.get(key))) {
            try {
                out.add(e instanceof Number n ? n.floatValue() : Float.parseFloat(String.valueOf(e).strip()));
            } catch (NumberFormatException ex) {
                throw new DeepMinerException(where, "attribute " + key + " must be numbers, not '" + a.get(key) + "'");
            }
        }
        if (out.size() > 3) {
            throw new DeepMinerException(where, "attribute " + key + " takes 1 value or 1 per channel, not " + out.size());
        }
        return out;
    }

    private static List<String> strings(Attributes a, String key, String where) {
        List<String> out = new ArrayList<>();
        for (Object e : list(a.get(key))) {
            if (!(e instanceof String s)) {
                throw new DeepMinerException(where, "attribute " + key + " must be names, not " + a.get(key));
            }
            out.add(s.strip());
        }
        return out;
    }

    /** A list attribute may also be given as one value or a comma-separated string. */
    private static List<?> list(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).toList();
        }
        return List.of(v);
    }

    // ---- to a manifest capability ----

    /** The {@code Provide-Capability} clause that declares this model, with the file at {@code file}. */
    public String toCapability() {
        StringBuilder c = new StringBuilder(ModelCapability.NAMESPACE);
        c.append(";name=").append(quote(name));
        backend.ifPresent(b -> c.append(";backend=").append(quote(b)));
        file.ifPresent(f -> c.append(";file=").append(quote(f)));
        layer.ifPresent(l -> c.append(";layer=").append(quote(l)));
        if (!classes.isEmpty()) {
            for (String cls : classes) {
                if (cls.contains(",")) {
                    throw new DeepMinerException(null, "class name '" + cls + "' may not contain a comma");
                }
            }
            c.append(";classes:List<String>=").append(quote(String.join(",", classes)));
        }
        channels.ifPresent(v -> c.append(";channels:Long=").append(v));
        if (height.isPresent() && height.equals(width)) {
            c.append(";size:Long=").append(height.getAsInt());
        } else {
            height.ifPresent(v -> c.append(";height:Long=").append(v));
            width.ifPresent(v -> c.append(";width:Long=").append(v));
        }
        if (!mean.isEmpty()) {
            c.append(";mean:List<Double>=").append(quote(join(mean)));
        }
        if (!std.isEmpty()) {
            c.append(";std:List<Double>=").append(quote(join(std)));
        }
        return c.toString();
    }

    private static String join(List<Float> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    /** A quoted manifest value. Framework parsers differ on escapes, so values with quotes or backslashes are refused. */
    static String quote(String v) {
        if (v.contains("\"") || v.contains("\\")) {
            throw new DeepMinerException(null, "'" + v + "' cannot go into a manifest: it contains a quote or backslash");
        }
        return "\"" + v + "\"";
    }
}
