package org.deepminer.annotate.web.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.deepminer.annotate.AnnotationRules;
import org.deepminer.annotate.web.internal.AccountStore.Account;
import org.deepminer.annotate.web.internal.Layout.Viewer;
import org.deepminer.annotate.web.internal.Pages.Draft;
import org.deepminer.annotate.web.internal.Pages.ListRow;
import org.deepminer.annotate.web.internal.Pages.Tab;
import org.deepminer.annotate.web.internal.Pages.UnitView;
import org.deepminer.annotate.web.internal.ServedRun.TopSample;
import org.deepminer.annotate.web.internal.ServedRun.UnitRow;
import org.deepminer.annotate.web.internal.Sessions.Session;
import org.deepminer.api.DeepMinerException;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.AnnotationStore;
import org.deepminer.api.annotate.UnitKey;
import org.deepminer.api.vocab.ConceptVocabulary;

/**
 * The annotation tool under {@code /annotate/}. Routes are matched segment by segment; a segment is a run id, a
 * unit or rank number or a fixed word, never a file name. Every response carries the security headers; every
 * write (POST) needs the session's CSRF token and, when the browser sends one, a same-origin {@code Origin}.
 */
final class AnnotationServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AnnotationServlet.class.getName());

    static final String CSP = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SAFE_NEXT = Pattern.compile("/annotate/[A-Za-z0-9/_.?=&%-]*");
    private static final Map<String, String> STATIC = Map.of("app.css", "text/css; charset=utf-8", "app.js",
            "text/javascript; charset=utf-8", "icon.svg", "image/svg+xml");

    private final transient WebApp app;
    private final transient Map<String, byte[]> resources = new HashMap<>();

    AnnotationServlet(WebApp app) {
        this.app = app;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        securityHeaders(resp);
        String method = req.getMethod();
        if (!"GET".equals(method) && !"POST".equals(method) && !"HEAD".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD, POST");
            plain(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method not allowed");
            return;
        }
        List<String> path = segments(req);
        Session session = session(req).orElse(null);
        try {
            if (path == null) {
                notFound(req, resp, session);
            } else if ("POST".equals(method)) {
                post(req, resp, path, session);
            } else {
                get(req, resp, path, session);
            }
        } catch (BadInput e) {
            page(resp, 400, Pages.error(viewer(session), 400, "Not accepted", e.getMessage()));
        } catch (DeepMinerException e) {
            LOG.log(Level.WARNING, "annotation web UI: " + req.getRequestURI(), e);
            page(resp, 500, Pages.error(viewer(session), 500, "Something went wrong", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "annotation web UI: " + req.getRequestURI(), e);
            page(resp, 500, Pages.error(viewer(session), 500, "Something went wrong",
                    "The server could not answer this request; the server log has the details."));
        }
    }

    /** The path below the servlet as checked segments; null when any segment is not one we could route. */
    static List<String> segments(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String ctx = req.getContextPath() == null ? "" : req.getContextPath();
        if (uri == null || !uri.startsWith(ctx)) {
            return null;
        }
        String p = uri.substring(ctx.length());
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!SEGMENT.matcher(s).matches() || s.contains("..")) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    // ---- GET ----

    private void get(HttpServletRequest req, HttpServletResponse resp, List<String> p, Session s) throws IOException {
        if (p.isEmpty() || !"annotate".equals(p.get(0))) {
            if (p.isEmpty()) {
                redirect(resp, Layout.BASE + "/");
            } else {
                notFound(req, resp, s);
            }
            return;
        }
        List<String> r = p.subList(1, p.size());
        if (r.size() == 2 && "static".equals(r.get(0))) {
            staticResource(resp, r.get(1));
            return;
        }
        if (r.size() == 1 && "login".equals(r.get(0))) {
            if (s != null && s.signedIn()) {
                redirect(resp, Layout.BASE + "/");
                return;
            }
            Session anon = anonymous(req, resp, s);
            html(resp, Pages.login(viewer(anon), "", safeNext(req.getParameter("next")), null));
            return;
        }
        if (r.size() == 1 && "setup".equals(r.get(0))) {
            if (!app.firstAdmin().pending()) {
                redirect(resp, Layout.BASE + "/login");
                return;
            }
            Session anon = anonymous(req, resp, s);
            html(resp, Pages.setup(viewer(anon), "", null));
            return;
        }
        if (s == null || !s.signedIn()) {
            if (isImage(r)) {
                plain(resp, HttpServletResponse.SC_FORBIDDEN, "sign in first");
            } else if (app.firstAdmin().pending() && !app.accounts().hasAdmin()) {
                redirect(resp, Layout.BASE + "/setup");
            } else {
                String next = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
                redirect(resp, Layout.BASE + "/login" + (SAFE_NEXT.matcher(next).matches() ? "?next=" + Html.url(next) : ""));
            }
            return;
        }
        Viewer viewer = viewer(s);
        if (r.isEmpty()) {
            home(resp, viewer);
        } else if (r.size() == 1 && "account".equals(r.get(0))) {
            html(resp, Pages.password(viewer, null, null));
        } else if (r.size() == 2 && "admin".equals(r.get(0)) && "accounts".equals(r.get(1))) {
            if (!s.admin()) {
                forbidden(resp, viewer);
                return;
            }
            html(resp, Pages.accounts(viewer, app.accounts().accounts(), null, null));
        } else if (r.size() >= 2 && "runs".equals(r.get(0))) {
            ServedRun run = app.runs().get().run(r.get(1)).orElse(null);
            if (run == null) {
                notFound(req, resp, s);
            } else if (r.size() == 2) {
                unitList(req, resp, viewer, run);
            } else if (r.size() == 3 && "agreement".equals(r.get(2))) {
                html(resp, AgreementPage.render(viewer, run, store().current(run.modelSha256(), run.layer()), app.terms()));
            } else if (r.size() == 4 && "units".equals(r.get(2)) && NUMBER.matcher(r.get(3)).matches()) {
                int unit = Integer.parseInt(r.get(3));
                if (run.unit(unit).isEmpty()) {
                    notFound(req, resp, s);
                } else {
                    unitPage(resp, 200, viewer, run, unit, listOf(req, run, unit), null, null,
                            "1".equals(req.getParameter("saved")));
                }
            } else if (r.size() == 6 && "units".equals(r.get(2)) && NUMBER.matcher(r.get(3)).matches()
                    && NUMBER.matcher(r.get(5)).matches()) {
                image(resp, run, Integer.parseInt(r.get(3)), r.get(4), Integer.parseInt(r.get(5)));
            } else {
                notFound(req, resp, s);
            }
        } else {
            notFound(req, resp, s);
        }
    }

    private static boolean isImage(List<String> r) {
        return r.size() == 6 && "runs".equals(r.get(0));
    }

    private void home(HttpServletResponse resp, Viewer viewer) throws IOException {
        RunCatalog catalog = app.runs().get();
        List<ServedRun> runs = new ArrayList<>(catalog.runs());
        if (runs.size() == 1) {
            redirect(resp, Layout.BASE + "/runs/" + Html.url(runs.get(0).id()));
            return;
        }
        List<Pages.RunCard> cards = new ArrayList<>();
        Optional<AnnotationStore> store = app.store().get();
        for (ServedRun run : runs) {
            Set<Integer> ranked = new LinkedHashSet<>();
            run.classes().forEach(c -> ranked.addAll(run.units(c)));
            int done = 0;
            if (store.isPresent()) {
                Set<Integer> mine = mine(store.get().current(run.modelSha256(), run.layer()), viewer.user()).keySet();
                for (int u : ranked) {
                    done += mine.contains(u) ? 1 : 0;
                }
            }
            cards.add(new Pages.RunCard(run, done, ranked.size()));
        }
        html(resp, Pages.runs(viewer, cards));
    }

    private static String listOf(HttpServletRequest req, ServedRun run, int unit) {
        String list = req.getParameter("list");
        if (list != null && run.hasList(list)) {
            return list;
        }
        return run.defaultList(unit);
    }

    private void unitList(HttpServletRequest req, HttpServletResponse resp, Viewer viewer, ServedRun run) throws IOException {
        String list = req.getParameter("list");
        if (list == null || !run.hasList(list)) {
            list = run.classes().isEmpty() ? ServedRun.ALL : run.classes().get(0);
        }
        List<Annotation> current = store().current(run.modelSha256(), run.layer());
        Map<Integer, Annotation> mine = mine(current, viewer.user());
        Map<Integer, Set<String>> others = new HashMap<>();
        for (Annotation a : current) {
            if (!a.annotator().equals(viewer.user()) && !AnnotationRules.isAuto(a.annotator())) {
                others.computeIfAbsent(a.unit().unit(), u -> new HashSet<>()).add(a.annotator());
            }
        }
        List<Tab> tabs = new ArrayList<>();
        for (String l : run.lists()) {
            List<Integer> units = run.units(l);
            tabs.add(new Tab(l, (int) units.stream().filter(mine::containsKey).count(), units.size()));
        }
        List<ListRow> rows = new ArrayList<>();
        int position = 0;
        for (int unit : run.units(list)) {
            position++;
            UnitRow row = run.unit(unit).orElseThrow();
            List<Integer> thumbs = run.top(unit).stream().limit(Pages.LIST_THUMBNAILS).map(TopSample::rank).toList();
            Integer rank = row.ranks().get(list);
            rows.add(new ListRow(unit, rank == null ? position : rank, row.counts().get(list), row.scores().get(list),
                    row.suggestion(), mine.get(unit), others.getOrDefault(unit, Set.of()).size(), thumbs));
        }
        html(resp, Pages.unitList(viewer, run, list, tabs, rows, app.terms(), true));
    }

    /** The viewer's latest entry per unit. */
    private static Map<Integer, Annotation> mine(List<Annotation> current, String user) {
        Map<Integer, Annotation> out = new HashMap<>();
        for (Annotation a : current) {
            if (a.annotator().equals(user)) {
                out.merge(a.unit().unit(), a, (x, y) -> y.time().isBefore(x.time()) ? x : y);
            }
        }
        return out;
    }

    private void unitPage(HttpServletResponse resp, int status, Viewer viewer, ServedRun run, int unit, String list,
            Draft draft, String error, boolean saved) throws IOException {
        AnnotationStore store = store();
        List<Annotation> history = store.history(run.key(unit));
        Annotation mine = null;
        for (Annotation a : history) {
            if (a.annotator().equals(viewer.user()) && (mine == null || !a.time().isBefore(mine.time()))) {
                mine = a;
            }
        }
        boolean blinded = mine == null;
        List<Annotation> shown = new ArrayList<>();
        int hidden = 0;
        for (Annotation a : history) {
            boolean own = a.annotator().equals(viewer.user());
            if (blinded && !own && !AnnotationRules.isAuto(a.annotator())) {
                hidden++;
            } else {
                shown.add(a);
            }
        }
        shown.sort(Comparator.comparing(Annotation::time).reversed());
        List<Integer> units = run.units(list);
        int index = units.indexOf(unit);
        Integer previous = index > 0 ? units.get(index - 1) : null;
        Integer next = index >= 0 && index + 1 < units.size() ? units.get(index + 1) : null;
        Set<Integer> mineUnits = mine(store.current(run.modelSha256(), run.layer()), viewer.user()).keySet();
        int done = (int) units.stream().filter(mineUnits::contains).count();
        List<TopSample> top = run.top(unit);
        Draft d = draft != null ? draft : mine != null ? Draft.of(mine) : Draft.empty();
        UnitView v = new UnitView(run, unit, list, index + 1, units.size(), previous, next, run.unit(unit),
                top.subList(0, Math.min(Pages.UNIT_PAGE_IMAGES, top.size())), top.size(), app.images().hasDataset(run),
                mine, d, shown, hidden, done, error, saved);
        page(resp, status, Pages.unit(viewer, v, app.terms()));
    }

    private void image(HttpServletResponse resp, ServedRun run, int unit, String kind, int rank) throws IOException {
        Optional<byte[]> png = switch (kind) {
            case "tiles" -> app.images().tile(run, unit, rank);
            case "patches" -> app.images().patch(run, unit, rank);
            case "context" -> app.images().context(run, unit, rank);
            default -> Optional.empty();
        };
        if (png.isEmpty()) {
            plain(resp, HttpServletResponse.SC_NOT_FOUND, "no such image");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("image/png");
        resp.setHeader("Cache-Control", "private, max-age=600");
        resp.setContentLength(png.get().length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(png.get());
        }
    }

    private void staticResource(HttpServletResponse resp, String name) throws IOException {
        String type = STATIC.get(name);
        if (type == null) {
            plain(resp, HttpServletResponse.SC_NOT_FOUND, "no such file");
            return;
        }
        byte[] bytes;
        synchronized (resources) {
            bytes = resources.get(name);
            if (bytes == null) {
                try (InputStream in = AnnotationServlet.class.getResourceAsStream("/static/" + name)) {
                    if (in == null) {
                        plain(resp, HttpServletResponse.SC_NOT_FOUND, "no such file");
                        return;
                    }
                    bytes = in.readAllBytes();
                }
                resources.put(name, bytes);
            }
        }
        resp.setStatus(200);
        resp.setContentType(type);
        resp.setHeader("Cache-Control", "private, max-age=300");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    // ---- POST ----

    private void post(HttpServletRequest req, HttpServletResponse resp, List<String> p, Session s) throws IOException {
        // read the form first, refused or not: a response that leaves the body unread makes Jetty close the
        // connection, and a client that reuses it for its next request gets nothing back
        String token = req.getParameter("csrf");
        if (!sameOrigin(req) || s == null || !s.csrfMatches(token)) {
            page(resp, HttpServletResponse.SC_FORBIDDEN, Pages.error(viewer(s), 403, "Refused",
                    "This form's security token is missing or out of date, so the change was not made. Reload the page and try again."));
            return;
        }
        if (p.size() < 2 || !"annotate".equals(p.get(0))) {
            notFound(req, resp, s);
            return;
        }
        List<String> r = p.subList(1, p.size());
        if (r.size() == 1 && "login".equals(r.get(0))) {
            login(req, resp, s);
            return;
        }
        if (r.size() == 1 && "setup".equals(r.get(0))) {
            setup(req, resp, s);
            return;
        }
        if (!s.signedIn()) {
            page(resp, HttpServletResponse.SC_FORBIDDEN, Pages.error(null, 403, "Refused", "Sign in first."));
            return;
        }
        Viewer viewer = viewer(s);
        if (r.size() == 1 && "logout".equals(r.get(0))) {
            app.sessions().end(s.id());
            resp.addHeader("Set-Cookie", cookie("", req.isSecure(), 0));
            redirect(resp, Layout.BASE + "/login");
        } else if (r.size() == 1 && "account".equals(r.get(0))) {
            changePassword(req, resp, s, viewer);
        } else if (r.size() >= 2 && "admin".equals(r.get(0)) && !s.admin()) {
            forbidden(resp, viewer);
        } else if (r.size() == 2 && "admin".equals(r.get(0)) && "accounts".equals(r.get(1))) {
            addAccount(req, resp, s, viewer);
        } else if (r.size() == 4 && "admin".equals(r.get(0)) && "accounts".equals(r.get(1))
                && "password".equals(r.get(3))) {
            resetPassword(resp, viewer, r.get(2), req);
        } else if (r.size() == 4 && "runs".equals(r.get(0)) && "units".equals(r.get(2))
                && NUMBER.matcher(r.get(3)).matches()) {
            ServedRun run = app.runs().get().run(r.get(1)).orElse(null);
            int unit = Integer.parseInt(r.get(3));
            if (run == null || run.unit(unit).isEmpty()) {
                notFound(req, resp, s);
            } else {
                save(req, resp, viewer, run, unit);
            }
        } else {
            notFound(req, resp, s);
        }
    }

    private void login(HttpServletRequest req, HttpServletResponse resp, Session anon) throws IOException {
        String name = req.getParameter("name") == null ? "" : req.getParameter("name").strip().toLowerCase(Locale.ROOT);
        String next = safeNext(req.getParameter("next"));
        String nameKey = "name:" + name;
        String addrKey = "addr:" + req.getRemoteAddr();
        long wait = Math.max(app.throttle().waitMillis(nameKey), app.throttle().waitMillis(addrKey));
        if (wait > 0) {
            page(resp, 429, Pages.login(viewer(anon), name, next,
                    "Too many failed sign-ins. Try again in " + ((wait + 999) / 1000) + " s."));
            return;
        }
        char[] password = req.getParameter("password") == null ? new char[0] : req.getParameter("password").toCharArray();
        Optional<Account> account;
        try {
            account = app.accounts().authenticate(name, password);
        } finally {
            PasswordHasher.wipe(password);
        }
        if (account.isEmpty()) {
            app.throttle().failed(nameKey);
            app.throttle().failed(addrKey);
            page(resp, 401, Pages.login(viewer(anon), name, next, "Wrong name or password."));
            return;
        }
        app.throttle().succeeded(nameKey);
        app.throttle().succeeded(addrKey);
        Session s = app.sessions().signIn(anon.id(), account.get().name(), account.get().admin());
        resp.addHeader("Set-Cookie", cookie(s.id(), req.isSecure(), -1));
        redirect(resp, next == null || next.isEmpty() ? Layout.BASE + "/" : next);
    }

    private void setup(HttpServletRequest req, HttpServletResponse resp, Session anon) throws IOException {
        if (!app.firstAdmin().pending()) {
            redirect(resp, Layout.BASE + "/login");
            return;
        }
        String name = req.getParameter("name");
        String addrKey = "setup:" + req.getRemoteAddr();
        if (app.throttle().waitMillis(addrKey) > 0) {
            page(resp, 429, Pages.setup(viewer(anon), name, "Too many wrong tokens. Wait a while and try again."));
            return;
        }
        if (!app.firstAdmin().matches(req.getParameter("token"))) {
            app.throttle().failed(addrKey);
            page(resp, 403, Pages.setup(viewer(anon), name, "That is not the token the server printed."));
            return;
        }
        char[] pw = chars(req.getParameter("password"));
        char[] pw2 = chars(req.getParameter("password2"));
        try {
            if (!Arrays.equals(pw, pw2)) {
                page(resp, 400, Pages.setup(viewer(anon), name, "The two passwords differ."));
                return;
            }
            Account admin;
            try {
                admin = app.accounts().add(name, pw, AccountStore.Role.ADMIN, "setup");
            } catch (BadInput e) {
                page(resp, 400, Pages.setup(viewer(anon), name, e.getMessage()));
                return;
            }
            app.firstAdmin().done();
            Session s = app.sessions().signIn(anon.id(), admin.name(), true);
            resp.addHeader("Set-Cookie", cookie(s.id(), req.isSecure(), -1));
            redirect(resp, Layout.BASE + "/");
        } finally {
            PasswordHasher.wipe(pw);
            PasswordHasher.wipe(pw2);
        }
    }

    private void changePassword(HttpServletRequest req, HttpServletResponse resp, Session s, Viewer viewer) throws IOException {
        char[] current = chars(req.getParameter("current"));
        char[] pw = chars(req.getParameter("password"));
        char[] pw2 = chars(req.getParameter("password2"));
        try {
            if (app.accounts().authenticate(s.user(), current).isEmpty()) {
                page(resp, 400, Pages.password(viewer, null, "The current password is wrong."));
            } else if (!Arrays.equals(pw, pw2)) {
                page(resp, 400, Pages.password(viewer, null, "The two new passwords differ."));
            } else {
                try {
                    app.accounts().setPassword(s.user(), pw);
                    html(resp, Pages.password(viewer, "Password changed.", null));
                } catch (BadInput e) {
                    page(resp, 400, Pages.password(viewer, null, e.getMessage()));
                }
            }
        } finally {
            PasswordHasher.wipe(current);
            PasswordHasher.wipe(pw);
            PasswordHasher.wipe(pw2);
        }
    }

    private void addAccount(HttpServletRequest req, HttpServletResponse resp, Session s, Viewer viewer) throws IOException {
        String role = req.getParameter("role");
        AccountStore.Role r = "admin".equals(role) ? AccountStore.Role.ADMIN : AccountStore.Role.ANNOTATOR;
        char[] pw = chars(req.getParameter("password"));
        try {
            Account a = app.accounts().add(req.getParameter("name"), pw, r, s.user());
            page(resp, 200, Pages.accounts(viewer, app.accounts().accounts(),
                    "Added " + a.role().word() + " " + a.name() + ". Give them the password by a safe way; they can change it under Password.",
                    null));
        } catch (BadInput e) {
            page(resp, 400, Pages.accounts(viewer, app.accounts().accounts(), null, e.getMessage()));
        } finally {
            PasswordHasher.wipe(pw);
        }
    }

    private void resetPassword(HttpServletResponse resp, Viewer viewer, String name, HttpServletRequest req) throws IOException {
        char[] pw = chars(req.getParameter("password"));
        try {
            app.accounts().setPassword(name, pw);
            app.sessions().endAll(name);
            page(resp, 200, Pages.accounts(viewer, app.accounts().accounts(),
                    "New password set for " + name + "; their open sessions were ended.", null));
        } catch (BadInput e) {
            page(resp, 400, Pages.accounts(viewer, app.accounts().accounts(), null, e.getMessage()));
        } finally {
            PasswordHasher.wipe(pw);
        }
    }

    private void save(HttpServletRequest req, HttpServletResponse resp, Viewer viewer, ServedRun run, int unit)
            throws IOException {
        String list = listOf(req, run, unit);
        Draft draft = draft(req);
        Optional<ConceptVocabulary> vocabulary = app.vocabulary().get();
        String error = null;
        Annotation entry = null;
        try {
            entry = entry(run.key(unit), viewer.user(), draft, vocabulary.orElse(null));
        } catch (BadInput e) {
            error = e.getMessage();
        }
        if (error == null) {
            try {
                store().append(entry);
            } catch (DeepMinerException | IllegalArgumentException e) {
                error = "The store refused the label: " + e.getMessage();
            }
        }
        if (error != null) {
            unitPage(resp, 400, viewer, run, unit, list, draft, error, false);
            return;
        }
        List<Integer> units = run.units(list);
        int index = units.indexOf(unit);
        String base = Layout.BASE + "/runs/" + Html.url(run.id()) + "/units/";
        if ("next".equals(req.getParameter("after")) && index >= 0 && index + 1 < units.size()) {
            redirect(resp, base + units.get(index + 1) + "?list=" + Html.url(list));
        } else {
            redirect(resp, base + unit + "?list=" + Html.url(list) + "&saved=1");
        }
    }

    /** The form as posted, checked only for shape; {@link #entry} judges it. */
    static Draft draft(HttpServletRequest req) {
        Set<String> concepts = new LinkedHashSet<>();
        String[] given = req.getParameterValues("concept");
        if (given != null) {
            for (String c : given) {
                if (c != null && !c.isBlank()) {
                    concepts.add(c.strip());
                }
            }
        }
        boolean notInterpretable = "1".equals(req.getParameter("not_interpretable"));
        int confidence;
        try {
            confidence = Integer.parseInt(String.valueOf(req.getParameter("confidence")).strip());
        } catch (NumberFormatException e) {
            confidence = 0;
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> q : Pages.CHOICES.entrySet()) {
            String v = req.getParameter("q_" + q.getKey());
            if (v != null && !v.isBlank()) {
                answers.put(q.getKey(), v.strip());
            }
        }
        String describe = req.getParameter("q_" + Pages.Q_DESCRIBE);
        if (describe != null && !describe.isBlank()) {
            answers.put(Pages.Q_DESCRIBE, describe.strip());
        }
        String text = req.getParameter("text");
        return new Draft(concepts, notInterpretable, confidence, text == null ? "" : text.strip(), answers);
    }

    /** The entry a posted form makes, or the reason it cannot be one. */
    static Annotation entry(UnitKey unit, String annotator, Draft d, ConceptVocabulary vocabulary) {
        if (d.confidence() < 1 || d.confidence() > 5) {
            throw new BadInput("Choose a confidence from 1 (guess) to 5 (certain).");
        }
        for (Map.Entry<String, String> a : d.answers().entrySet()) {
            List<String> choices = Pages.CHOICES.get(a.getKey());
            if (choices != null && !choices.contains(a.getValue())) {
                throw new BadInput("'" + a.getValue() + "' is not an answer to question " + a.getKey() + ".");
            }
        }
        if (d.text().length() > AnnotationRules.MAX_TEXT
                || d.answers().getOrDefault(Pages.Q_DESCRIBE, "").length() > AnnotationRules.MAX_TEXT) {
            throw new BadInput("Texts are limited to " + AnnotationRules.MAX_TEXT + " characters.");
        }
        List<String> concepts = d.notInterpretable() ? List.of() : List.copyOf(d.concepts());
        if (!d.notInterpretable() && concepts.isEmpty()) {
            throw new BadInput("Pick at least one concept, or mark the unit not interpretable.");
        }
        for (String c : concepts) {
            if (vocabulary != null && vocabulary.concept(c).isEmpty()) {
                throw new BadInput("'" + c + "' is not a concept of vocabulary " + vocabulary.id() + ".");
            }
        }
        Map<String, String> answers = new LinkedHashMap<>(d.answers());
        if (d.notInterpretable()) {
            answers.put(Pages.Q_PHENOMENON, "no");
        }
        Annotation a = new Annotation("", unit, annotator, Instant.now(), concepts, !d.notInterpretable(), d.confidence(),
                d.text(), answers);
        try {
            AnnotationRules.check(a, vocabulary);
        } catch (DeepMinerException e) {
            throw new BadInput(e.getMessage());
        }
        return a;
    }

    // ---- helpers ----

    private AnnotationStore store() {
        return app.store().get().orElseThrow(() -> new DeepMinerException(null,
                "the annotation store is not running (bundle deepminer.annotate); labels can be neither read nor saved"));
    }

    private static void forbidden(HttpServletResponse resp, Viewer viewer) throws IOException {
        page(resp, HttpServletResponse.SC_FORBIDDEN, Pages.error(viewer, 403, "Refused", "Only an admin may do this."));
    }

    private Optional<Session> session(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (Sessions.COOKIE.equals(c.getName())) {
                Optional<Session> s = app.sessions().find(c.getValue());
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }

    /** The session the sign-in and set-up forms post with: the current one, or a new anonymous one. */
    private Session anonymous(HttpServletRequest req, HttpServletResponse resp, Session s) {
        if (s != null) {
            return s;
        }
        Session anon = app.sessions().anonymous();
        resp.addHeader("Set-Cookie", cookie(anon.id(), req.isSecure(), -1));
        return anon;
    }

    static String cookie(String value, boolean secure, int maxAge) {
        return Sessions.COOKIE + "=" + value + "; Path=" + Layout.BASE + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "") + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    /** A write from another origin is refused even with a valid token (a second line of defence). */
    static boolean sameOrigin(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = req.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        String host = req.getHeader("Host");
        return host != null && origin.equalsIgnoreCase(req.getScheme() + "://" + host);
    }

    private static String safeNext(String next) {
        return next != null && SAFE_NEXT.matcher(next).matches() && !next.contains("//") ? next : "";
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    private static Viewer viewer(Session s) {
        return s == null ? new Viewer(null, false, "") : new Viewer(s.user(), s.admin(), s.csrf());
    }

    static void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        // not no-referrer: under it browsers send "Origin: null" with forms, and the origin check needs the origin
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        resp.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    }

    private void notFound(HttpServletRequest req, HttpServletResponse resp, Session s) throws IOException {
        page(resp, 404, Pages.error(viewer(s), 404, "Not found", "There is no such page, run or unit here."));
    }

    private static void html(HttpServletResponse resp, String body) throws IOException {
        page(resp, 200, body);
    }

    private static void page(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpServletResponse resp, String location) {
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", location);
        resp.setHeader("Cache-Control", "no-store");
    }
}
