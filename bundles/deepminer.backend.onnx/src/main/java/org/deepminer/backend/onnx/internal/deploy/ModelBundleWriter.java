package org.deepminer.backend.onnx.internal.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.deepminer.api.DeepMinerException;

/**
 * Writes a model bundle: a jar with the model file under {@code model/} and a manifest whose
 * {@code Provide-Capability: deepminer.model} declares it. No code: the backend's extender does the rest.
 */
public final class ModelBundleWriter {
    private ModelBundleWriter() {}

    /** The symbolic name of a model's bundle: {@code deepminer.model.<name>} with other characters as '_'. */
    public static String symbolicName(String modelName) {
        return "deepminer.model." + modelName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /**
     * @param model the model file
     * @param jar where the bundle goes (replaced)
     * @param declaration what to declare; its file is set to {@code model/<file name>}
     * @param version the bundle version, e.g. {@code 1.0.0}
     * @return the declaration as written
     */
    public static ModelDeclaration write(Path model, Path jar, ModelDeclaration declaration, String version) {
        String entry = "model/" + model.getFileName();
        ModelDeclaration d = new ModelDeclaration(declaration.name(), declaration.backend(), java.util.Optional.of(entry),
                declaration.layer(), declaration.classes(), declaration.channels(), declaration.height(),
                declaration.width(), declaration.mean(), declaration.std());
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName(d.name()));
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Name", "DeepMiner model " + d.name());
        a.putValue("Bundle-Description", "Model bundle: " + model.getFileName() + " and its deepminer.model capability");
        a.putValue("Provide-Capability", d.toCapability());
        try {
            Path parent = jar.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, ".model", ".jar");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out, mf)) {
                jos.putNextEntry(new JarEntry("model/"));
                jos.closeEntry();
                jos.putNextEntry(new JarEntry(entry));
                Files.copy(model, jos);
                jos.closeEntry();
            }
            // all at once, so that a watching deploy/ never sees half a jar
            Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DeepMinerException(jar.toString(), "cannot write the model bundle: " + e, e);
        }
        return d;
    }
}
