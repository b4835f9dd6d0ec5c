package org.deepminer.backend.onnx.internal.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.LoadedModel;
import org.deepminer.api.model.ModelBackend;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.api.model.ModelSource;
import org.deepminer.backend.onnx.internal.deploy.ModelBundleWriter;
import org.deepminer.backend.onnx.internal.deploy.ModelDeclaration;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:package-model <model> <out.jar> --name n [--layer L] [--classes a,b,c] [--size s]
 * [--channels c] [--mean m] [--std s] [--version v]}: writes a model bundle, after loading the model with
 * the declared values to check them. A Gogo {@link Function} because a Java method cannot be called
 * {@code package-model}.
 */
@Component(service = Function.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=package-model",
        "deepminer.command.usage=<model.onnx> <out.jar> --name n [--layer L] [--classes a,b,c] [--size s] [--channels 1|3] [--mean m] [--std s]",
        "deepminer.description=package a model file and its metadata as a model bundle for deploy/"})
public class PackageModelCommand implements Function {

    static final String USAGE = "usage: deepminer:package-model <model.onnx> <out.jar> --name n [--layer L] "
            + "[--classes a,b,c] [--size s | --height h --width w] [--channels 1|3] [--mean m[,m,m]] [--std s[,s,s]] "
            + "[--version 1.0.0]";

    record Backend(String name, ModelBackend backend) {}

    final List<Backend> backends = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(ModelBackend backend, Map<String, Object> props) {
        backends.add(new Backend(String.valueOf(props.getOrDefault(ServiceProperties.BACKEND, backend.name())), backend));
    }

    void removeBackend(ModelBackend backend) {
        backends.removeIf(b -> b.backend() == backend);
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = arguments.stream().map(String::valueOf).toList();
        return packageModel(args);
    }

    PackagedModel packageModel(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                if (!List.of("--name", "--layer", "--classes", "--size", "--height", "--width", "--channels", "--mean",
                        "--std", "--version").contains(a)) {
                    throw new DeepMinerException(null, "unknown option " + a + "; " + USAGE);
                }
                if (i + 1 >= args.size()) {
                    throw new DeepMinerException(null, a + " needs a value; " + USAGE);
                }
                options.put(a.substring(2), args.get(++i));
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2 || !options.containsKey("name")) {
            throw new DeepMinerException(null, USAGE);
        }
        Path model = InputImage.existing(positional.get(0));
        Path jar = Path.of(positional.get(1)).toAbsolutePath().normalize();
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put("name", options.get("name"));
        for (String key : List.of("layer", "classes", "size", "height", "width", "channels", "mean", "std")) {
            if (options.containsKey(key)) {
                attributes.put(key, options.get(key));
            }
        }
        ModelDeclaration declared = ModelDeclaration.fromCapability(attributes, "deepminer:package-model");
        Backend backend = backendFor(model);
        ModelDeclaration d = new ModelDeclaration(declared.name(), Optional.of(backend.name()), declared.file(),
                declared.layer(), declared.classes(), declared.channels(), declared.height(), declared.width(),
                declared.mean(), declared.std());
        // load it once with what the bundle will declare: a bundle that cannot deploy is not written
        ModelSource source = d.toSource(model, () -> channelsOf(backend, model), model.toString());
        ModelInfo info;
        try (LoadedModel loaded = backend.backend().load(source)) {
            info = loaded.info();
        }
        // the channels the model takes go into the manifest too, so that the bundle says what it needs
        d = new ModelDeclaration(d.name(), d.backend(), d.file(), d.layer(), d.classes(),
                java.util.OptionalInt.of(info.input().channels()), d.height(), d.width(), d.mean(), d.std());
        ModelDeclaration written = ModelBundleWriter.write(model, jar, d, options.getOrDefault("version", "1.0.0"));
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("model", info.name()));
        facts.add(List.of("backend", info.backend()));
        facts.add(List.of("file", written.file().orElse("")));
        facts.add(List.of("classes", String.join(",", info.classes())));
        facts.add(List.of("input", ModelCommands.input(info.input())));
        facts.add(List.of("default layer", info.defaultLayer()));
        facts.add(List.of("sha256", info.sha256()));
        return new PackagedModel(jar.toString(), ModelBundleWriter.symbolicName(d.name()), written.toCapability(), facts);
    }

    private Backend backendFor(Path model) {
        ModelSource probe = ModelSource.of("probe", model);
        return backends.stream().filter(b -> b.backend().canLoad(probe)).findFirst()
                .orElseThrow(() -> new DeepMinerException(model.toString(), "no model backend loads this file; registered: "
                        + (backends.isEmpty() ? "none (launch with --features onnx)"
                                : String.join(", ", backends.stream().map(Backend::name).toList()))));
    }

    /** Channels are needed only when a size or normalisation is declared without them: ask the model. */
    private static int channelsOf(Backend backend, Path model) {
        try (LoadedModel m = backend.backend().load(ModelSource.of("probe", model))) {
            return m.info().input().channels();
        }
    }
}
