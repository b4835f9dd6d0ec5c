package org.deepminer.data.phantom.internal.io;

import static org.deepminer.data.phantom.internal.io.PhantomLayout.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.data.phantom.internal.model.Assessments;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;

/**
 * A phantom data set opened for reading. {@link #samples()} comes from the reports, read when the set is
 * opened (each report's identity and the existence of every file it names are checked then); an image,
 * its masks and its report are read by {@link #load}.
 *
 * <p>Strict mode: the first bad report, missing file or unreadable DICOM/PNG throws a
 * {@link DeepMinerException} naming the file. Lenient mode: a sample whose report is bad, or whose
 * DICOM or masks are missing or not DICOM/PNG files at all, is skipped when the set is opened and the
 * problem listed in {@link #problems()}; a file that only turns out to be bad when decoded, in
 * {@link #load}, still throws (a sample cannot be skipped once handed out) and is listed too.
 */
public final class PhantomDataset implements Dataset {
    private static final long MAX_PIXELS = 100_000_000L;
    private static final Set<String> LABELS = Set.of("normal", "benign", "malignant");

    private final Path root;
    private final DatasetOptions options;
    private final DicomService dicom;
    private final ObjectMapper json = new ObjectMapper();
    private final List<SampleRef> samples;
    private final Map<String, Path> reports = new LinkedHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    public PhantomDataset(Path path, DatasetOptions options, DicomService dicom) {
        this.root = path.toAbsolutePath().normalize();
        this.options = options;
        this.dicom = dicom;
        if (!Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "not a folder");
        }
        if (!Files.isRegularFile(root.resolve(MANIFEST))) {
            throw new DeepMinerException(root.toString(), "not a phantom data set: no " + MANIFEST
                    + " (generate one with deepminer:phantom)");
        }
        if (Files.exists(root.resolve(INCOMPLETE))) {
            throw new DeepMinerException(root.toString(), "its generation did not finish (" + INCOMPLETE
                    + " is present); run deepminer:phantom on it again");
        }
        String vocabulary = options.vocabulary();
        if (vocabulary != null && !vocabulary.isBlank() && !vocabulary.equals("birads")) {
            throw new DeepMinerException(root.toString(), "phantom concepts are ids of the birads vocabulary; "
                    + "vocabulary '" + vocabulary + "' is not supported");
        }
        Path reportDir = root.resolve(REPORTS);
        if (!Files.isDirectory(reportDir)) {
            throw new DeepMinerException(reportDir.toString(), "missing: a phantom data set keeps its reports here");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(reportDir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new DeepMinerException(reportDir.toString(), "cannot list the reports: " + e.getMessage(), e);
        }
        List<SampleRef> refs = new ArrayList<>();
        for (Path file : files) {
            try {
                SampleRef ref = identity(file);
                reports.put(ref.id(), file);
                refs.add(ref);
            } catch (DeepMinerException e) {
                if (options.strict()) {
                    throw e;
                }
                problems.add(e.getMessage());
            }
        }
        samples = Collections.unmodifiableList(refs);
    }

    @Override
    public String format() {
        return "phantom";
    }

    @Override
    public List<SampleRef> samples() {
        return samples;
    }

    @Override
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Reads a report's identity and checks that every file it names exists. */
    private SampleRef identity(Path file) {
        JsonNode r = readReport(file);
        String id = text(r, "id", file);
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!id.equals(stem)) {
            throw new DeepMinerException(file.toString(), "field 'id' is '" + id + "' but the file is named " + stem);
        }
        String caseId = text(r, "case_id", file);
        Split split;
        try {
            split = Split.parse(text(r, "split", file));
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(file.toString(), "field 'split': " + e.getMessage());
        }
        String label = text(r, "label", file);
        if (!LABELS.contains(label)) {
            throw new DeepMinerException(file.toString(), "field 'label' is '" + label + "', not normal, benign or malignant");
        }
        requireFile(file, "dicom", text(r, "dicom", file), DICOM_MAGIC, 128);
        for (JsonNode lesion : r.path("lesions")) {
            requireFile(file, "lesions[].mask", text(lesion, "mask", file), PNG_MAGIC, 0);
            lesion.path("concept_masks").fields().forEachRemaining(e -> requireFile(file,
                    "lesions[].concept_masks." + e.getKey(), e.getValue().asText(), PNG_MAGIC, 0));
        }
        return new SampleRef(id, caseId, split, label);
    }

    private static final byte[] DICOM_MAGIC = {'D', 'I', 'C', 'M'};
    private static final byte[] PNG_MAGIC = {(byte) 137, 'P', 'N', 'G'};

    /** The file exists and starts like what it should be (a cheap check: one small read, no decoding). */
    private void requireFile(Path report, String field, String relative, byte[] magic, int offset) {
        Path target = resolve(report, field, relative);
        if (!Files.isRegularFile(target)) {
            throw new DeepMinerException(report.toString(), "field '" + field + "' names " + relative
                    + ", which does not exist");
        }
        byte[] head = new byte[offset + magic.length];
        int n;
        try (var in = Files.newInputStream(target)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new DeepMinerException(target.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (n < head.length || !java.util.Arrays.equals(head, offset, head.length, magic, 0, magic.length)) {
            throw new DeepMinerException(target.toString(), "is not a " + (magic == PNG_MAGIC ? "PNG" : "DICOM")
                    + " file (named by " + report.getFileName() + ", field '" + field + "')");
        }
    }

    private Path resolve(Path report, String field, String relative) {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root)) {
            throw new DeepMinerException(report.toString(), "field '" + field + "' points outside the data set: " + relative);
        }
        return target;
    }

    @Override
    public Sample load(SampleRef ref) {
        Path file = reports.get(ref.id());
        if (file == null) {
            throw new DeepMinerException(root.toString(), "no sample '" + ref.id() + "' in this data set");
        }
        try {
            return read(ref, file);
        } catch (DeepMinerException e) {
            if (!options.strict()) {
                problems.add(e.getMessage());
            }
            throw e;
        }
    }

    private Sample read(SampleRef ref, Path file) {
        JsonNode r = readReport(file);
        Path dicomFile = resolve(file, "dicom", text(r, "dicom", file));
        DicomImage image = dicom.read(dicomFile, DicomReadOptions.mammogram());
        int width = image.image().width();
        int height = image.image().height();
        List<Lesion> lesions = new ArrayList<>();
        for (JsonNode l : r.path("lesions")) {
            String lesionId = text(l, "id", file);
            RegionMask mask = readMask(resolve(file, "lesions[].mask", text(l, "mask", file)), width, height);
            Map<String, RegionMask> conceptMasks = new LinkedHashMap<>();
            var fields = l.path("concept_masks").fields();
            while (fields.hasNext()) {
                var e = fields.next();
                conceptMasks.put(e.getKey(), readMask(resolve(file, "concept_masks", e.getValue().asText()), width, height));
            }
            List<Integer> outline = new ArrayList<>();
            for (JsonNode v : l.path("outline")) {
                outline.add(v.asInt());
            }
            int assessment;
            try {
                assessment = Assessments.number(text(l, "assessment", file));
            } catch (IllegalArgumentException e) {
                throw new DeepMinerException(file.toString(), "lesion " + lesionId + ": " + e.getMessage());
            }
            lesions.add(new Lesion(lesionId, text(l, "kind", file), text(l, "pathology", file), strings(l.path("concepts")),
                    mask, conceptMasks, outline, assessment));
        }
        int assessment;
        try {
            assessment = Assessments.number(text(r, "assessment", file));
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(file.toString(), "field 'assessment': " + e.getMessage());
        }
        Report report = new Report(text(r, "report", file), strings(r.path("concepts")), assessment,
                text(r, "density", file));
        return new Sample(ref, image.image(), image.metadata(), new GroundTruth(ref.label(), lesions, report));
    }

    private JsonNode readReport(Path file) {
        try {
            JsonNode node = json.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new DeepMinerException(file.toString(), "not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            throw new DeepMinerException(file.toString(), "field '" + field + "' is missing");
        }
        return v.asText();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }

    /** A PNG mask (any non-zero sample is inside) as a mask over its bounding box. */
    private static RegionMask readMask(Path file, int width, int height) {
        Png.Grey png;
        try {
            png = Png.readGrey(file, MAX_PIXELS);
        } catch (IOException e) {
            throw new DeepMinerException(file.toString(), "cannot read the mask: " + e.getMessage(), e);
        }
        if (png.width() != width || png.height() != height) {
            throw new DeepMinerException(file.toString(), "mask is " + png.width() + "x" + png.height()
                    + " but its image is " + width + "x" + height);
        }
        int[] s = png.samples();
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (s[y * width + x] != 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            throw new DeepMinerException(file.toString(), "mask is empty");
        }
        Box box = new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
        BitSet bits = new BitSet(box.width() * box.height());
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                if (s[y * width + x] != 0) {
                    bits.set((y - minY) * box.width() + (x - minX));
                }
            }
        }
        return new RegionMask(box, bits);
    }
}
