package org.deepminer.annotate.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deepminer.api.annotate.Annotation;
import org.deepminer.api.annotate.UnitKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servlet over real HTTP: sign-in, sessions, CSRF, escaping, image routes, saving labels, agreement. */
class AnnotationServletTest {
    @TempDir
    Path dir;
    WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(dir, true);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private static final String UNIT_3 = "/annotate/runs/run-a/units/3";

    private Browser.Response saveLabel(Browser b, String unitPath, String... fields) throws Exception {
        b.get(unitPath);
        return b.post(unitPath, fields);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        Browser b = web.browser();
        for (String path : List.of("/annotate/login", "/annotate/static/app.css", "/annotate/nope", "/", UNIT_3)) {
            Browser.Response r = b.get(path);
            assertEquals(AnnotationServlet.CSP, r.header("Content-Security-Policy"), path);
            assertTrue(r.header("Content-Security-Policy").contains("default-src 'self'"), path);
            assertTrue(r.header("Content-Security-Policy").contains("frame-ancestors 'none'"), path);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
            assertEquals("same-origin", r.header("Referrer-Policy"), path);
            assertEquals("DENY", r.header("X-Frame-Options"), path);
        }
    }

    @Test
    void pagesNeedASignInAndImagesAreRefusedWithoutOne() throws Exception {
        Browser b = web.browser();
        Browser.Response page = b.get(UNIT_3 + "?list=malignant");
        assertEquals(303, page.status());
        assertTrue(page.header("Location").startsWith("/annotate/login?next="), page.header("Location"));
        assertEquals(403, b.get(UNIT_3 + "/tiles/1").status());
        assertEquals(303, b.get("/").status(), "the root sends browsers to the tool");
    }

    @Test
    void signInSetsAFreshHttpOnlyStrictSessionCookie() throws Exception {
        Browser b = web.browser();
        b.get("/annotate/login");
        String anonymous = b.cookie;
        assertNotNull(anonymous, "the sign-in form comes with a session for its CSRF token");
        Browser.Response wrong = b.post("/annotate/login", "name", "ada", "password", "not the password");
        assertEquals(401, wrong.status());
        assertTrue(wrong.body().contains("Wrong name or password"));
        Browser.Response ok = b.post("/annotate/login", "name", "ada", "password", WebFixture.PASSWORD);
        assertEquals(303, ok.status(), ok.body());
        assertNotEquals(anonymous, b.cookie, "a new session id at sign-in");
        String set = b.setCookies.get(b.setCookies.size() - 1);
        assertTrue(set.contains("HttpOnly"), set);
        assertTrue(set.contains("SameSite=Strict"), set);
        assertTrue(set.contains("Path=/annotate"), set);
        assertEquals(200, b.get("/annotate/runs/run-a?list=malignant").status());
    }

    @Test
    void unknownAccountsAndWrongPasswordsGetTheSameAnswerAndRepeatedFailuresWait() throws Exception {
        Browser b = web.browser();
        b.get("/annotate/login");
        Browser.Response nobody = b.post("/annotate/login", "name", "nobody", "password", "whatever it is");
        Browser.Response wrong = b.post("/annotate/login", "name", "ben", "password", "whatever it is");
        assertEquals(nobody.status(), wrong.status());
        for (int i = 0; i < 4; i++) {
            b.post("/annotate/login", "name", "ben", "password", "still wrong " + i);
        }
        Browser.Response locked = b.post("/annotate/login", "name", "ben", "password", WebFixture.PASSWORD);
        assertEquals(429, locked.status(), "after 5 failures even the right password waits");
        assertTrue(locked.body().contains("Too many failed sign-ins"));
    }

    @Test
    void aWriteWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Browser b = web.signedIn("ada");
        b.get(UNIT_3);
        Browser.Response noToken = b.postRaw(UNIT_3, web.base, "concept", "margin-spiculated", "confidence", "4");
        assertEquals(403, noToken.status());
        Browser.Response wrongToken = b.postRaw(UNIT_3, web.base, "csrf", "forged", "concept", "margin-spiculated",
                "confidence", "4");
        assertEquals(403, wrongToken.status());
        Browser.Response otherOrigin = b.postRaw(UNIT_3, "https://evil.example", "csrf", b.csrf, "concept",
                "margin-spiculated", "confidence", "4");
        assertEquals(403, otherOrigin.status(), "a valid token from another origin is refused too");
        Browser.Response opaque = b.postRaw(UNIT_3, "null", "csrf", b.csrf, "concept", "margin-spiculated", "confidence", "4");
        assertEquals(403, opaque.status(), "and from an opaque origin");
        assertTrue(web.store.history(key(3)).isEmpty());
        Browser.Response logout = b.postRaw("/annotate/logout", web.base);
        assertEquals(403, logout.status(), "signing out is a write as well");
    }

    @Test
    void aSavedLabelIsStoredWithTheAnswersAndShownAfterReload() throws Exception {
        Browser b = web.signedIn("ada");
        Browser.Response saved = saveLabel(b, UNIT_3 + "?list=malignant", "list", "malignant", "concept", "margin-spiculated",
                "concept", "calc-fine-pleomorphic", "confidence", "4", "q_phenomenon", "yes", "q_cancer", "yes", "q_several",
                "several", "q_describe", "spiculated mass with calcifications", "text", "note", "after", "stay");
        assertEquals(303, saved.status(), saved.body());
        assertTrue(saved.header("Location").endsWith("/units/3?list=malignant&saved=1"), saved.header("Location"));
        List<Annotation> h = web.store.history(key(3));
        assertEquals(1, h.size());
        Annotation a = h.get(0);
        assertEquals("ada", a.annotator());
        assertEquals(List.of("margin-spiculated", "calc-fine-pleomorphic"), a.concepts());
        assertEquals(4, a.confidence());
        assertTrue(a.interpretable());
        assertEquals("several", a.answers().get("several"));
        assertEquals("spiculated mass with calcifications", a.answers().get("describe"));
        String page = b.get(UNIT_3 + "?list=malignant&saved=1").body();
        assertTrue(page.contains("Saved."));
        assertTrue(page.contains("value=\"margin-spiculated\" data-term=\"spiculated\" checked"), "the picker shows the saved concept");
        assertTrue(page.contains("id=\"my-label\">Current: <b>spiculated, fine pleomorphic</b>"));
        String list = b.get("/annotate/runs/run-a?list=malignant").body();
        assertTrue(list.contains("<b>1</b> of 3 annotated"), "progress counts the unit");
    }

    @Test
    void saveAndNextGoesToTheNextUnitOfTheList() throws Exception {
        Browser b = web.signedIn("ada");
        Browser.Response r = saveLabel(b, UNIT_3 + "?list=malignant", "list", "malignant", "concept", "margin-spiculated",
                "confidence", "3", "after", "next");
        assertEquals(303, r.status());
        assertTrue(r.header("Location").endsWith("/units/1?list=malignant"), "malignant ranks 3, 1, 5: " + r.header("Location"));
    }

    @Test
    void freeTextIsEscapedWherePrinted() throws Exception {
        String payload = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'";
        Browser b = web.signedIn("ada");
        assertEquals(303, saveLabel(b, UNIT_3, "concept", "margin-spiculated", "confidence", "2", "text", payload,
                "q_describe", payload).status());
        String page = b.get(UNIT_3).body();
        assertFalse(page.contains("<script>alert"), "no script element from user text");
        assertFalse(page.contains("<img src=x"), "no element from user text");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"));
    }

    @Test
    void badLabelsAreRefusedWithAMessageAndTheFormKeepsWhatWasTyped() throws Exception {
        Browser b = web.signedIn("ada");
        Browser.Response unknown = saveLabel(b, UNIT_3, "concept", "margin-made-up", "confidence", "3", "text", "kept text");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("not a concept of vocabulary birads"), unknown.body());
        assertTrue(unknown.body().contains(">kept text</textarea>"));
        Browser.Response none = b.post(UNIT_3, "confidence", "3");
        assertEquals(400, none.status());
        assertTrue(none.body().contains("Pick at least one concept, or mark the unit not interpretable"));
        Browser.Response confidence = b.post(UNIT_3, "concept", "margin-spiculated", "confidence", "9");
        assertEquals(400, confidence.status());
        assertTrue(web.store.history(key(3)).isEmpty());
        Browser.Response notInterpretable = b.post(UNIT_3, "concept", "margin-spiculated", "not_interpretable", "1",
                "confidence", "2");
        assertEquals(303, notInterpretable.status());
        Annotation a = web.store.history(key(3)).get(0);
        assertFalse(a.interpretable());
        assertTrue(a.concepts().isEmpty(), "not interpretable names no concept");
        assertEquals("no", a.answers().get("phenomenon"));
    }

    @Test
    void anEditIsANewEntryAndTheHistoryListsBoth() throws Exception {
        Browser b = web.signedIn("ada");
        saveLabel(b, UNIT_3, "concept", "margin-spiculated", "confidence", "2");
        saveLabel(b, UNIT_3, "concept", "margin-circumscribed", "confidence", "5");
        assertEquals(2, web.store.history(key(3)).size());
        String page = b.get(UNIT_3).body();
        String history = page.substring(page.indexOf("id=\"history\""));
        assertTrue(history.indexOf("circumscribed") < history.indexOf("spiculated"), "newest first");
        assertTrue(page.contains("Current: <b>circumscribed</b>"));
    }

    @Test
    void othersLabelsStayHiddenUntilTheViewerHasLabelledTheUnit() throws Exception {
        Browser ada = web.signedIn("ada");
        saveLabel(ada, UNIT_3, "concept", "margin-spiculated", "confidence", "4", "text", "ada's private reading");
        Browser ben = web.signedIn("ben");
        String before = ben.get(UNIT_3).body();
        assertFalse(before.contains("ada's private reading") || before.contains("ada&#39;s private reading"));
        assertTrue(before.contains("1 entry by other annotators will show once you have labelled this unit"));
        String list = ben.get("/annotate/runs/run-a?list=malignant").body();
        assertTrue(list.contains("1 other annotator"), "the list says someone labelled it, not what");
        saveLabel(ben, UNIT_3, "concept", "calc-vascular", "confidence", "3");
        assertTrue(ben.get(UNIT_3).body().contains("ada&#39;s private reading"));
    }

    @Test
    void aSecondAnnotatorShowsUpInTheAgreement() throws Exception {
        Browser ada = web.signedIn("ada");
        Browser ben = web.signedIn("ben");
        for (String unit : List.of("3", "1", "5", "2")) {
            saveLabel(ada, "/annotate/runs/run-a/units/" + unit, "concept", "margin-spiculated", "confidence", "4");
        }
        String alone = ada.get("/annotate/runs/run-a/agreement").body();
        assertTrue(alone.contains("one annotator only"), alone);
        saveLabel(ben, "/annotate/runs/run-a/units/3", "concept", "margin-spiculated", "confidence", "4");
        saveLabel(ben, "/annotate/runs/run-a/units/1", "concept", "margin-spiculated", "confidence", "4");
        saveLabel(ben, "/annotate/runs/run-a/units/5", "concept", "calc-vascular", "confidence", "4");
        saveLabel(ben, "/annotate/runs/run-a/units/2", "concept", "calc-vascular", "confidence", "4");
        String page = ada.get("/annotate/runs/run-a/agreement").body();
        assertTrue(page.contains("id=\"annotators\">ada, ben</p>"), page);
        // ada: S S S S, ben: S S V V -> po = 0.5, pe = (1 * 0.5) + (0 * 0.5) = 0.5: kappa 0 (undefined if ada used
        // one category only? no: pe < 1 because ben used two)
        assertTrue(page.contains("κ = 0.000"), "Cohen's kappa of 2 agreeing of 4 with ada's single category: 0");
        assertTrue(page.contains("Cohen&#39;s kappa") || page.contains("Cohen's kappa"));
        assertTrue(page.contains("4 units"));
    }

    @Test
    void imagesAreCutFromTheMontageAndTheMammogram() throws Exception {
        Browser b = web.signedIn("ada");
        Browser.Response tile = b.get(UNIT_3 + "/tiles/3");
        assertEquals(200, tile.status());
        assertEquals("image/png", tile.header("Content-Type"));
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(tile.bytes()));
        assertEquals(TestRun.CELL, t.getWidth());
        assertEquals(30, t.getRaster().getSample(5, 5, 0), "tile 3 of the montage has grey level 30");
        BufferedImage patch = ImageIO.read(new ByteArrayInputStream(b.get(UNIT_3 + "/patches/3").bytes()));
        assertEquals(50, patch.getWidth(), "the patch's box, 50 x 50");
        // rank 3's box starts at x = 20 of a ramp x / 200
        assertEquals(Math.round(20 / 200f * 255), patch.getRaster().getSample(0, 0, 0), 1);
        BufferedImage context = ImageIO.read(new ByteArrayInputStream(b.get(UNIT_3 + "/context/3").bytes()));
        assertEquals(TestRun.IMAGE_W, context.getWidth());
        assertEquals(0xF2B33D, context.getRGB(20 + 25, 20 - 1) & 0xffffff, "the amber box along the patch's top edge");
        assertEquals(404, b.get(UNIT_3 + "/tiles/99").status());
        assertEquals(404, b.get("/annotate/runs/run-a/units/77/tiles/1").status());
    }

    @Test
    void nothingOutsideTheRunIsReachableThroughTheRoutes() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        Browser b = web.signedIn("ada");
        for (String path : List.of("/annotate/static/..%2F..%2Fsecret.txt", "/annotate/static/%2e%2e/secret.txt",
                "/annotate/runs/..%2F/units/3", "/annotate/runs/run-a/units/3/tiles/..%2F..%2F..%2Fsecret.txt",
                "/annotate/static/AnnotationServlet.class", "/annotate/runs/run-a%2F..%2F..%2Fsecret.txt",
                "/annotate/static/app.css%00.txt")) {
            Browser.Response r = b.get(path);
            assertFalse(r.body().contains("top secret"), path);
            assertTrue(r.status() == 404 || r.status() == 400, path + " -> " + r.status());
        }
    }

    @Test
    void onlyAdminsAddAccountsAndANewAnnotatorCanSignIn() throws Exception {
        Browser ben = web.signedIn("ben");
        assertEquals(403, ben.get("/annotate/admin/accounts").status());
        Browser.Response refused = ben.post("/annotate/admin/accounts", "name", "eve", "password", "long enough pass", "role", "admin");
        assertEquals(403, refused.status());
        assertTrue(web.accounts.find("eve").isEmpty());
        Browser ada = web.signedIn("ada");
        ada.get("/annotate/admin/accounts");
        Browser.Response added = ada.post("/annotate/admin/accounts", "name", "cleo", "password", "another good passphrase",
                "role", "annotator");
        assertEquals(200, added.status(), added.body());
        assertTrue(added.body().contains("Added annotator cleo"));
        Browser.Response reserved = ada.post("/annotate/admin/accounts", "name", "auto", "password", "another good passphrase");
        assertEquals(400, reserved.status());
        Browser cleo = web.browser();
        cleo.get("/annotate/login");
        assertEquals(303, cleo.post("/annotate/login", "name", "cleo", "password", "another good passphrase").status());
    }

    @Test
    void theFirstAdminIsCreatedWithTheConsoleTokenOnce() throws Exception {
        web.close();
        Path other = dir.resolve("fresh");
        web = new WebFixture(other, false);
        assertTrue(web.console.toString().contains("one-time token: " + web.firstAdmin.token()), web.console.toString());
        Browser b = web.browser();
        assertEquals("/annotate/setup", b.get("/annotate/runs/run-a").header("Location"));
        b.get("/annotate/setup");
        Browser.Response wrong = b.post("/annotate/setup", "token", "guess", "name", "root", "password", "a long admin pass",
                "password2", "a long admin pass");
        assertEquals(403, wrong.status());
        String token = web.firstAdmin.token();
        Browser.Response ok = b.post("/annotate/setup", "token", token, "name", "root", "password", "a long admin pass",
                "password2", "a long admin pass");
        assertEquals(303, ok.status(), ok.body());
        assertTrue(web.accounts.find("root").orElseThrow().admin());
        assertEquals(200, b.get("/annotate/admin/accounts").status(), "signed in as the new admin");
        Browser again = web.browser();
        assertEquals(303, again.get("/annotate/setup").status(), "set-up is gone once an admin exists");
        again.get("/annotate/login");
        assertEquals(303, again.post("/annotate/setup", "token", token, "name", "root2", "password", "a long admin pass",
                "password2", "a long admin pass").status());
        assertTrue(web.accounts.find("root2").isEmpty(), "the token worked once");
    }

    @Test
    void theUnitListShowsClassesInRankOrderWithSuggestionsAndThumbnails() throws Exception {
        Browser b = web.signedIn("ada");
        String page = b.get("/annotate/runs/run-a?list=malignant").body();
        int u3 = page.indexOf("id=\"unit-3\"");
        int u1 = page.indexOf("id=\"unit-1\"");
        int u5 = page.indexOf("id=\"unit-5\"");
        assertTrue(u3 > 0 && u3 < u1 && u1 < u5, "rank order 3, 1, 5");
        assertFalse(page.contains("id=\"unit-2\""), "unit 2 is ranked for benign only");
        String row3 = page.substring(u3, u1);
        assertEquals(Pages.LIST_THUMBNAILS, row3.split("/tiles/", -1).length - 1, "eight thumbnails");
        assertTrue(row3.contains("IoU suggests</span> <b class=\"concept-term\">spiculated</b>"));
        assertTrue(row3.contains("IoU 0.040 of max 0.600"));
        assertTrue(row3.contains(">specific</span>"));
        assertTrue(page.contains(">benign <span class=\"count\">0/2</span>"));
        assertTrue(page.contains(">all units <span class=\"count\">0/6</span>"));
    }

    @Test
    void theUnitPageShowsThirtyTwoImagesAtMostAndLinksItsNeighbours() throws Exception {
        Browser b = web.signedIn("ada");
        String page = b.get("/annotate/runs/run-a/units/1?list=malignant").body();
        assertEquals(TestRun.TOP, page.split("class=\"tile\"", -1).length - 1, "all 10 of 10 (fewer than 32)");
        assertTrue(page.contains("rel=\"prev\" id=\"prev-unit\" href=\"/annotate/runs/run-a/units/3?list=malignant\""));
        assertTrue(page.contains("rel=\"next\" id=\"next-unit\" href=\"/annotate/runs/run-a/units/5?list=malignant\""));
        assertTrue(page.contains("data-raw=\"/annotate/runs/run-a/units/1/patches/1\""));
        for (String q : List.of("recognisable phenomenon", "associated with cancer", "One phenomenon, or several",
                "Describe each phenomenon")) {
            assertTrue(page.contains(q), q);
        }
        assertEquals(5, page.split("name=\"confidence\"", -1).length - 1, "confidence 1-5");
        assertEquals(TestVocabulary.CONCEPTS.size(), page.split("name=\"concept\"", -1).length - 1);
    }

    private static UnitKey key(int unit) {
        return new UnitKey(TestRun.SHA, "relu4", unit);
    }
}
