package org.deepminer.data.vindr.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.Box;
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
import org.deepminer.data.support.Assessments.Assessment;
import org.deepminer.data.support.Assessments;
import org.deepminer.data.support.ListedImages;
import org.deepminer.data.support.Missing;
import org.deepminer.data.support.Problems;
import org.deepminer.data.support.Splits;
import org.deepminer.data.support.TermResolver;
import org.deepminer.data.vindr.internal.AnnotationCsv.Row;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;

/**
 * An opened VinDr-Mammo folder. Opening reads both annotation CSVs and groups their rows by image; {@link #load}
 * reads the image through the DICOM service and turns the finding boxes into masks on it, clipped to the image
 * and mirrored with it. Loads share only thread-safe state (the problem list, a flag).
 */
final class VindrDataset implements Dataset {
    static final String FORMAT = "vindr-mammo";
    private static final RegionMask EMPTY = new RegionMask(new Box(0, 0, 0, 0), new BitSet());
    private static final List<String> IMAGE_SUFFIXES = List.of(".dicom", ".dcm", ".DICOM", ".DCM");

    /** A finding as its row describes it; its mask is made when the image is loaded. */
    record LesionSpec(String id, String kind, String pathology, Set<String> concepts, double[] box, int assessment,
            String where) {}

    /** Everything known of one image before its pixels are read. */
    record Entry(SampleRef ref, Path image, Laterality side, String view, int csvWidth, int csvHeight,
            List<LesionSpec> lesions, Report report, String where) {}

    /** Options: {@code validation} fraction of training studies held out, {@code pathology} birads or unproven. */
    record Settings(double validation, boolean pathologyFromBirads) {
        static Settings of(Map<String, String> extra, Problems problems, Path root) {
            double validation = 0.1;
            boolean birads = true;
            for (Map.Entry<String, String> e : extra.entrySet()) {
                String key = e.getKey().trim().toLowerCase(Locale.ROOT);
                String value = e.getValue().trim();
                switch (key) {
                    case "validation" -> {
                        try {
                            validation = Double.parseDouble(value);
                        } catch (NumberFormatException x) {
                            validation = -1;
                        }
                        if (!(validation >= 0 && validation <= 1)) {
                            throw new DeepMinerException(root.toString(), "option validation=" + value
                                    + ": want a fraction 0-1");
                        }
                    }
                    case "pathology" -> {
                        if (!value.equalsIgnoreCase("birads") && !value.equalsIgnoreCase("unproven")) {
                            throw new DeepMinerException(root.toString(), "option pathology=" + value
                                    + ": want birads or unproven");
                        }
                        birads = value.equalsIgnoreCase("birads");
                    }
                    default -> problems.note(root.toString(), "option '" + e.getKey() + "' is not one of the VinDr-Mammo"
                            + " reader's (validation, pathology); ignored");
                }
            }
            return new Settings(validation, birads);
        }
    }

    private final Path root;
    private final DicomService dicom;
    private final Problems problems;
    private final List<SampleRef> refs;
    private final Map<String, Entry> entries;
    private final AtomicBoolean notedClipping = new AtomicBoolean();
    private final AtomicBoolean notedScaling = new AtomicBoolean();

    private VindrDataset(Path root, DicomService dicom, Problems problems, List<Entry> entries) {
        this.root = root;
        this.dicom = dicom;
        this.problems = problems;
        Map<String, Entry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.put(e.ref().id(), e));
        this.entries = Collections.unmodifiableMap(byId);
        this.refs = entries.stream().map(Entry::ref).toList();
    }

    /** The rows of one image: its breast-level row (or null) and its finding rows. */
    private static final class ImageRows {
        Row breast;
        final List<Row> findings = new ArrayList<>();

        Row first() {
            return breast != null ? breast : findings.get(0);
        }
    }

    static VindrDataset open(Path root, DatasetOptions options, ConceptVocabulary vocabulary, DicomService dicom) {
        if (!Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "not a folder: a VinDr-Mammo data set is a folder with "
                    + AnnotationCsv.BREAST_LEVEL + ", " + AnnotationCsv.FINDINGS + " and images/");
        }
        Problems problems = new Problems(options.strict());
        Settings settings = Settings.of(options.extra(), problems, root);
        TermResolver terms = new TermResolver(vocabulary, problems);

        Path breastFile = find(root, AnnotationCsv.BREAST_LEVEL);
        Path findingFile = find(root, AnnotationCsv.FINDINGS);
        if (breastFile == null && findingFile == null) {
            throw new DeepMinerException(root.toString(), "not a VinDr-Mammo folder: it has neither "
                    + AnnotationCsv.BREAST_LEVEL + " nor " + AnnotationCsv.FINDINGS);
        }
        Map<String, ImageRows> images = new LinkedHashMap<>();
        if (breastFile != null) {
            for (Row r : AnnotationCsv.read(breastFile, false, problems)) {
                ImageRows rows = images.computeIfAbsent(r.image(), k -> new ImageRows());
                if (rows.breast != null) {
                    problems.report(r.where(), "image " + r.image() + " is also at " + rows.breast.where());
                    continue;
                }
                rows.breast = r;
            }
        } else {
            problems.note(root.toString(), "no " + AnnotationCsv.BREAST_LEVEL + ": images are those "
                    + AnnotationCsv.FINDINGS + " lists");
        }
        if (findingFile != null) {
            boolean notedUnlisted = false;
            for (Row r : AnnotationCsv.read(findingFile, true, problems)) {
                ImageRows rows = images.get(r.image());
                if (rows == null) {
                    if (breastFile != null && !notedUnlisted) {
                        problems.note(r.where(), "image " + r.image() + " is not in " + AnnotationCsv.BREAST_LEVEL
                                + ": its finding rows describe it (and likewise for other such images)");
                        notedUnlisted = true;
                    }
                    rows = new ImageRows();
                    images.put(r.image(), rows);
                }
                Row first = rows.breast != null ? rows.breast : rows.findings.isEmpty() ? null : rows.findings.get(0);
                if (first != null && !first.study().equals(r.study())) {
                    problems.report(r.where(), "image " + r.image() + " is in study " + r.study() + " here but in "
                            + first.study() + " at " + first.where());
                    continue;
                }
                rows.findings.add(r);
            }
        }

        Map<String, Split> listed = null;
        Path splitsFile = root.resolve(Splits.FILE);
        if (Files.isRegularFile(splitsFile)) {
            try {
                listed = Splits.read(splitsFile, problems);
            } catch (IOException | UncheckedIOException e) {
                throw new DeepMinerException(splitsFile.toString(), "cannot read: " + e.getMessage(), e);
            }
        }
        Map<String, Split> studySplit = studySplits(images, listed, splitsFile, settings, problems);

        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, ImageRows> image : images.entrySet()) {
            Entry e = entry(root, image.getKey(), image.getValue(), studySplit, settings, terms, problems);
            if (e != null) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            List<String> first = problems.snapshot();
            throw new DeepMinerException(root.toString(), "no readable VinDr-Mammo image"
                    + (first.isEmpty() ? "" : "; first problem: " + first.get(0)));
        }
        VindrDataset dataset = new VindrDataset(root, dicom, problems, entries);
        Splits.checkOneSplitPerCase(root, dataset.refs);
        return dataset;
    }

    /** The file at the root, its name matched ignoring case. */
    private static Path find(Path root, String name) {
        Path exact = root.resolve(name);
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().equalsIgnoreCase(name) && Files.isRegularFile(p))
                    .sorted().findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            throw new DeepMinerException(root.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /**
     * Each study's split: splits.csv when it lists the study; else the split column (training or test) of its
     * rows, training studies going to validation for the first {@code validation} fraction of a stable hash.
     * A study whose rows disagree is a problem and goes to test, so that none of its images is trained on.
     */
    private static Map<String, Split> studySplits(Map<String, ImageRows> images, Map<String, Split> listed,
            Path splitsFile, Settings settings, Problems problems) {
        Map<String, Row> firstRow = new LinkedHashMap<>();
        Map<String, Split> given = new HashMap<>();
        Set<String> conflicting = new LinkedHashSet<>();
        for (ImageRows rows : images.values()) {
            List<Row> all = new ArrayList<>();
            if (rows.breast != null) {
                all.add(rows.breast);
            }
            all.addAll(rows.findings);
            for (Row r : all) {
                firstRow.putIfAbsent(r.study(), r);
                if (Missing.is(r.split())) {
                    continue;
                }
                Split s;
                try {
                    s = Split.parse(r.split());
                } catch (IllegalArgumentException e) {
                    problems.report(r.where(), "split '" + AnnotationCsv.abbreviate(r.split()) + "' is not training or test");
                    continue;
                }
                Split before = given.putIfAbsent(r.study(), s);
                if (before != null && before != s && conflicting.add(r.study())) {
                    problems.report(r.where(), "study " + r.study() + " is " + s.label() + " here but "
                            + before.label() + " at " + firstRow.get(r.study()).where() + ": a study is in one split"
                            + " (placed in test)");
                }
            }
        }
        Map<String, Split> out = new HashMap<>();
        for (Map.Entry<String, Row> study : firstRow.entrySet()) {
            String id = study.getKey();
            if (listed != null) {
                Split s = listed.get(id);
                if (s != null) {
                    out.put(id, s);
                    continue;
                }
                problems.report(splitsFile.toString(), "study " + id + " is not listed; placed by its split column");
            }
            Split s = conflicting.contains(id) ? Split.TEST : given.get(id);
            if (s == null) {
                problems.report(study.getValue().where(), "study " + id + " has no split; placed by a hash of its id");
                s = Splits.byHash(id, settings.validation(), 0.2);
            } else if (s == Split.TRAIN && Splits.unitHash(id) < settings.validation()) {
                s = Split.VALIDATION;
            }
            out.put(id, s);
        }
        return out;
    }

    private static Entry entry(Path root, String imageId, ImageRows rows, Map<String, Split> studySplit,
            Settings settings, TermResolver terms, Problems problems) {
        Row first = rows.first();
        String where = first.where();
        Optional<Assessment> breast = Optional.empty();
        if (!Missing.is(first.breastBirads())) {
            breast = Assessments.parse(first.breastBirads());
            if (breast.isEmpty()) {
                problems.report(where, "breast_birads '" + AnnotationCsv.abbreviate(first.breastBirads())
                        + "' is not BI-RADS 0-6");
            }
        }
        // the findings: one lesion per finding row that names a category
        List<LesionSpec> lesions = new ArrayList<>();
        Assessment highest = breast.orElse(null);
        List<Optional<Assessment>> findingAssessments = new ArrayList<>();
        for (Row r : rows.findings) {
            Optional<Assessment> a = Missing.is(r.findingBirads()) ? Optional.empty() : Assessments.parse(r.findingBirads());
            if (!Missing.is(r.findingBirads()) && a.isEmpty()) {
                problems.report(r.where(), "finding_birads '" + AnnotationCsv.abbreviate(r.findingBirads())
                        + "' is not BI-RADS 0-6");
            }
            findingAssessments.add(a);
            if (a.isPresent() && (highest == null || a.get().category() > highest.category())) {
                highest = a.get();
            }
        }
        Assessment assessment = breast.orElse(highest);
        Optional<String> label = highest == null ? Optional.empty() : highest.label();
        if (assessment == null || label.isEmpty()) {
            problems.report(where, "image " + imageId + " has " + (assessment == null ? "no BI-RADS assessment"
                    : "BI-RADS 0 (incomplete)") + ": no class for it");
            return null;
        }
        int n = 0;
        for (int i = 0; i < rows.findings.size(); i++) {
            Row r = rows.findings.get(i);
            if (r.categories().isEmpty()) {
                continue; // No Finding
            }
            n++;
            lesions.add(lesion("finding-" + n, r, findingAssessments.get(i), label.get(), settings, terms, problems));
        }

        Path image = imageFile(root, first.study(), imageId);
        if (image == null) {
            problems.report(where, "image " + imageId + " is missing (want images/" + first.study() + "/" + imageId
                    + ".dicom)");
            return null;
        }
        String density = "";
        if (!Missing.is(first.density())) {
            List<Concept> d = terms.resolve("breast composition", first.density(), where);
            density = d.isEmpty() ? "" : d.get(0).id();
        }
        Set<String> concepts = new LinkedHashSet<>();
        lesions.forEach(l -> concepts.addAll(l.concepts()));
        concepts.add(assessment.conceptId());
        StringBuilder text = new StringBuilder(assessment.text());
        if (!Missing.is(first.density())) {
            text.append('\n').append(first.density().toUpperCase(Locale.ROOT));
        }
        int k = 0;
        for (Row r : rows.findings) {
            if (r.categories().isEmpty()) {
                continue;
            }
            k++;
            text.append("\nFINDING ").append(k).append(": ").append(String.join(", ", r.categories()));
            if (!Missing.is(r.findingBirads())) {
                text.append("; ").append(r.findingBirads());
            }
        }
        SampleRef ref = new SampleRef(imageId, first.study(), studySplit.get(first.study()), label.get());
        return new Entry(ref, image, first.laterality(), first.view(), first.width(), first.height(),
                List.copyOf(lesions), new Report(text.toString(), concepts, assessment.category(), density), where);
    }

    /**
     * One finding row as a lesion: kind is the first category that names a finding (Mass, Suspicious
     * Calcification, an asymmetry, Architectural Distortion, Suspicious Lymph Node); a row of associated
     * features only (Skin Thickening, Nipple Retraction...) is of the first feature's kind. Concepts are every
     * concept its categories name.
     */
    static LesionSpec lesion(String id, Row r, Optional<Assessment> assessment, String imageLabel, Settings settings,
            TermResolver terms, Problems problems) {
        Set<String> concepts = new LinkedHashSet<>();
        String kind = null;
        String firstOther = null;
        for (String category : r.categories()) {
            for (Concept c : terms.resolve(TermResolver.FINDING, category, r.where())) {
                concepts.add(c.id());
                if (kind == null && TermResolver.isFinding(c)) {
                    kind = c.id();
                }
                if (firstOther == null) {
                    firstOther = c.id();
                }
            }
        }
        if (kind == null) {
            kind = firstOther;
        }
        if (kind == null) {
            problems.report(r.where(), "finding categories " + r.categories() + " name no concept the vocabulary knows");
            kind = "";
        }
        String pathology = "unproven";
        if (settings.pathologyFromBirads()) {
            // no biopsy in VinDr: the finding's own BI-RADS says benign (2-3) or suspicious (4-6), else the image's
            String byFinding = assessment.flatMap(Assessment::label).orElse("");
            pathology = byFinding.equals("malignant") || byFinding.equals("benign") ? byFinding
                    : imageLabel.equals("malignant") ? "malignant" : "benign";
        }
        return new LesionSpec(id, kind, pathology, concepts, r.box(), assessment.map(Assessment::category).orElse(-1),
                r.where());
    }

    /** images/&lt;study&gt;/&lt;image&gt;.dicom as PhysioNet ships it; .dcm, and the study folders at the root, too. */
    private static Path imageFile(Path root, String study, String image) {
        for (Path folder : List.of(root.resolve("images").resolve(study), root.resolve(study))) {
            for (String suffix : IMAGE_SUFFIXES) {
                Path p = folder.resolve(image + suffix);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
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
        DicomImage read = dicom.read(e.image(), DicomReadOptions.mammogram());
        MammogramImage image = read.image();
        ImageMetadata m = read.metadata();
        ImageMetadata metadata = ListedImages.reconcile(m, e.side(), e.view(), problems, e.where());
        int w = image.width();
        int h = image.height();
        double sx = 1;
        double sy = 1;
        if ((e.csvWidth() > 0 && e.csvWidth() != w) || (e.csvHeight() > 0 && e.csvHeight() != h)) {
            // boxes are in the CSV's geometry; an image converted to another size takes them scaled
            sx = e.csvWidth() > 0 ? (double) w / e.csvWidth() : 1;
            sy = e.csvHeight() > 0 ? (double) h / e.csvHeight() : 1;
            if (notedScaling.compareAndSet(false, true)) {
                problems.note(e.image().toString(), "image is " + w + "x" + h + " but the CSV says " + e.csvWidth() + "x"
                        + e.csvHeight() + ": boxes scaled to the image (and likewise for other such images)");
            }
        }
        List<Lesion> lesions = new ArrayList<>(e.lesions().size());
        for (LesionSpec spec : e.lesions()) {
            RegionMask mask = EMPTY;
            List<Integer> outline = List.of();
            if (spec.box() != null) {
                BoxMask.Clipped c = BoxMask.clip(spec.box(), sx, sy, w, h);
                if (c == null) {
                    problems.report(spec.where(), "the box [" + spec.box()[0] + ", " + spec.box()[1] + ", "
                            + spec.box()[2] + ", " + spec.box()[3] + "] lies outside the " + w + "x" + h + " image");
                } else {
                    if (c.clipped() && notedClipping.compareAndSet(false, true)) {
                        problems.note(spec.where(), "boxes that reach past the image border (negative coordinates,"
                                + " or beyond its size) are clipped to it (and likewise for other such boxes)");
                    }
                    Box box = m.flipped() ? BoxMask.mirror(c.box(), w) : c.box();
                    mask = BoxMask.filled(box);
                    outline = BoxMask.corners(box);
                }
            }
            lesions.add(new Lesion(spec.id(), spec.kind(), spec.pathology(), spec.concepts(), mask, Map.of(), outline,
                    spec.assessment()));
        }
        return new Sample(e.ref(), image, metadata, new GroundTruth(e.ref().label(), lesions, e.report()));
    }
}
