package org.deepminer.data.ddsm.internal;

import org.deepminer.data.support.Problems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A DDSM {@code .OVERLAY} file: the abnormalities of one image with their LESION_TYPE lines,
 * assessment, subtlety, pathology and chain-coded outlines. CORE outlines are counted but not kept: the
 * lesion's mask is its BOUNDARY (a core lies inside it).
 */
record OverlayFile(Path file, List<Abnormality> abnormalities) {

    /** A line as written, with its number, for reports and messages. */
    record Line(String text, int number) {}

    /**
     * @param assessment the ASSESSMENT line, or null
     * @param subtlety the SUBTLETY line, or null
     * @param pathology the PATHOLOGY line, or null
     * @param boundaries the BOUNDARY outlines as polygon vertices (alternating x, y)
     * @param cores number of CORE outlines read past
     */
    record Abnormality(int number, int line, List<Line> lesionTypes, Line assessment, Line subtlety, Line pathology,
            List<Outline> boundaries, int cores) {}

    /** One outline: polygon vertices as alternating x, y, and the line its chain code starts on. */
    record Outline(int[] vertices, int line) {}

    private static final Set<String> KEYWORDS = Set.of("TOTAL_ABNORMALITIES", "ABNORMALITY", "LESION_TYPE", "ASSESSMENT",
            "SUBTLETY", "PATHOLOGY", "TOTAL_OUTLINES", "BOUNDARY", "CORE");

    static OverlayFile parse(Path file, Problems problems) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        List<Abnormality> done = new ArrayList<>();
        Builder current = null;
        int total = -1;
        int totalLine = 0;
        int i = 0;
        while (i < lines.size()) {
            String t = lines.get(i).trim();
            int lineNo = ++i;
            if (t.isEmpty()) {
                continue;
            }
            String where = file + ":" + lineNo;
            String[] tok = t.split("\\s+");
            String key = tok[0].toUpperCase(Locale.ROOT);
            if (!KEYWORDS.contains(key)) {
                problems.report(where, "unexpected line '" + abbreviate(t) + "'");
                continue;
            }
            if (key.equals("TOTAL_ABNORMALITIES")) {
                Integer n = tok.length > 1 ? IcsFile.parseInt(tok[1]) : null;
                if (n == null || n < 0) {
                    problems.report(where, "TOTAL_ABNORMALITIES must be a count, not '" + abbreviate(t) + "'");
                } else {
                    total = n;
                    totalLine = lineNo;
                }
                continue;
            }
            if (key.equals("ABNORMALITY")) {
                if (current != null) {
                    done.add(current.build(file, problems));
                }
                Integer n = tok.length > 1 ? IcsFile.parseInt(tok[1]) : null;
                if (n == null) {
                    problems.report(where, "ABNORMALITY must be numbered, not '" + abbreviate(t) + "'");
                    n = done.size() + 1;
                }
                current = new Builder(n, lineNo);
                continue;
            }
            if (current == null) {
                problems.report(where, key + " before the first ABNORMALITY line");
                current = new Builder(1, lineNo);
            }
            switch (key) {
                case "LESION_TYPE" -> current.lesionTypes.add(new Line(t, lineNo));
                case "ASSESSMENT" -> current.assessment = new Line(t, lineNo);
                case "SUBTLETY" -> current.subtlety = new Line(t, lineNo);
                case "PATHOLOGY" -> current.pathology = new Line(t, lineNo);
                case "TOTAL_OUTLINES" -> {
                    Integer n = tok.length > 1 ? IcsFile.parseInt(tok[1]) : null;
                    if (n == null || n < 0) {
                        problems.report(where, "TOTAL_OUTLINES must be a count, not '" + abbreviate(t) + "'");
                    } else {
                        current.totalOutlines = n;
                        current.totalOutlinesLine = lineNo;
                    }
                }
                default -> { // BOUNDARY or CORE: the chain code follows, over as many lines as it takes
                    ChainReader chain = new ChainReader();
                    int errorLine = lineNo;
                    String error = chain.consume(t.substring(tok[0].length()));
                    while (error == null && !chain.ended && i < lines.size()) {
                        String next = lines.get(i).trim();
                        String first = next.isEmpty() ? "" : next.split("\\s+")[0].toUpperCase(Locale.ROOT);
                        if (KEYWORDS.contains(first)) {
                            break;
                        }
                        errorLine = ++i;
                        error = chain.consume(next);
                    }
                    if (error == null && !chain.ended) {
                        error = "chain code not ended by '#'";
                        errorLine = lineNo;
                    }
                    if (error == null && chain.starts < 2) {
                        error = "chain code lacks its start column and row";
                        errorLine = lineNo;
                    }
                    if (error != null) {
                        problems.report(file + ":" + errorLine, key + " " + error);
                    } else if (key.equals("BOUNDARY")) {
                        current.boundaries.add(new Outline(
                                ChainCode.vertices(chain.startCol, chain.startRow, Arrays.copyOf(chain.steps, chain.count)),
                                lineNo));
                    } else {
                        current.cores++;
                    }
                    current.outlinesSeen++;
                }
            }
        }
        if (current != null) {
            done.add(current.build(file, problems));
        }
        if (total >= 0 && total != done.size()) {
            problems.report(file + ":" + totalLine, "TOTAL_ABNORMALITIES " + total + " but " + done.size() + " ABNORMALITY entries");
        }
        return new OverlayFile(file, List.copyOf(done));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static final class Builder {
        final int number;
        final int line;
        final List<Line> lesionTypes = new ArrayList<>();
        Line assessment;
        Line subtlety;
        Line pathology;
        int totalOutlines = -1;
        int totalOutlinesLine;
        int outlinesSeen;
        final List<Outline> boundaries = new ArrayList<>();
        int cores;

        Builder(int number, int line) {
            this.number = number;
            this.line = line;
        }

        Abnormality build(Path file, Problems problems) {
            if (totalOutlines >= 0 && totalOutlines != outlinesSeen) {
                problems.report(file + ":" + totalOutlinesLine,
                        "TOTAL_OUTLINES " + totalOutlines + " but " + outlinesSeen + " outlines in ABNORMALITY " + number);
            }
            return new Abnormality(number, line, List.copyOf(lesionTypes), assessment, subtlety, pathology,
                    List.copyOf(boundaries), cores);
        }
    }

    /** Reads a chain code token by token: start column, start row, then digits 0-7 until '#'. */
    private static final class ChainReader {
        int starts;
        int startCol;
        int startRow;
        byte[] steps = new byte[256];
        int count;
        boolean ended;

        /** @return null, or what is wrong */
        String consume(String text) {
            for (String token : text.trim().split("\\s+")) {
                if (token.isEmpty() || ended) {
                    continue;
                }
                if (starts < 2) {
                    int hash = token.indexOf('#');
                    String number = hash >= 0 ? token.substring(0, hash) : token;
                    Integer v = number.isEmpty() ? null : IcsFile.parseInt(number);
                    if (v == null) {
                        return "chain code start '" + token + "' is not a number";
                    }
                    if (starts++ == 0) {
                        startCol = v;
                    } else {
                        startRow = v;
                    }
                    ended = hash >= 0;
                    continue;
                }
                for (int k = 0; k < token.length() && !ended; k++) {
                    char c = token.charAt(k);
                    if (c == '#') {
                        ended = true;
                    } else if (c >= '0' && c <= '7') {
                        if (count == steps.length) {
                            steps = Arrays.copyOf(steps, count * 2);
                        }
                        steps[count++] = (byte) (c - '0');
                    } else {
                        return "chain code direction '" + c + "' is not 0-7";
                    }
                }
            }
            return null;
        }
    }
}
