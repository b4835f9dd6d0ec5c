package org.deepminer.data.phantom.internal.io;

import static org.deepminer.data.phantom.internal.io.PhantomLayout.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Laterality;
import org.deepminer.data.phantom.internal.model.Assessments;
import org.deepminer.data.phantom.internal.model.CasePrior;
import org.deepminer.data.phantom.internal.model.CaseSpec;
import org.deepminer.data.phantom.internal.model.Ceiling;
import org.deepminer.data.phantom.internal.model.Concepts;
import org.deepminer.data.phantom.internal.model.LesionSpec;
import org.deepminer.data.phantom.internal.model.PathologyModel;
import org.deepminer.data.phantom.internal.synth.MammogramSynth;
import org.deepminer.data.phantom.internal.synth.Mask;
import org.deepminer.data.phantom.internal.synth.RenderedLesion;
import org.deepminer.data.phantom.internal.synth.SynthSettings;
import org.deepminer.data.phantom.internal.synth.SynthView;
import org.deepminer.dicom.DicomIdentity;
import org.deepminer.dicom.DicomService;
import org.deepminer.dicom.MammogramObject;
import org.deepminer.dicom.MaskObject;

/**
 * Generates a phantom data set into a folder: images as DICOM, reports, masks, DDSM and CBIS-DDSM files,
 * the pathology model and its ceiling. Cases are independent (each is drawn from its own seed), so they are
 * generated on all worker threads and the output does not depend on how many there are.
 *
 * <p>Orientation: the synthesis, the reports' masks and outlines are canonical (chest wall on the left).
 * The DICOM, DDSM and CBIS-DDSM files store images as a mammography unit does, a RIGHT breast mirrored
 * (chest wall on the right, PatientOrientation P\L or P\FL written by the DICOM service), so that their
 * readers bring them back to canonical orientation the way they do for real data; the DDSM chain codes
 * and the CBIS ROI masks are in those stored coordinates.
 */
public final class PhantomGenerator {
    private static final long SPLIT_SALT = 0x5EED5EEDL;
    private static final String STUDY_DATE = "20000101";

    private final DicomService dicom;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PhantomGenerator(DicomService dicom) {
        this.dicom = dicom;
    }

    /**
     * What a generation produced.
     *
     * @param counts images per label, then per split (labels normal, benign, malignant; splits train,
     *        validation, test)
     * @param note what happened, e.g. that an existing set was kept
     */
    public record Result(Path dir, boolean skipped, Map<String, Object> parameters, int cases, int images,
            Map<String, Map<String, Integer>> counts, Map<String, Integer> casesPerSplit, Ceiling ceiling,
            Ceiling testCeiling, double seconds, String note) {}

    /** The seed of case {@code index}. */
    public static long caseSeed(long seed, int index) {
        return MammogramSynth.mix(MammogramSynth.mix(seed) + index);
    }

    /** Draws every case of a parameter set (cheap: no pixels). */
    public static List<CaseSpec> drawCases(PhantomParameters p) {
        CasePrior prior = new CasePrior(p.mix());
        List<CaseSpec> cases = new ArrayList<>(p.cases());
        for (int i = 0; i < p.cases(); i++) {
            cases.add(prior.draw(i, caseSeed(p.seed(), i)));
        }
        return cases;
    }

    /**
     * Splits cases 80/10/10 into train, validation and test, stratified by label, deterministic per seed.
     *
     * @return the split of each case, by index
     */
    public static String[] split(List<CaseSpec> cases, long seed) {
        String[] split = new String[cases.size()];
        SplittableRandom rng = new SplittableRandom(MammogramSynth.mix(seed ^ SPLIT_SALT));
        for (String label : List.of("normal", "benign", "malignant")) {
            List<Integer> group = new ArrayList<>();
            for (CaseSpec c : cases) {
                if (c.label().equals(label)) {
                    group.add(c.index());
                }
            }
            for (int i = group.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = group.get(i);
                group.set(i, group.get(j));
                group.set(j, t);
            }
            int train = (int) Math.round(group.size() * 0.8);
            int validation = (int) Math.round(group.size() * 0.1);
            for (int i = 0; i < group.size(); i++) {
                split[group.get(i)] = i < train ? "train" : (i < train + validation ? "validation" : "test");
            }
        }
        return split;
    }

    public Result generate(Path dir, PhantomParameters p) throws IOException {
        long start = System.nanoTime();
        Path root = dir.toAbsolutePath().normalize();
        Result existing = prepare(root, p, start);
        if (existing != null) {
            return existing;
        }
        Files.writeString(root.resolve(INCOMPLETE), json.writeValueAsString(p.describe()));
        List<CaseSpec> cases = drawCases(p);
        String[] splits = split(cases, p.seed());
        String datasetKey = json.writeValueAsString(p.describe()).replaceAll("\\s", "");

        int threads = Math.max(1, Math.min(p.threads(), cases.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "phantom-generator");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<CaseWriter> writers = ThreadLocal.withInitial(() -> new CaseWriter(root, p, datasetKey));
        List<CaseOutput> outputs = new ArrayList<>();
        try {
            List<Future<CaseOutput>> futures = new ArrayList<>();
            for (CaseSpec c : cases) {
                String split = splits[c.index()];
                futures.add(pool.submit(() -> writers.get().write(c, split)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outputs.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof DeepMinerException d) {
                        throw d;
                    }
                    throw new DeepMinerException(root.toString(), "generating case " + cases.get(i).caseId()
                            + " failed: " + cause, cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeepMinerException(root.toString(), "interrupted while generating");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Result result = finish(root, p, cases, splits, outputs, start);
        Files.deleteIfExists(root.resolve(INCOMPLETE));
        return result;
    }

    /**
     * Checks the folder: returns the existing result when it already holds this parameter set, cleans up an
     * interrupted generation, refuses anything else that is not empty.
     */
    private Result prepare(Path root, PhantomParameters p, long start) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "is a file, not a folder");
        }
        Files.createDirectories(root);
        Path manifest = root.resolve(MANIFEST);
        boolean incomplete = Files.exists(root.resolve(INCOMPLETE));
        if (Files.exists(manifest) && !incomplete) {
            JsonNode m;
            try {
                m = json.readTree(manifest.toFile());
            } catch (IOException e) {
                throw new DeepMinerException(manifest.toString(), "cannot read the manifest: " + e.getMessage(), e);
            }
            // both sides parsed from text, so that numbers compare as the same node types
            JsonNode wanted = json.readTree(json.writeValueAsString(p.describe()));
            if (wanted.equals(m.path("parameters")) && GENERATOR_VERSION.equals(m.path("generator_version").asText())) {
                return summary(root, (System.nanoTime() - start) / 1e9,
                        "already holds a phantom with these parameters: kept, nothing written");
            }
            throw new DeepMinerException(root.toString(), "holds a phantom generated with other parameters "
                    + m.path("parameters") + " (generator " + m.path("generator_version").asText()
                    + "); choose another folder or delete this one");
        }
        if (incomplete) {
            // an interrupted run of ours: remove what it wrote and start again
            for (String name : OWNED) {
                deleteTree(root.resolve(name));
            }
            return null;
        }
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.findAny().isPresent()) {
                throw new DeepMinerException(root.toString(), "is not empty and holds no phantom data set ("
                        + MANIFEST + "); choose an empty or new folder");
            }
        }
        return null;
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------
    // one case

    /** What the aggregate files need from a case. */
    record ImageOutput(String imageId, String label, double posterior, List<List<String>> massRows,
            List<List<String>> calcRows) {}

    record CaseOutput(CaseSpec spec, String split, List<ImageOutput> images) {}

    /** Per-thread state: a synthesiser and a full-image mask buffer. */
    private final class CaseWriter {
        private final Path root;
        private final PhantomParameters p;
        private final SynthSettings settings;
        private final MammogramSynth synth;
        private final String datasetKey;
        private final byte[] canvas;
        private final int size;

        CaseWriter(Path root, PhantomParameters p, String datasetKey) {
            this.root = root;
            this.p = p;
            this.settings = p.synth();
            this.synth = new MammogramSynth(settings);
            this.datasetKey = datasetKey;
            this.size = p.size();
            this.canvas = new byte[size * size];
        }

        CaseOutput write(CaseSpec c, String split) throws IOException {
            String laterality = c.laterality().name();
            boolean right = c.laterality() == Laterality.RIGHT;
            String studyUid = uid(c.caseId());
            Path ddsmDir = root.resolve(DDSM).resolve(c.caseId());
            Files.createDirectories(ddsmDir);
            Files.createDirectories(root.resolve(DICOM).resolve(c.caseId()));
            List<ImageOutput> images = new ArrayList<>();
            StringBuilder ics = new StringBuilder();
            ics.append("ics_version 1.0\n");
            ics.append("filename ").append(c.caseId()).append('\n');
            ics.append("DATE_OF_STUDY 1 1 2000\n");
            ics.append("PATIENT_AGE ").append(c.age()).append('\n');
            ics.append("FILM\nFILM_TYPE REGULAR\n");
            ics.append("DENSITY ").append(Concepts.ddsmDensity(c.density())).append('\n');
            ics.append("DATE_DIGITIZED 1 1 2000\n");
            ics.append("DIGITIZER LUMISYS\n");
            ics.append("SEQUENCE\n");
            int resolutionUm = (int) Math.round(settings.spacingMm() * 1000);
            for (int vi = 0; vi < p.views().size(); vi++) {
                String view = p.views().get(vi);
                SynthView v = synth.render(c, vi, view, true);
                String imageId = imageId(c.caseId(), laterality, view);
                String ddsmView = laterality + "_" + view;
                List<Object> lesionList = new ArrayList<>();
                List<List<String>> massRows = new ArrayList<>();
                List<List<String>> calcRows = new ArrayList<>();
                StringBuilder overlay = new StringBuilder();
                int abnormality = 0;
                Files.createDirectories(root.resolve(MASKS).resolve(imageId));

                short[] stored = right ? mirror(v.pixels(), size) : v.pixels();
                String sopUid = uid(imageId);
                DicomIdentity identity = new DicomIdentity("PHANTOM-" + c.caseId(), "PHANTOM^" + c.caseId(), studyUid,
                        uid(imageId + "/series"), sopUid, STUDY_DATE, "");
                String dicomPath = PhantomLayout.dicom(c.caseId(), imageId);
                dicom.writeMammogram(root.resolve(dicomPath), new MammogramObject(identity, size, size, 12, stored,
                        c.laterality(), view, settings.spacingMm(), v.windowCenter(), v.windowWidth()));
                Png.writeGrey16(ddsmDir.resolve(c.caseId() + "." + ddsmView + ".png"), stored, size, size);

                for (RenderedLesion l : v.lesions()) {
                    LesionSpec s = l.spec();
                    Mask union = l.mask();
                    if (union.isEmpty()) {
                        throw new DeepMinerException(imageId, "lesion " + s.id() + " has an empty mask");
                    }
                    String maskPath = PhantomLayout.mask(imageId, s.id());
                    writeMask(maskPath, union);
                    Map<String, String> conceptPaths = new LinkedHashMap<>();
                    for (Map.Entry<String, Mask> e : l.conceptMasks().entrySet()) {
                        if (e.getValue().isEmpty()) {
                            continue; // the lesion mask stands in for it
                        }
                        String path = PhantomLayout.conceptMask(imageId, s.id(), e.getKey());
                        writeMask(path, e.getValue());
                        conceptPaths.put(e.getKey(), path);
                    }
                    ChainCode outline = ChainCode.trace(union);
                    Map<String, Object> lj = new LinkedHashMap<>();
                    lj.put("id", s.id());
                    lj.put("kind", s.kind().concept());
                    lj.put("pathology", s.pathology());
                    lj.put("concepts", s.concepts());
                    lj.put("assessment", s.assessment());
                    lj.put("incidental", s.incidental());
                    lj.put("p_malignant", s.pMalignant());
                    lj.put("subtlety", l.subtlety());
                    lj.put("size_mm", Math.round(l.sizeMm() * 10) / 10.0);
                    lj.put("location", l.location());
                    lj.put("mask", maskPath);
                    lj.put("concept_masks", conceptPaths);
                    lj.put("outline", outline.corners());
                    lesionList.add(lj);
                    if (s.incidental()) {
                        continue; // not a finding: no DDSM overlay, no CBIS row
                    }
                    abnormality++;
                    Mask storedMask = right ? union.mirrored(size) : union;
                    overlay.append("ABNORMALITY ").append(abnormality).append('\n');
                    overlay.append("LESION_TYPE ").append(lesionType(s)).append('\n');
                    overlay.append("ASSESSMENT ").append(s.assessmentNumber()).append('\n');
                    overlay.append("SUBTLETY ").append(l.subtlety()).append('\n');
                    overlay.append("PATHOLOGY ").append(s.malignant() ? "MALIGNANT" : "BENIGN").append('\n');
                    overlay.append("TOTAL_OUTLINES 1\n");
                    overlay.append("BOUNDARY\n").append(ChainCode.trace(storedMask).format()).append('\n');

                    String roiPath = PhantomLayout.roi(imageId, abnormality);
                    Files.createDirectories(root.resolve(roiPath).getParent());
                    dicom.writeMask(root.resolve(roiPath), new MaskObject(new DicomIdentity(identity.patientId(),
                            identity.patientName(), studyUid, uid(imageId + "/roi/" + abnormality),
                            uid(imageId + "/roi/" + abnormality + "/instance"), STUDY_DATE, ""), size, size,
                            bits(storedMask), sopUid, MG_FOR_PRESENTATION));
                    List<String> row = new ArrayList<>();
                    row.add(c.caseId());
                    row.add(Integer.toString(Concepts.ddsmDensity(c.density())));
                    row.add(laterality);
                    row.add(view);
                    row.add(Integer.toString(abnormality));
                    if (s.kind().isCalcification()) {
                        row.add("calcification");
                        row.add(Concepts.ddsmToken(s.morphology()));
                        row.add(Concepts.ddsmToken(s.distribution()));
                    } else {
                        row.add("mass");
                        row.add(massShapeToken(s));
                        row.add(Concepts.ddsmToken(s.margin()));
                    }
                    row.add(Integer.toString(s.assessmentNumber()));
                    row.add(s.malignant() ? "MALIGNANT" : "BENIGN");
                    row.add(Integer.toString(l.subtlety()));
                    row.add(dicomPath);
                    row.add(roiPath);
                    row.add(roiPath);
                    (s.kind().isCalcification() ? calcRows : massRows).add(row);
                }
                boolean hasOverlay = abnormality > 0;
                if (hasOverlay) {
                    Files.writeString(ddsmDir.resolve(c.caseId() + "." + ddsmView + ".OVERLAY"),
                            "TOTAL_ABNORMALITIES " + abnormality + "\n" + overlay, StandardCharsets.US_ASCII);
                }
                ics.append(ddsmView).append(" LINES ").append(size).append(" PIXELS_PER_LINE ").append(size)
                        .append(" BITS_PER_PIXEL 12 RESOLUTION ").append(resolutionUm)
                        .append(hasOverlay ? " OVERLAY" : " NON_OVERLAY").append('\n');

                String assessment = c.assessment();
                List<String> concepts = new ArrayList<>();
                concepts.add(c.density());
                for (RenderedLesion l : v.lesions()) {
                    for (String concept : l.spec().concepts()) {
                        if (!concepts.contains(concept)) {
                            concepts.add(concept);
                        }
                    }
                }
                concepts.add(Assessments.concept(assessment));
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("id", imageId);
                report.put("case_id", c.caseId());
                report.put("split", split);
                report.put("label", c.label());
                report.put("laterality", laterality);
                report.put("view", view);
                report.put("density", c.density());
                report.put("assessment", assessment);
                report.put("report", ReportText.of(laterality, view, c.density(), v.lesions(), assessment));
                report.put("concepts", concepts);
                report.put("lesions", lesionList);
                report.put("dicom", dicomPath);
                report.put("ddsm_image", DDSM + "/" + c.caseId() + "/" + c.caseId() + "." + ddsmView + ".png");
                report.put("width", size);
                report.put("height", size);
                report.put("pixel_spacing_mm", settings.spacingMm());
                report.put("posterior_malignant", c.posteriorMalignant());
                Path reportFile = root.resolve(PhantomLayout.report(imageId));
                Files.createDirectories(reportFile.getParent());
                Files.write(reportFile, json.writeValueAsBytes(report));
                images.add(new ImageOutput(imageId, c.label(), c.posteriorMalignant(), massRows, calcRows));
            }
            Files.writeString(ddsmDir.resolve(c.caseId() + ".ics"), ics.toString(), StandardCharsets.US_ASCII);
            return new CaseOutput(c, split, images);
        }

        private void writeMask(String relative, Mask mask) throws IOException {
            mask.paint(canvas, size, size);
            try {
                Png.writeMask(root.resolve(relative), canvas, size, size);
            } finally {
                // clear only the box that was painted
                for (int y = Math.max(0, mask.y()); y < Math.min(size, mask.y() + mask.height()); y++) {
                    int from = y * size + Math.max(0, mask.x());
                    int to = y * size + Math.min(size, mask.x() + mask.width());
                    java.util.Arrays.fill(canvas, from, Math.max(from, to), (byte) 0);
                }
            }
        }

        private BitSet bits(Mask m) {
            BitSet bits = new BitSet(size * size);
            for (int y = Math.max(0, m.y()); y < Math.min(size, m.y() + m.height()); y++) {
                for (int x = Math.max(0, m.x()); x < Math.min(size, m.x() + m.width()); x++) {
                    if (m.get(x, y)) {
                        bits.set(y * size + x);
                    }
                }
            }
            return bits;
        }

        /**
         * A UID under the 2.25 arc from a name-based (SHA-256) UUID of the data set's parameters and the object
         * name: the same data set gets the same UIDs, another parameter set other ones.
         */
        private String uid(String name) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest((datasetKey + "/" + name).getBytes(StandardCharsets.UTF_8));
                byte[] uuid = java.util.Arrays.copyOf(hash, 16);
                uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x50); // version 5 style (name-based)
                uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80); // RFC 4122 variant
                return "2.25." + new BigInteger(1, uuid);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }

    static short[] mirror(short[] pixels, int size) {
        short[] out = new short[pixels.length];
        for (int y = 0; y < size; y++) {
            int row = y * size;
            for (int x = 0; x < size; x++) {
                out[row + size - 1 - x] = pixels[row + x];
            }
        }
        return out;
    }

    /** The LESION_TYPE line of a finding, DDSM tokens. */
    static String lesionType(LesionSpec s) {
        if (s.kind().isCalcification()) {
            return "CALCIFICATION TYPE " + Concepts.ddsmToken(s.morphology()) + " DISTRIBUTION "
                    + Concepts.ddsmToken(s.distribution());
        }
        return "MASS SHAPE " + massShapeToken(s) + " MARGINS " + Concepts.ddsmToken(s.margin());
    }

    /** DDSM writes distortion, focal asymmetry and lymph node as mass shapes. */
    static String massShapeToken(LesionSpec s) {
        return switch (s.kind()) {
            case MASS -> Concepts.ddsmToken(s.shape());
            default -> Concepts.ddsmToken(s.kind().concept());
        };
    }

    // ---------------------------------------------------------------------------------------------------
    // the files about the whole set

    private Result finish(Path root, PhantomParameters p, List<CaseSpec> cases, String[] splits,
            List<CaseOutput> outputs, long start) throws IOException {
        try (Writer w = Files.newBufferedWriter(root.resolve(SPLITS), StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord("case_id", "split");
            for (CaseSpec c : cases) {
                csv.printRecord(c.caseId(), splits[c.index()]);
            }
        }
        // the DDSM reader is opened on ddsm/: give it the same splits, so every reader sees one partition
        Files.createDirectories(root.resolve(DDSM));
        Files.copy(root.resolve(SPLITS), root.resolve(DDSM).resolve(SPLITS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path cbis = root.resolve(CBIS);
        Files.createDirectories(cbis);
        for (String set : List.of("train", "test")) {
            writeCbis(cbis.resolve("mass_case_description_" + set + "_set.csv"), CBIS_MASS_COLUMNS, outputs, set, false);
            writeCbis(cbis.resolve("calc_case_description_" + set + "_set.csv"), CBIS_CALC_COLUMNS, outputs, set, true);
        }

        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        Map<String, Integer> casesPerSplit = new LinkedHashMap<>();
        for (String split : List.of("train", "validation", "test")) {
            casesPerSplit.put(split, 0);
        }
        for (String label : List.of("normal", "benign", "malignant")) {
            Map<String, Integer> bySplit = new LinkedHashMap<>();
            for (String split : List.of("train", "validation", "test")) {
                bySplit.put(split, 0);
            }
            counts.put(label, bySplit);
        }
        List<Ceiling.Scored> all = new ArrayList<>();
        Map<String, List<Ceiling.Scored>> perSplit = new LinkedHashMap<>();
        Map<String, Integer> lesionsByKind = new TreeMap<>();
        Map<String, Integer> lesionsByConcept = new TreeMap<>();
        int images = 0;
        for (CaseOutput o : outputs) {
            casesPerSplit.merge(o.split(), 1, Integer::sum);
            for (ImageOutput image : o.images()) {
                images++;
                counts.get(image.label()).merge(o.split(), 1, Integer::sum);
                Ceiling.Scored s = new Ceiling.Scored(image.label(), image.posterior());
                all.add(s);
                perSplit.computeIfAbsent(o.split(), k -> new ArrayList<>()).add(s);
            }
            for (LesionSpec l : o.spec().lesions()) {
                lesionsByKind.merge(l.kind().concept() + (l.incidental() ? " (incidental)" : ""), 1, Integer::sum);
                for (String concept : l.concepts()) {
                    lesionsByConcept.merge(concept, 1, Integer::sum);
                }
            }
        }
        Ceiling ceiling = Ceiling.of(all);
        Map<String, Object> ceilings = new LinkedHashMap<>();
        ceilings.put("all", ceiling.describe());
        for (String split : List.of("train", "validation", "test")) {
            ceilings.put(split, Ceiling.of(perSplit.getOrDefault(split, List.of())).describe());
        }

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("vocabulary", "birads");
        model.put("lesion_rule", "P(malignant | lesion) = max of concept_probabilities over the lesion's concepts; "
                + "concepts not listed (finding kinds with their own descriptors, distributions, densities) carry no "
                + "evidence. The lesion's pathology is one Bernoulli draw with that probability, given its concepts "
                + "only (not its size, position or case type).");
        model.put("combination", "max");
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (String concept : PathologyModel.ORDERED) {
            probabilities.put(concept, PathologyModel.PROBABILITIES.get(concept));
        }
        model.put("concept_probabilities", probabilities);
        model.put("chosen_by_phantom", PathologyModel.CHOSEN);
        model.put("image_rule", "P(image malignant | concepts) = 1 - prod over the image's non-incidental lesions of "
                + "(1 - P(malignant | lesion)); 0 without one. label = malignant if any lesion is malignant, benign if "
                + "it has any non-incidental lesion, else normal. Both views of a breast show the same lesions.");
        model.put("incidental", "normal breasts may show vascular calcifications (probability "
                + CasePrior.INCIDENTAL_VASCULAR + "): reported and masked with \"incidental\": true, never malignant, "
                + "and they leave the image normal");
        List<Object> bands = new ArrayList<>();
        for (Map.Entry<Double, String> band : PathologyModel.BANDS) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("p_at_most", band.getKey());
            b.put("assessment", band.getValue());
            bands.add(b);
        }
        model.put("assessment_bands", bands);
        model.put("image_assessment", "the most suspicious of its non-incidental lesions; 1 without one");
        model.put("decision_rule", "benign-vs-malignant accuracy: predict malignant iff the posterior > 0.5");
        model.put("case_prior", new CasePrior(p.mix()).describe());
        model.put("ceiling", ceilings);
        Files.write(root.resolve(MODEL), json.writeValueAsBytes(model));

        double spacing = SynthSettings.spacingFor(p.size());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("generator_version", GENERATOR_VERSION);
        manifest.put("seed", p.seed());
        manifest.put("parameters", p.describe());
        manifest.put("pixel_spacing_mm", spacing);
        manifest.put("field_of_view_mm", SynthSettings.FIELD_OF_VIEW_MM);
        manifest.put("image_size", List.of(p.size(), p.size()));
        manifest.put("bits_stored", 12);
        manifest.put("contrast", p.contrast());
        manifest.put("contrast_note", contrastNote(p.contrast()));
        manifest.put("breasts_per_case", 1);
        manifest.put("breasts_note", "one breast (LEFT or RIGHT at random) per case, imaged in every view listed; "
                + "a case is one split unit");
        manifest.put("orientation", "reports, masks and outlines are canonical (chest wall on the left); the DICOM, "
                + "DDSM and CBIS files store a RIGHT breast mirrored, as a mammography unit does (PatientOrientation "
                + "P\\L / P\\FL), and DDSM chain codes and CBIS ROI masks are in those stored coordinates");
        manifest.put("cases", cases.size());
        manifest.put("images", images);
        Map<String, Object> countMap = new LinkedHashMap<>();
        Map<String, Integer> byClass = new LinkedHashMap<>();
        Map<String, Integer> bySplit = new LinkedHashMap<>();
        counts.forEach((label, m) -> {
            byClass.put(label, m.values().stream().mapToInt(Integer::intValue).sum());
            m.forEach((split, n) -> bySplit.merge(split, n, Integer::sum));
        });
        countMap.put("images_by_class", byClass);
        countMap.put("images_by_split", bySplit);
        countMap.put("images_by_class_and_split", counts);
        countMap.put("cases_by_split", casesPerSplit);
        countMap.put("lesions_by_kind", lesionsByKind);
        countMap.put("lesions_by_concept", lesionsByConcept);
        manifest.put("counts", countMap);
        manifest.put("ceiling", ceilings);
        manifest.put("ddsm", "ddsm/<case>/<case>.ics, <case>.<LATERALITY>_<VIEW>.png (16-bit PNG of the 12-bit values) "
                + "and .OVERLAY for images with findings; DIGITIZER LUMISYS: grey levels are linear in optical density "
                + "as that scanner's calibration assumes, dense tissue bright");
        manifest.put("cbis", "validation cases are listed in the train CSVs (CBIS-DDSM has train and test only; "
                + "splits.csv keeps the truth); normal images have no rows; 'cropped image file path' points at the "
                + "ROI mask because no cropped images are written");
        manifest.put("identifiers", "synthetic: patient PHANTOM^<case>, id PHANTOM-<case>, study date 20000101; UIDs "
                + "under 2.25 derived from the parameters, the same for the same data set");
        manifest.put("pathology_model", MODEL);
        Files.write(root.resolve(MANIFEST), json.writeValueAsBytes(manifest));

        return new Result(root, false, p.describe(), cases.size(), images, counts, casesPerSplit, ceiling,
                Ceiling.of(perSplit.getOrDefault("test", List.of())), (System.nanoTime() - start) / 1e9,
                "generated " + images + " images of " + cases.size() + " cases");
    }

    static String contrastNote(double k) {
        if (k > 1) {
            return "lesion contrast is " + k + " x the physical contrast: stronger than physics, so that lesions are "
                    + "visible at this resolution; real lesions are subtler";
        }
        return "lesion contrast is " + k + " x the physical contrast (1 = physics)";
    }

    private void writeCbis(Path file, List<String> columns, List<CaseOutput> outputs, String set, boolean calc)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord(columns);
            for (CaseOutput o : outputs) {
                boolean inSet = set.equals("test") ? o.split().equals("test") : !o.split().equals("test");
                if (!inSet) {
                    continue;
                }
                for (ImageOutput image : o.images()) {
                    for (List<String> row : calc ? image.calcRows() : image.massRows()) {
                        csv.printRecord(row);
                    }
                }
            }
        }
    }

    /** The result recorded in an existing folder's manifest. */
    public Result summary(Path root, double seconds, String note) throws IOException {
        Path manifest = root.resolve(MANIFEST);
        JsonNode m;
        try {
            m = json.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new DeepMinerException(manifest.toString(), "cannot read the manifest: " + e.getMessage(), e);
        }
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        m.path("counts").path("images_by_class_and_split").fields().forEachRemaining(e -> {
            Map<String, Integer> bySplit = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(s -> bySplit.put(s.getKey(), s.getValue().asInt()));
            counts.put(e.getKey(), bySplit);
        });
        Map<String, Integer> casesPerSplit = new LinkedHashMap<>();
        m.path("counts").path("cases_by_split").fields()
                .forEachRemaining(e -> casesPerSplit.put(e.getKey(), e.getValue().asInt()));
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = json.convertValue(m.path("parameters"), Map.class);
        return new Result(root, true, parameters, m.path("cases").asInt(), m.path("images").asInt(), counts,
                casesPerSplit, ceiling(m.path("ceiling").path("all")), ceiling(m.path("ceiling").path("test")), seconds,
                note);
    }

    private static Ceiling ceiling(JsonNode c) {
        return new Ceiling(c.path("images").asInt(), number(c.path("malignant_vs_rest_auc")),
                number(c.path("benign_vs_malignant_accuracy")), number(c.path("benign_vs_malignant_expected_accuracy")),
                c.path("lesion_images").asInt());
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
