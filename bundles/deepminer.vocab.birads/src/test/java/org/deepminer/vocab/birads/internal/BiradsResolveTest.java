package org.deepminer.vocab.birads.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Concept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dataset spellings (BIRADS.md, "Dataset spellings -> lexicon") through resolve(category, term). */
class BiradsResolveTest {

    private static final BiradsVocabulary VOCABULARY = new BiradsVocabulary();

    private static List<String> ids(String category, String term) {
        return VOCABULARY.resolve(category, term).stream().map(Concept::id).toList();
    }

    private static List<String> expected(String ids) {
        return Arrays.asList(ids.split(" "));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            // DDSM / CBIS-DDSM mass shape, including the values DDSM files under shape that are findings
            "mass shape; ROUND; shape-round",
            "mass shape; OVAL; shape-oval",
            "mass shape; LOBULATED; shape-oval",
            "mass shape; IRREGULAR; shape-irregular",
            "mass shape; ARCHITECTURAL_DISTORTION; architectural-distortion",
            "mass shape; FOCAL_ASYMMETRIC_DENSITY; asymmetry-focal",
            "mass shape; ASYMMETRIC_BREAST_TISSUE; asymmetry-global",
            "mass shape; LYMPH_NODE; lymph-node",
            // margins
            "mass margin; CIRCUMSCRIBED; margin-circumscribed",
            "mass margin; OBSCURED; margin-obscured",
            "mass margin; MICROLOBULATED; margin-microlobulated",
            "mass margin; ILL_DEFINED; margin-indistinct",
            "mass margin; SPICULATED; margin-spiculated",
            // calcification types
            "calcification type; AMORPHOUS; calc-amorphous",
            "calcification type; COARSE; calc-coarse",
            "calcification type; DYSTROPHIC; calc-dystrophic",
            "calcification type; EGGSHELL; calc-rim",
            "calcification type; FINE_LINEAR_BRANCHING; calc-fine-linear-branching",
            "calcification type; LARGE_RODLIKE; calc-large-rod-like",
            "calcification type; LUCENT_CENTERED; calc-rim",
            "calcification type; LUCENT_CENTER; calc-rim",
            "calcification type; MILK_OF_CALCIUM; calc-milk-of-calcium",
            "calcification type; PLEOMORPHIC; calc-fine-pleomorphic",
            "calcification type; PUNCTATE; calc-punctate",
            "calcification type; ROUND_AND_REGULAR; calc-round",
            "calcification type; SKIN; calc-skin",
            "calcification type; VASCULAR; calc-vascular",
            // distributions
            "calcification distribution; CLUSTERED; dist-grouped",
            "calcification distribution; LINEAR; dist-linear",
            "calcification distribution; REGIONAL; dist-regional",
            "calcification distribution; DIFFUSELY_SCATTERED; dist-diffuse",
            "calcification distribution; SEGMENTAL; dist-segmental",
    })
    void ddsmTokens(String category, String term, String id) {
        assertEquals(List.of(id), ids(category, term));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "mass shape; ROUND-OVAL; shape-round shape-oval",
            "mass shape; OVAL-LOBULATED; shape-oval",
            "mass shape; IRREGULAR-ARCHITECTURAL_DISTORTION; shape-irregular architectural-distortion",
            "mass shape; LOBULATED-LYMPH_NODE; shape-oval lymph-node",
            "mass shape; IRREGULAR-FOCAL_ASYMMETRIC_DENSITY; shape-irregular asymmetry-focal",
            "mass margin; ILL_DEFINED-SPICULATED; margin-indistinct margin-spiculated",
            "mass margin; SPICULATED-ILL_DEFINED-SPICULATED; margin-spiculated margin-indistinct",
            "mass margin; CIRCUMSCRIBED-OBSCURED; margin-circumscribed margin-obscured",
            "mass margin; OBSCURED-ILL_DEFINED-SPICULATED; margin-obscured margin-indistinct margin-spiculated",
            "calcification type; PLEOMORPHIC-PLEOMORPHIC; calc-fine-pleomorphic",
            "calcification type; AMORPHOUS-PLEOMORPHIC; calc-amorphous calc-fine-pleomorphic",
            "calcification type; PUNCTATE-PLEOMORPHIC; calc-punctate calc-fine-pleomorphic",
            "calcification type; PUNCTATE-FINE_LINEAR_BRANCHING; calc-punctate calc-fine-linear-branching",
            "calcification type; LUCENT_CENTER-PUNCTATE; calc-rim calc-punctate",
            "calcification type; LUCENT_CENTERED-LUCENT_CENTER; calc-rim",
            "calcification type; EGGSHELL-LUCENT_CENTERED; calc-rim",
            "calcification type; ROUND_AND_REGULAR-LUCENT_CENTER-DYSTROPHIC; calc-round calc-rim calc-dystrophic",
            "calcification type; COARSE-ROUND_AND_REGULAR-LUCENT_CENTERED; calc-coarse calc-round calc-rim",
            "calcification type; MILK_OF_CALCIUM-ROUND_AND_REGULAR; calc-milk-of-calcium calc-round",
            "calcification type; LARGE_RODLIKE-ROUND_AND_REGULAR; calc-large-rod-like calc-round",
            "calcification type; SKIN-COARSE-ROUND_AND_REGULAR; calc-skin calc-coarse calc-round",
            "calcification type; VASCULAR-COARSE-LUCENT_CENTERED-ROUND_AND_REGULAR-PUNCTATE;"
                    + " calc-vascular calc-coarse calc-rim calc-round calc-punctate",
            "calcification type; ROUND_AND_REGULAR-PUNCTATE-AMORPHOUS; calc-round calc-punctate calc-amorphous",
            "calcification distribution; REGIONAL-REGIONAL; dist-regional",
            "calcification distribution; CLUSTERED-LINEAR; dist-grouped dist-linear",
            "calcification distribution; LINEAR-SEGMENTAL; dist-linear dist-segmental",
            "calcification distribution; CLUSTERED-SEGMENTAL-CLUSTERED; dist-grouped dist-segmental",
            // stray separators of real files
            "mass margin; ILL_DEFINED--SPICULATED; margin-indistinct margin-spiculated",
            "mass margin; SPICULATED-; margin-spiculated",
    })
    void joinedAndRepeatedValuesGiveEachConceptOnceInOrder(String category, String term, String ids) {
        assertEquals(expected(ids), ids(category, term));
    }

    @ParameterizedTest(name = "{0}: ''{1}'' -> {2}")
    @CsvSource(delimiter = ';', value = {
            "calcification type; fine linear branching; calc-fine-linear-branching",
            "calcification type; Fine-linear branching; calc-fine-linear-branching",
            "calcification type; fine_linear_branching; calc-fine-linear-branching",
            "calcification type; fine linear; calc-fine-linear-branching",
            "calcification type; Fine pleomorphic; calc-fine-pleomorphic",
            "calcification type; '  pleomorphic  '; calc-fine-pleomorphic",
            "calcification type; _PLEOMORPHIC_; calc-fine-pleomorphic",
            "calcification type; milk of calcium; calc-milk-of-calcium",
            "calcification type; Lucent centered; calc-rim",
            "calcification type; lucent-centered; calc-rim",
            "calcification type; large rod-like; calc-large-rod-like",
            "calcification type; round and regular; calc-round",
            "calcification type; coarse heterogeneous; calc-coarse-heterogeneous",
            "calcification type; popcorn; calc-coarse",
            "calcification distribution; Diffusely scattered; dist-diffuse",
            "calcification distribution; clustered; dist-grouped",
            "mass margin; ill-defined; margin-indistinct",
            "mass margin; Ill defined; margin-indistinct",
            "mass density; fat containing; mass-density-fat",
            "mass density; Fat-containing; mass-density-fat",
            // ids are spellings too (the phantom writes them)
            "mass margin; margin-spiculated; margin-spiculated",
            "; calc-round; calc-round",
            "; dist-grouped-calc-round; dist-grouped calc-round",
    })
    void spellingsIgnoreCaseBlanksUnderscoresAndHyphens(String category, String term, String ids) {
        assertEquals(expected(ids), ids(category == null ? "" : category, term));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "breast composition; 1; density-a",
            "breast composition; 2; density-b",
            "breast composition; 3; density-c",
            "breast composition; 4; density-d",
            "breast composition; a; density-a",
            "breast composition; B; density-b",
            "breast composition; c; density-c",
            "breast composition; D; density-d",
            "breast composition; DENSITY A; density-a",
            "breast composition; DENSITY B; density-b",
            "breast composition; DENSITY C; density-c",
            "breast composition; DENSITY D; density-d",
            "breast composition; extremely dense; density-d",
            "assessment; 0; assessment-0",
            "assessment; 1; assessment-1",
            "assessment; 2; assessment-2",
            "assessment; 3; assessment-3",
            "assessment; 4; assessment-4",
            "assessment; 5; assessment-5",
            "assessment; 6; assessment-6",
            "assessment; 4a; assessment-4a",
            "assessment; 4b; assessment-4b",
            "assessment; 4c; assessment-4c",
            "assessment; 4A; assessment-4a",
            "assessment; BI-RADS 4; assessment-4",
            "assessment; BI-RADS 4A; assessment-4a",
            "assessment; BI-RADS 1; assessment-1",
            "assessment; BI-RADS 5; assessment-5",
            "assessment; bi-rads 4c; assessment-4c",
            // without a category, spellings that only one category uses still resolve
            "; DENSITY C; density-c",
            "; BI-RADS 3; assessment-3",
            "; 4B; assessment-4b",
            "; 0; assessment-0",
            "; A; density-a",
    })
    void densityAndAssessment(String category, String term, String id) {
        assertEquals(List.of(id), ids(category == null ? "" : category, term));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            // VinDr-Mammo finding categories
            "finding; Mass; finding-mass",
            "finding; Suspicious Calcification; finding-calcification",
            "finding; Asymmetry; asymmetry",
            "finding; Focal Asymmetry; asymmetry-focal",
            "finding; Global Asymmetry; asymmetry-global",
            "finding; Architectural Distortion; architectural-distortion",
            "finding; Skin Thickening; feature-skin-thickening",
            "finding; Skin Retraction; feature-skin-retraction",
            "finding; Nipple Retraction; feature-nipple-retraction",
            "finding; Suspicious Lymph Node; lymph-node",
            // INbreast ROI names
            "finding; Calcification; finding-calcification",
            "finding; Cluster; finding-calcification",
            "finding; Spiculated Region; margin-spiculated",
            "finding; Distortion; architectural-distortion",
            "finding; Assymetry; asymmetry",
            // the same without a category
            "; Mass; finding-mass",
            "; Suspicious Calcification; finding-calcification",
            "; Global Asymmetry; asymmetry-global",
            "; Skin Retraction; feature-skin-retraction",
            "; Suspicious Lymph Node; lymph-node",
            "; Cluster; finding-calcification",
            "; Spiculated Region; margin-spiculated",
            "; Distortion; architectural-distortion",
            "; Assymetry; asymmetry",
            "; Calcification; finding-calcification",
    })
    void vindrAndInbreastNames(String category, String term, String id) {
        assertEquals(List.of(id), ids(category == null ? "" : category, term));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "N/A", "n/a", " N/A ", "NaN", "nan", "None", "NONE", "No Finding", "no finding"})
    void missingValuesResolveToNothing(String term) {
        for (String category : new String[] {"", "mass shape", "calcification type", "finding", "assessment"}) {
            assertTrue(VOCABULARY.resolve(category, term).isEmpty(), category + ": '" + term + "'");
        }
    }

    @Test
    void nullTermAndNullCategory() {
        assertTrue(VOCABULARY.resolve("mass shape", null).isEmpty());
        assertEquals(List.of("shape-oval"), VOCABULARY.resolve(null, "OVAL").stream().map(Concept::id).toList());
    }

    @Test
    void theCategoryTellsRoundShapeFromRoundCalcification() {
        assertEquals(List.of("shape-round"), ids("mass shape", "ROUND"));
        assertEquals(List.of("calc-round"), ids("calcification type", "ROUND"));
        assertEquals(List.of("calc-round"), ids("calcification type", "round"));
        assertEquals(List.of("density-a"), ids("breast composition", "1"));
        assertEquals(List.of("assessment-1"), ids("assessment", "1"));
        // the category may be written loosely
        assertEquals(List.of("calc-round"), ids("Calcification_Type", "ROUND"));
    }

    @Test
    void withoutACategoryTheOtherValuesOfATermSettleTheAmbiguousOne() {
        assertEquals(List.of("shape-round", "shape-oval"), ids("", "ROUND-OVAL"));
        assertEquals(List.of("calc-punctate", "calc-round"), ids("", "PUNCTATE-ROUND"));
        assertEquals(List.of("calc-round"), ids("", "ROUND_AND_REGULAR-ROUND"));
    }

    @Test
    void anAmbiguousSpellingWithoutACategoryNamesItsCandidates() {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("", "ROUND"));
        assertTrue(e.getMessage().contains("ambiguous term 'ROUND'"), e.getMessage());
        assertTrue(e.getMessage().contains("shape-round (mass shape)"), e.getMessage());
        assertTrue(e.getMessage().contains("calc-round (calcification type)"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("", "3"));
        assertTrue(e.getMessage().contains("density-c") && e.getMessage().contains("assessment-3"), e.getMessage());
        // a category that has neither keeps the ambiguity
        e = assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("finding", "ROUND"));
        assertTrue(e.getMessage().contains("category 'finding'") && e.getMessage().contains("calc-round"),
                e.getMessage());
    }

    @Test
    void breastCompositionAndAssessmentNeitherBorrowNorLendSpellings() {
        // a lesion category falls back to the other lesion categories ...
        assertEquals(List.of("feature-skin-thickening"), ids("finding", "SKIN THICKENING"));
        // ... but not to the categories of the breast and the case, nor they to others
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> VOCABULARY.resolve("breast composition", "5"));
        assertTrue(e.getMessage().contains("unknown term '5'"), e.getMessage());
        assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("mass shape", "BI-RADS 4"));
        assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("finding", "2"));
        assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("assessment", "SPICULATED"));
        assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("breast composition", "BI-RADS 2"));
        assertEquals(List.of("assessment-4"), ids("", "BI-RADS 4"));
    }

    @Test
    void anUnknownTermNamesTheTokenTheValueAndTheCategory() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> VOCABULARY.resolve("mass shape", "ROUND-TRIANGULAR"));
        assertTrue(e.getMessage().contains("'TRIANGULAR'"), e.getMessage());
        assertTrue(e.getMessage().contains("'ROUND-TRIANGULAR'"), e.getMessage());
        assertTrue(e.getMessage().contains("mass shape"), e.getMessage());
        e = assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve("", "SPICULE"));
        assertTrue(e.getMessage().contains("'SPICULE'") && e.getMessage().contains("any category"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"LUCENT", "CENTER", "LUCENT_CENTRE", "PLEOMORPHI", "FINE", "ROUND_AND", "BI-RADS 7",
            "DENSITY E", "5", "N/A-FOO"})
    void noPrefixOrPartialMatches(String term) {
        String category = term.equals("5") ? "breast composition" : "calcification type";
        assertThrows(DeepMinerException.class, () -> VOCABULARY.resolve(category, term));
    }

    @Test
    void anUnknownCategoryListsTheCategories() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> VOCABULARY.resolve("mass margins", "SPICULATED"));
        assertTrue(e.getMessage().contains("'mass margins'"), e.getMessage());
        assertTrue(e.getMessage().contains("mass margin, mass density"), e.getMessage());
    }

    @Test
    void resolvedConceptsAreTheVocabularysOwn() {
        Concept spiculated = VOCABULARY.concept("margin-spiculated").orElseThrow();
        assertSame(spiculated, VOCABULARY.resolve("mass margin", "SPICULATED").get(0));
        assertSame(spiculated, VOCABULARY.resolve("mass margin", "ILL_DEFINED-SPICULATED").get(1));
    }
}
