package org.deepminer.dicom.internal;

import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepminer.api.data.Laterality;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.MammogramObject;
import org.junit.jupiter.api.Assumptions;

/** Synthetic mammograms, the shared fixtures and dciodvfy, for the tests of this bundle. */
final class TestSupport {
    private TestSupport() {}

    static final String MG_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2";

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** /work/shared/fixtures/dicom or wherever ../shared/fixtures lies above the working directory. */
    static Path fixtures() {
        String override = System.getenv("DEEPMINER_FIXTURES");
        if (override != null && !override.isBlank()) {
            return require(Path.of(override).resolve("dicom"));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/dicom");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return require(Path.of("../../../shared/fixtures/dicom").toAbsolutePath().normalize());
    }

    private static Path require(Path dir) {
        if (!Files.isDirectory(dir)) {
            String message = "the real DICOM fixtures are missing (looked for shared/fixtures/dicom above "
                    + Path.of("").toAbsolutePath() + ", or $DEEPMINER_FIXTURES/dicom; tried " + dir + ")";
            if (ci()) {
                fail(message + ": they are required when CI=true");
            }
            Assumptions.abort(message + ": skipping outside CI");
        }
        return dir;
    }

    /** dciodvfy's complaints about a file: its Error lines, after checking it ran. */
    record Verdict(int exitCode, List<String> errors, String output) {}

    static Verdict dciodvfy(Path file, String... options) throws IOException, InterruptedException {
        Path tool = onPath("dciodvfy");
        if (tool == null) {
            String message = "dciodvfy (Debian package dicom3tools) is not on the PATH";
            if (ci()) {
                fail(message + ": it is required when CI=true (scripts/prerequisites.sh installs it)");
            }
            Assumptions.abort(message + ": skipping outside CI");
        }
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(options));
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("dciodvfy did not finish on " + file);
        }
        List<String> errors = output.lines().filter(l -> l.startsWith("Error")).toList();
        return new Verdict(process.exitValue(), errors, output);
    }

    /**
     * PixelMed's SR template validator (com.pixelmed.validate.DicomSRValidator) run on each file in a JVM of
     * its own, all at once, from the PixelMed jar this bundle is built with. It always exits 0: its verdict
     * is its lines starting with "Error".
     */
    static List<Verdict> dicomSrValidator(Path... files) throws IOException, InterruptedException {
        Path jar = null;
        try {
            Class<?> validator = Class.forName("com.pixelmed.validate.DicomSRValidator");
            java.security.CodeSource code = validator.getProtectionDomain().getCodeSource();
            if (code != null && validator.getResource("DicomSRDescriptionsCompiled.xsl") != null) {
                jar = Path.of(code.getLocation().toURI());
            }
        } catch (ClassNotFoundException | java.net.URISyntaxException e) {
            // reported below
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            String message = "PixelMed's DicomSRValidator (Debian package libpixelmed-java) is not on the test class path";
            if (ci()) {
                fail(message + ": it is required when CI=true (scripts/prerequisites.sh installs it)");
            }
            Assumptions.abort(message + ": skipping outside CI");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (Path file : files) {
            // the XSLT templates exceed the JDK's default XPath limits; a short run needs no optimising compiler
            List<String> command = List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Djdk.xml.xpathExprOpLimit=0",
                    "-Djdk.xml.xpathExprGrpLimit=0", "-Djdk.xml.xpathTotalOpLimit=0", "-cp", jar.toString(),
                    "com.pixelmed.validate.DicomSRValidator", file.toString());
            Path output = file.resolveSibling(file.getFileName() + ".validator.txt");
            outputs.add(output);
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start());
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            Process process = processes.get(i);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                processes.forEach(Process::destroyForcibly);
                fail("DicomSRValidator did not finish on " + files[i]);
            }
            String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
            if (!output.contains("Found Root Template TID_1500")) {
                fail("DicomSRValidator did not recognise a TID 1500 report in " + files[i] + ":\n" + output);
            }
            List<String> errors = output.lines().filter(l -> l.startsWith("Error")).toList();
            verdicts.add(new Verdict(process.exitValue(), errors, output));
        }
        return verdicts;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static DicomIdentity identity(ObjectWriter uids) {
        return new DicomIdentity("PHANTOM-0001", "Phantom^Test", uids.newUid(), uids.newUid(), uids.newUid(),
                "20240131", "ACC0001");
    }

    /**
     * A 12-bit breast phantom stored as a unit stores it: a half-ellipse of tissue on the chest-wall side
     * (left for a LEFT breast, right for a RIGHT one), air (0) elsewhere, with a texture so that every
     * pixel differs from its mirror image.
     */
    static short[] breast(int width, int height, Laterality laterality) {
        short[] pixels = new short[width * height];
        boolean chestWallLeft = laterality == Laterality.LEFT;
        double radiusX = width * 0.8;
        double radiusY = height * 0.45;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double x = chestWallLeft ? c : width - 1 - c;
                double y = r - height / 2.0;
                boolean tissue = (x * x) / (radiusX * radiusX) + (y * y) / (radiusY * radiusY) <= 1;
                int value = tissue ? 800 + (c * 37 + r * 11) % 3000 : (c * 3 + r) % 40;
                pixels[r * width + c] = (short) value;
            }
        }
        return pixels;
    }

    static MammogramObject mammogram(ObjectWriter uids, int width, int height, Laterality laterality, String view) {
        return new MammogramObject(identity(uids), width, height, 12, breast(width, height, laterality), laterality,
                view, 0.07, 2048, 4096);
    }

    /** A change to a data set, in PixelMed's terms (tests may use PixelMed directly). */
    interface Edit {
        void apply(AttributeList list) throws Exception;
    }

    /** Reads {@code source} with PixelMed, applies {@code edit} and writes the result as {@code target}. */
    static Path edit(Path source, Path target, Edit edit) throws Exception {
        AttributeList list = new AttributeList();
        list.read(source.toString());
        edit.apply(list);
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, "1.2.840.10008.1.2.1", "TEST");
        list.write(target.toFile(), "1.2.840.10008.1.2.1", true, true);
        return target;
    }

    /** Puts {@code attribute} with {@code values} into {@code list}. */
    static void set(AttributeList list, Attribute attribute, String... values) throws Exception {
        for (String v : values) {
            attribute.addValue(v);
        }
        list.put(attribute);
    }

    /** PS3.3 C.11.2.1.2.1 LINEAR window to [0, 1], written out from the standard for the expected values. */
    static double linearWindow(double x, double center, double width) {
        if (x <= center - 0.5 - (width - 1) / 2) {
            return 0;
        }
        if (x > center - 0.5 + (width - 1) / 2) {
            return 1;
        }
        return (x - (center - 0.5)) / (width - 1) + 0.5;
    }
}
