package org.deepminer.annotate.web.internal;

import static org.deepminer.annotate.web.internal.Html.attr;
import static org.deepminer.annotate.web.internal.Html.number;
import static org.deepminer.annotate.web.internal.Html.text;
import static org.deepminer.annotate.web.internal.Html.url;
import static org.deepminer.annotate.web.internal.Layout.BASE;
import static org.deepminer.annotate.web.internal.Layout.csrfField;
import static org.deepminer.annotate.web.internal.Layout.notice;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepminer.annotate.web.internal.AccountStore.Account;
import org.deepminer.annotate.web.internal.Layout.Crumb;
import org.deepminer.annotate.web.internal.Layout.Viewer;
import org.deepminer.annotate.web.internal.ServedRun.Suggestion;
import org.deepminer.annotate.web.internal.ServedRun.TopSample;
import org.deepminer.annotate.web.internal.ServedRun.UnitRow;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.vocab.Concept;

/**
 * The HTML of every page. Each method gets what it shows, already looked up, and escapes every value it prints;
 * none reads a request or a store.
 */
final class Pages {
    private Pages() {}

    /** The four questions of the original tool (METHOD.md §4), by the answer key they are stored under. */
    static final String Q_PHENOMENON = "phenomenon";
    static final String Q_CANCER = "cancer";
    static final String Q_SEVERAL = "several";
    static final String Q_DESCRIBE = "describe";
    static final Map<String, List<String>> CHOICES = Map.of(Q_PHENOMENON, List.of("yes", "no", "unsure"), Q_CANCER,
            List.of("yes", "no", "unsure"), Q_SEVERAL, List.of("one", "several"));
    static final int UNIT_PAGE_IMAGES = 32;
    static final int LIST_THUMBNAILS = 8;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    // ---- sign-in, set-up, accounts ----

    static String login(Viewer anonymous, String name, String next, String error) {
        String main = "<section class=\"card narrow\">\n<h1>Sign in</h1>\n"
                + "<p class=\"lead\">Label what each unit of the network detects, in BI\u2011RADS terms.</p>\n"
                + (error == null ? "" : notice("error", error))
                + "<form method=\"post\" action=\"" + BASE + "/login\" class=\"stack\">" + csrfField(anonymous)
                + "<input type=\"hidden\" name=\"next\" value=\"" + attr(next == null ? "" : next) + "\">"
                + "<label>Name <input name=\"name\" id=\"name\" autocomplete=\"username\" required autofocus value=\""
                + attr(name == null ? "" : name) + "\"></label>"
                + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" class=\"primary\" id=\"sign-in\">Sign in</button></form>\n"
                + "<p class=\"hint\">Accounts are added by an admin. Forgot your password? Ask an admin to reset it.</p>\n"
                + "</section>";
        return Layout.page(anonymous, "Sign in", "plain", main);
    }

    static String setup(Viewer anonymous, String name, String error) {
        String main = "<section class=\"card narrow\">\n<h1>Create the first admin</h1>\n"
                + "<p class=\"lead\">The server printed a one-time token on its console. Give it here with the name and "
                + "password of the admin account; the admin then adds the annotators.</p>\n"
                + (error == null ? "" : notice("error", error))
                + "<form method=\"post\" action=\"" + BASE + "/setup\" class=\"stack\">" + csrfField(anonymous)
                + "<label>One-time token <input name=\"token\" id=\"token\" autocomplete=\"off\" required autofocus></label>"
                + "<label>Admin name <input name=\"name\" id=\"name\" autocomplete=\"username\" required pattern=\"[a-z][a-z0-9._\\-]{1,31}\" value=\""
                + attr(name == null ? "" : name) + "\"><small>lower-case letters, digits, . _ -</small></label>"
                + passwordFields("password", "password2", "new-password")
                + "<button type=\"submit\" class=\"primary\" id=\"create-admin\">Create admin and sign in</button></form>\n"
                + "</section>";
        return Layout.page(anonymous, "Set up", "plain", main);
    }

    private static String passwordFields(String name, String confirm, String autocomplete) {
        return "<label>Password <input name=\"" + name + "\" id=\"" + name + "\" type=\"password\" autocomplete=\""
                + autocomplete + "\" required minlength=\"" + AccountStore.MIN_PASSWORD + "\" maxlength=\""
                + AccountStore.MAX_PASSWORD + "\"><small>at least " + AccountStore.MIN_PASSWORD
                + " characters; a passphrase is best</small></label>"
                + "<label>Repeat password <input name=\"" + confirm + "\" id=\"" + confirm + "\" type=\"password\" autocomplete=\""
                + autocomplete + "\" required></label>";
    }

    static String accounts(Viewer viewer, List<Account> accounts, String message, String error) {
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"card\">\n<h1>Accounts</h1>\n");
        if (message != null) {
            b.append(notice("ok", message));
        }
        if (error != null) {
            b.append(notice("error", error));
        }
        b.append("<table class=\"data\" id=\"accounts\"><thead><tr><th>Name</th><th>Role</th><th>Added</th><th>By</th>"
                + "<th>Reset password</th></tr></thead><tbody>\n");
        for (Account a : accounts) {
            b.append("<tr><td>").append(text(a.name())).append("</td><td>").append(text(a.role().word()))
                    .append("</td><td>").append(text(shortTime(a.created()))).append("</td><td>")
                    .append(text(a.createdBy())).append("</td><td>");
            b.append("<form method=\"post\" class=\"inline reset\" action=\"").append(BASE).append("/admin/accounts/")
                    .append(url(a.name())).append("/password\">").append(csrfField(viewer))
                    .append("<input type=\"password\" name=\"password\" autocomplete=\"new-password\" minlength=\"")
                    .append(AccountStore.MIN_PASSWORD).append("\" required aria-label=\"New password for ")
                    .append(attr(a.name())).append("\" placeholder=\"new password\">")
                    .append("<button type=\"submit\">Reset</button></form></td></tr>\n");
        }
        b.append("</tbody></table>\n</section>\n");
        b.append("<section class=\"card narrow\">\n<h2>Add an annotator</h2>\n<form method=\"post\" action=\"")
                .append(BASE).append("/admin/accounts\" class=\"stack\" id=\"add-account\">").append(csrfField(viewer))
                .append("<label>Name <input name=\"name\" id=\"new-name\" required pattern=\"[a-z][a-z0-9._\\-]{1,31}\" autocomplete=\"off\">"
                        + "<small>lower-case letters, digits, . _ - ; it is recorded with every label</small></label>")
                .append("<label>Initial password <input name=\"password\" id=\"new-password\" type=\"password\" autocomplete=\"new-password\" required minlength=\"")
                .append(AccountStore.MIN_PASSWORD).append("\"></label>")
                .append("<label>Role <select name=\"role\" id=\"new-role\"><option value=\"annotator\" selected>annotator</option>"
                        + "<option value=\"admin\">admin (adds annotators, annotates too)</option></select></label>")
                .append("<button type=\"submit\" class=\"primary\" id=\"add-account-button\">Add account</button></form>\n</section>");
        return Layout.page(viewer, "Accounts", "admin", b.toString(), new Crumb("Accounts", null));
    }

    static String password(Viewer viewer, String message, String error) {
        String main = "<section class=\"card narrow\">\n<h1>Change your password</h1>\n"
                + (message == null ? "" : notice("ok", message)) + (error == null ? "" : notice("error", error))
                + "<form method=\"post\" action=\"" + BASE + "/account\" class=\"stack\">" + csrfField(viewer)
                + "<label>Current password <input name=\"current\" id=\"current\" type=\"password\" autocomplete=\"current-password\" required></label>"
                + passwordFields("password", "password2", "new-password")
                + "<button type=\"submit\" class=\"primary\">Change password</button></form>\n</section>";
        return Layout.page(viewer, "Password", "plain", main, new Crumb("Password", null));
    }

    static String error(Viewer viewer, int status, String title, String message) {
        String main = "<section class=\"card narrow\">\n<h1>" + text(title) + "</h1>\n<p class=\"lead\">" + text(message)
                + "</p>\n<p><a href=\"" + BASE + "/\">Back to the runs</a></p>\n</section>";
        return Layout.page(viewer, title, "plain status-" + status, main);
    }

    // ---- runs ----

    /** One served run on the start page. */
    record RunCard(ServedRun run, int done, int total) {}

    static String runs(Viewer viewer, List<RunCard> runs) {
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"card\">\n<h1>Runs</h1>\n");
        if (runs.isEmpty()) {
            b.append("<p class=\"lead\">No run is served yet. In the DeepMiner shell: <code>deepminer:serve &lt;run folder&gt;</code>.</p>");
        } else {
            b.append("<ul class=\"runs\">");
            for (RunCard c : runs) {
                b.append("<li><a href=\"").append(BASE).append("/runs/").append(url(c.run().id())).append("\">")
                        .append("<span class=\"title\">").append(text(c.run().title())).append("</span>")
                        .append("<span class=\"meta\">").append(text(runMeta(c.run()))).append("</span>")
                        .append(progress(c.done(), c.total(), "ranked units annotated by you")).append("</a></li>");
            }
            b.append("</ul>");
        }
        b.append("</section>");
        return Layout.page(viewer, "Runs", "runs", b.toString());
    }

    static String runMeta(ServedRun run) {
        return "model " + run.modelName() + " · layer " + run.layer() + " · " + run.unitCount() + " units"
                + (run.manifest().dataset() == null ? "" : " · " + run.manifest().dataset().format() + " data");
    }

    static String progress(int done, int total, String what) {
        return "<span class=\"progress\"><progress value=\"" + done + "\" max=\"" + Math.max(1, total) + "\"></progress>"
                + "<span class=\"count\"><b>" + done + "</b> of " + total + " " + text(what) + "</span></span>";
    }

    // ---- unit list ----

    /** A list tab: a class (or all units) with how many of its units the viewer annotated. */
    record Tab(String list, int done, int size) {}

    /**
     * One unit in a list.
     *
     * @param rank its rank in the class (its position for the list of all units)
     * @param mine the viewer's latest entry, or null
     * @param others how many other experts labelled it
     * @param thumbnails the ranks of the samples shown (the first 8 of its top samples)
     */
    record ListRow(int unit, int rank, Integer count, Double score, Optional<Suggestion> suggestion, Annotation mine,
            int others, List<Integer> thumbnails) {}

    static String unitList(Viewer viewer, ServedRun run, String list, List<Tab> tabs, List<ListRow> rows, Terms terms,
            boolean agreementLink) {
        String runUrl = BASE + "/runs/" + url(run.id());
        StringBuilder b = new StringBuilder(32 * 1024);
        Tab current = tabs.stream().filter(t -> t.list().equals(list)).findFirst().orElse(new Tab(list, 0, rows.size()));
        b.append("<section class=\"runhead\">\n<div><h1>").append(text(run.title())).append("</h1>\n<p class=\"meta\">")
                .append(text(runMeta(run))).append("</p></div>\n")
                .append(progress(current.done(), current.size(), "annotated")).append("\n</section>\n");
        b.append("<nav class=\"tabs\" aria-label=\"Classes\">");
        for (Tab t : tabs) {
            boolean on = t.list().equals(list);
            b.append("<a class=\"tab").append(on ? " current" : "").append("\" href=\"").append(runUrl).append("?list=")
                    .append(url(t.list())).append("\"").append(on ? " aria-current=\"page\"" : "").append(">")
                    .append(text(listLabel(t.list()))).append(" <span class=\"count\">").append(t.done()).append("/")
                    .append(t.size()).append("</span></a>");
        }
        if (agreementLink) {
            b.append("<a class=\"tab aside\" href=\"").append(runUrl).append("/agreement\" id=\"agreement-link\">Agreement</a>");
        }
        b.append("</nav>\n");
        b.append("<p class=\"hint keys\"><kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens. ")
                .append(ServedRun.ALL.equals(list) ? "Every unit of the layer, by number."
                        : "Units of class " + text(list) + " in rank order: how often the unit is among the top 8 of an image (weight × maximum activation).")
                .append("</p>\n");
        if (rows.isEmpty()) {
            b.append(notice("note", "No units in this list."));
        }
        b.append("<ol class=\"unitlist\" data-keylist>\n");
        for (ListRow r : rows) {
            String unitUrl = runUrl + "/units/" + r.unit() + "?list=" + url(list);
            String state = r.mine() == null ? "todo" : "done";
            b.append("<li class=\"unitrow ").append(state).append("\" id=\"unit-").append(r.unit()).append("\">")
                    .append("<a class=\"rowlink\" href=\"").append(attr(unitUrl)).append("\">");
            b.append("<span class=\"rank\">").append(ServedRun.ALL.equals(list) ? "" : "#" + r.rank()).append("</span>");
            b.append("<span class=\"unitid\"><b>Unit ").append(r.unit()).append("</b>");
            if (r.count() != null) {
                b.append("<small>in top 8 of ").append(r.count()).append(" images</small>");
            }
            if (r.score() != null) {
                b.append("<small>score ").append(number(r.score(), 3)).append("</small>");
            }
            b.append("</span>");
            b.append("<span class=\"strip\">");
            for (int rank : r.thumbnails()) {
                b.append("<img src=\"").append(runUrl).append("/units/").append(r.unit()).append("/tiles/").append(rank)
                        .append("\" width=\"72\" height=\"72\" alt=\"\" loading=\"lazy\">");
            }
            if (r.thumbnails().isEmpty()) {
                b.append("<span class=\"empty\">no top images in this run</span>");
            }
            b.append("</span>");
            b.append("<span class=\"suggest\">").append(suggestion(r.suggestion(), terms, false)).append("</span>");
            b.append("<span class=\"state\">");
            if (r.mine() == null) {
                b.append("<span class=\"todo-label\">Not annotated</span>");
            } else {
                b.append("<span class=\"mine\">You: <b>").append(text(entrySummary(r.mine(), terms))).append("</b>")
                        .append(r.mine().interpretable() ? " <small>" + r.mine().confidence() + "/5</small>" : "")
                        .append("</span>");
            }
            b.append("<span class=\"others\">").append(r.others() == 0 ? "no other annotator"
                    : r.others() == 1 ? "1 other annotator" : r.others() + " other annotators").append("</span>");
            b.append("</span></a></li>\n");
        }
        b.append("</ol>\n");
        return Layout.page(viewer, run.title(), "unit-list", b.toString(), new Crumb(run.title(), null));
    }

    static String listLabel(String list) {
        return ServedRun.ALL.equals(list) ? "all units" : list;
    }

    /** The dissection's suggestion: concept, IoU beside its ceiling, lift, and whether it is specific. */
    static String suggestion(Optional<Suggestion> s, Terms terms, boolean withButton) {
        if (s.isEmpty()) {
            return "<span class=\"nosuggest\">No IoU suggestion</span>";
        }
        Suggestion g = s.get();
        StringBuilder b = new StringBuilder();
        b.append("<span class=\"kicker\">IoU suggests</span> <b class=\"concept-term\">").append(text(terms.term(g.conceptId())))
                .append("</b>");
        String cat = terms.category(g.conceptId());
        if (!cat.isEmpty()) {
            b.append(" <small class=\"cat\">").append(text(cat)).append("</small>");
        }
        b.append("<span class=\"nums\">IoU ").append(number(g.iou())).append(" of max ").append(number(g.ceiling()))
                .append(" · lift ").append(number(g.lift(), 2)).append("</span>");
        String badge = g.specific() ? "<span class=\"badge ok\" title=\"IoU over the threshold and lift over 1.5\">specific</span>"
                : g.detector() ? "<span class=\"badge warn\" title=\"IoU over the threshold but lift under 1.5: a generic lesion detector\">not specific</span>"
                        : "<span class=\"badge\" title=\"IoU under the threshold\">weak</span>";
        b.append(badge);
        if (withButton) {
            b.append(" <button type=\"button\" class=\"small use-suggestion\" data-concept=\"").append(attr(g.conceptId()))
                    .append("\">Use</button>");
        }
        return b.toString();
    }

    static String entrySummary(Annotation a, Terms terms) {
        if (!a.interpretable()) {
            return "not interpretable";
        }
        if (a.concepts().isEmpty()) {
            return "no concept";
        }
        List<String> t = new ArrayList<>();
        for (String c : a.concepts()) {
            t.add(terms.term(c));
        }
        return String.join(", ", t);
    }

    // ---- unit page ----

    /**
     * What the form shows: the viewer's latest entry, or what was just posted when it was refused.
     */
    record Draft(Set<String> concepts, boolean notInterpretable, int confidence, String text, Map<String, String> answers) {
        static Draft empty() {
            return new Draft(Set.of(), false, 3, "", Map.of());
        }

        static Draft of(Annotation a) {
            return new Draft(Set.copyOf(a.concepts()), !a.interpretable(), a.confidence(), a.text() == null ? "" : a.text(),
                    a.answers());
        }
    }

    /**
     * Everything on a unit page.
     *
     * @param position the unit's place in the list (1-based), 0 when it is not in it
     * @param samples the samples shown (at most 32)
     * @param totalSamples how many the run kept for the unit
     * @param dataset whether the run's mammograms are readable (unmasked patches and context)
     * @param mine the viewer's latest entry, or null
     * @param history entries to list, newest first (only the viewer's own while blinded)
     * @param hiddenOthers entries of other annotators not shown because the viewer has not labelled the unit
     */
    record UnitView(ServedRun run, int unit, String list, int position, int listSize, Integer previous, Integer next,
            Optional<UnitRow> row, List<TopSample> samples, int totalSamples, boolean dataset, Annotation mine, Draft draft,
            List<Annotation> history, int hiddenOthers, int done, String error, boolean saved) {}

    static String unit(Viewer viewer, UnitView v, Terms terms) {
        ServedRun run = v.run();
        String runUrl = BASE + "/runs/" + url(run.id());
        String unitBase = runUrl + "/units/" + v.unit();
        String listQuery = "?list=" + url(v.list());
        StringBuilder b = new StringBuilder(64 * 1024);

        b.append("<section class=\"unithead\">\n");
        b.append(navLink(v.previous(), runUrl, listQuery, "prev", "‹ Unit "));
        b.append("<div class=\"title\"><h1>Unit ").append(v.unit()).append("</h1><p class=\"meta\">");
        if (v.position() > 0) {
            b.append(ServedRun.ALL.equals(v.list()) ? "unit " + v.position() + " of " + v.listSize()
                    : text(v.list()) + " · rank " + v.row().map(r -> r.ranks().get(v.list())).map(String::valueOf).orElse("?")
                            + " of " + v.listSize());
        }
        b.append(" · ").append(text(run.title())).append(" · layer ").append(text(run.layer())).append("</p></div>");
        b.append(navLink(v.next(), runUrl, listQuery, "next", "Unit "));
        b.append(progress(v.done(), v.listSize(), "annotated in " + listLabel(v.list())));
        b.append("\n</section>\n");

        b.append("<div class=\"columns\">\n<section class=\"images\" aria-label=\"Top images\">\n<div class=\"toolbar\">");
        b.append("<button type=\"button\" id=\"mask-toggle\" class=\"toggle\" aria-pressed=\"true\"")
                .append(v.dataset() ? "" : " disabled title=\"The run's data set is not readable here: only the masked montage tiles can be shown\"")
                .append(">Mask overlay <span class=\"state-on\">on</span><span class=\"state-off\">off</span></button>");
        b.append("<span class=\"hint\">").append(v.samples().size()).append(" of ").append(v.totalSamples())
                .append(" top patches, by the unit's maximum activation. Masked: pixels under 0.2 of the unit's top map dimmed. ")
                .append("<kbd>m</kbd> mask · <kbd>j</kbd>/<kbd>k</kbd> next/previous unit · <kbd>/</kbd> concepts</span>");
        b.append("</div>\n");
        if (v.samples().isEmpty()) {
            b.append(notice("note", "The run has no top images for this unit (no top-activations step)."));
        }
        b.append("<ul class=\"grid\" id=\"tiles\">\n");
        for (TopSample s : v.samples()) {
            String tile = unitBase + "/tiles/" + s.rank();
            String caption = "Patch " + s.rank() + " · activation " + number(s.activation(), 2) + " · box " + s.x() + ","
                    + s.y() + " " + s.width() + "×" + s.height();
            b.append("<li><button type=\"button\" class=\"tile\" data-rank=\"").append(s.rank()).append("\"")
                    .append(v.dataset() ? " data-context=\"" + attr(unitBase + "/context/" + s.rank()) + "\"" : "")
                    .append(" data-caption=\"").append(attr(caption)).append("\">")
                    .append("<img src=\"").append(attr(tile)).append("\" data-masked=\"").append(attr(tile)).append("\"")
                    .append(v.dataset() ? " data-raw=\"" + attr(unitBase + "/patches/" + s.rank()) + "\"" : "")
                    .append(" alt=\"").append(attr(caption)).append("\" width=\"96\" height=\"96\"")
                    .append(s.rank() > 12 ? " loading=\"lazy\"" : "").append(">")
                    .append("<span class=\"cap\">").append(s.rank()).append("<span>").append(number(s.activation(), 2))
                    .append("</span></span></button></li>\n");
        }
        b.append("</ul>\n</section>\n");

        b.append("<aside class=\"side\">\n");
        if (v.dataset() && !v.samples().isEmpty()) {
            TopSample first = v.samples().get(0);
            b.append("<figure class=\"context\"><div class=\"frame\"><img id=\"context-img\" src=\"")
                    .append(attr(unitBase + "/context/" + first.rank())).append("\" alt=\"The patch on its mammogram\"></div>")
                    .append("<figcaption id=\"context-cap\">Patch ").append(first.rank())
                    .append(" on its mammogram. Point at a patch to see where it lies.</figcaption></figure>\n");
        } else if (!v.dataset()) {
            b.append("<figure class=\"context missing\"><div class=\"frame\"><p>The run's data set (")
                    .append(text(run.manifest().dataset() == null ? "unknown" : run.manifest().dataset().format()))
                    .append(") cannot be read here, so patches are not shown on their mammograms.</p></div></figure>\n");
        }
        b.append(form(viewer, v, terms, unitBase, listQuery));
        b.append(history(v, terms));
        b.append("</aside>\n</div>\n");
        return Layout.page(viewer, "Unit " + v.unit() + " · " + run.title(), "unit-page", b.toString(),
                new Crumb(run.title(), runUrl + listQuery), new Crumb("Unit " + v.unit(), null));
    }

    private static String navLink(Integer unit, String runUrl, String listQuery, String rel, String label) {
        if (unit == null) {
            return "<span class=\"nav " + rel + " disabled\" aria-hidden=\"true\"></span>";
        }
        String text = "prev".equals(rel) ? label + unit : label + unit + " ›";
        return "<a class=\"nav " + rel + "\" rel=\"" + rel + "\" id=\"" + rel + "-unit\" href=\"" + attr(runUrl + "/units/" + unit + listQuery)
                + "\" title=\"" + ("prev".equals(rel) ? "previous unit (k)" : "next unit (j)") + "\">" + text(text) + "</a>";
    }

    private static String form(Viewer viewer, UnitView v, Terms terms, String unitBase, String listQuery) {
        Draft d = v.draft();
        StringBuilder b = new StringBuilder(32 * 1024);
        b.append("<form method=\"post\" action=\"").append(attr(unitBase + listQuery))
                .append("\" class=\"annotate\" id=\"annotate-form\" data-dirty-guard>\n").append(csrfField(viewer))
                .append("<input type=\"hidden\" name=\"list\" value=\"").append(attr(v.list())).append("\">\n");
        b.append("<h2>Your label</h2>\n");
        if (v.saved()) {
            b.append(notice("ok", "Saved. Your label is in the store."));
        }
        if (v.error() != null) {
            b.append(notice("error", v.error()));
        }
        if (v.mine() != null) {
            b.append("<p class=\"current\" id=\"my-label\">Current: <b>").append(text(entrySummary(v.mine(), terms)))
                    .append("</b>").append(v.mine().interpretable() ? " · confidence " + v.mine().confidence() + "/5" : "")
                    .append(" · <time datetime=\"").append(attr(String.valueOf(v.mine().time()))).append("\">")
                    .append(text(time(v.mine().time()))).append("</time></p>\n");
        }
        b.append("<div class=\"suggestion\">").append(suggestion(v.row().flatMap(UnitRow::suggestion), terms, true))
                .append("</div>\n");

        b.append(question(Q_PHENOMENON, "1. Does the unit detect a recognisable phenomenon?", d));
        b.append("<label class=\"check\" id=\"not-interpretable-label\"><input type=\"checkbox\" name=\"not_interpretable\" id=\"not-interpretable\" value=\"1\"")
                .append(d.notInterpretable() ? " checked" : "")
                .append("> Not interpretable <small>no recognisable phenomenon: the label names no concept</small></label>\n");
        b.append(question(Q_CANCER, "2. Is it associated with cancer?", d));
        b.append(question(Q_SEVERAL, "3. One phenomenon, or several?", d));

        b.append("<fieldset class=\"concepts\" id=\"concept-picker\"><legend>Concepts <small>")
                .append(text(terms.vocabularyLabel())).append("</small></legend>\n");
        b.append("<div class=\"chips\" id=\"chips\" aria-live=\"polite\"></div>\n");
        List<Concept> concepts = terms.concepts();
        if (concepts.isEmpty()) {
            b.append(notice("note", "No concept vocabulary is running: describe the unit in words, or mark it not interpretable."));
        } else {
            b.append("<input type=\"search\" id=\"concept-search\" placeholder=\"Search concepts (/)\" autocomplete=\"off\" "
                    + "aria-label=\"Search concepts\" aria-controls=\"concept-list\">\n");
            b.append("<div class=\"concept-list\" id=\"concept-list\">\n");
            Map<String, List<Concept>> byCategory = new LinkedHashMap<>();
            for (Concept c : concepts) {
                byCategory.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(c);
            }
            byCategory.forEach((category, list) -> {
                b.append("<div class=\"cat\"><h3>").append(text(category)).append("</h3>\n");
                for (Concept c : list) {
                    String search = (c.term() + " " + c.id() + " " + c.category() + " " + String.join(" ", c.synonyms()))
                            .toLowerCase(Locale.ROOT);
                    b.append("<label class=\"concept\" data-search=\"").append(attr(search)).append("\"><input type=\"checkbox\" name=\"concept\" value=\"")
                            .append(attr(c.id())).append("\" data-term=\"").append(attr(c.term())).append("\"")
                            .append(d.concepts().contains(c.id()) ? " checked" : "").append("> ")
                            .append(text(c.term())).append(" <small>").append(text(c.id())).append("</small></label>\n");
                }
                b.append("</div>\n");
            });
            b.append("</div>\n");
        }
        b.append("</fieldset>\n");

        b.append("<label class=\"block\">4. Describe each phenomenon and its association with cancer"
                + "<textarea name=\"q_describe\" id=\"q-describe\" rows=\"3\" maxlength=\"4000\">")
                .append(text(d.answers().getOrDefault(Q_DESCRIBE, ""))).append("</textarea></label>\n");
        b.append("<label class=\"block\">Notes <small>free text, e.g. a finding the vocabulary lacks</small>"
                + "<textarea name=\"text\" id=\"free-text\" rows=\"2\" maxlength=\"4000\">").append(text(d.text()))
                .append("</textarea></label>\n");
        b.append("<fieldset class=\"confidence\"><legend>Confidence</legend><div class=\"segmented\">");
        String[] words = {"guess", "unsure", "probable", "confident", "certain"};
        for (int c = 1; c <= 5; c++) {
            b.append("<label><input type=\"radio\" name=\"confidence\" value=\"").append(c).append("\"")
                    .append(d.confidence() == c ? " checked" : "").append("><span>").append(c).append(" <small>")
                    .append(words[c - 1]).append("</small></span></label>");
        }
        b.append("</div></fieldset>\n");
        b.append("<div class=\"actions\"><button type=\"submit\" name=\"after\" value=\"stay\" id=\"save\">Save</button>")
                .append(v.next() == null ? ""
                        : "<button type=\"submit\" name=\"after\" value=\"next\" class=\"primary\" id=\"save-next\" title=\"Ctrl+Enter\">Save and next ›</button>")
                .append("</div>\n</form>\n");
        return b.toString();
    }

    private static String question(String key, String legend, Draft d) {
        StringBuilder b = new StringBuilder();
        b.append("<fieldset class=\"q\" id=\"q-").append(key).append("\"><legend>").append(text(legend))
                .append("</legend><div class=\"segmented\">");
        String chosen = d.answers().getOrDefault(key, "");
        for (String option : CHOICES.get(key)) {
            b.append("<label><input type=\"radio\" name=\"q_").append(key).append("\" value=\"").append(option).append("\"")
                    .append(option.equals(chosen) ? " checked" : "").append("><span>").append(option).append("</span></label>");
        }
        b.append("</div></fieldset>\n");
        return b.toString();
    }

    private static String history(UnitView v, Terms terms) {
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"history\" id=\"history\"><h2>History</h2>\n");
        if (v.hiddenOthers() > 0) {
            b.append("<p class=\"hint\">").append(v.hiddenOthers()).append(v.hiddenOthers() == 1 ? " entry" : " entries")
                    .append(" by other annotators will show once you have labelled this unit: reading independently keeps the agreement honest.</p>\n");
        }
        if (v.history().isEmpty()) {
            b.append("<p class=\"hint\">No entries yet.</p>");
        }
        b.append("<ol>");
        for (Annotation a : v.history()) {
            b.append("<li class=\"entry\"><div class=\"head\"><b>").append(text(a.annotator())).append("</b> <time datetime=\"")
                    .append(attr(String.valueOf(a.time()))).append("\">").append(text(time(a.time()))).append("</time></div>")
                    .append("<div class=\"label\">").append(text(entrySummary(a, terms))).append(a.interpretable()
                            ? " <small>confidence " + a.confidence() + "/5</small>" : "")
                    .append("</div>");
            List<String> answers = new ArrayList<>();
            for (String k : List.of(Q_PHENOMENON, Q_CANCER, Q_SEVERAL)) {
                String ans = a.answers().get(k);
                if (ans != null && !ans.isEmpty()) {
                    answers.add(k + ": " + ans);
                }
            }
            if (!answers.isEmpty()) {
                b.append("<div class=\"answers\">").append(text(String.join(" · ", answers))).append("</div>");
            }
            String describe = a.answers().getOrDefault(Q_DESCRIBE, "");
            if (!describe.isBlank()) {
                b.append("<p class=\"free\">").append(text(describe)).append("</p>");
            }
            if (a.text() != null && !a.text().isBlank()) {
                b.append("<p class=\"free note\">").append(text(a.text())).append("</p>");
            }
            b.append("</li>\n");
        }
        b.append("</ol></section>\n");
        return b.toString();
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static String shortTime(String iso) {
        try {
            return time(Instant.parse(iso));
        } catch (RuntimeException e) {
            return iso == null ? "" : iso;
        }
    }
}
