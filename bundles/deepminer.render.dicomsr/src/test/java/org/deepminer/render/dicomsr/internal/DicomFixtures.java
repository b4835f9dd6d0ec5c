package org.deepminer.render.dicomsr.internal;

import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.internal.PixelMedDicomService;
import org.deepminer.imaging.figure.Explanations;
import org.junit.jupiter.api.Assumptions;

/**
 * The DICOM renderers' test fixtures (shared through this module's test-jar): a small mammogram with patient
 * identifiers written and read back through the DICOM bundle's own service, explanations of it, and the
 * validators (dicom3tools' dciodvfy, PixelMed's SR template validator).
 */
public final class DicomFixtures {
    private DicomFixtures() {}

    public static final String PATIENT_NAME = "Doe^Jane";
    public static final String PATIENT_ID = "PID-4711";
    public static final String BIRTH_DATE = "19610203";
    public static final String MG_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2";

    /** The DICOM bundle's service, outside OSGi (PixelMed is on the test class path). */
    public static PixelMedDicomService service() {
        return new PixelMedDicomService();
    }

    /**
     * Writes a {@code width x height} 12-bit mammogram of a patient with name, id and birth date, and reads it
     * back as the platform does (canonical orientation: a RIGHT breast comes back flipped) with its identifiers.
     */
    public static DicomImage mammogram(Path dir, int width, int height, Laterality side, String view) throws IOException {
        PixelMedDicomService service = service();
        Path file = dir.resolve("source-" + side + "-" + view + "-" + width + ".dcm");
        DicomIdentity identity = new DicomIdentity(PATIENT_ID, PATIENT_NAME, service.newUid(), service.newUid(),
                service.newUid(), "20240131", "ACC-0815", BIRTH_DATE);
        service.writeMammogram(file, new MammogramObject(identity, width, height, 12, breast(width, height, side), side,
                view, 0.07, 2048, 4096));
        DicomReadOptions m = DicomReadOptions.mammogram();
        return service.read(file, new DicomReadOptions(m.modalities(), true, true, m.maxPixels()));
    }

    /** The standard synthetic explanation of a mammogram read from DICOM. */
    public static Explanation explanation(DicomImage read) {
        return Explanations.builder().image(read.image()).metadata(read.metadata()).sampleId("mg-0001").build();
    }

    /** Options as the explainer passes them: the identifiers it read, the run, the source. */
    public static RenderOptions options(DicomImage read, boolean keepIdentifiers) {
        Map<String, String> extra = new HashMap<>(read.identifiers());
        extra.put("run", "/runs/demo");
        extra.put("source", "mg-0001.dcm");
        return new RenderOptions(keepIdentifiers, extra);
    }

    public static byte[] render(ExplanationRenderer renderer, Explanation e, RenderOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renderer.render(e, options, out);
        return out.toByteArray();
    }

    public static Path save(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    public static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    public static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    /** Every attribute of the file but the pixels, as text: what a privacy check reads. */
    public static String headerText(Path file) throws Exception {
        AttributeList list = read(file);
        list.remove(TagFromName.PixelData);
        return list.toString();
    }

    /** A breast stored as a unit stores it: tissue on the chest-wall side (left for LEFT), air elsewhere. */
    static short[] breast(int width, int height, Laterality side) {
        short[] pixels = new short[width * height];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double x = side == Laterality.LEFT ? c : width - 1 - c;
                double y = r - height / 2.0;
                boolean tissue = x * x / (width * width * 0.64) + y * y / (height * height * 0.2) <= 1;
                pixels[r * width + c] = (short) (tissue ? 900 + (c * 13 + r * 7) % 2500 : (c + r) % 30);
            }
        }
        return pixels;
    }

    /** A validator's complaints about a file: its lines starting with "Error". */
    public record Verdict(int exitCode, List<String> errors, String output) {}

    /** dciodvfy (Debian dicom3tools) on a file; skipped outside CI when it is not installed. */
    public static Verdict dciodvfy(Path file) throws IOException, InterruptedException {
        Path tool = onPath("dciodvfy");
        if (tool == null) {
            unavailable("dciodvfy (Debian package dicom3tools) is not on the PATH");
        }
        Process process = new ProcessBuilder(tool.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("dciodvfy did not finish on " + file);
        }
        return new Verdict(process.exitValue(), output.lines().filter(l -> l.startsWith("Error")).toList(), output);
    }

    /**
     * PixelMed's DicomSRValidator on each file, each in a JVM of its own, all at once. It always exits 0: its
     * verdict is its "Error" lines.
     */
    public static List<Verdict> srValidator(Path... files) throws Exception {
        Path jar = null;
        try {
            Class<?> validator = Class.forName("com.pixelmed.validate.DicomSRValidator");
            jar = Path.of(validator.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            unavailable("PixelMed's DicomSRValidator is not on the test class path");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (Path file : files) {
            // the validator's XSLT exceeds the JDK's default XPath limits; a short run needs no optimising compiler
            List<String> command = List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Djdk.xml.xpathExprOpLimit=0", "-Djdk.xml.xpathExprGrpLimit=0", "-Djdk.xml.xpathTotalOpLimit=0",
                    "-cp", jar.toString(), "com.pixelmed.validate.DicomSRValidator", file.toString());
            Path output = file.resolveSibling(file.getFileName() + ".validator.txt");
            outputs.add(output);
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start());
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            if (!processes.get(i).waitFor(120, TimeUnit.SECONDS)) {
                processes.forEach(Process::destroyForcibly);
                fail("DicomSRValidator did not finish on " + files[i]);
            }
            String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
            if (!output.contains("Found Root Template TID_1500")) {
                fail("DicomSRValidator did not recognise a TID 1500 report in " + files[i] + ":\n" + output);
            }
            verdicts.add(new Verdict(processes.get(i).exitValue(),
                    output.lines().filter(l -> l.startsWith("Error")).toList(), output));
        }
        return verdicts;
    }

    private static void unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + ": it is required when CI=true (scripts/prerequisites.sh installs it)");
        }
        Assumptions.abort(message + ": skipping outside CI");
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
}
