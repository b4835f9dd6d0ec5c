package org.deepminer.data.commands;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.ServiceProperties;
import org.deepminer.api.data.Dataset;
import org.deepminer.api.data.DatasetOptions;
import org.deepminer.api.data.DatasetSource;
import org.deepminer.api.data.GroundTruth;
import org.deepminer.api.data.Lesion;
import org.deepminer.api.data.RegionMask;
import org.deepminer.api.data.Sample;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;
import org.deepminer.imaging.Picture;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code deepminer:dataset} and {@code deepminer:show}: any registered dataset source, by format name. */
@Component(service = DataCommands.class, property = {"osgi.command.scope=deepminer",
        "osgi.command.function=dataset", "osgi.command.function=show"})
public class DataCommands {

    final List<SourceEntry> sources = new CopyOnWriteArrayList<>();
    final List<VocabularyEntry> vocabularies = new CopyOnWriteArrayList<>();

    record SourceEntry(String format, DatasetSource source) {}

    record VocabularyEntry(String id, ConceptVocabulary vocabulary) {}

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(DatasetSource source, Map<String, Object> props) {
        sources.add(new SourceEntry(String.valueOf(props.getOrDefault(ServiceProperties.DATASET_FORMAT, source.format())), source));
    }

    void removeSource(DatasetSource source) {
        sources.removeIf(e -> e.source() == source);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVocabulary(ConceptVocabulary vocabulary, Map<String, Object> props) {
        vocabularies.add(new VocabularyEntry(String.valueOf(props.getOrDefault(ServiceProperties.VOCABULARY_ID, vocabulary.id())), vocabulary));
    }

    void removeVocabulary(ConceptVocabulary vocabulary) {
        vocabularies.removeIf(e -> e.vocabulary() == vocabulary);
    }

    @Descriptor("count a data set's images per class and split, and its lesions per concept")
    public DatasetSummary dataset(
            @Descriptor("stop at the first bad file or row") @Parameter(names = {"--strict"}, presentValue = "true", absentValue = "false") boolean strict,
            @Descriptor("vocabulary id") @Parameter(names = {"--vocabulary"}, absentValue = "birads") String vocabulary,
            @Descriptor("format") String format,
            @Descriptor("path") String path) {
        Path root = existing(path);
        try (Dataset ds = source(format).open(root, new DatasetOptions(strict, vocabulary, Map.of()))) {
            Map<String, Map<String, Integer>> byClass = new TreeMap<>();
            Map<String, int[]> concepts = new TreeMap<>();
            Set<String> cases = new HashSet<>();
            for (SampleRef ref : ds.samples()) {
                cases.add(ref.caseId());
                byClass.computeIfAbsent(ref.label(), k -> new TreeMap<>()).merge(ref.split().label(), 1, Integer::sum);
                GroundTruth truth = ds.truth(ref);
                Set<String> inImage = new HashSet<>();
                for (Lesion l : truth.lesions()) {
                    for (String c : l.concepts()) {
                        concepts.computeIfAbsent(c, k -> new int[2])[0]++;
                        inImage.add(c);
                    }
                }
                inImage.forEach(c -> concepts.get(c)[1]++);
            }
            Optional<ConceptVocabulary> vocab = vocabulary(vocabulary);
            Map<String, DatasetSummary.ConceptCount> counts = new LinkedHashMap<>();
            concepts.forEach((id, n) -> {
                Optional<Concept> c = vocab.flatMap(v -> v.concept(id));
                counts.put(id, new DatasetSummary.ConceptCount(c.map(Concept::term).orElse(""),
                        c.map(Concept::category).orElse(""), n[0], n[1]));
            });
            return new DatasetSummary(format, root.toString(), ds.samples().size(), cases.size(), byClass, counts,
                    ds.problems());
        }
    }

    @Descriptor("draw one sample with its lesion outlines and concept labels into a PNG")
    public ShownSample show(
            @Descriptor("vocabulary id") @Parameter(names = {"--vocabulary"}, absentValue = "birads") String vocabulary,
            @Descriptor("format") String format,
            @Descriptor("path") String path,
            @Descriptor("sample-id") String sampleId,
            @Descriptor("out.png") String out) throws IOException {
        Path root = existing(path);
        try (Dataset ds = source(format).open(root, new DatasetOptions(false, vocabulary, Map.of()))) {
            SampleRef ref = ds.samples().stream().filter(r -> r.id().equals(sampleId)).findFirst()
                    .orElseThrow(() -> new DeepMinerException(root.toString(), "no sample '" + sampleId + "'; e.g. "
                            + ds.samples().stream().limit(3).map(SampleRef::id).collect(Collectors.joining(", "))));
            Sample s = ds.load(ref);
            Optional<ConceptVocabulary> vocab = vocabulary(vocabulary);
            Picture picture = Picture.grey(s.image().pixels(), s.image().width(), s.image().height());
            List<List<String>> rows = new ArrayList<>();
            for (Lesion l : s.truth().lesions()) {
                Color color = "malignant".equals(l.pathology()) ? new Color(255, 70, 70) : new Color(80, 220, 120);
                picture.maskBoundary(toImageMask(l.mask(), s.image().width(), s.image().height()), color);
                String terms = l.concepts().stream().sorted()
                        .map(c -> vocab.flatMap(v -> v.concept(c)).map(Concept::term).orElse(c))
                        .collect(Collectors.joining(", "));
                var box = l.mask().box();
                picture.labelNear(l.pathology() + ": " + terms, box.x(), box.y(), box.width(), box.height(), color);
                rows.add(List.of(l.id(), l.kind(), l.pathology(), terms));
            }
            Path png = Path.of(out).toAbsolutePath();
            picture.writePng(png);
            return new ShownSample(png.toString(), s.id(), s.truth().label(), rows);
        }
    }

    static boolean[] toImageMask(RegionMask mask, int width, int height) {
        boolean[] m = new boolean[width * height];
        BitSet bits = mask.bits();
        int bw = mask.box().width();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            int x = mask.box().x() + i % bw;
            int y = mask.box().y() + i / bw;
            if (x >= 0 && y >= 0 && x < width && y < height) {
                m[y * width + x] = true;
            }
        }
        return m;
    }

    DatasetSource source(String format) {
        return sources.stream().filter(e -> e.format().equals(format)).map(SourceEntry::source).findFirst()
                .orElseThrow(() -> new DeepMinerException(null, "no dataset source for format '" + format + "'; registered: "
                        + (sources.isEmpty() ? "none (launch with --features data)"
                                : sources.stream().map(SourceEntry::format).sorted().collect(Collectors.joining(", ")))));
    }

    private Optional<ConceptVocabulary> vocabulary(String id) {
        return vocabularies.stream().filter(e -> e.id().equals(id)).map(VocabularyEntry::vocabulary).findFirst();
    }

    private static Path existing(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new DeepMinerException(p.toString(), "no such data set folder");
        }
        return p;
    }
}
