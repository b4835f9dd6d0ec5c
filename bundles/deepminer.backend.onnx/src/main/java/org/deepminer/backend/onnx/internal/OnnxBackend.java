package org.deepminer.backend.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.proto.Onnx.ModelProto;
import org.deepminer.backend.onnx.internal.proto.Onnx.NodeProto;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code onnx} model backend: ONNX Runtime on the CPU, or CUDA when configured and present.
 * Loads any ONNX image classifier with an NCHW float input of 1 or 3 channels.
 */
@Component(service = ModelBackend.class, configurationPid = OnnxBackend.PID, property = {
        ServiceProperties.BACKEND + "=" + OnnxBackend.NAME,
        ServiceProperties.BACKEND_EXTENSIONS + "=onnx",
        ServiceProperties.NAME + "=ONNX Runtime",
        ServiceProperties.DESCRIPTION + "=ONNX image classifiers (NCHW, 1 or 3 channels) on ONNX Runtime"})
@Designate(ocd = OnnxBackend.Config.class)
public class OnnxBackend implements ModelBackend {

    static final String NAME = "onnx";
    static final String PID = "org.deepminer.backend.onnx";
    private static final System.Logger LOG = System.getLogger(OnnxBackend.class.getName());

    @ObjectClassDefinition(name = "DeepMiner ONNX backend", description = "How ONNX Runtime runs models")
    public @interface Config {
        @AttributeDefinition(description = "threads ONNX Runtime uses inside one operator, shared by all models; 0 = all available processors; takes effect at the next start")
        int intra_op_threads() default 0;

        @AttributeDefinition(description = "run on CUDA when an NVIDIA GPU is present and the GPU build of ONNX Runtime is deployed; else the CPU")
        boolean use_gpu() default false;

        @AttributeDefinition(description = "CUDA device id")
        int gpu_device() default 0;

        @AttributeDefinition(description = "sessions kept per model, one per set of requested layers")
        int max_sessions() default 8;

        @AttributeDefinition(description = "ONNX Runtime graph optimisation: none, basic, extended or all")
        String optimization() default "all";
    }

    private volatile Settings settings;
    /** "cpu" or "cuda:N": decided once, when the backend starts. */
    private volatile String device = "cpu";

    public OnnxBackend() {
        this(Settings.defaults());
    }

    public OnnxBackend(Settings settings) {
        this.settings = settings;
        this.device = chooseDevice(settings);
    }

    @Activate
    void start(Config c) {
        Settings s = new Settings(c.intra_op_threads(), c.use_gpu(), c.gpu_device(), c.max_sessions(), c.optimization());
        // starts ONNX Runtime (and fails here, visibly, when the native library cannot load)
        OrtRuntime.environment(s.threads());
        if (OrtRuntime.sharedThreads() > 0 && OrtRuntime.sharedThreads() != s.threads()) {
            LOG.log(Level.WARNING, "ONNX backend: intra.op.threads=" + s.threads() + " takes effect after a restart; "
                    + "ONNX Runtime runs with " + OrtRuntime.sharedThreads() + " threads");
        }
        this.settings = s;
        this.device = chooseDevice(s);
        LOG.log(Level.DEBUG, "ONNX backend: ONNX Runtime " + OrtErrors.ortVersion() + " on " + device + ", "
                + threads() + " intra-op threads");
    }

    /** Where models run: "cpu", or "cuda:N" when asked for, a GPU is present and the runtime has CUDA. */
    public String device() {
        return device;
    }

    public Settings settings() {
        return settings;
    }

    /** The intra-op threads models run with: the shared pool's, or the configured per-session count. */
    public int threads() {
        int shared = OrtRuntime.sharedThreads();
        return shared > 0 ? shared : settings.threads();
    }

    private static String chooseDevice(Settings s) {
        if (!s.useGpu()) {
            return "cpu";
        }
        Optional<String> gpu = GpuProbe.detect();
        if (gpu.isEmpty()) {
            LOG.log(Level.WARNING, "ONNX backend: use.gpu=true but no NVIDIA GPU was found (no nvidia-smi, no /dev/nvidia0): running on the CPU");
            return "cpu";
        }
        OrtRuntime.environment();
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            LOG.log(Level.WARNING, "ONNX backend: use.gpu=true and a GPU is present (" + gpu.get()
                    + "), but this ONNX Runtime has no CUDA provider (build with -Pgpu): running on the CPU");
            return "cpu";
        }
        // The GPU build lists CUDA even where it cannot start: try it once now, not on every model.
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.addCUDA(s.gpuDevice());
            return "cuda:" + s.gpuDevice();
        } catch (OrtException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "ONNX backend: use.gpu=true and a GPU is present (" + gpu.get()
                    + "), but the CUDA provider did not start (" + e.getMessage() + "): running on the CPU");
            return "cpu";
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canLoad(ModelSource source) {
        if (source.backend().isPresent()) {
            return source.backend().get().equals(NAME);
        }
        String fileName = source.file().getFileName() == null ? "" : source.file().getFileName().toString();
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            return true;
        }
        // An ONNX file is a ModelProto whose first field is usually ir_version (field 1, varint: tag 0x08).
        try (InputStream in = Files.newInputStream(source.file())) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == 0x08 && head[1] >= 3 && head[1] <= 20;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public LoadedModel load(ModelSource source) {
        ModelFile.Loaded loaded = ModelFile.open(source.file());
        ModelFile file = loaded.file();
        if (source.backend().isPresent() && !source.backend().get().equals(NAME)) {
            throw new DeepMinerException(file.label, "declared for backend '" + source.backend().get() + "', not onnx");
        }
        ModelProto proto = file.parse(loaded.bytes());
        OnnxGraph graph = OnnxGraph.of(file.label, proto);
        proto = null; // the weights go to ONNX Runtime; the analysis keeps no copy
        InputSpec input = input(source, graph, file.label);
        OnnxModel model = new OnnxModel(file, graph, this::session, OrtRuntime.environment(), settings.maxSessions());
        try {
            model.open(loaded.bytes());
            List<LayerInfo> layers = graph.layerNames().stream()
                    .map(l -> new LayerInfo(l, graph.opOf(l), shapeList(graph.shape(l)))).toList();
            String defaultLayer = defaultLayer(source, model, file.label);
            // info is needed to run the dry batch that counts classes when the graph does not tell
            model.setInfo(new ModelInfo(source.name(), NAME, file.sha256, List.of(), input, defaultLayer, layers));
            List<String> classes = classes(source, graph, model, file.label);
            model.setInfo(new ModelInfo(source.name(), NAME, file.sha256, classes, input, defaultLayer, layers,
                    graph.metadata));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private OrtSession session(byte[] model) throws OrtException {
        Settings s = settings;
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (OrtRuntime.sharedThreads() > 0) {
                o.disablePerSessionThreads(); // all sessions share the environment's pool
            } else {
                o.setIntraOpNumThreads(s.threads());
                o.setInterOpNumThreads(1);
                // several sessions each with its own pool: idle pools must not spin against the busy one
                o.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            o.setOptimizationLevel(switch (s.optimization()) {
                case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            if (device.startsWith("cuda")) {
                try {
                    o.addCUDA(s.gpuDevice());
                } catch (OrtException e) {
                    LOG.log(Level.WARNING, "ONNX backend: CUDA did not start for this model (" + e.getMessage()
                            + "): running it on the CPU");
                }
            }
            return env.createSession(model, o);
        }
    }

    /**
     * The channel count of a model file's image input, for declarations that give a size or normalisation
     * but not the channels.
     */
    public static int inputChannels(java.nio.file.Path file) {
        ModelFile.Loaded loaded = ModelFile.open(file);
        OnnxGraph g = OnnxGraph.of(loaded.file().label, loaded.file().parse(loaded.bytes()));
        if (g.inputShape[1] != 1 && g.inputShape[1] != 3) {
            throw new DeepMinerException(loaded.file().label, "input '" + g.input + "' has shape "
                    + ShapeInference.format(g.inputShape) + "; declare channels (1 or 3)");
        }
        return (int) g.inputShape[1];
    }

    static List<Long> shapeList(long[] shape) {
        return shape == null ? List.of() : Arrays.stream(shape).boxed().toList();
    }

    /** The declared input wins where it says something; the model's input shape fills the rest. */
    static InputSpec input(ModelSource source, OnnxGraph g, String file) {
        long[] s = g.inputShape;
        Optional<InputSpec> declared = source.input();
        int channels;
        if (declared.isPresent()) {
            channels = declared.get().channels();
            if (s[1] > 0 && s[1] != channels) {
                throw new DeepMinerException(file, "declared " + channels + " input channels, but input '" + g.input
                        + "' has shape " + ShapeInference.format(s));
            }
        } else if (s[1] == 1 || s[1] == 3) {
            channels = (int) s[1];
        } else if (s[1] < 0) {
            throw new DeepMinerException(file, "input '" + g.input + "' has a dynamic channel count "
                    + ShapeInference.format(s) + "; declare channels (1 or 3)");
        } else {
            throw new DeepMinerException(file, "input '" + g.input + "' has " + s[1] + " channels "
                    + ShapeInference.format(s) + "; DeepMiner feeds 1 (grey) or 3 (grey replicated to RGB)");
        }
        int height = size(declared.map(InputSpec::height).orElse(0), s[2], "height", g, file);
        int width = size(declared.map(InputSpec::width).orElse(0), s[3], "width", g, file);
        List<Float> mean = declared.map(InputSpec::mean).filter(m -> !m.isEmpty())
                .orElseGet(() -> numbers(g.metadata.get("mean")).orElse(List.of(0f)));
        List<Float> std = declared.map(InputSpec::std).filter(m -> !m.isEmpty())
                .orElseGet(() -> numbers(g.metadata.get("std")).orElse(List.of(1f)));
        for (List<Float> v : List.of(mean, std)) {
            if (v.size() != 1 && v.size() != channels) {
                throw new DeepMinerException(file, "mean and std need 1 or " + channels + " values, got " + v);
            }
        }
        try {
            return new InputSpec(channels, height, width, mean, std);
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(file, e.getMessage());
        }
    }

    private static int size(int declared, long model, String what, OnnxGraph g, String file) {
        if (declared > 0) {
            if (model > 0 && model != declared) {
                throw new DeepMinerException(file, "declared input " + what + " " + declared + ", but input '" + g.input
                        + "' has shape " + ShapeInference.format(g.inputShape));
            }
            return declared;
        }
        if (model > Integer.MAX_VALUE) {
            // found by fuzzing: Math.toIntExact threw ArithmeticException out of load
            throw new DeepMinerException(file, "input '" + g.input + "' has shape " + ShapeInference.format(g.inputShape)
                    + ": a " + what + " of " + model + " pixels is no image size");
        }
        return model > 0 ? (int) model : 0;
    }

    /** The declared layer, else the tensor that enters the pooling + linear head, else the last Conv. */
    private static String defaultLayer(ModelSource source, OnnxModel model, String file) {
        OnnxGraph g = model.graph();
        List<String> layers = g.layerNames();
        if (source.defaultLayer().isPresent()) {
            String l = source.defaultLayer().get();
            if (!layers.contains(l)) {
                throw new DeepMinerException(file, "the declared layer '" + l + "' is not in the model; nearest: "
                        + String.join(", ", NearNames.nearest(l, layers, 5)));
            }
            return l;
        }
        List<String> heads = model.heads().headLayers();
        if (!heads.isEmpty()) {
            return heads.get(heads.size() - 1);
        }
        String lastConv = "";
        for (NodeProto n : g.nodes) {
            if (n.getOpType().equals("Conv") && n.getOutputCount() > 0) {
                lastConv = n.getOutput(0);
            }
        }
        return lastConv.isEmpty() && !layers.isEmpty() ? layers.get(layers.size() - 1) : lastConv;
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");
    private static final Pattern DICT_VALUE = Pattern.compile(":\\s*(?:'([^']*)'|\"([^\"]*)\")");

    /** Declared names win; else the model's metadata (classes, class_names or labels); else numbered. */
    private static List<String> classes(ModelSource source, OnnxGraph g, OnnxModel model, String file) {
        long[] scores = g.shape(g.logits);
        int count = scores != null && scores.length >= 2 && scores[1] > 0 ? (int) scores[1] : -1;
        if (count < 0) {
            count = model.heads().tryPlan(model.info().defaultLayer()).map(HeadFinder.Plan::classes).orElse(-1);
        }
        if (count < 0) {
            count = dryRunClasses(model);
        }
        if (!source.classes().isEmpty()) {
            if (source.classes().size() != count) {
                throw new DeepMinerException(file, "declared " + source.classes().size() + " classes ("
                        + String.join(", ", source.classes()) + "), but the model scores " + count);
            }
            return source.classes();
        }
        for (String key : List.of("classes", "class_names", "labels")) {
            List<String> names = names(g.metadata.get(key));
            if (names.size() == count) {
                return names;
            }
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbered.add("class" + i);
        }
        return numbered;
    }

    private static int dryRunClasses(OnnxModel model) {
        InputSpec in = model.info().input();
        int h = in.height() > 0 ? in.height() : 224;
        int w = in.width() > 0 ? in.width() : 224;
        FloatTensor zeros = new FloatTensor(new int[] {1, in.channels(), h, w}, new float[in.channels() * h * w]);
        return model.forward(zeros, java.util.Set.of()).logits().dim(1);
    }

    /** A JSON or Python list ['a', 'b'], a dict {0: 'a', 1: 'b'}, or a comma-separated list. */
    static List<String> names(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String v = value.strip();
        List<String> out = new ArrayList<>();
        if (v.startsWith("{")) {
            Matcher m = DICT_VALUE.matcher(v);
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } else if (v.startsWith("[")) {
            Matcher m = QUOTED.matcher(v);
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } else {
            Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static Optional<List<Float>> numbers(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Arrays.stream(value.replaceAll("[\\[\\]]", "").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(Float::valueOf).collect(Collectors.toList()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
