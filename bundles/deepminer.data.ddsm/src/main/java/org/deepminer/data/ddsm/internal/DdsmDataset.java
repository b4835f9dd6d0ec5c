package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Problems;
import org.deepminer.data.support.TermResolver;
import org.deepminer.data.support.Splits;

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
import java.util.concurrent.atomic.AtomicBoolean;
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

/**
 * An opened DDSM folder. Opening reads every .ics and .OVERLAY (small text files) so that labels,
 * splits, concepts and problems are known at once; {@link #load} reads one image and rasterises its
 * outlines, and keeps no state, so concurrent loads are safe.
 */
final class DdsmDataset implements Dataset {
    static final String FORMAT = "ddsm";
    static final long MAX_PIXELS = 100_000_000L;
    /** Converted image types, most preferred first (lossless, and what converters usually write). */
    private static final List<String> IMAGE_TYPES = List.of("PNG", "TIF", "TIFF", "PGM");
    private static final Map<String, String> CATEGORY_OF_KEY = Map.of(
            "SHAPE", "mass shape",
            "MARGINS", "mass margin",
            "TYPE", "calcification type",
            "DISTRIBUTION", "calcification distribution");

    /** A lesion as read from its overlay; its mask is made when the image is loaded. */
    record LesionSpec(String id, String kind, String pathology, Set<String> concepts, List<OverlayFile.Outline> boundaries,
            int assessment, Path overlay) {}

    /** Everything known of one image before its pixels are read. */
    record Entry(SampleRef ref, Path image, IcsFile.View view, Laterality laterality, String viewPosition,
            Digitizer digitizer, List<LesionSpec> lesions, Report report) {}

    private final Path root;
    private final Settings settings;
    private final Problems problems;
    private final List<SampleRef> refs;
    private final Map<String, Entry> entries;
    private final AtomicBoolean notedBitDepth = new AtomicBoolean();

    private DdsmDataset(Path root, Settings settings, Problems problems, List<Entry> entries) {
        this.root = root;
        this.settings = settings;
        this.problems = problems;
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Entry e : entries) {
            byId.put(e.ref().id(), e);
        }
        this.entries = Collections.unmodifiableMap(byId);
        this.refs = entries.stream().map(Entry::ref).toList();
    }

    static DdsmDataset open(Path root, DatasetOptions options, ConceptVocabulary vocabulary) {
        if (!Files.isDirectory(root)) {
            throw new DeepMinerException(root.toString(), "not a folder: a DDSM data set is a folder of case folders");
        }
        Problems problems = new Problems(options.strict());
        Settings settings = Settings.of(options.extra(), problems, root.toString());
        TermResolver terms = new TermResolver(vocabulary, problems);

        List<Path> caseFiles;
        try (Stream<Path> walk = Files.walk(root)) {
            caseFiles = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ics"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DeepMinerException(root.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
        if (caseFiles.isEmpty()) {
            throw new DeepMinerException(root.toString(), "no DDSM case file (*.ics) in it or below: not a DDSM folder");
        }

        Map<String, Split> listedSplits = null;
        Path splitsFile = root.resolve(Splits.FILE);
        if (Files.isRegularFile(splitsFile)) {
            try {
                listedSplits = Splits.read(splitsFile, problems);
            } catch (IOException e) {
                throw new DeepMinerException(splitsFile.toString(), "cannot read: " + e.getMessage(), e);
            }
        }

        List<Entry> entries = new ArrayList<>();
        Map<String, Path> caseFileOf = new HashMap<>();
        Map<Path, List<Path>> folders = new HashMap<>();
        for (Path icsPath : caseFiles) {
            IcsFile ics;
            try {
                ics = IcsFile.parse(icsPath, problems);
            } catch (IOException e) {
                problems.report(icsPath.toString(), "cannot read: " + e.getMessage());
                continue;
            }
            String caseId = ics.caseName();
            Path other = caseFileOf.putIfAbsent(caseId, icsPath);
            if (other != null) {
                problems.report(icsPath.toString(), "case " + caseId + " is also described by " + other);
                continue;
            }
            if (ics.views().isEmpty()) {
                problems.report(icsPath.toString(), "no view lines (LEFT_CC LINES ... PIXELS_PER_LINE ...)");
                continue;
            }
            Digitizer digitizer = Digitizer.of(ics.digitizer(), caseId);
            if (settings.opticalDensity() && digitizer == null) {
                problems.report(icsPath.toString(), "DIGITIZER '" + ics.digitizer()
                        + "' has no known calibration (DBA, HOWTEK, LUMISYS): cannot convert to optical density");
                continue;
            }
            Split split = splitOf(caseId, listedSplits, splitsFile, settings, problems);
            String density = "";
            if (ics.density() > 0) {
                List<Concept> d = terms.resolve("breast composition", Integer.toString(ics.density()),
                        icsPath + ":" + ics.densityLine());
                density = d.isEmpty() ? "" : d.get(0).id();
            }
            List<Path> folder = folders.computeIfAbsent(icsPath.getParent(), DdsmDataset::list);
            boolean oneCase = folder.stream().filter(p -> upper(p).endsWith(".ICS")).count() == 1;
            Set<String> prefixes = prefixes(icsPath, caseId);

            for (IcsFile.View view : ics.views().values()) {
                String where = icsPath + ":" + view.line();
                Path overlay = find(folder, prefixes, oneCase, view.name(), "OVERLAY");
                if (view.overlay() && overlay == null) {
                    problems.report(where, view.name() + " is marked OVERLAY but its .OVERLAY file is missing");
                    continue;
                }
                if (!view.overlay() && overlay != null) {
                    problems.note(where, view.name() + " is marked NON_OVERLAY but " + overlay.getFileName()
                            + " exists: read it");
                }
                Path image = null;
                for (String type : IMAGE_TYPES) {
                    image = find(folder, prefixes, oneCase, view.name(), type);
                    if (image != null) {
                        break;
                    }
                }
                if (image == null) {
                    Path ljpeg = find(folder, prefixes, oneCase, view.name(), "LJPEG");
                    problems.report(where, ljpeg != null
                            ? ljpeg.getFileName() + " is lossless JPEG, which this reader does not decode: convert it"
                                    + " to PNG, PGM or TIFF (e.g. with the DDSM ljpeg tools) and keep the name, as "
                                    + ljpeg.getFileName().toString().replaceAll("(?i)\\.LJPEG$", ".png")
                            : "no image for " + view.name() + " (want " + prefixes.iterator().next() + "." + view.name()
                                    + ".png, .pgm, .tif or .tiff next to the .ics)");
                    continue;
                }
                List<LesionSpec> lesions = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                if (ics.density() > 0) {
                    text.append("DENSITY ").append(ics.density());
                }
                if (overlay != null) {
                    OverlayFile parsed;
                    try {
                        parsed = OverlayFile.parse(overlay, problems);
                    } catch (IOException e) {
                        problems.report(overlay.toString(), "cannot read: " + e.getMessage());
                        continue;
                    }
                    Set<String> ids = new LinkedHashSet<>();
                    for (OverlayFile.Abnormality a : parsed.abnormalities()) {
                        LesionSpec lesion = lesion(a, overlay, terms, problems);
                        if (!ids.add(lesion.id())) {
                            problems.report(overlay + ":" + a.line(), "ABNORMALITY " + a.number() + " appears twice");
                            continue;
                        }
                        lesions.add(lesion);
                        reportLines(a, text);
                    }
                }
                String label = label(lesions);
                if (settings.skipUnproven() && !lesions.isEmpty()
                        && lesions.stream().allMatch(l -> l.pathology().equals("unproven"))) {
                    continue;
                }
                Set<String> concepts = new LinkedHashSet<>();
                int assessment = -1;
                for (LesionSpec l : lesions) {
                    concepts.addAll(l.concepts());
                    assessment = Math.max(assessment, l.assessment());
                }
                Laterality side = view.name().startsWith("LEFT") ? Laterality.LEFT : Laterality.RIGHT;
                String position = view.name().substring(view.name().indexOf('_') + 1);
                SampleRef ref = new SampleRef(caseId + "_" + view.name(), caseId, split, label);
                entries.add(new Entry(ref, image, view, side, position, digitizer, List.copyOf(lesions),
                        new Report(text.toString().strip(), concepts, assessment, density)));
            }
        }
        if (entries.isEmpty()) {
            List<String> first = problems.snapshot();
            throw new DeepMinerException(root.toString(), "no readable DDSM image"
                    + (first.isEmpty() ? "" : "; first problem: " + first.get(0)));
        }
        DdsmDataset dataset = new DdsmDataset(root, settings, problems, entries);
        Splits.checkOneSplitPerCase(root, dataset.refs);
        return dataset;
    }

    private static Split splitOf(String caseId, Map<String, Split> listed, Path splitsFile, Settings settings,
            Problems problems) {
        if (listed != null) {
            Split s = listed.get(caseId);
            if (s != null) {
                return s;
            }
            problems.report(splitsFile.toString(), "case " + caseId + " is not listed; placed by hash");
        }
        return Splits.byHash(caseId, settings.validation(), settings.test());
    }

    /** Image: malignant if any lesion is, benign if it has lesions (benign or unproven), else normal. */
    static String label(List<LesionSpec> lesions) {
        if (lesions.stream().anyMatch(l -> l.pathology().equals("malignant"))) {
            return "malignant";
        }
        return lesions.isEmpty() ? "normal" : "benign";
    }

    private static void reportLines(OverlayFile.Abnormality a, StringBuilder text) {
        text.append('\n').append("ABNORMALITY ").append(a.number());
        for (OverlayFile.Line l : a.lesionTypes()) {
            text.append('\n').append(l.text());
        }
        for (OverlayFile.Line l : new OverlayFile.Line[] {a.assessment(), a.subtlety(), a.pathology()}) {
            if (l != null) {
                text.append('\n').append(l.text());
            }
        }
    }

    /**
     * One abnormality as a lesion. Its kind is the finding its first LESION_TYPE names (MASS,
     * CALCIFICATION), except that a mass whose shape names only a finding (ARCHITECTURAL_DISTORTION,
     * FOCAL_ASYMMETRIC_DENSITY, ASYMMETRIC_BREAST_TISSUE, LYMPH_NODE) is of that kind. Its concepts are
     * the kind and every concept its LESION_TYPE lines name.
     */
    static LesionSpec lesion(OverlayFile.Abnormality a, Path overlay, TermResolver terms, Problems problems) {
        String kind = null;
        Set<String> concepts = new LinkedHashSet<>();
        for (OverlayFile.Line line : a.lesionTypes()) {
            String where = overlay + ":" + line.number();
            String[] tok = line.text().trim().split("\\s+");
            if (tok.length < 2) {
                problems.report(where, "LESION_TYPE names no finding");
                continue;
            }
            List<Concept> finding = terms.resolve(TermResolver.FINDING, tok[1], where);
            // a builder per key: a line that repeats a key thousands of times must not cost quadratic time
            Map<String, StringBuilder> values = new LinkedHashMap<>();
            String key = null;
            for (int k = 2; k < tok.length; k++) {
                String t = tok[k].toUpperCase(Locale.ROOT);
                if (CATEGORY_OF_KEY.containsKey(t)) {
                    key = t;
                    values.putIfAbsent(key, new StringBuilder());
                } else if (key == null) {
                    problems.report(where, "'" + tok[k] + "' is not SHAPE, MARGINS, TYPE or DISTRIBUTION");
                } else {
                    StringBuilder value = values.get(key);
                    (value.isEmpty() ? value : value.append(' ')).append(tok[k]);
                }
            }
            List<String> shapeFindings = new ArrayList<>();
            boolean shapeNamed = false;
            Set<String> descriptors = new LinkedHashSet<>();
            for (Map.Entry<String, StringBuilder> v : values.entrySet()) {
                for (Concept c : terms.resolve(CATEGORY_OF_KEY.get(v.getKey()), v.getValue().toString(), where)) {
                    boolean shape = v.getKey().equals("SHAPE");
                    if (shape && TermResolver.isFinding(c)) {
                        shapeFindings.add(c.id());
                    } else {
                        descriptors.add(c.id());
                        shapeNamed |= shape;
                    }
                }
            }
            String lineKind = !shapeFindings.isEmpty() && !shapeNamed ? shapeFindings.get(0)
                    : !finding.isEmpty() ? finding.get(0).id()
                    : shapeFindings.isEmpty() ? null : shapeFindings.get(0);
            if (kind == null) {
                kind = lineKind;
            }
            if (lineKind != null) {
                concepts.add(lineKind);
            }
            concepts.addAll(shapeFindings);
            concepts.addAll(descriptors);
        }
        String where = overlay + ":" + a.line();
        if (kind == null) {
            problems.report(where, "ABNORMALITY " + a.number() + " names no finding the vocabulary knows");
            kind = "";
        }
        String pathology = "unproven";
        if (a.pathology() == null) {
            problems.report(where, "ABNORMALITY " + a.number() + " has no PATHOLOGY line");
        } else {
            String[] tok = a.pathology().text().trim().split("\\s+");
            String value = tok.length > 1 ? tok[1].toUpperCase(Locale.ROOT) : "";
            switch (value) {
                case "MALIGNANT" -> pathology = "malignant";
                case "BENIGN", "BENIGN_WITHOUT_CALLBACK" -> pathology = "benign";
                case "UNPROVEN" -> pathology = "unproven";
                default -> problems.report(overlay + ":" + a.pathology().number(), "PATHOLOGY '" + value
                        + "' is not MALIGNANT, BENIGN, BENIGN_WITHOUT_CALLBACK or UNPROVEN");
            }
        }
        int assessment = -1;
        if (a.assessment() != null) {
            String[] tok = a.assessment().text().trim().split("\\s+");
            Integer v = tok.length > 1 ? IcsFile.parseInt(tok[1]) : null;
            if (v == null || v < 0 || v > 6) {
                problems.report(overlay + ":" + a.assessment().number(), "ASSESSMENT must be 0-6, not '"
                        + (tok.length > 1 ? tok[1] : "") + "'");
            } else {
                assessment = v;
            }
        }
        return new LesionSpec("abnormality-" + a.number(), kind, pathology, concepts, a.boundaries(), assessment, overlay);
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DeepMinerException(folder.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static String upper(Path p) {
        return p.getFileName().toString().toUpperCase(Locale.ROOT);
    }

    /** The names a case's files may start with: A-0001-1 and A_0001_1, from the .ics name and its filename line. */
    private static Set<String> prefixes(Path ics, String caseName) {
        String base = upper(ics);
        base = base.substring(0, base.length() - ".ICS".length());
        Set<String> p = new LinkedHashSet<>();
        for (String s : List.of(base, caseName.toUpperCase(Locale.ROOT))) {
            p.add(s);
            p.add(s.replace('-', '_'));
            p.add(s.replace('_', '-'));
        }
        return p;
    }

    /**
     * The file of a view with a given type: {@code <prefix>.<VIEW>[.anything].<TYPE>}, any case; in a
     * folder that holds one case only, any {@code *.<VIEW>.*.<TYPE>} will do.
     */
    private static Path find(List<Path> folder, Set<String> prefixes, boolean oneCase, String view, String type) {
        String tail = "." + type;
        Path loose = null;
        for (Path p : folder) {
            String n = upper(p);
            if (!n.endsWith(tail)) {
                continue;
            }
            for (String prefix : prefixes) {
                if (n.startsWith(prefix + "." + view + ".")) {
                    return p;
                }
            }
            if (oneCase && loose == null && n.contains("." + view + ".")) {
                loose = p;
            }
        }
        return loose;
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
        String imageName = e.image().toString();
        GreyImage grey = GreyImage.read(e.image(), MAX_PIXELS);
        int w = grey.width();
        int h = grey.height();
        IcsFile.View view = e.view();
        double sx = 1;
        double sy = 1;
        if (w != view.pixelsPerLine() || h != view.lines()) {
            // a converter may have scaled the film; the outlines are in the .ics geometry
            sx = (double) w / view.pixelsPerLine();
            sy = (double) h / view.lines();
            problems.note(imageName, "image is " + w + "x" + h + " but the .ics says " + view.pixelsPerLine() + "x"
                    + view.lines() + ": outlines scaled to the image");
        }
        int declaredBits = view.bits() > 0 ? view.bits() : grey.sampleBits();
        float[] px = grey.levels();
        if (settings.opticalDensity()) {
            if (grey.sampleBits() < declaredBits) {
                throw new DeepMinerException(imageName, "holds " + grey.sampleBits() + "-bit samples but the digitiser wrote "
                        + declaredBits + " bits: optical density needs the original grey levels");
            }
            Digitizer d = e.digitizer();
            for (int i = 0; i < px.length; i++) {
                double od = d.opticalDensity(px[i]);
                px[i] = (float) Math.min(1.0, Math.max(0.0, 1.0 - od / Digitizer.MAX_OD));
            }
        } else {
            int bits = Math.min(declaredBits, grey.sampleBits());
            if (grey.sampleBits() < declaredBits && notedBitDepth.compareAndSet(false, true)) {
                problems.note(imageName, "holds " + grey.sampleBits() + "-bit samples but the .ics says " + declaredBits
                        + " bits: scaled by its own range (and likewise for other such images)");
            }
            float scale = 1f / ((1 << bits) - 1);
            for (int i = 0; i < px.length; i++) {
                px[i] = Math.min(1f, px[i] * scale);
            }
        }
        boolean flip = settings.flipByTissue() ? rightHeavier(px, w, h) : e.laterality() == Laterality.RIGHT;
        if (flip) {
            mirrorRows(px, w, h);
        }

        List<Lesion> lesions = new ArrayList<>(e.lesions().size());
        for (LesionSpec spec : e.lesions()) {
            RegionMask mask = OutlineMask.EMPTY;
            List<Integer> outline = List.of();
            for (OverlayFile.Outline o : spec.boundaries()) {
                int[] xy = scale(o.vertices(), sx, sy);
                String where = spec.overlay() + ":" + o.line();
                RegionMask m;
                try {
                    m = OutlineMask.fill(xy, w, h);
                } catch (IllegalArgumentException ex) {
                    problems.report(where, "BOUNDARY: " + ex.getMessage());
                    continue;
                }
                if (m.area() == 0) {
                    problems.report(where, "BOUNDARY lies outside the " + w + "x" + h + " image");
                }
                mask = OutlineMask.union(mask, m);
                if (outline.isEmpty()) {
                    outline = outline(xy, flip, w);
                }
            }
            if (flip) {
                mask = OutlineMask.mirror(mask, w);
            }
            lesions.add(new Lesion(spec.id(), spec.kind(), spec.pathology(), spec.concepts(), mask, Map.of(), outline,
                    spec.assessment()));
        }
        double spacing = view.resolutionMicrons() > 0 ? view.resolutionMicrons() / 1000.0 / sx : 0;
        ImageMetadata metadata = new ImageMetadata("OT", e.laterality(), e.viewPosition(), spacing, declaredBits, flip,
                Map.of());
        return new Sample(e.ref(), new MammogramImage(w, h, px), metadata,
                new GroundTruth(e.ref().label(), lesions, e.report()));
    }

    private static int[] scale(int[] xy, double sx, double sy) {
        if (sx == 1 && sy == 1) {
            return xy;
        }
        int[] out = new int[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            out[i] = (int) Math.floor((xy[i] + 0.5) * sx);
            out[i + 1] = (int) Math.floor((xy[i + 1] + 0.5) * sy);
        }
        return out;
    }

    private static List<Integer> outline(int[] xy, boolean flip, int width) {
        List<Integer> out = new ArrayList<>(xy.length);
        for (int i = 0; i < xy.length; i += 2) {
            out.add(flip ? width - 1 - xy[i] : xy[i]);
            out.add(xy[i + 1]);
        }
        return out;
    }

    /** The breast lies against the chest wall, so the half holding more signal is the chest-wall side. */
    static boolean rightHeavier(float[] px, int w, int h) {
        double left = 0;
        double right = 0;
        int half = w / 2;
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x < half; x++) {
                left += px[o + x];
                right += px[o + w - 1 - x];
            }
        }
        return right > left;
    }

    static void mirrorRows(float[] px, int w, int h) {
        for (int y = 0; y < h; y++) {
            int a = y * w;
            int b = a + w - 1;
            while (a < b) {
                float t = px[a];
                px[a++] = px[b];
                px[b--] = t;
            }
        }
    }
}
