package org.deepminer.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.Concept;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * Inter-annotator agreement and per-unit consensus over expert entries (METHOD.md §8: the original had two
 * annotators and no agreement statistic).
 *
 * <p>An expert's rating of a unit is the first concept of the expert's latest entry for it, or {@link #NO_LABEL}
 * when that entry names none (not interpretable, or nothing in the vocabulary fitted): saying "nothing here" is
 * a rating, and two experts who both say so agree. Automatic entries ({@value AnnotationRules#AUTO}) are not
 * ratings. Entries may be given as {@code current} returns them or as the whole history: only each expert's
 * latest entry per unit counts (latest by time, then by position in the collection).
 */
public final class Agreement {
    private Agreement() {}

    /** The rating of an entry that names no concept. Concept ids never hold parentheses. */
    public static final String NO_LABEL = "(none)";
    /** The category of a concept the vocabulary does not know. */
    public static final String UNKNOWN_CATEGORY = "(unknown)";

    static final Comparator<UnitKey> UNIT_ORDER = Comparator.comparing(UnitKey::modelSha256).thenComparing(UnitKey::layer)
            .thenComparingInt(UnitKey::unit);

    /** The first concept of an entry, or {@link #NO_LABEL}. */
    public static String rating(Annotation entry) {
        return entry.concepts().isEmpty() ? NO_LABEL : entry.concepts().get(0);
    }

    /** The experts' latest entry per unit and annotator, in unit order, annotators by name. */
    static Map<UnitKey, Map<String, Annotation>> latestByExpert(Collection<Annotation> entries) {
        Map<UnitKey, Map<String, Annotation>> out = new TreeMap<>(UNIT_ORDER);
        for (Annotation a : entries) {
            if (AnnotationRules.isAuto(a.annotator())) {
                continue;
            }
            out.computeIfAbsent(a.unit(), u -> new TreeMap<>()).merge(a.annotator(), a,
                    (old, now) -> now.time().isBefore(old.time()) ? old : now);
        }
        return out;
    }

    /**
     * The consensus of each unit an expert rated: the majority rating; a tie goes to the higher mean confidence of
     * its voters, then to the group with the latest entry, then to the rating first in alphabetical order (so
     * that the result never depends on the order of the input).
     */
    public static Map<UnitKey, Consensus> consensus(Collection<Annotation> entries) {
        Map<UnitKey, Consensus> out = new LinkedHashMap<>();
        latestByExpert(entries).forEach((unit, byExpert) -> out.put(unit, consensusOf(unit, byExpert)));
        return out;
    }

    private static final class Group {
        final List<String> annotators = new ArrayList<>();
        int confidenceSum;
        Instant latest = Instant.MIN;

        double meanConfidence() {
            return (double) confidenceSum / annotators.size();
        }
    }

    static Consensus consensusOf(UnitKey unit, Map<String, Annotation> byExpert) {
        Map<String, Group> groups = new TreeMap<>();
        byExpert.forEach((name, a) -> {
            Group g = groups.computeIfAbsent(rating(a), r -> new Group());
            g.annotators.add(name);
            g.confidenceSum += a.confidence();
            if (a.time().isAfter(g.latest)) {
                g.latest = a.time();
            }
        });
        String best = null;
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            if (best == null || beats(e.getValue(), groups.get(best))) {
                best = e.getKey();
            }
        }
        Group g = groups.get(best);
        Map<String, Integer> tally = new TreeMap<>();
        groups.forEach((r, gr) -> tally.put(r, gr.annotators.size()));
        int raters = byExpert.size();
        return new Consensus(unit, best.equals(NO_LABEL) ? "" : best, g.annotators.size(), raters,
                (double) g.annotators.size() / raters, g.meanConfidence(), g.annotators, g.latest, tally);
    }

    /** Strictly better: more votes, then higher mean confidence, then a later entry. */
    private static boolean beats(Group a, Group b) {
        if (a.annotators.size() != b.annotators.size()) {
            return a.annotators.size() > b.annotators.size();
        }
        int c = Double.compare(a.meanConfidence(), b.meanConfidence());
        if (c != 0) {
            return c > 0;
        }
        return a.latest.isAfter(b.latest);
    }

    /**
     * Agreement of the experts over a model layer's entries.
     *
     * @param vocabulary gives each concept's category; null leaves the category kappa undefined
     */
    public static AgreementReport of(Collection<Annotation> entries, ConceptVocabulary vocabulary) {
        Map<UnitKey, Map<String, Annotation>> byUnit = latestByExpert(entries);
        TreeSet<String> names = new TreeSet<>();
        byUnit.values().forEach(m -> names.addAll(m.keySet()));
        List<String> annotators = List.copyOf(names);
        Map<UnitKey, Consensus> consensus = new LinkedHashMap<>();
        byUnit.forEach((unit, m) -> consensus.put(unit, consensusOf(unit, m)));

        Map<String, String> categoryCache = new HashMap<>();
        Function<Annotation, String> category = vocabulary == null ? null
                : a -> categoryCache.computeIfAbsent(rating(a), r -> r.equals(NO_LABEL) ? NO_LABEL
                        : vocabulary.concept(r).map(Concept::category).orElse(UNKNOWN_CATEGORY));

        List<AgreementReport.PairAgreement> pairs = new ArrayList<>();
        for (int i = 0; i < annotators.size(); i++) {
            for (int j = i + 1; j < annotators.size(); j++) {
                String a = annotators.get(i);
                String b = annotators.get(j);
                List<Annotation> first = new ArrayList<>();
                List<Annotation> second = new ArrayList<>();
                for (Map<String, Annotation> m : byUnit.values()) {
                    if (m.containsKey(a) && m.containsKey(b)) {
                        first.add(m.get(a));
                        second.add(m.get(b));
                    }
                }
                pairs.add(new AgreementReport.PairAgreement(a, b,
                        cohen(map(first, Agreement::rating), map(second, Agreement::rating)),
                        category == null ? noVocabulary("cohen", first.size(), 2)
                                : cohen(map(first, category), map(second, category))));
            }
        }

        Kappa concepts;
        Kappa categories;
        if (annotators.size() < 2) {
            String why = annotators.isEmpty() ? "no expert entries" : "one annotator only";
            concepts = Kappa.undefined("none", 0, annotators.size(), 0, why);
            categories = concepts;
        } else if (annotators.size() == 2) {
            concepts = pairs.get(0).concepts();
            categories = pairs.get(0).categories();
        } else {
            List<List<Annotation>> allRated = new ArrayList<>();
            for (Map<String, Annotation> m : byUnit.values()) {
                if (m.size() == annotators.size()) {
                    allRated.add(new ArrayList<>(m.values()));
                }
            }
            concepts = fleiss(allRated.stream().map(l -> map(l, Agreement::rating)).toList());
            categories = category == null ? noVocabulary("fleiss", allRated.size(), annotators.size())
                    : fleiss(allRated.stream().map(l -> map(l, category)).toList());
            if (allRated.isEmpty()) {
                concepts = Kappa.undefined("fleiss", 0, annotators.size(), 0, "no unit rated by all " + annotators.size()
                        + " annotators");
                categories = category == null ? categories : concepts;
            }
        }
        return new AgreementReport(annotators, byUnit.size(), concepts, categories, pairs, consensus);
    }

    private static Kappa noVocabulary(String method, int units, int raters) {
        return Kappa.undefined(method, units, raters, 0, "no vocabulary to give categories");
    }

    private static List<String> map(List<Annotation> entries, Function<Annotation, String> f) {
        return entries.stream().map(f).toList();
    }

    /**
     * Cohen's kappa of two annotators' paired ratings: {@code po} the fraction of items rated alike,
     * {@code pe = sum over categories of pA(k) pB(k)} with each annotator's own marginals.
     *
     * @param first the first annotator's rating of each item
     * @param second the second annotator's rating of the same items, in the same order
     */
    public static Kappa cohen(List<String> first, List<String> second) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException("paired ratings of unequal length: " + first.size() + " and " + second.size());
        }
        int n = first.size();
        if (n == 0) {
            return Kappa.undefined("cohen", 0, 2, 0, "no unit rated by both");
        }
        Map<String, int[]> marginals = new HashMap<>();
        int agree = 0;
        for (int i = 0; i < n; i++) {
            String a = first.get(i);
            String b = second.get(i);
            marginals.computeIfAbsent(a, k -> new int[2])[0]++;
            marginals.computeIfAbsent(b, k -> new int[2])[1]++;
            if (a.equals(b)) {
                agree++;
            }
        }
        double po = (double) agree / n;
        double pe = 0;
        for (int[] m : marginals.values()) {
            pe += ((double) m[0] / n) * ((double) m[1] / n);
        }
        if (1 - pe < 1e-12) {
            return new Kappa("cohen", Double.NaN, po, pe, n, 2, marginals.size(),
                    "one category only: kappa is 0/0");
        }
        return new Kappa("cohen", (po - pe) / (1 - pe), po, pe, n, 2, marginals.size(), "");
    }

    /**
     * Fleiss' kappa: every item rated by the same number {@code n >= 2} of annotators.
     * {@code P_i = (sum_j n_ij^2 - n) / (n (n - 1))}, observed {@code P = mean P_i}; {@code p_j} the share of
     * all ratings in category j, expected {@code Pe = sum_j p_j^2}.
     *
     * @param ratings per item, the n ratings it got (who gave which does not matter)
     */
    public static Kappa fleiss(List<List<String>> ratings) {
        int items = ratings.size();
        if (items == 0) {
            return Kappa.undefined("fleiss", 0, 0, 0, "no unit rated by all");
        }
        int n = ratings.get(0).size();
        if (n < 2) {
            throw new IllegalArgumentException("Fleiss' kappa needs at least two ratings per item, got " + n);
        }
        Map<String, Integer> index = new HashMap<>();
        List<int[]> counts = new ArrayList<>();
        for (List<String> item : ratings) {
            if (item.size() != n) {
                throw new IllegalArgumentException("every item needs " + n + " ratings, one has " + item.size());
            }
            Map<Integer, Integer> c = new HashMap<>();
            for (String r : item) {
                c.merge(index.computeIfAbsent(r, k -> index.size()), 1, Integer::sum);
            }
            int[] row = new int[index.size()];
            c.forEach((k, v) -> row[k] = v);
            counts.add(row);
        }
        int k = index.size();
        long[] column = new long[k];
        double pSum = 0;
        for (int[] row : counts) {
            long squares = 0;
            for (int j = 0; j < row.length; j++) {
                squares += (long) row[j] * row[j];
                column[j] += row[j];
            }
            pSum += (double) (squares - n) / ((long) n * (n - 1));
        }
        double observed = pSum / items;
        double expected = 0;
        for (long c : column) {
            double p = (double) c / ((long) items * n);
            expected += p * p;
        }
        if (1 - expected < 1e-12) {
            return new Kappa("fleiss", Double.NaN, observed, expected, items, n, k, "one category only: kappa is 0/0");
        }
        return new Kappa("fleiss", (observed - expected) / (1 - expected), observed, expected, items, n, k, "");
    }
}
