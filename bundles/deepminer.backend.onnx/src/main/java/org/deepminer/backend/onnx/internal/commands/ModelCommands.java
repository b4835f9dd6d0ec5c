package org.deepminer.backend.onnx.internal.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.ClassifierHead;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.ForwardResult;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.LayerInfo;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.backend.onnx.internal.deploy.ModelRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.ServiceTracker;

/** {@code deepminer:models}, {@code layers} and {@code predict}, for every registered model whatever its backend. */
@Component(service = ModelCommands.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=models",
        "osgi.command.function=layers", "osgi.command.function=predict"})
public class ModelCommands {

    record Entry(String name, Model model, String source) {}

    final List<Entry> models = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ModelRegistry registry;

    /** The DicomService, tracked by name: see {@link DicomReading}. */
    private ServiceTracker<Object, Object> dicom;

    @Activate
    void start(BundleContext context) {
        dicom = new ServiceTracker<>(context, DICOM_SERVICE, null);
        dicom.open();
    }

    @Deactivate
    void stop() {
        dicom.close();
    }

    static final String DICOM_SERVICE = "org.deepminer.dicom.DicomService";

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModel(Model model, Map<String, Object> props) {
        models.add(new Entry(String.valueOf(props.getOrDefault(ServiceProperties.MODEL_NAME, model.info().name())), model,
                String.valueOf(props.getOrDefault(ModelRegistry.SOURCE, "bundle " + props.get("service.bundleid")))));
    }

    void removeModel(Model model) {
        models.removeIf(e -> e.model() == model);
    }

    @Descriptor("list the registered models: classes, input, default layer, how each was trained, file hash, and the bundle or file each came from")
    public ModelList models() {
        List<ModelList.Row> rows = models.stream().sorted(Comparator.comparing(Entry::name)).map(e -> {
            ModelInfo i = e.model().info();
            return new ModelList.Row(e.name(), i.backend(), i.classes(), input(i.input()), i.defaultLayer(), i.sha256(),
                    e.source(), trained(i));
        }).toList();
        ModelRegistry r = registry;
        List<List<String>> problems = r == null ? List.of()
                : r.problems().stream().map(p -> List.of(p.source(), p.message())).toList();
        return new ModelList(rows, problems);
    }

    /** "small, patches 1/8 of the width": what a user needs to run a patch-trained network at its scale. */
    static String trained(ModelInfo i) {
        List<String> parts = new ArrayList<>();
        // free text from the model file: one short line in a table cell
        String arch = i.metadata().getOrDefault(ModelInfo.ARCH, "").replaceAll("\\p{Cntrl}", " ").strip();
        if (arch.length() > 40) {
            arch = arch.substring(0, 39) + "…";
        }
        if (!arch.isEmpty()) {
            parts.add(arch);
        }
        i.patchFraction().ifPresent(f -> parts.add(String.format(Locale.ROOT, "patches %s of the width",
                Math.abs(1 / f - Math.rint(1 / f)) < 1e-9 ? "1/" + (long) Math.rint(1 / f) : String.format(Locale.ROOT, "%.3g", f))));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    @Descriptor("list a model's layers with their op and shape; marks the default layer and the layers a pooling + linear head follows")
    public LayerList layers(@Descriptor("model") String model) {
        Model m = model(model);
        LoadedModel loaded = m.loaded();
        List<LayerList.Row> rows = new ArrayList<>();
        for (LayerInfo l : m.info().layers()) {
            rows.add(new LayerList.Row(l.name(), l.op(), l.shape(), l.name().equals(m.info().defaultLayer()),
                    mayHaveHead(l) && hasHead(loaded, l.name())));
        }
        return new LayerList(model, rows);
    }

    private static boolean mayHaveHead(LayerInfo l) {
        return l.shape().isEmpty() || l.shape().size() == 4;
    }

    private static boolean hasHead(LoadedModel m, String layer) {
        try {
            m.head(layer);
            return true;
        } catch (DeepMinerException e) {
            return false;
        }
    }

    @Descriptor("classify an image (PNG, JPEG; DICOM with the dicom feature); with --layer, the layer's activation shape and its top units for the predicted class by weight x max activation")
    public Prediction predict(
            // Gogo matches options only when they come first in the signature; users may type them anywhere
            @Descriptor("layer whose top units to show") @Parameter(names = {"--layer"}, absentValue = "") String layer,
            @Descriptor("how many classes and units") @Parameter(names = {"--top"}, absentValue = "10") int top,
            @Descriptor("model") String model,
            @Descriptor("image file") String image) {
        if (top < 1) {
            throw new DeepMinerException(null, "--top must be at least 1, not " + top);
        }
        Model m = model(model);
        Path file = InputImage.existing(image);
        InputImage picture = read(file);
        FloatTensor batch = picture.toBatch(m.info().input());
        ForwardResult r = m.loaded().forward(batch, layer.isEmpty() ? Set.of() : Set.of(layer));
        List<String> classes = m.info().classes();
        float[] p = r.probabilities().data();
        float[] logits = r.logits().data();
        List<Prediction.ClassScore> ranked = IntStream.range(0, classes.size()).boxed()
                .sorted(Comparator.comparingDouble(c -> -p[c])).limit(top)
                .map(c -> new Prediction.ClassScore(classes.get(c), p[c], logits[c])).toList();
        List<Integer> input = java.util.Arrays.stream(batch.shape()).boxed().toList();
        if (layer.isEmpty()) {
            return new Prediction(model, file.toString(), input, ranked, "", List.of(), List.of(), "");
        }
        FloatTensor a = r.activation(layer);
        List<Integer> shape = java.util.Arrays.stream(a.shape()).boxed().toList();
        int predicted = classes.indexOf(ranked.get(0).name());
        ClassifierHead head;
        try {
            head = m.loaded().head(layer);
        } catch (DeepMinerException e) {
            return new Prediction(model, file.toString(), input, ranked, layer, shape, List.of(), e.getMessage());
        }
        return new Prediction(model, file.toString(), input, ranked, layer, shape, topUnits(a, head, predicted, top), "");
    }

    /** Units ranked by w[c][k] * max_xy A_k for class c (METHOD.md §2), highest first. */
    static List<Prediction.UnitScore> topUnits(FloatTensor a, ClassifierHead head, int c, int top) {
        int units = a.dim(1);
        int hw = a.rank() == 4 ? a.dim(2) * a.dim(3) : 1;
        float[] max = new float[units];
        float[] d = a.data();
        for (int k = 0; k < units; k++) {
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = k * hw; i < (k + 1) * hw; i++) {
                mx = Math.max(mx, d[i]);
            }
            max[k] = mx;
        }
        List<Integer> order = IntStream.range(0, units).boxed()
                .sorted(Comparator.comparingDouble(k -> -(double) head.weight(c, k) * max[k])).limit(top).toList();
        List<Prediction.UnitScore> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int k = order.get(i);
            out.add(new Prediction.UnitScore(i + 1, k, head.weight(c, k), max[k], head.weight(c, k) * max[k]));
        }
        return out;
    }

    private InputImage read(Path file) {
        if (InputImage.isDicom(file)) {
            Object service = dicom == null ? null : dicom.getService();
            if (service == null) {
                throw new DeepMinerException(file.toString(), "reading DICOM needs the DicomService (launch with the dicom feature)");
            }
            try {
                return DicomReading.read(service, file);
            } catch (LinkageError e) {
                throw new DeepMinerException(file.toString(), "the dicom bundle came after this one: refresh "
                        + "deepminer.backend.onnx to read DICOM (" + e + ")");
            }
        }
        return InputImage.read(file);
    }

    Model model(String name) {
        return models.stream().filter(e -> e.name().equals(name)).map(Entry::model).findFirst()
                .orElseThrow(() -> new DeepMinerException(null, "no model '" + name + "'; registered: "
                        + (models.isEmpty() ? "none (drop a model bundle, or <name>.onnx with <name>.onnx.json, into deploy/)"
                                : models.stream().map(Entry::name).sorted().collect(Collectors.joining(", ")))));
    }

    static String input(InputSpec in) {
        return in.channels() + "x" + (in.height() > 0 ? in.height() : "h") + "x" + (in.width() > 0 ? in.width() : "w")
                + " mean " + in.mean() + " std " + in.std();
    }
}
