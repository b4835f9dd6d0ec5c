package org.deepminer.eval.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepminer.api.DeepMinerException;
import org.deepminer.eval.ImageEvidence;
import org.deepminer.eval.RunEvidence;
import org.deepminer.eval.ScoredItem;

/** Checks a run's evidence before any statistic runs, so that a bad item is named instead of a NaN or NPE. */
final class Validation {
    private Validation() {}

    static void check(RunEvidence run) {
        String source = "run '" + run.name() + "'";
        List<String> classes = run.classes();
        if (classes.isEmpty()) {
            throw new DeepMinerException(source, "no classes");
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new DeepMinerException(source, "classes " + classes + " repeat a name");
        }
        Set<String> known = Set.copyOf(classes);
        for (ScoredItem item : run.images()) {
            item(source, "image", item.id(), item.caseId(), item.trueClass(), item.probabilities(), known);
        }
        for (ScoredItem item : run.patches()) {
            item(source, "patch", item.id(), item.caseId(), item.trueClass(), item.probabilities(), known);
        }
        for (ImageEvidence e : run.evidence()) {
            item(source, "image", e.id(), e.caseId(), e.trueClass(), e.probabilities(), known);
            for (String c : new String[] {e.predicted(), e.explained()}) {
                if (!known.contains(c)) {
                    throw new DeepMinerException(source, "image '" + e.id() + "': predicted/explained class '" + c
                            + "' is not one of " + classes);
                }
            }
            String p = e.truePathology();
            if (!p.isEmpty() && !p.equals("benign") && !p.equals("malignant")) {
                throw new DeepMinerException(source, "image '" + e.id() + "': pathology '" + p
                        + "' is not benign, malignant or empty");
            }
            if (e.explanationConcepts().stream().anyMatch(String::isEmpty)
                    || e.reportConcepts().stream().anyMatch(String::isEmpty)) {
                throw new DeepMinerException(source, "image '" + e.id() + "': an empty concept id");
            }
        }
    }

    private static void item(String source, String kind, String id, String caseId, String trueClass,
            Map<String, Double> probabilities, Set<String> classes) {
        if (id == null || id.isEmpty()) {
            throw new DeepMinerException(source, "a " + kind + " without an id");
        }
        if (caseId == null || caseId.isEmpty()) {
            throw new DeepMinerException(source, kind + " '" + id + "' has no case id");
        }
        if (!classes.contains(trueClass)) {
            throw new DeepMinerException(source, kind + " '" + id + "': true class '" + trueClass + "' is not one of "
                    + classes);
        }
        for (String c : classes) {
            Double p = probabilities.get(c);
            if (p == null || !Double.isFinite(p)) {
                throw new DeepMinerException(source, kind + " '" + id + "': probability of class '" + c + "' is "
                        + (p == null ? "missing" : p));
            }
        }
    }
}
