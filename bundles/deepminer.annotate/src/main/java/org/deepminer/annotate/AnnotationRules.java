package org.deepminer.annotate;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.explain.UnitLabel;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * What every entry of the annotation store obeys. The store enforces it on every append and import; the web
 * UI and the commands may call it early to give the same message sooner.
 *
 * <ul>
 * <li>annotator: {@value #ANNOTATOR_PATTERN} (lower case, so that {@code Alice} and {@code alice} are never two
 * people); {@value #AUTO} is reserved for automatic labels accepted from dissection;</li>
 * <li>unit: a model SHA-256 (64 hex digits, stored in lower case), a layer name (1-{@value #MAX_LAYER}
 * characters, no control characters), a channel index &gt;= 0;</li>
 * <li>concepts: at most {@value #MAX_CONCEPTS} distinct vocabulary ids ({@code shape-oval}); known to the
 * vocabulary when one is given; none when the entry is not interpretable;</li>
 * <li>text and answers: at most {@value #MAX_TEXT} characters each, no control characters besides tab and line
 * breaks; at most {@value #MAX_ANSWERS} answers, keys {@value #ANSWER_KEY_PATTERN};</li>
 * <li>automatic entries: either a label (interpretable, one concept or more, an {@value #ANSWER_IOU} answer
 * holding the IoU (0-1) the label was accepted for, no {@value #ANSWER_WITHDRAWN} answer) or a withdrawal of the
 * unit's automatic label (not interpretable, no concept, and exactly the answers {@value #ANSWER_RUN} and
 * {@value #ANSWER_WITHDRAWN}, both non-blank; see {@link #isWithdrawal}).</li>
 * </ul>
 */
public final class AnnotationRules {
    private AnnotationRules() {}

    /** The reserved annotator of automatic labels (source {@link UnitLabel.Source#AUTO}). */
    public static final String AUTO = "auto";
    public static final String ANNOTATOR_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";
    public static final String CONCEPT_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";
    public static final String ANSWER_KEY_PATTERN = "[a-z0-9][a-z0-9_.-]{0,31}";
    public static final int MAX_TEXT = 4000;
    public static final int MAX_CONCEPTS = 16;
    public static final int MAX_ANSWERS = 16;
    public static final int MAX_LAYER = 200;

    /** Answer key of automatic entries: the IoU of the unit with its concept, e.g. {@code 0.333183}. */
    public static final String ANSWER_IOU = "iou";
    /** Answer key of automatic entries: the run folder the label was taken from. */
    public static final String ANSWER_RUN = "run";
    /** Answer key of automatic entries: the lift (specificity) of the unit for its concept, when known. */
    public static final String ANSWER_LIFT = "lift";
    /** Answer key of automatic entries: {@code true} when the unit is a specific detector. */
    public static final String ANSWER_SPECIFIC = "specific";
    /**
     * Answer key of automatic withdrawals: why the run no longer supports the unit's automatic label, e.g.
     * {@code IoU 0.041 not above 0.06}.
     */
    public static final String ANSWER_WITHDRAWN = "withdrawn";

    private static final Pattern ANNOTATOR = Pattern.compile(ANNOTATOR_PATTERN);
    private static final Pattern CONCEPT = Pattern.compile(CONCEPT_PATTERN);
    private static final Pattern ANSWER_KEY = Pattern.compile(ANSWER_KEY_PATTERN);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public static boolean isValidAnnotator(String name) {
        return name != null && ANNOTATOR.matcher(name).matches();
    }

    public static boolean isAuto(String annotator) {
        return AUTO.equals(annotator);
    }

    /**
     * Whether the entry withdraws the unit's automatic label: an automatic entry with a
     * {@value #ANSWER_WITHDRAWN} answer (the store keeps only well-formed ones: no concept, not interpretable).
     * When it is a unit's latest automatic entry, the unit has no automatic label.
     */
    public static boolean isWithdrawal(Annotation entry) {
        return isAuto(entry.annotator()) && entry.answers().containsKey(ANSWER_WITHDRAWN);
    }

    /** {@code AUTO} for the reserved annotator {@value #AUTO}, {@code EXPERT} for everyone else. */
    public static UnitLabel.Source source(Annotation entry) {
        return isAuto(entry.annotator()) ? UnitLabel.Source.AUTO : UnitLabel.Source.EXPERT;
    }

    /** An error when the name is not a valid annotator name. */
    public static String checkAnnotator(String name) {
        if (name == null || name.isBlank()) {
            throw new DeepMinerException(null, "no annotator name");
        }
        if (!isValidAnnotator(name)) {
            throw new DeepMinerException(null, "annotator '" + printable(name) + "' is not a valid name: 1-64 of "
                    + "a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * The model hash as the store keeps it (lower case), or an error when it is not a SHA-256 in hex.
     */
    public static String modelSha256(String sha) {
        String s = sha == null ? "" : sha.strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(s).matches()) {
            throw new DeepMinerException(null, "model hash '" + printable(sha) + "' is not a SHA-256 (64 hex digits)");
        }
        return s;
    }

    /** The layer name, or an error when it is empty, too long or holds control characters. */
    public static String layer(String layer) {
        if (layer == null || layer.isBlank()) {
            throw new DeepMinerException(null, "no layer name");
        }
        if (layer.length() > MAX_LAYER || hasControl(layer, false)) {
            throw new DeepMinerException(null, "layer '" + printable(layer) + "' is not a valid layer name (1-" + MAX_LAYER
                    + " characters, no control characters)");
        }
        return layer;
    }

    /** The unit key with its model hash in lower case; an error when the hash or layer is not valid. */
    public static UnitKey unit(UnitKey unit) {
        if (unit == null) {
            throw new DeepMinerException(null, "no unit");
        }
        String sha = modelSha256(unit.modelSha256());
        layer(unit.layer());
        return sha.equals(unit.modelSha256()) ? unit : new UnitKey(sha, unit.layer(), unit.unit());
    }

    /**
     * Checks an entry's content (not its id and time, which the store sets) against these rules.
     *
     * @param vocabulary checks that the concepts exist; {@code null} checks only their spelling
     * @throws DeepMinerException naming the unit and what is wrong
     */
    public static void check(Annotation entry, ConceptVocabulary vocabulary) {
        if (entry == null) {
            throw new DeepMinerException(null, "no annotation");
        }
        UnitKey unit = unit(entry.unit());
        String where = "annotation of unit " + unit.unit() + " of layer " + unit.layer();
        try {
            checkAnnotator(entry.annotator());
        } catch (DeepMinerException e) {
            throw new DeepMinerException(where, e.getMessage());
        }
        List<String> concepts = entry.concepts();
        if (concepts.size() > MAX_CONCEPTS) {
            throw new DeepMinerException(where, concepts.size() + " concepts, at most " + MAX_CONCEPTS);
        }
        Set<String> seen = new HashSet<>();
        for (String c : concepts) {
            if (!CONCEPT.matcher(c).matches()) {
                throw new DeepMinerException(where, "'" + printable(c) + "' is not a concept id (like shape-oval)");
            }
            if (!seen.add(c)) {
                throw new DeepMinerException(where, "concept " + c + " is given twice");
            }
            if (vocabulary != null && vocabulary.concept(c).isEmpty()) {
                throw new DeepMinerException(where, "unknown concept '" + c + "' in vocabulary " + vocabulary.id());
            }
        }
        if (!entry.interpretable() && !concepts.isEmpty()) {
            throw new DeepMinerException(where, "an entry that is not interpretable names no concept, got " + concepts);
        }
        text(where, "text", entry.text());
        Map<String, String> answers = entry.answers();
        if (answers.size() > MAX_ANSWERS) {
            throw new DeepMinerException(where, answers.size() + " answers, at most " + MAX_ANSWERS);
        }
        for (Map.Entry<String, String> a : answers.entrySet()) {
            if (!ANSWER_KEY.matcher(a.getKey()).matches()) {
                throw new DeepMinerException(where, "answer key '" + printable(a.getKey()) + "' is not valid ("
                        + ANSWER_KEY_PATTERN + ")");
            }
            text(where, "answer " + a.getKey(), a.getValue());
        }
        if (isAuto(entry.annotator())) {
            if (answers.containsKey(ANSWER_WITHDRAWN) || !entry.interpretable() && concepts.isEmpty()) {
                checkWithdrawal(where, entry);
            } else {
                checkAutoLabel(where, entry);
            }
        }
    }

    private static void checkAutoLabel(String where, Annotation entry) {
        if (!entry.interpretable() || entry.concepts().isEmpty()) {
            throw new DeepMinerException(where, "an automatic label names a concept");
        }
        String iou = entry.answers().get(ANSWER_IOU);
        double v;
        try {
            v = iou == null ? Double.NaN : Double.parseDouble(iou);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= 1)) {
            throw new DeepMinerException(where, "an automatic label carries its IoU (0-1) as answer '" + ANSWER_IOU
                    + "', got " + (iou == null ? "none" : "'" + printable(iou) + "'"));
        }
    }

    /** A withdrawal says nothing but which run withdrew the label and why, so it can never be read as a label. */
    private static void checkWithdrawal(String where, Annotation entry) {
        if (entry.interpretable() || !entry.concepts().isEmpty()) {
            throw new DeepMinerException(where, "an automatic withdrawal (answer '" + ANSWER_WITHDRAWN
                    + "') is not interpretable and names no concept");
        }
        Map<String, String> answers = entry.answers();
        for (String key : List.of(ANSWER_WITHDRAWN, ANSWER_RUN)) {
            String value = answers.get(key);
            if (value == null || value.isBlank()) {
                throw new DeepMinerException(where, "an automatic entry names a concept, or withdraws the automatic "
                        + "label with answers '" + ANSWER_RUN + "' and '" + ANSWER_WITHDRAWN + "'; answer '" + key
                        + "' is missing or blank");
            }
        }
        if (answers.size() != 2) {
            throw new DeepMinerException(where, "an automatic withdrawal carries only the answers '" + ANSWER_RUN
                    + "' and '" + ANSWER_WITHDRAWN + "', got " + new TreeSet<>(answers.keySet()));
        }
    }

    private static void text(String where, String what, String text) {
        if (text == null) {
            return;
        }
        if (text.length() > MAX_TEXT) {
            throw new DeepMinerException(where, what + " has " + text.length() + " characters, at most " + MAX_TEXT);
        }
        if (hasControl(text, true)) {
            throw new DeepMinerException(where, what + " holds a control character");
        }
    }

    private static boolean hasControl(String s, boolean lineBreaksAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (lineBreaksAllowed && (ch == '\n' || ch == '\r' || ch == '\t')) {
                continue;
            }
            if (Character.isISOControl(ch)) {
                return true;
            }
        }
        return false;
    }

    /** A user's string as an error message may quote it: control characters escaped, at most 80 characters. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char ch = s.charAt(i);
            b.append(Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
