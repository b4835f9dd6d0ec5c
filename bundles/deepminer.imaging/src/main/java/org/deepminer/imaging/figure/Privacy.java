package org.deepminer.imaging.figure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepminer.api.explain.RenderOptions;

/**
 * What a renderer may print about the patient. The rule is that outputs carry no patient name, id or birth
 * date unless the user asked ({@link RenderOptions#keepIdentifiers()}); {@link #identifiers()} says which
 * may be written. As a second guard, {@link #clean(String)} withholds those identifiers wherever they turn
 * up in free text taken from the data (file names, sample ids, report text), since data sets do name files
 * after patients. Immutable and thread-safe.
 */
public final class Privacy {
    /** What replaces a withheld identifier. */
    public static final String WITHHELD = "[withheld]";

    private final PatientIdentifiers identifiers;
    private final Pattern withheld;

    private Privacy(PatientIdentifiers identifiers, Pattern withheld) {
        this.identifiers = identifiers;
        this.withheld = withheld;
    }

    public static Privacy of(RenderOptions options) {
        RenderOptions o = options == null ? RenderOptions.defaults() : options;
        if (o.keepIdentifiers()) {
            return new Privacy(PatientIdentifiers.of(o), null);
        }
        return new Privacy(PatientIdentifiers.NONE, pattern(PatientIdentifiers.given(o)));
    }

    /** The identifiers the output may carry (all empty unless the user asked to keep them). */
    public PatientIdentifiers identifiers() {
        return identifiers;
    }

    /** {@code text} with every withheld identifier replaced by {@link #WITHHELD}; {@code null} becomes empty. */
    public String clean(String text) {
        if (text == null) {
            return "";
        }
        if (withheld == null) {
            return text;
        }
        Matcher m = withheld.matcher(text);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(WITHHELD)) : text;
    }

    /**
     * One pattern for every spelling of the given identifiers: the whole values, the parts of the name
     * (DICOM joins them with '^'; files with '_' or blanks) and the birth date with separators. Parts
     * shorter than three characters are left alone: they would cut words to pieces. Matches are whole
     * tokens (not inside a longer word or number) and ignore case.
     */
    private static Pattern pattern(PatientIdentifiers given) {
        Set<String> tokens = new LinkedHashSet<>();
        add(tokens, given.name());
        add(tokens, given.name().replace('^', ' ').trim());
        for (String part : given.name().split("[\\^\\s,]+")) {
            add(tokens, part);
        }
        add(tokens, given.id());
        String date = given.birthDate();
        add(tokens, date);
        if (date.matches("[0-9]{8}")) {
            String y = date.substring(0, 4);
            String m = date.substring(4, 6);
            String d = date.substring(6);
            add(tokens, y + "-" + m + "-" + d);
            add(tokens, y + "/" + m + "/" + d);
            add(tokens, d + "." + m + "." + y);
            add(tokens, d + "/" + m + "/" + y);
        }
        if (tokens.isEmpty()) {
            return null;
        }
        // longest first, so that a whole name is withheld as one
        List<String> sorted = new ArrayList<>(tokens);
        sorted.sort((a, b) -> b.length() - a.length());
        StringBuilder alternatives = new StringBuilder();
        for (String t : sorted) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(t));
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static void add(Set<String> tokens, String token) {
        if (token != null && token.trim().length() >= 3) {
            tokens.add(token.trim());
        }
    }
}
