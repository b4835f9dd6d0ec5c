package org.deepminer.vocab.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lexicon file format and its reader, independent of BI-RADS. */
class LexiconTest {

    private static final String HEADER = "id\tterm\tcategory\tassociation\tcodes\tsynonyms\n";

    /** A second, made-up vocabulary: the loader knows nothing of BI-RADS. */
    private static final String TISSUE = "# a tiny vocabulary\n"
            + "@missing\t?|unknown\n"
            + "@closed\tgrade\n"
            + HEADER
            + "tissue-fat\tfat\ttissue\tNEUTRAL\tSCT:55603005:Adipose tissue\tADIPOSE|F\n"
            + "tissue-gland\tglandular tissue\ttissue\tNEUTRAL\t\tGLAND|G\n"
            + "\n"
            + "edge-sharp\tsharp\tedge\tBENIGN\tX:1:Sharp|X:2:Very sharp\tCRISP\n"
            + "edge-blurred\tblurred\tedge\tSUSPICIOUS\t\tFUZZY|G\n"
            + "grade-1\tgrade one\tgrade\tNEUTRAL\t\t1|G1\n";

    private static Lexicon read(String text) {
        return Lexicon.read("test", "test.tsv", new StringReader(text));
    }

    private static List<String> ids(Lexicon lexicon, String category, String term) {
        return lexicon.resolve(category, term).stream().map(Concept::id).toList();
    }

    @Test
    void aSecondVocabularyLoadsWithTheSameReader() {
        Lexicon lexicon = read(TISSUE);
        assertEquals(List.of("tissue", "edge", "grade"), lexicon.categories());
        assertEquals(5, lexicon.concepts().size());
        Concept sharp = lexicon.concept("edge-sharp").orElseThrow();
        assertEquals(new Concept("edge-sharp", "sharp", "edge",
                List.of(new Code("X", "1", "Sharp"), new Code("X", "2", "Very sharp")), List.of("CRISP"),
                Association.BENIGN), sharp);
        assertEquals(List.of("edge-blurred", "edge-sharp"), ids(lexicon, "edge", "fuzzy-crisp-Sharp"));
        assertEquals(List.of("tissue-gland"), ids(lexicon, "tissue", "G"));
        assertEquals(List.of("edge-blurred"), ids(lexicon, "edge", "G"));
        assertEquals(List.of("tissue-fat", "tissue-gland"), ids(lexicon, "", "F-G"), "F settles G's category");
        assertTrue(lexicon.resolve("tissue", "Unknown").isEmpty());
        assertTrue(lexicon.resolve("edge", " ? ").isEmpty());
        assertEquals(List.of("grade-1"), ids(lexicon, "grade", "1"));
        assertThrows(DeepMinerException.class, () -> lexicon.resolve("edge", "G1"), "grade is closed");
        assertThrows(DeepMinerException.class, () -> lexicon.resolve("", "G"), "tissue or edge");
    }

    @Test
    void rememberedValuesAreBoundedAndGiveTheSameAnswer() {
        Lexicon lexicon = read(TISSUE);
        List<Concept> first = lexicon.resolve("edge", "FUZZY-CRISP");
        assertSame(first, lexicon.resolve("edge", "FUZZY-CRISP"));
        assertEquals(1, lexicon.rememberedCount());
        // distinct spellings of one value, more than are remembered
        for (int blanks = 1; blanks <= Lexicon.REMEMBERED + 100; blanks++) {
            assertEquals(List.of("tissue-fat", "tissue-gland"),
                    ids(lexicon, "tissue", "fat-" + " ".repeat(blanks) + "gland"));
        }
        assertEquals(Lexicon.REMEMBERED + 1, lexicon.rememberedCount(), "per category: tissue full, edge one");
        assertEquals(List.of("edge-sharp"), ids(lexicon, "edge", "crisp"));
        // errors are not remembered: they are raised every time
        assertThrows(DeepMinerException.class, () -> lexicon.resolve("", "G"));
        assertThrows(DeepMinerException.class, () -> lexicon.resolve("", "G"));
    }

    @Test
    void byteOrderMarkAndWindowsLineEndsAreAccepted() {
        Lexicon lexicon = read("\uFEFF" + TISSUE.replace("\n", "\r\n"));
        assertEquals(5, lexicon.concepts().size());
        assertEquals(List.of("CRISP"), lexicon.concept("edge-sharp").orElseThrow().synonyms());
    }

    @ParameterizedTest(name = "{0}")
    // ~ stands for a tab: CsvSource would trim trailing tabs
    @CsvSource(delimiter = ';', value = {
            "too few columns; tissue-fat~fat~tissue~NEUTRAL~SCT:1:x; line 2: expected 6 tab-separated columns",
            "too many columns; tissue-fat~fat~tissue~NEUTRAL~~A~B; found 7",
            "bad association; tissue-fat~fat~tissue~MALIGNANT~~; line 2: association 'MALIGNANT'",
            "code without meaning; tissue-fat~fat~tissue~NEUTRAL~SCT:55603005~; line 2: code 'SCT:55603005'",
            "empty code scheme; tissue-fat~fat~tissue~NEUTRAL~:55603005:Fat~; is not SCHEME:VALUE:meaning",
            "upper-case id; Tissue-Fat~fat~tissue~NEUTRAL~~; line 2: id 'Tissue-Fat'",
            "id with blank; tissue fat~fat~tissue~NEUTRAL~~; line 2: id 'tissue fat'",
            "no term; tissue-fat~ ~tissue~NEUTRAL~~; line 2: concept 'tissue-fat' has no term",
            "no category; tissue-fat~fat~~NEUTRAL~~; line 2: concept 'tissue-fat' has no category",
            "empty synonym; tissue-fat~fat~tissue~NEUTRAL~~A||B; line 2: empty synonym in 'A||B'",
            "spelling of separators only; tissue-fat~fat~tissue~NEUTRAL~~_-_; line 2: spelling '_-_'",
    })
    void aMalformedRowIsRejectedNamingTheFileAndLine(String what, String row, String message) {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> read(HEADER + row.replace('~', '\t') + "\n"));
        assertTrue(e.getMessage().startsWith("test.tsv: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
        assertEquals("test.tsv", e.source().orElseThrow());
    }

    @Test
    void rowsThatContradictEachOtherAreRejectedNamingBothLines() {
        String twice = HEADER + "a-1\ta\tx\tNEUTRAL\t\t\n" + "# comment\n" + "a-1\tb\tx\tNEUTRAL\t\t\n";
        assertMessage(twice, "line 4: id 'a-1' is already defined on line 2");
        String clash = HEADER + "a-1\ta\tx\tNEUTRAL\t\tSAME\n" + "a-2\tb\tx\tNEUTRAL\t\tsame\n";
        assertMessage(clash, "line 3: spelling 'same' of 'a-2' already names 'a-1' (line 2) in category 'x'");
        String termClash = HEADER + "a-1\tround\tx\tNEUTRAL\t\t\n" + "a-2\tb\tx\tNEUTRAL\t\tROUND\n";
        assertMessage(termClash, "line 3: spelling 'ROUND' of 'a-2' already names 'a-1'");
        String scattered = HEADER + "a-1\ta\tx\tNEUTRAL\t\t\n" + "b-1\tb\ty\tNEUTRAL\t\t\n" + "a-2\tc\tx\tNEUTRAL\t\t\n";
        assertMessage(scattered, "line 4: category 'x' continues after 'y'");
        String missingSpelling = "@missing\tNONE\n" + HEADER + "a-1\ta\tx\tNEUTRAL\t\tNone\n";
        assertMessage(missingSpelling, "line 3: spelling 'None' of 'a-1' is also listed as a missing value");
    }

    @Test
    void headerDirectivesAndEmptyFilesAreChecked() {
        assertMessage("a-1\ta\tx\tNEUTRAL\t\t\n", "line 1: expected the header row");
        assertMessage("# only\n" + "id\tterm\tcategory\tcodes\tsynonyms\n", "line 2: expected the header row");
        assertMessage("@synonyms\tA\n" + HEADER, "line 1: unknown directive '@synonyms");
        assertMessage("@missing\n" + HEADER, "line 1: unknown directive");
        assertMessage("@closed\tnowhere\n" + HEADER + "a-1\ta\tx\tNEUTRAL\t\t\n",
                "line 1: @closed names category 'nowhere', which no concept has");
        assertMessage(HEADER, "no concepts");
        assertMessage("", "no concepts");
    }

    private static void assertMessage(String text, String message) {
        DeepMinerException e = assertThrows(DeepMinerException.class, () -> read(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.tsv: "), e.getMessage());
    }

    @Test
    void theShippedBiradsFileWithOneBrokenRowIsRejectedAtThatLine() throws IOException {
        List<String> lines = shippedLines();
        int row = indexOf(lines, "margin-spiculated\t");
        List<String> broken = new ArrayList<>(lines);
        broken.set(row, lines.get(row).substring(0, lines.get(row).lastIndexOf('\t'))); // drop the synonyms
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> Lexicon.read("birads", "lexicon.tsv", new StringReader(String.join("\n", broken))));
        assertTrue(e.getMessage().contains("line " + (row + 1) + ": expected 6 tab-separated columns"), e.getMessage());

        int other = indexOf(lines, "calc-rim\t");
        List<String> clash = new ArrayList<>(lines);
        clash.set(other, lines.get(other) + "|PUNCTATE");
        e = assertThrows(DeepMinerException.class,
                () -> Lexicon.read("birads", "lexicon.tsv", new StringReader(String.join("\n", clash))));
        assertTrue(e.getMessage().contains("line " + (other + 1) + ": spelling 'PUNCTATE' of 'calc-rim' already names"
                + " 'calc-punctate' (line " + (indexOf(lines, "calc-punctate\t") + 1) + ")"), e.getMessage());

        // unbroken, the same text reads
        assertEquals(68, Lexicon.read("birads", "lexicon.tsv", new StringReader(String.join("\n", lines)))
                .concepts().size());
    }

    private static List<String> shippedLines() throws IOException {
        try (InputStream in = LexiconTest.class.getResourceAsStream("/birads/lexicon.tsv")) {
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }

    @Test
    void aMissingResourceIsNamed() {
        DeepMinerException e = assertThrows(DeepMinerException.class,
                () -> Lexicon.load("x", LexiconTest.class, "/no/such/lexicon.tsv"));
        assertEquals("/no/such/lexicon.tsv", e.source().orElseThrow());
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = ';', value = {
            "FINE_LINEAR_BRANCHING; FINE LINEAR BRANCHING",
            "'  Fine-linear   branching '; FINE LINEAR BRANCHING",
            "_round_; ROUND",
            "BI-RADS 4a; BI RADS 4A",
            "N/A; N/A",
            "'\u00a0lucent\tcenter\u00a0'; LUCENT CENTER",
            "'--'; ''",
    })
    void keysIgnoreCaseAndSeparators(String spelling, String key) {
        assertEquals(key == null ? "" : key, Lexicon.key(spelling));
    }
}
