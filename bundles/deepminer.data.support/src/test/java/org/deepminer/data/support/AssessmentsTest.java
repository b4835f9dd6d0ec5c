package org.deepminer.data.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.deepminer.data.support.Assessments.Assessment;
import org.junit.jupiter.api.Test;

class AssessmentsTest {
    @Test
    void readsTheSpellingsOfVindrAndInbreast() {
        assertEquals(Optional.of(new Assessment(4, "")), Assessments.parse("BI-RADS 4"));
        assertEquals(Optional.of(new Assessment(5, "")), Assessments.parse(" BIRADS 5 "));
        assertEquals(Optional.of(new Assessment(4, "b")), Assessments.parse("4b"));
        assertEquals(Optional.of(new Assessment(4, "c")), Assessments.parse("  4C  "));
        assertEquals(Optional.of(new Assessment(1, "")), Assessments.parse("1"));
        assertEquals("assessment-4a", Assessments.parse("4a").orElseThrow().conceptId());
        assertEquals("BI-RADS 4A", Assessments.parse("4a").orElseThrow().text());
    }

    @Test
    void refusesWhatIsNoAssessment() {
        for (String v : new String[] {"", "N/A", "7", "3a", "BI-RADS", "44", "4d", "DENSITY A"}) {
            assertTrue(Assessments.parse(v).isEmpty(), v);
        }
    }

    @Test
    void labelsWithoutBiopsy() {
        assertEquals("normal", new Assessment(1, "").label().orElseThrow());
        assertEquals("benign", new Assessment(3, "").label().orElseThrow());
        assertEquals("malignant", new Assessment(4, "a").label().orElseThrow());
        assertEquals("malignant", new Assessment(6, "").label().orElseThrow());
        assertTrue(new Assessment(0, "").label().isEmpty());
    }
}
