package org.deepminer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deepminer.backend.onnx.internal.ItModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The annotation web UI in the real runtime, driven in Debian's headless Chromium: a run mined by the mining
 * feature is served by {@code bin/deepminer --features web -c "deepminer:serve --wait ..."}; the first admin is
 * created with the token the server printed; a unit is labelled through the concept picker, saved and seen again
 * after a reload; free text with markup stays text; a write without the CSRF token is refused; a second annotator
 * added by the admin labels the same units and the agreement page counts both. Screenshots of the unit list, a unit
 * page and the agreement go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnotationWebIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String ADA_PASSWORD = "ada reads mammograms daily";
    private static final String BEN_PASSWORD = "ben reads them too, twice";
    private static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> margin & \"quotes\"";

    @TempDir
    static Path dir;
    static Path run;
    static Path serverLog;
    static Process server;
    static String base;
    static int port;
    static String token;
    static WebDriver driver;
    static Path shots;
    /** The units labelled: the list's first two (rank 1 and 2). */
    static String unitA;
    static String unitB;

    @BeforeAll
    static void start() throws Exception {
        for (String exe : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(Path.of(exe)), exe + " is missing: scripts/prerequisites.sh installs Debian's "
                    + "chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        shots = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "screenshots"));
        Path phantom = dir.resolve("phantom");
        Path model = ItModels.patchCnn(dir, "patchcnn.onnx", 32);
        run = dir.resolve("run");
        Launch mined = Launch.run(600, "--features", "mining", "-c", "deepminer:phantom --cases 10 --size 384 --seed 11 "
                + phantom + "; deepminer:probe --patches --out " + run + " " + model + " phantom " + phantom);
        assertEquals(0, mined.exitCode(), mined.toString());

        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Path work = Files.createDirectories(dir.resolve("server"));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(Launch.home().resolve("bin/deepminer").toString(), "--features", "web", "-c",
                "deepminer:serve --wait --port " + port + " " + run).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(serverLog.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        token = awaitLog(Pattern.compile("one-time token\\s+(\\S+)"), 180);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000",
                "--force-device-scale-factor=1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (serverLog != null && Files.exists(serverLog) && shots != null) {
            Files.copy(serverLog, shots.resolve("server.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(1)
    void theFirstAdminSignsUpWithTheConsoleTokenAndSeesTheUnitList() throws Exception {
        driver.get(base + "/annotate/");
        waitFor(() -> driver.getCurrentUrl().endsWith("/annotate/setup"));
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("name")).sendKeys("ada");
        driver.findElement(By.id("password")).sendKeys(ADA_PASSWORD);
        driver.findElement(By.id("password2")).sendKeys(ADA_PASSWORD);
        driver.findElement(By.id("create-admin")).click();
        waitFor(() -> driver.getCurrentUrl().contains("/annotate/runs/run"));
        List<WebElement> rows = driver.findElements(By.cssSelector(".unitrow"));
        assertFalse(rows.isEmpty(), "the first class's units");
        assertTrue(text(".runhead .progress").contains("0 of " + rows.size() + " annotated"), text(".runhead .progress"));
        assertEquals(Math.min(8, rows.get(0).findElements(By.cssSelector(".strip img")).size()),
                rows.get(0).findElements(By.cssSelector(".strip img")).size());
        awaitImages(".strip img");
        String row = rows.get(0).getAttribute("textContent");
        assertTrue(row.contains("IoU suggests") || row.contains("No IoU suggestion"), row);
        unitA = rows.get(0).getAttribute("id").replace("unit-", "");
        unitB = rows.get(1).getAttribute("id").replace("unit-", "");
        screenshot("unit-list.png");
        assertOnlyLoopbackListens();
    }

    @Test
    @Order(2)
    void aConceptPickedAndSavedIsThereAfterAReloadAndMarkupInTheTextStaysText() throws Exception {
        driver.findElement(By.cssSelector("#unit-" + unitA + " .rowlink")).click();
        waitFor(() -> !driver.findElements(By.id("annotate-form")).isEmpty());
        List<WebElement> tiles = driver.findElements(By.cssSelector("#tiles .tile img"));
        assertTrue(tiles.size() > 0 && tiles.size() <= 32, "at most 32 patches: " + tiles.size());
        awaitImages("#tiles img");

        // mask overlay off: the unmasked patches, cut from the phantom's mammograms by the phantom reader
        WebElement first = tiles.get(0);
        assertTrue(first.getAttribute("src").contains("/tiles/1"));
        driver.findElement(By.id("mask-toggle")).click();
        waitFor(() -> first.getAttribute("src").contains("/patches/1"));
        awaitImages("#tiles img");
        driver.findElement(By.id("mask-toggle")).click();
        waitFor(() -> first.getAttribute("src").contains("/tiles/1"));

        // a patch in context: pointing at tile 3 shows its mammogram with the box
        new Actions(driver).moveToElement(tiles.get(Math.min(2, tiles.size() - 1))).perform();
        waitFor(() -> driver.findElement(By.id("context-img")).getAttribute("src").contains("/context/"));
        awaitImages("#context-img");

        // search as you type, Enter picks the first match
        WebElement search = driver.findElement(By.id("concept-search"));
        search.sendKeys("spicul");
        List<WebElement> visible = driver.findElements(By.cssSelector("#concept-list label.concept")).stream()
                .filter(WebElement::isDisplayed).toList();
        assertEquals(1, visible.size(), "only 'spiculated' matches");
        assertTrue(visible.get(0).getText().startsWith("spiculated"), visible.get(0).getText());
        search.sendKeys(Keys.ENTER);
        waitFor(() -> text("#chips").contains("spiculated"));
        choose("q_phenomenon", "yes");
        choose("q_cancer", "yes");
        choose("q_several", "one");
        choose("confidence", "4");
        driver.findElement(By.id("q-describe")).sendKeys("Spiculated mass margins; suspicious for malignancy.");
        driver.findElement(By.id("free-text")).sendKeys(XSS);
        driver.findElement(By.id("save")).click();
        waitFor(() -> !driver.findElements(By.cssSelector(".notice.ok")).isEmpty());

        driver.navigate().refresh();
        waitFor(() -> !driver.findElements(By.id("my-label")).isEmpty());
        assertTrue(text("#my-label").contains("spiculated"), text("#my-label"));
        assertTrue(driver.findElement(By.cssSelector("#concept-list input[value='margin-spiculated']")).isSelected());
        assertTrue(driver.findElement(By.cssSelector("input[name=confidence][value='4']")).isSelected());
        assertEquals(XSS, text("#history .free.note"), "the free text is shown as typed, as text");
        assertTrue(driver.findElements(By.cssSelector("#history img, #history script")).isEmpty(), "no element from the text");
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) driver).executeScript("return window.__xss === undefined;"));
        awaitImages("#tiles img");
        awaitImages("#context-img");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
        screenshot("unit-page.png");
        // the label form: the side panel scrolled to the questions and the concept picker
        ((JavascriptExecutor) driver).executeScript("document.querySelector('#q-phenomenon').scrollIntoView();");
        screenshot("unit-form.png");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
    }

    @Test
    @Order(3)
    void aWriteWithoutTheCsrfTokenIsRefused() throws Exception {
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelector('#annotate-form input[name=csrf]').remove();"
                        + "document.querySelector('#free-text').value = 'forged without a token';"
                        + "document.querySelector('#annotate-form').submit();");
        waitFor(() -> driver.getPageSource().contains("Refused"));
        assertTrue(text("main").contains("security token is missing"), text("main"));
        driver.get(base + "/annotate/runs/run/units/" + unitA);
        waitFor(() -> !driver.findElements(By.id("history")).isEmpty());
        assertFalse(text("#history").contains("forged without a token"));
        assertEquals(1, driver.findElements(By.cssSelector("#history .entry")).size(), "still one entry");
    }

    @Test
    @Order(4)
    void jGoesToTheNextUnitOfTheList() {
        driver.get(base + "/annotate/runs/run/units/" + unitA);
        waitFor(() -> !driver.findElements(By.id("next-unit")).isEmpty());
        String next = driver.findElement(By.id("next-unit")).getAttribute("href");
        assertTrue(next.contains("/units/" + unitB + "?"), next);
        new Actions(driver).sendKeys("j").perform();
        waitFor(() -> driver.getCurrentUrl().contains("/units/" + unitB + "?"));
        pick("vascular");
        choose("confidence", "3");
        driver.findElement(By.id("save")).click();
        waitFor(() -> !driver.findElements(By.cssSelector(".notice.ok")).isEmpty());
    }

    @Test
    @Order(5)
    void aSecondAnnotatorAddedByTheAdminCountsInTheAgreement() throws Exception {
        driver.get(base + "/annotate/admin/accounts");
        driver.findElement(By.id("new-name")).sendKeys("ben");
        driver.findElement(By.id("new-password")).sendKeys(BEN_PASSWORD);
        driver.findElement(By.id("add-account-button")).click();
        waitFor(() -> text("main").contains("Added annotator ben"));
        driver.findElement(By.cssSelector(".account button")).click(); // sign out
        waitFor(() -> driver.getCurrentUrl().contains("/annotate/login"));
        driver.findElement(By.id("name")).sendKeys("ben");
        driver.findElement(By.id("password")).sendKeys(BEN_PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        waitFor(() -> driver.getCurrentUrl().contains("/annotate/runs/run"));

        driver.get(base + "/annotate/runs/run/units/" + unitA);
        waitFor(() -> !driver.findElements(By.id("annotate-form")).isEmpty());
        assertFalse(text("#history").contains("margin &"), "ada's text is hidden until ben labels the unit");
        pick("spiculated");
        choose("confidence", "5");
        driver.findElement(By.id("save")).click();
        waitFor(() -> !driver.findElements(By.cssSelector(".notice.ok")).isEmpty());
        assertTrue(text("#history").contains("ada"), "ada's entry shows once ben has labelled the unit");

        driver.get(base + "/annotate/runs/run/units/" + unitB);
        waitFor(() -> !driver.findElements(By.id("annotate-form")).isEmpty());
        pick("circumscribed");
        choose("confidence", "3");
        driver.findElement(By.id("save")).click();
        waitFor(() -> !driver.findElements(By.cssSelector(".notice.ok")).isEmpty());

        driver.get(base + "/annotate/runs/run/agreement");
        waitFor(() -> !driver.findElements(By.id("annotators")).isEmpty());
        assertEquals("ada, ben", text("#annotators"));
        // unit A: spiculated / spiculated; unit B: vascular / circumscribed. po = 1/2; ada's marginals
        // {spiculated 1/2, vascular 1/2}, ben's {spiculated 1/2, circumscribed 1/2}: pe = 1/4; kappa = 1/3
        assertEquals("κ = 0.333", text("#kappa-concepts .kvalue"));
        assertTrue(text("#kappa-concepts").contains("2 units"), text("#kappa-concepts"));
        assertTrue(text("#agreement-units").contains("circumscribed"), "ben's label in the table");
        screenshot("agreement.png");
    }

    // ---- helpers ----

    private static void pick(String term) {
        WebElement search = driver.findElement(By.id("concept-search"));
        search.clear();
        search.sendKeys(term, Keys.ENTER);
        waitFor(() -> text("#chips").contains(term));
    }

    private static void choose(String name, String value) {
        driver.findElement(By.xpath("//input[@name='" + name + "' and @value='" + value + "']/following-sibling::span")).click();
        assertTrue(driver.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']")).isSelected());
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /**
     * Waits for a condition; a page that is being replaced while the condition reads it just means "not yet".
     * Chrome does not always call that a stale element: it may answer "unknown error: Node with given id does not
     * belong to the document", so any WebDriver error inside the condition is retried until the time runs out.
     */
    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(d -> condition.getAsBoolean());
    }

    /** Waits until every matching image has loaded and has pixels (a broken image has none). */
    private static void awaitImages(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).every(i => i.complete && i.naturalWidth > 0);",
                css));
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(shots.resolve(name), png);
    }

    /** The server listens on the loopback interface only: another address of this machine is refused. */
    private static void assertOnlyLoopbackListens() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isLoopback() || !nic.isUp()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, port), 2000);
                        throw new AssertionError("the web UI answers on " + a + ":" + port + ", not only on 127.0.0.1");
                    } catch (IOException expected) {
                        return; // refused: bound to 127.0.0.1 only
                    }
                }
            }
        }
    }

    private static String awaitLog(Pattern p, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        String log = "";
        while (System.currentTimeMillis() < end) {
            log = Files.exists(serverLog) ? Files.readString(serverLog, StandardCharsets.UTF_8) : "";
            Matcher m = p.matcher(log);
            if (m.find()) {
                return m.group(1);
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + ":\n" + log);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not print " + p + " within " + seconds + " s:\n" + log);
    }
}
