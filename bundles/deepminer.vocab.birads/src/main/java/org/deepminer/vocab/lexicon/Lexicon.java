package org.deepminer.vocab.lexicon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.vocab.Association;
import org.deepminer.api.vocab.Code;
import org.deepminer.api.vocab.Concept;

/**
 * A vocabulary read from a lexicon file, with the spelling index that maps data-set values to concepts.
 *
 * <p>The file is UTF-8 text, one concept a row, tab-separated columns {@code id term category association
 * codes synonyms}; {@code #} starts a comment line; a header row naming the columns comes before the first
 * concept; codes are {@code SCHEME:VALUE:meaning} and codes and synonyms are separated by {@code |}. Two
 * directive lines may come anywhere: {@code @missing<TAB>N/A|NaN|...} lists the values that mean "nothing
 * recorded", and {@code @closed<TAB>category|...} the categories that describe the breast or the case rather
 * than a lesion (breast composition, assessment): a value given for such a category is looked up only there,
 * and their spellings ({@code 1}, {@code BI-RADS 4}) are never taken for a value given another category.
 *
 * <p>Spellings (a concept's id, term and synonyms) are compared by {@link #key}: case, {@code _}, {@code -}
 * and runs of blanks do not matter. All keys are computed once here, so that {@link #resolve} costs one
 * normalisation and one or two hash look-ups for a single-valued term; and since a data set's column holds
 * few distinct values, each value's result is also remembered as written (up to {@link #REMEMBERED} per
 * category), so that a repeated value costs one look-up.
 */
public final class Lexicon {

    /** The columns of a lexicon file, in order. */
    public static final List<String> COLUMNS = List.of("id", "term", "category", "association", "codes", "synonyms");

    /** How many distinct values per category resolve remembers: bounds memory on odd input. */
    static final int REMEMBERED = 4096;

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** the memo's name for "no category": no category is empty */
    private static final String ANY = "";

    private final String vocabularyId;
    private final List<Concept> concepts;
    private final Map<String, Concept> byId;
    private final List<String> categories;
    /** key of a category name -> the name as the file spells it */
    private final Map<String, String> categoryByKey;
    /** category -> spelling key -> the one concept it names there (as a ready-made singleton list) */
    private final Map<String, Map<String, List<Concept>>> withinCategory;
    /** spelling key -> every concept it names, in lexicon order */
    private final Map<String, List<Concept>> anyCategory;
    /** the same without the closed categories: where a value given an open category falls back to */
    private final Map<String, List<Concept>> openCategories;
    private final Set<String> closed;
    private final Set<String> missing;
    /** the most words any key has: no span of joined tokens can be longer */
    private final int maxWords;
    /** category (or {@link #ANY}) -> value as written -> its concepts */
    private final Map<String, Map<String, List<Concept>>> remembered;

    private record Row(int line, Concept concept) {}

    private Lexicon(String vocabularyId, String source, List<Row> rows, Set<String> missing,
            Map<String, Integer> closedLines) {
        this.vocabularyId = vocabularyId;
        this.missing = Set.copyOf(missing);
        List<Concept> all = new ArrayList<>(rows.size());
        Map<String, Concept> ids = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> cats = new ArrayList<>();
        Map<String, String> catKeys = new HashMap<>();
        Map<String, Map<String, List<Concept>>> within = new HashMap<>();
        Map<String, List<Concept>> any = new LinkedHashMap<>();
        Map<String, List<Concept>> open = new LinkedHashMap<>();
        int words = 1;
        Set<String> closedNames = new HashSet<>();
        closedLines.forEach((named, line) -> {
            String name = rows.stream().map(r -> r.concept().category()).filter(x -> key(x).equals(key(named)))
                    .findFirst().orElseThrow(() -> new DeepMinerException(source, "line " + line
                            + ": @closed names category '" + named + "', which no concept has"));
            closedNames.add(name);
        });
        for (Row row : rows) {
            Concept c = row.concept();
            all.add(c);
            ids.put(c.id(), c);
            lineOf.put(c.id(), row.line());
            if (!within.containsKey(c.category())) {
                cats.add(c.category());
                String previous = catKeys.putIfAbsent(key(c.category()), c.category());
                if (previous != null) {
                    throw new DeepMinerException(source, "line " + row.line() + ": category '" + c.category()
                            + "' differs from '" + previous + "' only in case or separators");
                }
                within.put(c.category(), new HashMap<>());
            }
            Map<String, List<Concept>> here = within.get(c.category());
            List<String> spellings = new ArrayList<>();
            spellings.add(c.id());
            spellings.add(c.term());
            spellings.addAll(c.synonyms());
            for (String spelling : spellings) {
                String k = key(spelling);
                if (k.isEmpty()) {
                    throw new DeepMinerException(source, "line " + row.line() + ": spelling '" + spelling
                            + "' of '" + c.id() + "' has no letters or digits");
                }
                if (this.missing.contains(k)) {
                    throw new DeepMinerException(source, "line " + row.line() + ": spelling '" + spelling
                            + "' of '" + c.id() + "' is also listed as a missing value (@missing)");
                }
                List<Concept> taken = here.putIfAbsent(k, List.of(c));
                if (taken != null && taken.get(0) != c) {
                    Concept other = taken.get(0);
                    throw new DeepMinerException(source, "line " + row.line() + ": spelling '" + spelling + "' of '"
                            + c.id() + "' already names '" + other.id() + "' (line " + lineOf.get(other.id())
                            + ") in category '" + c.category() + "'");
                }
                List<Concept> named = any.computeIfAbsent(k, x -> new ArrayList<>());
                if (!named.contains(c)) {
                    named.add(c);
                }
                if (!closedNames.contains(c.category())) {
                    List<Concept> openNamed = open.computeIfAbsent(k, x -> new ArrayList<>());
                    if (!openNamed.contains(c)) {
                        openNamed.add(c);
                    }
                }
                words = Math.max(words, k.split(" ").length);
            }
        }
        this.concepts = List.copyOf(all);
        this.byId = Map.copyOf(ids);
        this.categories = List.copyOf(cats);
        this.categoryByKey = Map.copyOf(catKeys);
        Map<String, Map<String, List<Concept>>> frozen = new HashMap<>();
        within.forEach((cat, keys) -> frozen.put(cat, Map.copyOf(keys)));
        this.withinCategory = Map.copyOf(frozen);
        this.anyCategory = freeze(any);
        this.openCategories = freeze(open);
        this.closed = Set.copyOf(closedNames);
        this.maxWords = words;
        Map<String, Map<String, List<Concept>>> memo = new HashMap<>();
        memo.put(ANY, new ConcurrentHashMap<>());
        cats.forEach(cat -> memo.put(cat, new ConcurrentHashMap<>()));
        this.remembered = Map.copyOf(memo);
    }

    private static Map<String, List<Concept>> freeze(Map<String, List<Concept>> index) {
        Map<String, List<Concept>> frozen = new HashMap<>();
        index.forEach((k, list) -> frozen.put(k, List.copyOf(list)));
        return Map.copyOf(frozen);
    }

    /**
     * Reads a lexicon file that ships inside a bundle.
     *
     * @param vocabularyId the vocabulary's id, for messages
     * @param owner a class of the bundle that holds the file
     * @param resource the file's path in that bundle, e.g. {@code /birads/lexicon.tsv}
     */
    public static Lexicon load(String vocabularyId, Class<?> owner, String resource) {
        InputStream in = owner.getResourceAsStream(resource);
        if (in == null) {
            throw new DeepMinerException(resource, "lexicon file not found in the bundle of " + owner.getName());
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(vocabularyId, resource, reader);
        } catch (IOException e) {
            throw new DeepMinerException(resource, "cannot read the lexicon file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a lexicon file.
     *
     * @param vocabularyId the vocabulary's id, for messages
     * @param source the file's name, for messages
     * @throws DeepMinerException naming the source and the line when the file is malformed
     */
    public static Lexicon read(String vocabularyId, String source, Reader in) {
        List<Row> rows = new ArrayList<>();
        Set<String> missing = new HashSet<>();
        Map<String, Integer> closed = new HashMap<>();
        Map<String, Integer> idLines = new HashMap<>();
        Set<String> closedCategories = new HashSet<>();
        String category = null;
        boolean header = false;
        BufferedReader lines = new BufferedReader(in);
        int n = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.startsWith("@")) {
                    String[] cells = trimmed.split("\t", -1);
                    if (cells.length == 2 && cells[0].equals("@missing")) {
                        list(source, n, cells[1], "missing value").forEach(v -> missing.add(key(v)));
                    } else if (cells.length == 2 && cells[0].equals("@closed")) {
                        for (String c : list(source, n, cells[1], "category")) {
                            closed.putIfAbsent(c, n);
                        }
                    } else {
                        throw new DeepMinerException(source, "line " + n + ": unknown directive '" + trimmed
                                + "'; the directives are '@missing<TAB>value|value|...' and"
                                + " '@closed<TAB>category|category|...'");
                    }
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (!header) {
                    List<String> names = Arrays.stream(cells).map(String::strip).toList();
                    if (!names.equals(COLUMNS)) {
                        throw new DeepMinerException(source, "line " + n + ": expected the header row '"
                                + String.join("<TAB>", COLUMNS) + "' before the first concept, found '" + line + "'");
                    }
                    header = true;
                    continue;
                }
                Concept c = concept(source, n, cells);
                Integer first = idLines.putIfAbsent(c.id(), n);
                if (first != null) {
                    throw new DeepMinerException(source, "line " + n + ": id '" + c.id() + "' is already defined on line "
                            + first);
                }
                if (!c.category().equals(category)) {
                    if (closedCategories.contains(c.category())) {
                        throw new DeepMinerException(source, "line " + n + ": category '" + c.category()
                                + "' continues after '" + category
                                + "'; keep each category's rows together, in lexicon order");
                    }
                    if (category != null) {
                        closedCategories.add(category);
                    }
                    category = c.category();
                }
                rows.add(new Row(n, c));
            }
        } catch (IOException e) {
            throw new DeepMinerException(source, "cannot read line " + (n + 1) + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new DeepMinerException(source, "no concepts: expected the header row '"
                    + String.join("<TAB>", COLUMNS) + "' and one row per concept");
        }
        return new Lexicon(vocabularyId, source, rows, missing, closed);
    }

    private static Concept concept(String source, int line, String[] cells) {
        if (cells.length != COLUMNS.size()) {
            throw new DeepMinerException(source, "line " + line + ": expected " + COLUMNS.size()
                    + " tab-separated columns (" + String.join(", ", COLUMNS) + "), found " + cells.length);
        }
        String id = cells[0].strip();
        String term = cells[1].strip();
        String category = cells[2].strip();
        String association = cells[3].strip();
        if (!ID.matcher(id).matches()) {
            throw new DeepMinerException(source, "line " + line + ": id '" + id
                    + "' is not lower-case letters and digits joined by '-'");
        }
        if (term.isEmpty()) {
            throw new DeepMinerException(source, "line " + line + ": concept '" + id + "' has no term");
        }
        if (category.isEmpty()) {
            throw new DeepMinerException(source, "line " + line + ": concept '" + id + "' has no category");
        }
        Association a;
        try {
            a = Association.valueOf(association);
        } catch (IllegalArgumentException e) {
            throw new DeepMinerException(source, "line " + line + ": association '" + association + "' of '" + id
                    + "' is not one of " + Arrays.toString(Association.values()));
        }
        List<Code> codes = new ArrayList<>();
        for (String code : list(source, line, cells[4], "code")) {
            String[] parts = code.split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new DeepMinerException(source, "line " + line + ": code '" + code + "' of '" + id
                        + "' is not SCHEME:VALUE:meaning");
            }
            codes.add(new Code(parts[0].strip(), parts[1].strip(), parts[2].strip()));
        }
        return new Concept(id, term, category, codes, list(source, line, cells[5], "synonym"), a);
    }

    /** A {@code |}-separated cell; an empty cell is an empty list, an empty item is an error. */
    private static List<String> list(String source, int line, String cell, String what) {
        if (cell.isBlank()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : cell.split("\\|", -1)) {
            if (item.isBlank()) {
                throw new DeepMinerException(source, "line " + line + ": empty " + what + " in '" + cell.strip() + "'");
            }
            items.add(item.strip());
        }
        return items;
    }

    /**
     * The form spellings are compared in: upper case, with {@code _}, {@code -} and blanks between words
     * turned into one space, and none at either end. {@code "Fine-linear  branching"} and
     * {@code FINE_LINEAR_BRANCHING} both give {@code FINE LINEAR BRANCHING}.
     */
    public static String key(String spelling) {
        int n = spelling.length();
        StringBuilder out = new StringBuilder(n);
        boolean gap = false;
        for (int i = 0; i < n; i++) {
            char ch = spelling.charAt(i);
            if (ch == '_' || ch == '-' || Character.isWhitespace(ch) || Character.isSpaceChar(ch)) {
                gap = out.length() > 0;
                continue;
            }
            if (gap) {
                out.append(' ');
                gap = false;
            }
            out.append(Character.toUpperCase(ch));
        }
        return out.toString();
    }

    public String vocabularyId() {
        return vocabularyId;
    }

    /** All concepts, grouped by category in file order. */
    public List<Concept> concepts() {
        return concepts;
    }

    public Optional<Concept> concept(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The categories, in file order. */
    public List<String> categories() {
        return categories;
    }

    /**
     * Maps a data set's value to concepts (see {@link org.deepminer.api.vocab.ConceptVocabulary#resolve}).
     *
     * <p>The whole value is looked up first, so spellings that contain {@code -} ({@code BI-RADS 4A},
     * {@code Fine-linear branching}) stay one spelling. Otherwise the value is cut at {@code -} only (tokens
     * such as {@code LUCENT_CENTER} keep their {@code _}) and read left to right, each time taking the
     * longest run of tokens that is a spelling. A spelling is looked up in the given category first, then in
     * the other open categories (DDSM files {@code ARCHITECTURAL_DISTORTION} as a mass shape); a closed
     * category only in itself; no category, in all. One that names concepts in several categories takes the
     * one in a category another value of the same term settled ({@code ROUND-OVAL}: both mass shapes); if
     * that leaves no single concept, it is an error, as is an unknown spelling.
     *
     * @param category a category of this lexicon (case and separators do not matter); blank for any
     * @param term the value as the data set writes it
     * @return each concept once, in the order the value names them; empty for a missing value
     * @throws DeepMinerException for an unknown category, an unknown spelling or an ambiguous one
     */
    public List<Concept> resolve(String category, String term) {
        String inCategory = category(category);
        if (term == null) {
            return List.of();
        }
        Map<String, List<Concept>> memo = remembered.get(inCategory == null ? ANY : inCategory);
        List<Concept> known = memo.get(term);
        if (known != null) {
            return known;
        }
        List<Concept> found = lookUp(inCategory, term);
        if (memo.size() < REMEMBERED) {
            memo.put(term, found);
        }
        return found;
    }

    private List<Concept> lookUp(String inCategory, String term) {
        String whole = key(term);
        if (whole.isEmpty() || missing.contains(whole)) {
            return List.of();
        }
        Map<String, List<Concept>> within = inCategory == null ? null : withinCategory.get(inCategory);
        if (within != null) {
            List<Concept> hit = within.get(whole);
            if (hit != null) {
                return hit;
            }
        }
        Map<String, List<Concept>> elsewhere = inCategory == null ? anyCategory
                : closed.contains(inCategory) ? Map.of() : openCategories;
        List<Concept> anywhere = elsewhere.get(whole);
        if (anywhere != null && anywhere.size() == 1) {
            return anywhere;
        }
        return joined(inCategory, within, elsewhere, term);
    }

    /** Resolves a value made of several '-'-joined tokens, or one a single look-up could not settle. */
    private List<Concept> joined(String category, Map<String, List<Concept>> within,
            Map<String, List<Concept>> elsewhere, String term) {
        String[] tokens = term.split("-", -1);
        String[] keys = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            keys[i] = key(tokens[i]);
        }
        List<String> spellings = new ArrayList<>();
        List<List<Concept>> candidates = new ArrayList<>();
        int i = 0;
        while (i < keys.length) {
            if (keys[i].isEmpty() || missing.contains(keys[i])) {
                i++;
                continue;
            }
            int end = -1;
            List<Concept> hit = null;
            for (int j = Math.min(keys.length, i + maxWords); j > i && hit == null; j--) {
                hit = lookup(within, elsewhere, span(keys, i, j));
                end = j;
            }
            if (hit == null) {
                throw new DeepMinerException(null, "unknown term '" + tokens[i].strip() + "' in '" + term + "' ("
                        + where(category) + "); see deepminer:concepts for the vocabulary's terms");
            }
            spellings.add(String.join("-", Arrays.asList(tokens).subList(i, end)).strip());
            candidates.add(hit);
            i = end;
        }
        // Values of one term share a category: let the settled ones pick for the ambiguous ones.
        Set<String> settled = new HashSet<>();
        if (category != null) {
            settled.add(category);
        }
        for (List<Concept> c : candidates) {
            if (c.size() == 1) {
                settled.add(c.get(0).category());
            }
        }
        LinkedHashSet<Concept> found = new LinkedHashSet<>();
        for (int k = 0; k < candidates.size(); k++) {
            List<Concept> c = candidates.get(k);
            if (c.size() == 1) {
                found.add(c.get(0));
                continue;
            }
            List<Concept> fitting = c.stream().filter(x -> settled.contains(x.category())).toList();
            if (fitting.size() != 1) {
                throw new DeepMinerException(null, "ambiguous term '" + spellings.get(k) + "' in '" + term + "' ("
                        + where(category) + "): it may be "
                        + c.stream().map(x -> x.id() + " (" + x.category() + ")").collect(Collectors.joining(" or "))
                        + "; give the category");
            }
            found.add(fitting.get(0));
        }
        return List.copyOf(found);
    }

    private static List<Concept> lookup(Map<String, List<Concept>> within, Map<String, List<Concept>> elsewhere,
            String key) {
        if (key.isEmpty()) {
            return null;
        }
        if (within != null) {
            List<Concept> hit = within.get(key);
            if (hit != null) {
                return hit;
            }
        }
        return elsewhere.get(key);
    }

    private static String span(String[] keys, int from, int to) {
        if (to == from + 1) {
            return keys[from];
        }
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (!keys[i].isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(keys[i]);
            }
        }
        return b.toString();
    }

    /** The category as the file names it, null for any; an unknown one is an error. */
    private String category(String category) {
        if (category == null || category.isEmpty()) {
            return null;
        }
        if (withinCategory.containsKey(category)) {
            return category;
        }
        if (category.isBlank()) {
            return null;
        }
        String name = categoryByKey.get(key(category));
        if (name == null) {
            throw new DeepMinerException(null, "unknown category '" + category + "' (vocabulary " + vocabularyId
                    + "); its categories are: " + String.join(", ", categories));
        }
        return name;
    }

    private String where(String category) {
        return (category == null ? "any category" : "category '" + category + "'") + ", vocabulary " + vocabularyId;
    }

    /** How many values resolve remembers now, over all categories. */
    int rememberedCount() {
        return remembered.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public String toString() {
        return vocabularyId + " lexicon: " + concepts.size() + " concepts in " + categories.size() + " categories";
    }
}
