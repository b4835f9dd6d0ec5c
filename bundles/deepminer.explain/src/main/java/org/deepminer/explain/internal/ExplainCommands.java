package org.deepminer.explain.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Report;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.deepminer.api.explain.ExplainRequest;
import org.deepminer.api.explain.Explanation;
import org.deepminer.api.explain.ExplanationRenderer;
import org.deepminer.api.explain.RenderOptions;
import org.deepminer.core.run.RunManifest;
import org.deepminer.dicom.DicomImage;
import org.deepminer.dicom.DicomReadOptions;
import org.deepminer.dicom.DicomService;
import org.deepminer.explain.RunModel;
import org.deepminer.shell.services.NamedServices;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code deepminer:explain}: one image (a DICOM file, or a sample of a data set) or a whole split of the run's
 * data set, explained and written in every requested format. Each file is written to a temporary name and
 * moved into place, so a failure never leaves half a file or removes an earlier one.
 */
@Component(service = ExplainCommands.class, property = {"osgi.command.scope=deepminer", "osgi.command.function=explain"})
public class ExplainCommands {

    static final String DEFAULT_FORMATS = "text,json,png,html";

    @Reference
    ExplainerComponent explainer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DicomService dicom;

    final NamedServices<ExplanationRenderer> renderers = new NamedServices<>("renderer for format", "launch with --features explain");
    final NamedServices<DatasetSource> sources = new NamedServices<>("dataset source for format", "launch with --features data");

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRenderer(ServiceReference<ExplanationRenderer> ref, ExplanationRenderer r) {
        renderers.add(String.valueOf(ref.getProperty(ServiceProperties.RENDERER_FORMAT)), r);
    }

    void removeRenderer(ExplanationRenderer r) {
        renderers.remove(r);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(ServiceReference<DatasetSource> ref, DatasetSource s) {
        sources.add(String.valueOf(ref.getProperty(ServiceProperties.DATASET_FORMAT)), s);
    }

    void removeSource(DatasetSource s) {
        sources.remove(s);
    }

    @Descriptor("explain a DICOM mammogram with a run's labelled units")
    public ExplainReport explain(
            @Descriptor("explain this class instead of the predicted one") @Parameter(names = "--class", absentValue = "") String clazz,
            @Descriptor("output formats, comma-separated, or all (default " + DEFAULT_FORMATS + ")") @Parameter(names = "--format", absentValue = DEFAULT_FORMATS) String formats,
            @Descriptor("ranked units searched for labels") @Parameter(names = "--top", absentValue = "20") int top,
            @Descriptor("labelled units shown") @Parameter(names = "--shown", absentValue = "3") int shown,
            @Descriptor("score the image with its left-right mirror image too (two forward passes; the class maps averaged)") @Parameter(names = "--mirror", absentValue = "false", presentValue = "true") boolean mirror,
            @Descriptor("copy patient name, id and birth date into the outputs") @Parameter(names = "--keep-identifiers", absentValue = "false", presentValue = "true") boolean keep,
            @Descriptor("output folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("the run folder") String run,
            @Descriptor("a DICOM mammogram") String image) throws IOException {
        DicomService d = dicom;
        if (d == null) {
            throw new DeepMinerException(image, "no DICOM service to read it (launch with the data feature)");
        }
        Path file = Path.of(image).toAbsolutePath().normalize();
        DicomReadOptions m = DicomReadOptions.mammogram();
        // identifiers are always read so the renderers can also blank them where they hide in names; they are
        // written only with --keep-identifiers
        DicomImage read = d.read(file, new DicomReadOptions(m.modalities(), true, true, m.maxPixels()));
        String id = file.getFileName().toString().replaceFirst("\\.(dcm|DCM|dicom)$", "");
        // a lone file has no split or truth; the split is never read for a single explanation
        Sample sample = new Sample(new SampleRef(id, "", Split.TEST, ""), read.image(), read.metadata(),
                new GroundTruth("", List.of(), new Report("", java.util.Set.of(), -1, ""))); // -1: no assessment
        return single(run, sample, clazz, formats, top, shown, mirror, keep, read.identifiers(), out);
    }

    @Descriptor("explain one sample of a data set with a run's labelled units")
    public ExplainReport explain(
            @Descriptor("explain this class instead of the predicted one") @Parameter(names = "--class", absentValue = "") String clazz,
            @Descriptor("output formats, comma-separated, or all (default " + DEFAULT_FORMATS + ")") @Parameter(names = "--format", absentValue = DEFAULT_FORMATS) String formats,
            @Descriptor("ranked units searched for labels") @Parameter(names = "--top", absentValue = "20") int top,
            @Descriptor("labelled units shown") @Parameter(names = "--shown", absentValue = "3") int shown,
            @Descriptor("score the image with its left-right mirror image too (two forward passes; the class maps averaged)") @Parameter(names = "--mirror", absentValue = "false", presentValue = "true") boolean mirror,
            @Descriptor("copy patient name, id and birth date into the outputs") @Parameter(names = "--keep-identifiers", absentValue = "false", presentValue = "true") boolean keep,
            @Descriptor("output folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("the run folder") String run,
            @Descriptor("the data set's format") String format,
            @Descriptor("the data set's folder") String dataset,
            @Descriptor("the sample's id") String sampleId) throws IOException {
        try (Dataset ds = source(format).open(Path.of(dataset), DatasetOptions.lenient())) {
            SampleRef ref = ds.samples().stream().filter(s -> s.id().equals(sampleId)).findFirst()
                    .orElseThrow(() -> new DeepMinerException(dataset, "no sample '" + sampleId + "' in this " + format
                            + " data set"));
            return single(run, ds.load(ref), clazz, formats, top, shown, mirror, keep, Map.of(), out);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DeepMinerException(dataset, e.getMessage(), e);
        }
    }

    @Descriptor("explain every image of a split of the run's data set")
    public ExplainReport explain(
            @Descriptor("explain this class instead of the predicted one") @Parameter(names = "--class", absentValue = "") String clazz,
            @Descriptor("output formats, comma-separated, or all (default " + DEFAULT_FORMATS + ")") @Parameter(names = "--format", absentValue = DEFAULT_FORMATS) String formats,
            @Descriptor("ranked units searched for labels") @Parameter(names = "--top", absentValue = "20") int top,
            @Descriptor("labelled units shown") @Parameter(names = "--shown", absentValue = "3") int shown,
            @Descriptor("score the image with its left-right mirror image too (two forward passes; the class maps averaged)") @Parameter(names = "--mirror", absentValue = "false", presentValue = "true") boolean mirror,
            @Descriptor("the split (default: the run's)") @Parameter(names = "--split", absentValue = "") String split,
            @Descriptor("at most this many images (0: all)") @Parameter(names = "--limit", absentValue = "0") int limit,
            @Descriptor("output folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("the run folder") String run) throws IOException {
        Path outDir = outDir(out);
        List<NamedServices.Entry<ExplanationRenderer>> chosen = renderers(formats);
        RunManifest m = explainer.runModel(Path.of(run)).manifest();
        String splitName = split.isEmpty() ? m.split() : split;
        List<List<String>> rows = new ArrayList<>();
        Map<String, Integer> predicted = new LinkedHashMap<>();
        int files = 0;
        long nanos = 0;
        int n = 0;
        try (Dataset ds = source(m.dataset().format()).open(Path.of(m.dataset().path()), DatasetOptions.lenient())) {
            List<SampleRef> refs = ds.samples().stream()
                    .filter(r -> splitName.equals("all") || r.split().label().equals(splitName)).toList();
            if (limit > 0 && refs.size() > limit) {
                refs = refs.subList(0, limit);
            }
            if (refs.isEmpty()) {
                throw new DeepMinerException(m.dataset().path(), "no images in split '" + splitName + "'");
            }
            StringBuilder csv = new StringBuilder("id,label,predicted,explained,probability,sentence,units\n");
            for (SampleRef ref : refs) {
                Sample s = ds.load(ref);
                long t0 = System.nanoTime();
                Explanation e = explainer.explain(request(run, s, clazz, top, shown, mirror));
                nanos += System.nanoTime() - t0;
                n++;
                files += write(e, chosen, RenderOptions.defaults(), outDir).size();
                predicted.merge(e.predicted(), 1, Integer::sum);
                csv.append(ExplainReport.csvRow(s.id(), ref.label(), e.predicted(), e.explained(),
                        String.format(Locale.ROOT, "%.4f", e.probabilities().get(e.explained())), e.sentence(),
                        String.join(" ", e.units().stream().map(u -> Integer.toString(u.unit())).toList())));
                if (n % 20 == 0 || n == refs.size()) {
                    System.err.printf(Locale.ROOT, "deepminer: explained %d of %d images%n", n, refs.size());
                }
            }
            writeAtomically(outDir.resolve("explanations.csv"), csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DeepMinerException(m.dataset().path(), e.getMessage(), e);
        }
        rows.add(List.of("run", Path.of(run).toAbsolutePath().normalize().toString()));
        rows.add(List.of("split", splitName));
        rows.add(List.of("images", Integer.toString(n) + (mirror ? ", each with its mirror image" : "")));
        rows.add(List.of("predicted", predicted.toString()));
        rows.add(List.of("mean latency", String.format(Locale.ROOT, "%.1f ms per image (model + explanation)", nanos / 1e6 / n)));
        rows.add(List.of("files", files + " in " + outDir + " (and explanations.csv)"));
        return new ExplainReport(List.of(new org.deepminer.shell.format.Table("Explanations", List.of("", ""), rows)));
    }

    ExplainRequest request(String run, Sample s, String clazz, int top, int shown, boolean mirror) {
        if (top < 1 || shown < 1 || shown > top) {
            throw new DeepMinerException(null, "need 1 <= --shown <= --top, got --shown " + shown + " --top " + top);
        }
        return new ExplainRequest(Path.of(run), s, clazz.isEmpty() ? Optional.empty() : Optional.of(clazz), top, shown,
                mirror);
    }

    ExplainReport single(String run, Sample sample, String clazz, String formats, int top, int shown, boolean mirror,
            boolean keep,
            Map<String, String> identifiers, String out) throws IOException {
        Path outDir = outDir(out);
        List<NamedServices.Entry<ExplanationRenderer>> chosen = renderers(formats);
        long t0 = System.nanoTime();
        Explanation e = explainer.explain(request(run, sample, clazz, top, shown, mirror));
        double ms = (System.nanoTime() - t0) / 1e6;
        Map<String, String> extra = new HashMap<>();
        extra.put("run", Path.of(run).toAbsolutePath().normalize().toString());
        extra.putAll(identifiers); // RenderOptions.keepIdentifiers decides whether they are written
        List<Path> written = write(e, chosen, new RenderOptions(keep, extra), outDir);
        return ExplainReport.of(e, ms, written);
    }

    List<Path> write(Explanation e, List<NamedServices.Entry<ExplanationRenderer>> chosen, RenderOptions options, Path outDir)
            throws IOException {
        Map<String, Integer> extensions = new HashMap<>();
        chosen.forEach(r -> extensions.merge(r.service().extension(), 1, Integer::sum));
        List<Path> written = new ArrayList<>();
        String base = safe(e.sample().id());
        for (NamedServices.Entry<ExplanationRenderer> r : chosen) {
            String ext = r.service().extension();
            String name = extensions.get(ext) > 1 && !r.name().equals(ext) ? base + "." + r.name() + "." + ext : base + "." + ext;
            Path target = outDir.resolve(name);
            Path tmp = Files.createTempFile(outDir, ".explain-", ".part");
            try {
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    r.service().render(e, options, os);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException ex) {
                Files.deleteIfExists(tmp);
                throw new DeepMinerException(target.toString(), "the " + r.name() + " renderer failed: " + ex.getMessage(), ex);
            }
            written.add(target);
        }
        return written;
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".explain-", ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A sample id as a file name: letters, digits, and {@code . _ -}; anything else becomes {@code _}. */
    static String safe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    static Path outDir(String out) throws IOException {
        if (out.isEmpty()) {
            throw new DeepMinerException(null, "give an output folder with --out");
        }
        Path p = Path.of(out).toAbsolutePath().normalize();
        Files.createDirectories(p);
        return p;
    }

    List<NamedServices.Entry<ExplanationRenderer>> renderers(String formats) {
        if (formats.equals("all")) {
            if (renderers.isEmpty()) {
                throw new DeepMinerException(null, "no explanation renderers are registered (launch with --features explain)");
            }
            return renderers.sorted();
        }
        List<NamedServices.Entry<ExplanationRenderer>> out = new ArrayList<>();
        for (String f : Arrays.stream(formats.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList()) {
            out.add(new NamedServices.Entry<>(f, renderers.require(f)));
        }
        return out;
    }

    DatasetSource source(String format) {
        return sources.require(format);
    }
}
