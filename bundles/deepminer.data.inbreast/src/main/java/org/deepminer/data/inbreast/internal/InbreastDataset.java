package org.deepminer.data.inbreast.internal;

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
import java.util.Optional;
import java.util.Set;
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
import org.deepminer.data.inbreast.internal.RoiFile.Roi;
import org.deepminer.data.support.Assessments.Assessment;
import org.deepminer.data.support.Assessments;
import org.deepminer.data.support.ListedImages;
import org.deepminer.data.support.Missing;
import org.deepminer.data.support.Problems;
import org.deepminer.data.support.Splits;
import org.deepminer.data.support.TermResolver;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;

/**
 * An opened INbreast folder. Opening reads INbreast.csv, finds each image's DICOM and reads its ROI file (small
 * XML), so that classes, splits, concepts and problems are known at once; {@link #load} reads the image and
 * rasterises the ROIs on it. Loads share only the thread-safe problem list.
 */
final class InbreastDataset implements Dataset {
    static final String FORMAT = "inbreast";

    /** INbreast's own misspellings, and names it gives single points, mapped before the vocabulary sees them. */
    private static final Map<String, String> NAMES = Map.of("espiculated region", "Spiculated Region");
    /** Names OsiriX gives a ROI nobody named: a finding only when the ROI is a single point (a calcification). */
    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("(?i)unnamed|point\\s*\\d*|roi\\s*\\d*|");

    /** A ROI as read from its file; its mask is made when the image is loaded. */
    record LesionSpec(String id, String kind, String pathology, Set<String> concepts, Roi roi, String where) {}

    /** Everything known of one image before its pixels are read. */
    record Entry(SampleRef ref, Path image, Laterality side, String view, List<LesionSpec> lesions, Report report,
            String where) {}

    record Settings(double validation, double test, boolean pathologyFromBirads, int pointRadius) {
        static Settings of(Map<String, String> extra, Problems problems, Path root) {
            double validation = 0.1;
            double test = 0.2;
            boolean birads = true;
            int radius = 2;
            for (Map.Entry<String, String> e : extra.entrySet()) {
                String key = e.getKey().trim().toLowerCase(Locale.ROOT);
                String value = e.getValue().trim();
                switch (key) {
                    case "validation" -> validation = fraction(root, key, value);
                    case "test" -> test = fraction(root, key, value);
                    case "pathology" -> {
                        if (!value.equalsIgnoreCase("birads") && !value.equalsIgnoreCase("unproven")) {
                            throw new DeepMinerException(root.toString(), "option pathology=" + value
                                    + ": want birads or unproven");
                        }
                        birads = value.equalsIgnoreCase("birads");
                    }
                    case "point-radius" -> {
                        try {
                            radius = Integer.parseInt(value);
                        } catch (NumberFormatException x) {
                            radius = -1;
                        }
                        if (radius < 0 || radius > 50) {
                            throw new DeepMinerException(root.toString(), "option point-radius=" + value
                                    + ": want pixels 0-50");
                        }
                    }
                    default -> problems.note(root.toString(), "option '" + e.getKey() + "' is not one of the INbreast"
                            + " reader's (validation, test, pathology, point-radius); ignored");
                }
            }
            if (validation + test > 1) {
                throw new DeepMinerException(root.toString(), "options validation=" + validation + " and test=" + test
                        + " add up to more than 1");
            }
            return new Settings(validation, test, birads, radius);
        }

        private static double fraction(Path root, String key, String value) {
            double d;
            try {
                d = Double.parseDouble(value);
            } catch (NumberFormatException x) {
                d = -1;
            }
            if (!(d >= 0 && d <= 1)) {
                throw new DeepMinerException(root.toString(), "option " + key + "=" + value + ": want a fraction 0-1");
            }
            return d;
        }
    }

    private final Path root;
    private final DicomService dicom;
    private final Problems problems;
    private final Settings settings;
    private final List<SampleRef> refs;
    private final Map<String, Entry> entries;

    private InbreastDataset(Path root, DicomService dicom, Problems problems, Settings settings, List<Entry> entries) {
        this.root = root;
        this.dicom = dicom;
        this.problems = problems;
        this.settings = settings;
        Map<String, Entry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.put(e.ref().id(), e));
        this.entries = Collections.unmodifiableMap(byId);
        this.refs = entries.stream().map(Entry::ref).toList();
    }

    static InbreastDataset open(Path root, DatasetOptions options, ConceptVocabulary vocabulary, DicomService dicom) {
        if (!Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "not a folder: an INbreast data set is a folder with "
                    + InbreastCsv.NAME + ", AllDICOMs/ and AllXML/");
        }
        Problems problems = new Problems(options.strict());
        Settings settings = Settings.of(options.extra(), problems, root);
        TermResolver terms = new TermResolver(vocabulary, problems);

        Path csv = find(root, InbreastCsv.NAME);
        if (csv == null) {
            Path xls = find(root, "INbreast.xls");
            throw new DeepMinerException(root.toString(), "not an INbreast folder: no " + InbreastCsv.NAME
                    + (xls != null ? " (only " + xls.getFileName() + ": save it as CSV with ';' between columns)" : ""));
        }
        List<InbreastCsv.Row> rows = InbreastCsv.read(csv, problems);
        Map<String, Path> dicoms = dicomFiles(root, problems);

        Map<String, Split> listed = null;
        Path splitsFile = root.resolve(Splits.FILE);
        if (Files.isRegularFile(splitsFile)) {
            try {
                listed = Splits.read(splitsFile, problems);
            } catch (IOException | UncheckedIOException e) {
                throw new DeepMinerException(splitsFile.toString(), "cannot read: " + e.getMessage(), e);
            }
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Set<String> unlisted = new LinkedHashSet<>();
        for (InbreastCsv.Row r : rows) {
            String before = seen.putIfAbsent(r.fileName(), r.where());
            if (before != null) {
                problems.report(r.where(), "File Name " + r.fileName() + " is also at " + before);
                continue;
            }
            Entry e = entry(root, r, dicoms, listed, splitsFile, unlisted, settings, terms, problems);
            if (e != null) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            List<String> first = problems.snapshot();
            throw new DeepMinerException(root.toString(), "no readable INbreast image"
                    + (first.isEmpty() ? "" : "; first problem: " + first.get(0)));
        }
        InbreastDataset dataset = new InbreastDataset(root, dicom, problems, settings, entries);
        Splits.checkOneSplitPerCase(root, dataset.refs);
        return dataset;
    }

    private static Path find(Path root, String name) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().equalsIgnoreCase(name) && Files.isRegularFile(p))
                    .sorted().findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            throw new DeepMinerException(root.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /**
     * The DICOM files by File Name: INbreast names them {@code <File Name>_<patient hash>_MG_<side>_<view>_ANON.dcm}
     * in AllDICOMs/ (or at the root); {@code <File Name>.dcm} will do too.
     */
    private static Map<String, Path> dicomFiles(Path root, Problems problems) {
        Map<String, Path> byName = new HashMap<>();
        for (Path folder : List.of(root.resolve("AllDICOMs"), root)) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> s = Files.list(folder)) {
                for (Path p : s.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (!name.toLowerCase(Locale.ROOT).endsWith(".dcm") || !Files.isRegularFile(p)) {
                        continue;
                    }
                    String stem = name.substring(0, name.length() - 4);
                    int cut = stem.indexOf('_');
                    String key = cut < 0 ? stem : stem.substring(0, cut);
                    Path other = byName.putIfAbsent(key, p);
                    if (other != null && !other.getParent().equals(p.getParent())) {
                        continue; // AllDICOMs/ first
                    }
                    if (other != null) {
                        problems.report(p.toString(), "File Name " + key + " names two DICOM files: "
                                + other.getFileName() + " and " + name);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new DeepMinerException(folder.toString(), "cannot list the folder: " + e.getMessage(), e);
            }
        }
        return byName;
    }

    private static Entry entry(Path root, InbreastCsv.Row r, Map<String, Path> dicoms, Map<String, Split> listed,
            Path splitsFile, Set<String> unlisted, Settings settings, TermResolver terms, Problems problems) {
        String where = r.where();
        Optional<Assessment> assessment = Assessments.parse(r.birads());
        if (assessment.isEmpty()) {
            problems.report(where, Missing.is(r.birads()) ? "image " + r.fileName() + " has no Bi-Rads: no class for it"
                    : "Bi-Rads '" + InbreastCsv.abbreviate(r.birads()) + "' is not 1-6 (4a, 4b, 4c)");
            return null;
        }
        Optional<String> label = assessment.get().label();
        if (label.isEmpty()) {
            problems.report(where, "image " + r.fileName() + " has Bi-Rads 0 (incomplete): no class for it");
            return null;
        }
        Path image = dicoms.get(r.fileName());
        if (image == null) {
            problems.report(where, "no DICOM file for File Name " + r.fileName() + " (want AllDICOMs/" + r.fileName()
                    + "_*.dcm)");
            return null;
        }
        // the name says <File Name>_<patient hash>_MG_<side>_<view>_ANON: the hash is the only patient key left
        String[] parts = image.getFileName().toString().split("_");
        String caseId = !Missing.is(r.patient()) && !r.patient().equalsIgnoreCase("removed") ? r.patient()
                : parts.length > 1 && !parts[1].isBlank() && !parts[1].toLowerCase(Locale.ROOT).endsWith(".dcm")
                        ? parts[1] : r.fileName();
        Laterality side = r.laterality();
        if (side == Laterality.UNKNOWN && parts.length > 3) {
            side = parts[3].equals("L") ? Laterality.LEFT : parts[3].equals("R") ? Laterality.RIGHT : side;
        }
        String density = "";
        if (!Missing.is(r.acr())) {
            List<Concept> d = terms.resolve("breast composition", r.acr(), where);
            density = d.isEmpty() ? "" : d.get(0).id();
        }
        String pathology = !settings.pathologyFromBirads() ? "unproven"
                : label.get().equals("malignant") ? "malignant" : "benign";
        List<LesionSpec> lesions = new ArrayList<>();
        Path xml = roiFile(root, r.fileName());
        StringBuilder text = new StringBuilder(assessment.get().text());
        if (!Missing.is(r.acr())) {
            text.append("\nACR ").append(r.acr());
        }
        if (xml != null) {
            List<Roi> rois;
            try {
                rois = RoiFile.read(xml, problems);
            } catch (DeepMinerException e) {
                if (problems.strict()) {
                    throw e;
                }
                problems.report(xml.toString(), "ROIs unreadable: " + e.getMessage());
                rois = List.of();
            }
            int k = 0;
            for (Roi roi : rois) {
                LesionSpec l = lesion("roi-" + (k + 1), roi, xml, pathology, terms, problems);
                if (l != null) {
                    k++;
                    lesions.add(l);
                    text.append("\nROI ").append(k).append(": ").append(roi.name().isEmpty() ? "(unnamed)" : roi.name())
                            .append(roi.points() == 1 ? " (a point)" : " (" + roi.points() + " points)");
                }
            }
        }
        Set<String> concepts = new LinkedHashSet<>();
        lesions.forEach(l -> concepts.addAll(l.concepts()));
        concepts.add(assessment.get().conceptId());
        Split split;
        if (listed != null && listed.containsKey(caseId)) {
            split = listed.get(caseId);
        } else {
            if (listed != null && unlisted.add(caseId)) {
                problems.report(splitsFile.toString(), "case " + caseId + " is not listed; placed by hash");
            }
            split = Splits.byHash(caseId, settings.validation(), settings.test());
        }
        SampleRef ref = new SampleRef(r.fileName(), caseId, split, label.get());
        return new Entry(ref, image, side, r.view(), List.copyOf(lesions),
                new Report(text.toString(), concepts, assessment.get().category(), density), where);
    }

    private static Path roiFile(Path root, String fileName) {
        for (Path p : List.of(root.resolve("AllXML").resolve(fileName + ".xml"), root.resolve(fileName + ".xml"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * One ROI as a lesion. A single point is a calcification, whatever its name. An outline's name resolves
     * through the vocabulary (Mass, Calcification, Cluster, Distortion, Asymmetry and INbreast's "Assymetry",
     * Spiculated Region and its "Espiculated Region"): kind is the first finding it names, a mass when it names
     * only mass descriptors (Spiculated Region), a calcification when only calcification descriptors.
     */
    static LesionSpec lesion(String id, Roi roi, Path xml, String pathology, TermResolver terms, Problems problems) {
        String where = xml + ":" + roi.line();
        String name = NAMES.getOrDefault(roi.name().toLowerCase(Locale.ROOT), roi.name());
        boolean placeholder = PLACEHOLDER.matcher(name).matches();
        if (roi.points() == 1) {
            return new LesionSpec(id, "finding-calcification", pathology, Set.of("finding-calcification"), roi, where);
        }
        if (placeholder) {
            problems.report(where, "an outline of " + roi.points() + " points named '" + roi.name()
                    + "' names no finding");
            return new LesionSpec(id, "", pathology, Set.of(), roi, where);
        }
        Set<String> concepts = new LinkedHashSet<>();
        String kind = null;
        String byDescriptor = null;
        for (Concept c : terms.resolve(TermResolver.FINDING, name, where)) {
            concepts.add(c.id());
            String category = c.category().toLowerCase(Locale.ROOT);
            if (kind == null && TermResolver.isFinding(c)) {
                kind = c.id();
            } else if (byDescriptor == null && category.startsWith("mass")) {
                byDescriptor = "finding-mass";
            } else if (byDescriptor == null && category.startsWith("calcification")) {
                byDescriptor = "finding-calcification";
            }
        }
        if (kind == null) {
            kind = byDescriptor;
        }
        if (kind == null) {
            kind = concepts.isEmpty() ? "" : concepts.iterator().next();
        } else {
            concepts.add(kind);
        }
        return new LesionSpec(id, kind, pathology, concepts, roi, where);
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
        List<Lesion> lesions = new ArrayList<>(e.lesions().size());
        for (LesionSpec spec : e.lesions()) {
            double[] xy = spec.roi().xy();
            RegionMask mask = xy.length == 2 ? RoiMask.disc(xy[0], xy[1], settings.pointRadius(), w, h)
                    : RoiMask.polygon(xy, w, h);
            if (mask.area() == 0) {
                problems.report(spec.where(), "ROI '" + spec.roi().name() + "' lies outside the " + w + "x" + h + " image");
            }
            List<Integer> outline = new ArrayList<>(xy.length);
            for (int i = 0; i + 1 < xy.length; i += 2) {
                int x = (int) Math.round(xy[i]);
                outline.add(m.flipped() ? w - 1 - x : x);
                outline.add((int) Math.round(xy[i + 1]));
            }
            if (m.flipped()) {
                mask = RoiMask.mirror(mask, w);
            }
            lesions.add(new Lesion(spec.id(), spec.kind(), spec.pathology(), spec.concepts(), mask, Map.of(),
                    xy.length == 2 ? List.of() : outline, -1));
        }
        return new Sample(e.ref(), image, metadata, new GroundTruth(e.ref().label(), lesions, e.report()));
    }
}
