package org.deepminer.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes the bundles the tests deploy, atomically, as a user's cp of a finished file would appear. */
final class Jars {
    private Jars() {}

    /** The example vocabulary plug-in that the build embedded in this test bundle. */
    static byte[] exampleVocabulary() throws IOException {
        try (InputStream in = Jars.class.getResourceAsStream("/plugins/example-vocabulary.jar")) {
            if (in == null) {
                throw new IllegalStateException("the build did not embed plugins/example-vocabulary.jar");
            }
            return in.readAllBytes();
        }
    }

    /**
     * A copy of a jar with manifest headers replaced and entries rewritten, e.g. a new Bundle-Version and
     * a changed service property in a component description: a second build of the same plug-in.
     */
    static byte[] rewrite(byte[] jar, Map<String, String> headers, UnaryOperator<String> componentXml) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            headers.forEach((k, v) -> mf.getMainAttributes().put(new Attributes.Name(k), v));
            try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    byte[] content = in.readAllBytes();
                    if (e.getName().startsWith("OSGI-INF/") && e.getName().endsWith(".xml")) {
                        content = componentXml.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    out.write(content);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** A jar with only a manifest (and optional text entries). */
    static byte[] bundle(Map<String, String> headers, Map<String, String> entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> mf.getMainAttributes().put(new Attributes.Name(k), v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Writes next to the target and renames, so that FileInstall never sees half a file. */
    static void deploy(Path target, byte[] jar) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(jar);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
