package org.deepminer.data.cbis.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.ImageMetadata;
import org.deepminer.api.data.Laterality;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.MammogramImage;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.data.support.ListedImages;
import org.deepminer.data.support.Missing;
import org.deepminer.data.support.Problems;
import org.deepminer.data.support.Splits;
import org.deepminer.data.support.TermResolver;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;

/**
 * An opened CBIS-DDSM folder. Opening reads the description CSVs (one row per abnormality) and groups
 * them by image; {@link #load} reads the image and its ROI masks through the DICOM service. Loads share
 * only thread-safe state (the path cache and the problem list).
 *
 * <p>Splits: {@code splits.csv} at the root ({@code case_id,split}) when there is one; otherwise a case
 * is test if its rows come from a {@code *_test_set.csv}, and its train rows go to validation for the
 * first {@code validation} fraction (option, default 0.1) of a stable hash of the patient id, else to
 * train. A case with rows in both train and test files breaks CBIS's own split: an error when strict;
 * when lenient, a problem, and the case goes to test, so that no test image is trained on.
 */
final class CbisDataset implements Dataset {
    static final String FORMAT = "cbis-ddsm";

    /** A lesion as its row describes it; the mask is read when the image is loaded. */
    record LesionSpec(String id, String kind, String pathology, Set<String> concepts, int assessment, String roiPath,
            String croppedPath, String where) {}

    /** Everything known of one image before its pixels are read. */
    record Entry(SampleRef ref, List<String> imagePaths, Laterality side, String view, List<LesionSpec> lesions,
            Report report) {}

    private final Path root;
    private final DicomService dicom;
    private final Problems problems;
    private final CbisPaths paths;
    private final List<SampleRef> refs;
    private final Map<String, Entry> entries;

    private CbisDataset(Path root, DicomService dicom, Problems problems, CbisPaths paths, List<Entry> entries) {
        this.root = root;
        this.dicom = dicom;
        this.problems = problems;
        this.paths = paths;
        Map<String, Entry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.put(e.ref().id(), e));
        this.entries = Collections.unmodifiableMap(byId);
        this.refs = entries.stream().map(Entry::ref).toList();
    }

    static CbisDataset open(Path root, DatasetOptions options, ConceptVocabulary vocabulary, DicomService dicom) {
        if (!Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "not a folder: a CBIS-DDSM data set is a folder with its"
                    + " description CSVs and DICOM tree");
        }
        Problems problems = new Problems(options.strict());
        double validation = validationFraction(options.extra(), problems, root);
        TermResolver terms = new TermResolver(vocabulary, problems);

        List<Path> csvFiles = descriptionFiles(root, problems);
        List<CbisRow> rows = new ArrayList<>();
        for (Path csv : csvFiles) {
            rows.addAll(DescriptionCsv.read(csv, problems));
        }

        Map<String, Split> listed = null;
        Path splitsFile = root.resolve(Splits.FILE);
        if (Files.isRegularFile(splitsFile)) {
            try {
                listed = Splits.read(splitsFile, problems);
            } catch (IOException e) {
                throw new DeepMinerException(splitsFile.toString(), "cannot read: " + e.getMessage(), e);
            }
        }

        Map<String, List<CbisRow>> byCase = new LinkedHashMap<>();
        Map<String, List<CbisRow>> byImage = new TreeMap<>();
        for (CbisRow r : rows) {
            byCase.computeIfAbsent(r.patientId(), k -> new ArrayList<>()).add(r);
            byImage.computeIfAbsent(r.imageKey(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Split> caseSplit = new HashMap<>();
        for (Map.Entry<String, List<CbisRow>> c : byCase.entrySet()) {
            caseSplit.put(c.getKey(), splitOf(c.getKey(), c.getValue(), listed, splitsFile, validation, problems));
        }

        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<CbisRow>> image : byImage.entrySet()) {
            Entry e = entry(image.getKey(), image.getValue(), caseSplit.get(image.getValue().get(0).patientId()), terms,
                    problems);
            if (e != null) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            List<String> first = problems.snapshot();
            throw new DeepMinerException(root.toString(), "no readable CBIS-DDSM row"
                    + (first.isEmpty() ? "" : "; first problem: " + first.get(0)));
        }
        List<Path> bases = new ArrayList<>(List.of(root));
        Path tcia = root.resolve("CBIS-DDSM");
        if (Files.isDirectory(tcia)) {
            bases.add(tcia); // TCIA's download folder, when the CSVs sit beside it
        }
        CbisDataset dataset = new CbisDataset(root, dicom, problems, new CbisPaths(bases, problems), entries);
        Splits.checkOneSplitPerCase(root, dataset.refs);
        return dataset;
    }

    private static double validationFraction(Map<String, String> extra, Problems problems, Path root) {
        double validation = 0.1;
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (e.getKey().trim().equalsIgnoreCase("validation")) {
                try {
                    validation = Double.parseDouble(e.getValue().trim());
                } catch (NumberFormatException x) {
                    validation = -1;
                }
                if (!(validation >= 0 && validation <= 1)) {
                    throw new DeepMinerException(root.toString(), "option validation=" + e.getValue()
                            + ": want a fraction 0-1");
                }
            } else {
                problems.note(root.toString(), "option '" + e.getKey() + "' is not one of the CBIS-DDSM reader's"
                        + " (validation); ignored");
            }
        }
        return validation;
    }

    /**
     * The description CSVs at the root or in its csv/ or cbis/ folder (the phantom writes cbis/); a file
     * in several places is read from the first.
     */
    private static List<Path> descriptionFiles(Path root, Problems problems) {
        Map<String, Path> byName = new TreeMap<>();
        for (Path folder : List.of(root, root.resolve("csv"), root.resolve("cbis"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> s = Files.list(folder)) {
                for (Path p : s.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (DescriptionCsv.NAME.matcher(name).matches() && Files.isRegularFile(p)) {
                        Path first = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), p);
                        if (first != null) {
                            problems.note(p.toString(), "ignored: " + first + " has the same name");
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new DeepMinerException(folder.toString(), "cannot list the folder: " + e.getMessage(), e);
            }
        }
        if (byName.isEmpty()) {
            throw new DeepMinerException(root.toString(), "no CBIS-DDSM description CSV in it or in csv/ (want"
                    + " mass_case_description_train_set.csv, mass_case_description_test_set.csv,"
                    + " calc_case_description_train_set.csv or calc_case_description_test_set.csv)");
        }
        return List.copyOf(byName.values());
    }

    private static Split splitOf(String caseId, List<CbisRow> rows, Map<String, Split> listed, Path splitsFile,
            double validation, Problems problems) {
        if (listed != null) {
            Split s = listed.get(caseId);
            if (s != null) {
                return s;
            }
            problems.report(splitsFile.toString(), "case " + caseId + " is not listed; placed by its CSV files");
        }
        CbisRow train = rows.stream().filter(r -> !r.test()).findFirst().orElse(null);
        CbisRow test = rows.stream().filter(CbisRow::test).findFirst().orElse(null);
        if (train != null && test != null) {
            problems.report(test.where(), "case " + caseId + " is in the test set here and in the train set at "
                    + train.where() + ": a case must be in one split (placed in test)");
        }
        if (test != null) {
            return Split.TEST;
        }
        return Splits.unitHash(caseId) < validation ? Split.VALIDATION : Split.TRAIN;
    }

    private static Entry entry(String key, List<CbisRow> rows, Split split, TermResolver terms, Problems problems) {
        CbisRow first = rows.get(0);
        List<LesionSpec> lesions = new ArrayList<>();
        Map<String, CbisRow> seen = new HashMap<>();
        StringBuilder text = new StringBuilder();
        String density = "";
        if (!Missing.is(first.density())) {
            List<Concept> d = terms.resolve("breast composition", first.density(), first.where());
            density = d.isEmpty() ? "" : d.get(0).id();
            text.append("DENSITY ").append(first.density());
        }
        Set<String> concepts = new LinkedHashSet<>();
        int assessment = -1;
        Set<String> imagePaths = new LinkedHashSet<>();
        for (CbisRow r : rows) {
            String id = (r.mass() ? "mass-" : "calc-") + r.abnormalityId();
            CbisRow before = seen.putIfAbsent(id, r);
            if (before != null) {
                problems.report(r.where(), "abnormality " + r.abnormalityId() + " of " + key + " is also at "
                        + before.where());
                continue;
            }
            LesionSpec lesion = lesion(id, r, terms, problems);
            lesions.add(lesion);
            concepts.addAll(lesion.concepts());
            assessment = Math.max(assessment, lesion.assessment());
            imagePaths.add(r.imagePath());
            text.append('\n').append("ABNORMALITY ").append(r.abnormalityId()).append(" (").append(r.mass() ? "mass" : "calcification")
                    .append(")\nLESION_TYPE ").append(r.mass() ? "MASS SHAPE " : "CALCIFICATION TYPE ")
                    .append(orNa(r.shape())).append(r.mass() ? " MARGINS " : " DISTRIBUTION ").append(orNa(r.margins()))
                    .append("\nASSESSMENT ").append(r.assessment() < 0 ? "N/A" : r.assessment())
                    .append("\nSUBTLETY ").append(orNa(r.subtlety()))
                    .append("\nPATHOLOGY ").append(r.pathology());
        }
        if (lesions.isEmpty()) {
            return null;
        }
        String label = lesions.stream().anyMatch(l -> l.pathology().equals("malignant")) ? "malignant" : "benign";
        SampleRef ref = new SampleRef(key, first.patientId(), split, label);
        return new Entry(ref, List.copyOf(imagePaths), first.side(), first.view(), List.copyOf(lesions),
                new Report(text.toString().strip(), concepts, assessment, density));
    }

    private static String orNa(String s) {
        return s.isEmpty() ? "N/A" : s;
    }

    /**
     * One row as a lesion: kind from the abnormality type (mass, calcification), except that a mass whose
     * shape names only a finding (ARCHITECTURAL_DISTORTION, LYMPH_NODE, asymmetries) is of that kind;
     * concepts are the kind and every concept its shape/margins (or calc type/distribution) name.
     */
    static LesionSpec lesion(String id, CbisRow r, TermResolver terms, Problems problems) {
        String where = r.where();
        String type = Missing.is(r.abnormalityType()) ? (r.mass() ? "mass" : "calcification") : r.abnormalityType();
        List<Concept> finding = terms.resolve(TermResolver.FINDING, type, where);
        List<String> shapeFindings = new ArrayList<>();
        boolean shapeNamed = false;
        Set<String> descriptors = new LinkedHashSet<>();
        for (Concept c : terms.resolve(r.mass() ? "mass shape" : "calcification type", r.shape(), where)) {
            if (r.mass() && TermResolver.isFinding(c)) {
                shapeFindings.add(c.id());
            } else {
                descriptors.add(c.id());
                shapeNamed = true;
            }
        }
        for (Concept c : terms.resolve(r.mass() ? "mass margin" : "calcification distribution", r.margins(), where)) {
            descriptors.add(c.id());
        }
        String kind = !shapeFindings.isEmpty() && !shapeNamed ? shapeFindings.get(0)
                : !finding.isEmpty() ? finding.get(0).id()
                : shapeFindings.isEmpty() ? null : shapeFindings.get(0);
        Set<String> concepts = new LinkedHashSet<>();
        if (kind == null) {
            problems.report(where, "abnormality type '" + type + "' is no finding the vocabulary knows");
            kind = "";
        } else {
            concepts.add(kind);
        }
        concepts.addAll(shapeFindings);
        concepts.addAll(descriptors);
        String pathology = switch (r.pathology()) {
            case "MALIGNANT" -> "malignant";
            case "UNPROVEN" -> "unproven";
            default -> "benign"; // BENIGN and BENIGN_WITHOUT_CALLBACK
        };
        return new LesionSpec(id, kind, pathology, concepts, r.assessment(), r.roiPath(), r.croppedPath(), where);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public List<SampleRef> samples() {
        return refs;
    }

    @Override
    public List<String> problems() {
        return problems.snapshot();
    }

    @Override
    public Sample load(SampleRef ref) {
        Entry e = entries.get(ref.id());
        if (e == null) {
            throw new DeepMinerException(root.toString(), "no sample '" + ref.id() + "' in this data set");
        }
        DicomImage read = readImage(e);
        MammogramImage image = read.image();
        ImageMetadata m = read.metadata();
        ImageMetadata metadata = ListedImages.reconcile(m, e.side(), e.view(), problems, e.lesions().get(0).where());
        List<Lesion> lesions = new ArrayList<>();
        for (LesionSpec spec : e.lesions()) {
            RegionMask mask;
            try {
                mask = readMask(spec, image.width(), image.height(), m.flipped());
            } catch (DeepMinerException x) {
                if (problems.strict()) {
                    throw x;
                }
                problems.report(spec.where(), "ROI mask unreadable: " + x.getMessage());
                mask = Masks.EMPTY;
            }
            lesions.add(new Lesion(spec.id(), spec.kind(), spec.pathology(), spec.concepts(), mask, Map.of(), List.of(),
                    spec.assessment()));
        }
        return new Sample(e.ref(), image, metadata, new GroundTruth(e.ref().label(), lesions, e.report()));
    }

    private DicomImage readImage(Entry e) {
        String why = null;
        for (String path : e.imagePaths()) {
            List<Path> found = paths.candidates(path);
            if (found.size() == 1) {
                return dicom.read(found.get(0), DicomReadOptions.mammogram());
            }
            if (why == null) {
                why = found.isEmpty() ? "missing, and no single DICOM file found in its place"
                        : "missing, and " + found.size() + " DICOM files could stand for it: "
                                + String.join(", ", found.stream().map(p -> root.relativize(p).toString()).toList());
            }
        }
        throw new DeepMinerException(root.resolve(e.imagePaths().get(0)).toString(), why);
    }

    /** The lesion's ROI mask on its image; an empty region (and a problem) when there is none to be had. */
    private RegionMask readMask(LesionSpec spec, int width, int height, boolean mirror) {
        if (spec.roiPath().isEmpty()) {
            problems.report(spec.where(), "no ROI mask file path");
            return Masks.EMPTY;
        }
        String name = root.resolve(spec.roiPath()).toString();
        List<Path> candidates = paths.candidates(spec.roiPath());
        if (candidates.isEmpty()) {
            problems.report(spec.where(), "ROI mask " + name + " is missing");
            return Masks.EMPTY;
        }
        MammogramImage mask = null;
        Path chosen = null;
        for (Path p : candidates) {
            MammogramImage m = dicom.read(p, DicomReadOptions.anyImage()).image();
            if (Masks.isBinary(m)) {
                mask = m;
                chosen = p;
                break;
            }
            if (candidates.size() == 1) {
                mask = m;
                chosen = p;
            }
        }
        if (chosen != null && mask != null && !Masks.isBinary(mask)) {
            // CBIS sometimes swaps the ROI mask and cropped image paths
            for (Path p : paths.candidates(spec.croppedPath())) {
                MammogramImage m = dicom.read(p, DicomReadOptions.anyImage()).image();
                if (Masks.isBinary(m)) {
                    problems.note(spec.where(), "ROI mask file path holds a grey image and cropped image file path"
                            + " a mask: the two look swapped; using " + p);
                    mask = m;
                    chosen = p;
                    break;
                }
            }
            if (!Masks.isBinary(mask)) {
                problems.report(spec.where(), "ROI mask " + chosen + " is not binary; its non-zero pixels are taken");
            }
        }
        if (mask == null) {
            problems.report(spec.where(), "ROI mask " + name + ": none of " + candidates.size()
                    + " DICOM files in its place is a binary mask");
            return Masks.EMPTY;
        }
        if (candidates.size() > 1 && candidates.contains(chosen)) {
            problems.note(name, "missing; using " + chosen.getFileName() + ", the binary one of " + candidates.size()
                    + " DICOM files in its place");
        }
        if (mask.width() != width || mask.height() != height) {
            problems.note(chosen.toString(), "mask is " + mask.width() + "x" + mask.height() + ", its image " + width
                    + "x" + height + ": resampled nearest-neighbour");
        }
        RegionMask region = Masks.region(mask, width, height, mirror);
        if (region.area() == 0) {
            problems.report(spec.where(), "ROI mask " + chosen + " is empty");
        }
        return region;
    }
}
