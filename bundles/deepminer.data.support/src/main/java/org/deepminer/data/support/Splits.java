package org.deepminer.data.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.data.SampleRef;
import org.deepminer.api.data.Split;

/** Which split a case is in: from a {@code splits.csv} when the data set has one, else by a stable hash. */
public final class Splits {
    public static final String FILE = "splits.csv";

    private Splits() {}

    /**
     * Reads {@code case_id,split} rows (a header line is optional; blank lines and {@code #} comments are
     * skipped). A case listed twice with different splits is a problem.
     */
    public static Map<String, Split> read(Path file, Problems problems) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Split> splits = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            boolean mayBeHeader = header;
            header = false;
            String[] cells = t.split(",", -1);
            if (cells.length < 2) {
                problems.report(where, "want 'case_id,split', got '" + t + "'");
                continue;
            }
            String caseId = unquote(cells[0]);
            String value = unquote(cells[1]);
            Split split;
            try {
                split = Split.parse(value);
            } catch (IllegalArgumentException e) {
                if (mayBeHeader) {
                    continue; // case_id,split
                }
                problems.report(where, e.getMessage());
                continue;
            }
            Split before = splits.putIfAbsent(caseId, split);
            if (before == null) {
                firstLine.put(caseId, i + 1);
            } else if (before != split) {
                problems.report(where, "case " + caseId + " is " + split.label() + " here but " + before.label()
                        + " on line " + firstLine.get(caseId));
            }
        }
        return splits;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    /**
     * A stable place in [0, 1) for a case: the first 53 bits of the SHA-256 of its id (UTF-8). The same
     * case lands in the same split on every machine and every run.
     */
    public static double unitHash(String caseId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(caseId.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return (v >>> 11) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Test for the first {@code test} fraction of the hash range, validation for the next, train for the rest. */
    public static Split byHash(String caseId, double validation, double test) {
        double u = unitHash(caseId);
        return u < test ? Split.TEST : u < test + validation ? Split.VALIDATION : Split.TRAIN;
    }

    /** The invariant every reader keeps: all images of a case are in one split. */
    public static void checkOneSplitPerCase(Path root, List<SampleRef> refs) {
        Map<String, SampleRef> seen = new HashMap<>();
        for (SampleRef r : refs) {
            SampleRef first = seen.putIfAbsent(r.caseId(), r);
            if (first != null && first.split() != r.split()) {
                throw new DeepMinerException(root.toString(), "case " + r.caseId() + " is in two splits: "
                        + first.id() + " " + first.split().label() + ", " + r.id() + " " + r.split().label());
            }
        }
    }
}
