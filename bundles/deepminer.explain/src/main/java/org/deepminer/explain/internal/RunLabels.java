package org.deepminer.explain.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * The effective label of each unit from the annotators' latest entries: the experts' majority concept when
 * any expert named one (ties: the most confident, then the latest), else the automatic label (annotator
 * {@code auto}). "Not interpretable" is a vote for no label.
 */
final class RunLabels {
    static final String AUTO = "auto";

    private RunLabels() {}

    static Map<Integer, UnitLabel> effective(List<Annotation> current, Optional<ConceptVocabulary> vocabulary) {
        Map<Integer, List<Annotation>> byUnit = new TreeMap<>();
        for (Annotation a : current) {
            byUnit.computeIfAbsent(a.unit().unit(), k -> new ArrayList<>()).add(a);
        }
        Map<Integer, UnitLabel> out = new TreeMap<>();
        for (var e : byUnit.entrySet()) {
            List<Annotation> experts = e.getValue().stream().filter(a -> !AUTO.equals(a.annotator())).toList();
            Optional<UnitLabel> label = experts.isEmpty() ? auto(e.getValue(), vocabulary) : expert(experts, vocabulary);
            label.ifPresent(l -> out.put(e.getKey(), l));
        }
        return out;
    }

    private static Optional<UnitLabel> auto(List<Annotation> entries, Optional<ConceptVocabulary> vocabulary) {
        return entries.stream().filter(a -> a.interpretable() && !a.concepts().isEmpty()).findFirst().map(a -> {
            double iou = parse(a.answers().get("iou"));
            return new UnitLabel(a.concepts().get(0), term(a.concepts().get(0), vocabulary), UnitLabel.Source.AUTO, iou,
                    AUTO);
        });
    }

    private static Optional<UnitLabel> expert(List<Annotation> experts, Optional<ConceptVocabulary> vocabulary) {
        Map<String, List<Annotation>> votes = new HashMap<>();
        int abstain = 0;
        for (Annotation a : experts) {
            if (!a.interpretable() || a.concepts().isEmpty()) {
                abstain++;
            } else {
                votes.computeIfAbsent(a.concepts().get(0), k -> new ArrayList<>()).add(a);
            }
        }
        Comparator<List<Annotation>> order = Comparator.<List<Annotation>>comparingInt(List::size)
                .thenComparingDouble(l -> l.stream().mapToInt(Annotation::confidence).average().orElse(0))
                .thenComparing(l -> l.stream().map(Annotation::time).max(Comparator.naturalOrder()).orElseThrow());
        Optional<Map.Entry<String, List<Annotation>>> best = votes.entrySet().stream()
                .max((x, y) -> order.compare(x.getValue(), y.getValue()));
        if (best.isEmpty() || best.get().getValue().size() < abstain) {
            return Optional.empty();
        }
        List<Annotation> agree = best.get().getValue();
        String by = String.join(", ", agree.stream().map(Annotation::annotator).sorted().toList());
        return Optional.of(new UnitLabel(best.get().getKey(), term(best.get().getKey(), vocabulary), UnitLabel.Source.EXPERT,
                (double) agree.size() / experts.size(), by));
    }

    static String term(String conceptId, Optional<ConceptVocabulary> vocabulary) {
        return vocabulary.flatMap(v -> v.concept(conceptId)).map(c -> c.term()).orElse(conceptId);
    }

    private static double parse(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
