package org.deepminer.backend.dl4j.internal.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.model.ModelCapability;
import org.deepminer.api.model.ModelInfo;
import org.deepminer.backend.dl4j.internal.Network;
import org.deepminer.backend.dl4j.internal.NetworkFile;
import org.deepminer.backend.dl4j.internal.NetworkMetadata;
import org.deepminer.backend.dl4j.internal.onnx.OnnxExporter;

/**
 * Writes a model bundle from a trained network: the ONNX export under {@code model/<name>.onnx} with the
 * {@code deepminer.model} capability that makes the onnx backend serve it, the Deeplearning4j network beside it
 * ({@code model/<name>.zip}, for the dl4j backend or further training) and the training summary
 * ({@code model/<name>.training.json}). No code. Input height and width are left dynamic: a patch-trained
 * network runs fully convolutionally over whole mammograms.
 */
public final class ModelBundle {
    private ModelBundle() {}

    /** The symbolic name of a model's bundle: {@code deepminer.model.<name>} with other characters as '_'. */
    public static String symbolicName(String modelName) {
        return "deepminer.model." + modelName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The ONNX model's metadata_props: what the onnx backend reads (classes, mean, std) and how it was trained. */
    public static Map<String, String> onnxMetadata(NetworkMetadata m) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("classes", String.join(",", m.classes()));
        props.put("mean", Float.toString(m.mean()));
        props.put("std", Float.toString(m.std()));
        props.put("head_layer", m.headLayer());
        if (!m.concepts().isEmpty()) {
            props.put("concepts", String.join(",", m.concepts()));
        }
        props.put(ModelInfo.ARCH, m.arch());
        props.put(ModelInfo.PATCH_FRACTION, Double.toString(m.patchFraction()));
        props.put("patch_size", Integer.toString(m.patchSize()));
        return props;
    }

    /** The capability's attributes, as the manifest writes them. */
    public static String capability(String name, String file, NetworkMetadata m) {
        return ModelCapability.NAMESPACE + ";" + ModelCapability.NAME + "=\"" + name + "\";" + ModelCapability.BACKEND
                + "=\"onnx\";" + ModelCapability.FILE + "=\"" + file + "\";" + ModelCapability.LAYER + "=\"" + m.headLayer()
                + "\";" + ModelCapability.CLASSES + ":List<String>=\"" + String.join(",", m.classes()) + "\";"
                + ModelCapability.CHANNELS + ":Long=" + m.channels() + ";" + ModelCapability.MEAN + ":List<Double>=\""
                + m.mean() + "\";" + ModelCapability.STD + ":List<Double>=\"" + m.std() + "\"";
    }

    /**
     * @param net the trained network
     * @param networkZip its Deeplearning4j file, copied into the bundle
     * @param trainingJson the training summary, copied into the bundle (may be null)
     * @param version bundle version
     */
    public static void write(Path jar, String name, Network net, NetworkMetadata meta, Path networkZip, byte[] trainingJson,
            String version) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new DeepMinerException(null, "model name '" + name + "' may only use letters, digits, '.', '_' and '-'");
        }
        byte[] onnx = OnnxExporter.export(net, networkZip.toString(), meta.channels(), onnxMetadata(meta));
        String onnxEntry = "model/" + name + ".onnx";
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName(name));
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Name", "DeepMiner model " + name);
        a.putValue("Bundle-Description", "Model bundle: " + meta.arch() + " network trained on patches (classes "
                + String.join(", ", meta.classes()) + (meta.concepts().isEmpty() ? "" : "; concept head: "
                + meta.concepts().stream().collect(Collectors.joining(", "))) + "), as ONNX and Deeplearning4j");
        a.putValue("Provide-Capability", capability(name, onnxEntry, meta));
        Path target = jar.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".model", ".jar");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out, mf)) {
                for (String dir : List.of("model/")) {
                    jos.putNextEntry(entry(dir));
                    jos.closeEntry();
                }
                jos.putNextEntry(entry(onnxEntry));
                jos.write(onnx);
                jos.closeEntry();
                jos.putNextEntry(entry("model/" + name + ".zip"));
                Files.copy(networkZip, jos);
                jos.closeEntry();
                if (trainingJson != null) {
                    jos.putNextEntry(entry("model/" + name + ".training.json"));
                    jos.write(trainingJson);
                    jos.closeEntry();
                }
            }
            // all at once, so that a watching deploy/ never sees half a jar
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            NetworkFile.readableByAll(target);
        } catch (IOException e) {
            throw new DeepMinerException(target.toString(), "cannot write the model bundle: " + e, e);
        }
    }

    private static JarEntry entry(String name) {
        JarEntry e = new JarEntry(name);
        e.setTime(0);
        return e;
    }
}
