package org.deepminer.backend.onnx.internal.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FileInstall's hook for deploy/: {@code <name>.onnx} files, with an optional {@code <name>.onnx.json}
 * sidecar, become Model services (install), are replaced (update) and go (uninstall). A sidecar that
 * changes reloads its model. Needs FileInstall; without it this component never starts (optional import).
 */
@Component(service = ArtifactInstaller.class)
public class ModelFileInstaller implements ArtifactInstaller {

    static final String MODEL = ".onnx";
    static final String SIDECAR = ".onnx.json";

    @Reference
    ModelRegistry registry;

    public ModelFileInstaller() {}

    public ModelFileInstaller(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean canHandle(File artifact) {
        String n = artifact.getName().toLowerCase(Locale.ROOT);
        return n.endsWith(MODEL) || n.endsWith(SIDECAR);
    }

    @Override
    public void install(File artifact) {
        changed(artifact);
    }

    @Override
    public void update(File artifact) {
        changed(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        if (isSidecar(artifact)) {
            Path model = modelOf(artifact);
            if (Files.exists(model)) {
                registry.deployFile(model); // back to what the model itself says
            }
        } else {
            registry.undeployFile(artifact.toPath());
        }
    }

    private void changed(File artifact) {
        Path model = isSidecar(artifact) ? modelOf(artifact) : artifact.toPath();
        if (Files.exists(model)) {
            registry.deployFile(model);
        }
    }

    private static boolean isSidecar(File f) {
        return f.getName().toLowerCase(Locale.ROOT).endsWith(SIDECAR);
    }

    private static Path modelOf(File sidecar) {
        String n = sidecar.getName();
        return sidecar.toPath().resolveSibling(n.substring(0, n.length() - ".json".length()));
    }
}
