package org.deepminer.backend.onnx.internal.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.model.FloatTensor;
import org.deepminer.api.model.InputSpec;
import org.deepminer.api.model.Model;
import org.deepminer.api.model.ModelBackend;

/** Lets the tests in the parent package drive the commands as DS would. */
public final class CommandsAccess {

    private final ModelCommands commands = new ModelCommands();
    private final PackageModelCommand packager = new PackageModelCommand();

    public ModelCommands commands() {
        return commands;
    }

    public void add(Model model, Map<String, Object> props) {
        commands.addModel(model, props);
    }

    public void addBackend(ModelBackend backend) {
        packager.addBackend(backend, Map.of(ServiceProperties.BACKEND, backend.name()));
    }

    public PackagedModel packageModel(List<String> args) {
        return packager.packageModel(args);
    }

    /** The batch predict feeds the model for an image file. */
    public static FloatTensor batch(Path image, InputSpec spec) {
        return InputImage.read(image).toBatch(spec);
    }
}
