package org.deepminer.imaging.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deepminer.api.explain.RenderOptions;
import org.junit.jupiter.api.Test;

class PrivacyTest {
    private static final Map<String, String> IDS = Map.of(PatientIdentifiers.NAME, "Doe^Jane",
            PatientIdentifiers.ID, "PID-4711", PatientIdentifiers.BIRTH_DATE, "19610203");

    @Test
    void nothingMayBeWrittenUnlessAsked() {
        Privacy privacy = Privacy.of(new RenderOptions(false, IDS));
        assertTrue(privacy.identifiers().isEmpty());
        Privacy kept = Privacy.of(new RenderOptions(true, IDS));
        assertEquals(new PatientIdentifiers("Doe^Jane", "PID-4711", "19610203"), kept.identifiers());
    }

    @Test
    void identifiersInFreeTextAreWithheldInEverySpelling() {
        Privacy privacy = Privacy.of(new RenderOptions(false, IDS));
        String cleaned = privacy.clean("/data/DOE_JANE/pid-4711_L_CC.dcm born 1961-02-03 (Jane Doe, 03.02.1961)");
        assertFalse(cleaned.toLowerCase().contains("doe"), cleaned);
        assertFalse(cleaned.toLowerCase().contains("jane"), cleaned);
        assertFalse(cleaned.toLowerCase().contains("4711"), cleaned);
        assertFalse(cleaned.contains("1961"), cleaned);
        assertTrue(cleaned.contains("_L_CC.dcm"), "the rest stays: " + cleaned);
    }

    @Test
    void wordsThatMerelyContainANameStay() {
        Privacy privacy = Privacy.of(new RenderOptions(false, Map.of(PatientIdentifiers.NAME, "Lin^Al")));
        // "Al" is too short to withhold; "Lin" only as a whole token
        assertEquals("linear calcifications, Al-filter, [withheld]", privacy.clean("linear calcifications, Al-filter, LIN"));
    }

    @Test
    void keptIdentifiersAreNotTouched() {
        Privacy privacy = Privacy.of(new RenderOptions(true, IDS));
        assertEquals("Doe^Jane PID-4711", privacy.clean("Doe^Jane PID-4711"));
        assertEquals("", privacy.clean(null));
    }
}
