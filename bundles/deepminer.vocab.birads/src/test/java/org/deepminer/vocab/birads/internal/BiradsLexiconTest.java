package org.deepminer.vocab.birads.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.junit.jupiter.api.Test;

/** The content of the BI-RADS lexicon against docs/concepts.md and the DICOM codes of BIRADS.md. */
class BiradsLexiconTest {

    private static final BiradsVocabulary VOCABULARY = new BiradsVocabulary();

    /** docs/concepts.md, row by row, with the category each row's ids carry in the vocabulary. */
    private static final Map<String, List<String>> DOCUMENTED = new LinkedHashMap<>();
    private static final List<String> BENIGN_CALCIFICATIONS = List.of("calc-skin", "calc-vascular", "calc-coarse",
            "calc-large-rod-like", "calc-round", "calc-punctate", "calc-rim", "calc-dystrophic", "calc-milk-of-calcium",
            "calc-suture");
    private static final List<String> SUSPICIOUS_CALCIFICATIONS = List.of("calc-amorphous",
            "calc-coarse-heterogeneous", "calc-fine-pleomorphic", "calc-fine-linear-branching");

    static {
        DOCUMENTED.put("breast composition", List.of("density-a", "density-b", "density-c", "density-d"));
        DOCUMENTED.put("finding", List.of("finding-mass", "finding-calcification", "architectural-distortion",
                "asymmetry", "asymmetry-global", "asymmetry-focal", "asymmetry-developing", "lymph-node", "skin-lesion",
                "dilated-duct"));
        DOCUMENTED.put("mass shape", List.of("shape-oval", "shape-round", "shape-irregular"));
        DOCUMENTED.put("mass margin", List.of("margin-circumscribed", "margin-obscured", "margin-microlobulated",
                "margin-indistinct", "margin-spiculated"));
        DOCUMENTED.put("mass density", List.of("mass-density-high", "mass-density-equal", "mass-density-low",
                "mass-density-fat"));
        List<String> calcifications = new ArrayList<>(BENIGN_CALCIFICATIONS);
        calcifications.addAll(SUSPICIOUS_CALCIFICATIONS);
        DOCUMENTED.put("calcification type", calcifications);
        DOCUMENTED.put("calcification distribution", List.of("dist-diffuse", "dist-regional", "dist-grouped",
                "dist-linear", "dist-segmental"));
        DOCUMENTED.put("associated feature", List.of("feature-skin-retraction", "feature-nipple-retraction",
                "feature-skin-thickening", "feature-trabecular-thickening", "feature-axillary-adenopathy"));
        DOCUMENTED.put("assessment", List.of("assessment-0", "assessment-1", "assessment-2", "assessment-3",
                "assessment-4", "assessment-4a", "assessment-4b", "assessment-4c", "assessment-5", "assessment-6"));
        DOCUMENTED.put("anatomy", List.of("anatomy-pectoral-muscle", "anatomy-skin-line", "anatomy-nipple",
                "anatomy-vessels", "anatomy-normal-tissue", "anatomy-fat", "anatomy-inframammary-fold",
                "anatomy-chest-wall"));
    }

    /** Every code value of BIRADS.md's "DICOM codes" section that names a concept, with that concept. */
    private static final Map<String, String> CODED = new HashMap<>();
    /** The code values of that section that name no concept of the lexicon: none may be attached. */
    private static final Set<String> NOT_CONCEPTS = Set.of(
            "111343", // angular margin: not a 5th-edition mammography margin
            "111346", "111347", // within / outside of a mass: qualify a distribution
            "80248007", "73056007", "76752008", // left breast, right breast, breast
            "399162004", "399368009"); // CC and MLO views

    static {
        // CID 6001 composition
        CODED.put("129716005", "density-a");
        CODED.put("129717001", "density-b");
        CODED.put("129718006", "density-c");
        CODED.put("129719003", "density-d");
        // CID 6005 shape: lobular is the old name of oval
        CODED.put("42700002", "shape-round");
        CODED.put("84360004", "shape-oval");
        CODED.put("49608001", "shape-irregular");
        CODED.put("40266001", "shape-oval");
        // CID 6007 margin
        CODED.put("129738007", "margin-circumscribed");
        CODED.put("129740002", "margin-obscured");
        CODED.put("129739004", "margin-microlobulated");
        CODED.put("129741003", "margin-indistinct");
        CODED.put("129742005", "margin-spiculated");
        // CID 6009 density
        CODED.put("129744006", "mass-density-high");
        CODED.put("129745007", "mass-density-equal");
        CODED.put("129746008", "mass-density-low");
        CODED.put("129747004", "mass-density-fat");
        // CID 6011 calcification type: lucent-centered and eggshell are old names of rim
        CODED.put("129757003", "calc-skin");
        CODED.put("129759000", "calc-vascular");
        CODED.put("129749001", "calc-coarse");
        CODED.put("129752009", "calc-large-rod-like");
        CODED.put("129756007", "calc-round");
        CODED.put("129755006", "calc-punctate");
        CODED.put("129754005", "calc-rim");
        CODED.put("129751002", "calc-rim");
        CODED.put("129750001", "calc-dystrophic");
        CODED.put("129753004", "calc-milk-of-calcium");
        CODED.put("129758008", "calc-suture");
        CODED.put("129760005", "calc-amorphous");
        CODED.put("129763007", "calc-coarse-heterogeneous");
        CODED.put("111344", "calc-fine-pleomorphic");
        CODED.put("129761009", "calc-fine-linear-branching");
        CODED.put("129762002", "calc-fine-linear-branching");
        // CID 6013 distribution
        CODED.put("129764001", "dist-diffuse");
        CODED.put("129767008", "dist-regional");
        CODED.put("129766004", "dist-grouped");
        CODED.put("129765000", "dist-linear");
        CODED.put("129768003", "dist-segmental");
        // CID 6015/6017 findings
        CODED.put("129788004", "finding-mass");
        CODED.put("129792006", "architectural-distortion");
        CODED.put("129789007", "asymmetry-focal");
        CODED.put("129790003", "asymmetry-global");
        CODED.put("443808008", "lymph-node");
        CODED.put("129769006", "finding-calcification");
        CODED.put("129770007", "finding-calcification");
        CODED.put("129797000", "feature-skin-thickening");
        CODED.put("129796009", "feature-skin-retraction");
        CODED.put("129795008", "feature-trabecular-thickening");
        CODED.put("127189005", "feature-axillary-adenopathy");
    }

    @Test
    void everyDocumentedIdIsPresentOnceInItsCategory() {
        List<String> ids = VOCABULARY.concepts().stream().map(Concept::id).toList();
        assertEquals(ids.size(), Set.copyOf(ids).size(), "duplicate ids: " + ids);
        Map<String, String> expected = new TreeMap<>();
        DOCUMENTED.forEach((category, list) -> list.forEach(id -> expected.put(id, category)));
        assertEquals(68, expected.size());
        Map<String, String> actual = new TreeMap<>();
        VOCABULARY.concepts().forEach(c -> actual.put(c.id(), c.category()));
        assertEquals(expected, actual);
        for (String id : expected.keySet()) {
            assertEquals(id, VOCABULARY.concept(id).orElseThrow().id());
        }
        assertTrue(VOCABULARY.concept("margin-angular").isEmpty());
    }

    @Test
    void conceptsAreGroupedByCategoryInLexiconOrder() {
        List<String> order = new ArrayList<>();
        for (Concept c : VOCABULARY.concepts()) {
            if (order.isEmpty() || !order.get(order.size() - 1).equals(c.category())) {
                order.add(c.category());
            }
        }
        assertEquals(List.copyOf(DOCUMENTED.keySet()), order);
        assertEquals("birads", VOCABULARY.id());
        assertEquals("5", VOCABULARY.version());
    }

    @Test
    void everyDicomCodeIsAttachedToItsConcept() {
        Map<String, String> attached = new HashMap<>();
        for (Concept c : VOCABULARY.concepts()) {
            for (Code code : c.codes()) {
                String previous = attached.put(code.value(), c.id());
                assertEquals(null, previous, code.value() + " is on both " + previous + " and " + c.id());
                assertFalse(code.meaning().isBlank(), c.id());
                // DICOM's own codes are six digits starting 111; the others are SNOMED CT
                assertEquals(code.value().startsWith("111") && code.value().length() == 6 ? "DCM" : "SCT",
                        code.scheme(), c.id() + " " + code);
            }
        }
        CODED.forEach((value, id) -> assertEquals(id, attached.get(value), "code " + value));
        for (String value : NOT_CONCEPTS) {
            assertFalse(attached.containsKey(value), value + " is on " + attached.get(value));
        }
    }

    @Test
    void theBestCodeIsTheCurrentTerm() {
        assertEquals("84360004", best("shape-oval"), "oval before the old lobular");
        assertEquals("129762002", best("calc-fine-linear-branching"));
        assertEquals(new Code("DCM", "111344", "Fine pleomorphic"),
                VOCABULARY.concept("calc-fine-pleomorphic").orElseThrow().code().orElseThrow());
        assertEquals("129742005", best("margin-spiculated"));
        assertEquals(2, VOCABULARY.concept("calc-rim").orElseThrow().codes().size());
    }

    private static String best(String id) {
        return VOCABULARY.concept(id).orElseThrow().code().orElseThrow().value();
    }

    @Test
    void associationsFollowTheLexicon() {
        BENIGN_CALCIFICATIONS.forEach(id -> assertEquals(Association.BENIGN, association(id), id));
        SUSPICIOUS_CALCIFICATIONS.forEach(id -> assertEquals(Association.SUSPICIOUS, association(id), id));
        DOCUMENTED.get("breast composition").forEach(id -> assertEquals(Association.NEUTRAL, association(id), id));
        DOCUMENTED.get("anatomy").forEach(id -> assertEquals(Association.NEUTRAL, association(id), id));
        for (String id : List.of("shape-irregular", "margin-spiculated", "margin-indistinct", "architectural-distortion",
                "dist-linear", "dist-segmental", "assessment-4", "assessment-4a", "assessment-5", "assessment-6")) {
            assertEquals(Association.SUSPICIOUS, association(id), id);
        }
        for (String id : List.of("shape-oval", "shape-round", "margin-circumscribed", "mass-density-fat",
                "lymph-node", "assessment-2", "assessment-3")) {
            assertEquals(Association.BENIGN, association(id), id);
        }
    }

    private static Association association(String id) {
        return VOCABULARY.concept(id).orElseThrow().association();
    }

    @Test
    void everyConceptHasATermAndAnatomyHasOnlyCodesWeAreSureOf() {
        for (Concept c : VOCABULARY.concepts()) {
            assertFalse(c.term().isBlank(), c.id());
        }
        assertEquals("78904004", best("anatomy-chest-wall"));
        assertEquals("24142002", best("anatomy-nipple"));
        assertTrue(VOCABULARY.concept("anatomy-pectoral-muscle").orElseThrow().codes().isEmpty());
    }
}
