package org.deepminer.data.phantom.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.data.phantom.internal.io.PhantomGenerator;
import org.deepminer.data.phantom.internal.io.PhantomParameters;
import org.junit.jupiter.api.Test;

class CasePriorTest {

    @Test
    void classAndDensityProportionsFollowTheMix() {
        int n = 10_000;
        List<CaseSpec> cases = PhantomGenerator.drawCases(PhantomParameters.defaults(n, 21));
        Map<String, Integer> labels = new HashMap<>();
        Map<String, Integer> densities = new HashMap<>();
        for (CaseSpec c : cases) {
            labels.merge(c.label(), 1, Integer::sum);
            densities.merge(c.density(), 1, Integer::sum);
            // a normal breast is a normal case and vice versa: leaning cases always have a finding
            assertEquals(c.type() == CaseType.NORMAL, c.label().equals("normal"));
        }
        assertEquals(0.35, labels.get("normal") / (double) n, 0.02);
        double benign = labels.get("benign") / (double) n;
        double malignant = labels.get("malignant") / (double) n;
        System.out.printf("CLASSES phantom (default mix): normal %.3f benign %.3f malignant %.3f%n",
                labels.get("normal") / (double) n, benign, malignant);
        assertTrue(benign > 0.25 && benign < 0.40, "benign " + benign);
        assertTrue(malignant > 0.25 && malignant < 0.40, "malignant " + malignant);
        assertEquals(0.10, densities.get("density-a") / (double) n, 0.015);
        assertEquals(0.40, densities.get("density-b") / (double) n, 0.02);
    }

    @Test
    void splitsAreEightyTenTenPerClassAndEachCaseIsInOne() {
        int n = 2_003;
        PhantomParameters p = PhantomParameters.defaults(n, 22);
        List<CaseSpec> cases = PhantomGenerator.drawCases(p);
        String[] splits = PhantomGenerator.split(cases, p.seed());
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (CaseSpec c : cases) {
            assertNotNull(splits[c.index()], "case " + c.caseId() + " has a split");
            counts.computeIfAbsent(c.label(), k -> new HashMap<>()).merge(splits[c.index()], 1, Integer::sum);
        }
        counts.forEach((label, bySplit) -> {
            int total = bySplit.values().stream().mapToInt(Integer::intValue).sum();
            int train = (int) Math.round(total * 0.8);
            int validation = (int) Math.round(total * 0.1);
            assertEquals(train, (int) bySplit.getOrDefault("train", 0), label);
            assertEquals(validation, (int) bySplit.getOrDefault("validation", 0), label);
            assertEquals(total - train - validation, (int) bySplit.getOrDefault("test", 0), label);
        });
        assertEquals(List.of(splits), List.of(PhantomGenerator.split(cases, p.seed())), "deterministic per seed");
        assertNotEquals(List.of(splits), List.of(PhantomGenerator.split(cases, p.seed() + 1)), "another seed, other splits");
    }

    @Test
    void aCaseDependsOnlyOnItsOwnSeed() {
        CasePrior prior = new CasePrior(CasePrior.Mix.defaults());
        long seed = PhantomGenerator.caseSeed(5, 17);
        assertEquals(prior.draw(17, seed), prior.draw(17, seed));
        List<CaseSpec> few = PhantomGenerator.drawCases(PhantomParameters.defaults(20, 5));
        List<CaseSpec> many = PhantomGenerator.drawCases(PhantomParameters.defaults(200, 5));
        assertEquals(few, many.subList(0, 20), "adding cases does not change the earlier ones");
    }
}
