package org.deepminer.data.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {
    @TempDir
    Path dir;

    @Test
    void hashSplitsHaveTheAskedProportions() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < 4000; i++) {
            counts.merge(Splits.byHash("P_" + i, 0.1, 0.2), 1, Integer::sum);
        }
        // binomial: 4000 * 0.2 = 800 +- 4 sd (~25) and 400 +- 4 sd (~19)
        assertTrue(Math.abs(counts.get(Split.TEST) - 800) < 100, counts.toString());
        assertTrue(Math.abs(counts.get(Split.VALIDATION) - 400) < 76, counts.toString());
    }

    @Test
    void aCaseListedInTwoSplitsIsAProblem() throws IOException {
        Path f = java.nio.file.Files.writeString(dir.resolve("splits.csv"), "case_id,split\nP_1,train\n\"P_2\",test\nP_1,test\n");
        Problems lenient = new Problems(false);
        Map<String, Split> s = Splits.read(f, lenient);
        assertEquals(Map.of("P_1", Split.TRAIN, "P_2", Split.TEST), s);
        assertEquals(List.of(f + ":4: case P_1 is test here but train on line 2"), lenient.snapshot());
    }

    @Test
    void theReaderInvariantRejectsACaseInTwoSplits() {
        List<SampleRef> refs = List.of(new SampleRef("a", "P_1", Split.TRAIN, "benign"),
                new SampleRef("b", "P_1", Split.TEST, "benign"));
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> Splits.checkOneSplitPerCase(dir, refs));
        assertTrue(e.getMessage().contains("P_1"));
    }
}
