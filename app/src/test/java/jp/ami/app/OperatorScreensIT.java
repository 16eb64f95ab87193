package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.ami.certs.Pki;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.OutboxFile;
import jp.ami.sim.FaultConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator dashboard and the retailer's download screen in a real browser (Selenium, headless Chromium), on a
 * small demo run in this JVM (free ports): the dashboard follows the run live and ends on the summary's figures, and
 * its worklist lists the meters that missed the last boundary; the retailer screen, opened with a retailer's client
 * certificate (imported into Chromium's NSS database and auto-selected), lists exactly that retailer's files and
 * downloads them byte for byte; without a certificate the front refuses it. A share of the readings is lost and the
 * meters answer re-collection with Get_SNA, so some stay missing and the worklist is not empty.
 *
 * <p>The screenshot goes to {@code target/dashboard.png}; with {@code -Dami.screenshot.docs=true} also to
 * {@code docs/dashboard.png} (the README's picture).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorScreensIT {
    private static final int METERS = 400;
    private static final int SLOTS = 3;
    private static final LocalDate DATE = LocalDate.of(2026, 11, 22);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A monthly confirmed-usage notice (W5 12 20 YYYYMMDD RR SSSSS) dated the day after DATE. */
    private static final String USAGE_NOTICE = "W51220202611230000001.zip";
    /** 3 % of the boundary readings lost; every re-collection of them answered Get_SNA (still missing). */
    private static final FaultConfig FAULTS = new FaultConfig(0.03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0);

    @TempDir
    static Path var;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private Demo demo;
    private Future<DemoSummary> run;

    @BeforeAll
    void startDemo() {
        if (!BrowserSession.available()) {
            return; // each test then reports why it is skipped (or fails under CI)
        }
        demo = new Demo(new DemoOptions(METERS, SLOTS, 47, DATE, 400, var, false, new PrintStream(progress, true, StandardCharsets.UTF_8),
                FAULTS));
        run = runner.submit(demo::run);
        Awaitility.await().atMost(WAIT).until(() -> demo.dashboardUrl() != null || run.isDone());
    }

    @BeforeEach
    void needsTheBrowser() {
        BrowserSession.requireBrowser();
    }

    @AfterAll
    void stop() {
        System.out.print(progress.toString(StandardCharsets.UTF_8));
        if (run != null) {
            run.cancel(true);
        }
        runner.shutdownNow();
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void the_dashboard_follows_the_run_live_and_ends_on_the_summarys_figures() throws Exception {
        assertThat(demo.dashboardUrl()).as("dashboard up while the demo runs").isNotNull().startsWith("http://127.0.0.1:");
        Path downloads = Files.createDirectories(var.resolve("downloads-operator"));
        try (BrowserSession browser = BrowserSession.start(Files.createDirectories(var.resolve("home-operator")), downloads, List.of())) {
            ChromeDriver d = browser.driver();
            d.get(demo.dashboardUrl());
            WebDriverWait wait = browser.waiting(WAIT);
            long seenLive = wait.until(x -> number(x, "readings-journaled") > 0 ? number(x, "readings-journaled") : null);
            boolean runningThen = !run.isDone();
            assertThat(text(d, "live")).isEqualTo("live");

            DemoSummary s = run.get(5, TimeUnit.MINUTES);
            assertThat(runningThen && seenLive < s.readings().journaled())
                    .as("the page showed %,d readings while the run was still going (%,d at the end)", seenLive, s.readings().journaled())
                    .isTrue();
            assertThat(s.operator().dashboard()).isEqualTo(demo.dashboardUrl());
            Map<String, String> expected = summaryFigures(s);
            awaitTexts(d, wait, expected);

            // the worklist: the meters whose reading for the newest complete boundary is still missing
            long reference = demo.hes().collection().newestComplete();
            long missing = demo.hes().collection().slot(reference).missing();
            assertThat(missing).as("missing readings of the newest complete slot").isPositive();
            wait.until(x -> String.valueOf(missing).equals(x.findElement(By.id("worklist-status")).getAttribute("data-total")));
            // the table is re-rendered every two seconds: read its first row in one go, again if it was replaced meanwhile
            List<String> first = wait.until(x -> {
                List<WebElement> rows = x.findElements(By.cssSelector("#worklist tbody tr"));
                return rows.size() == missing ? cells(rows.get(0)) : null;
            });
            MasterData master = demo.mdms().master();
            int point = master.pointOfMeter(Long.parseLong(first.get(0)));
            assertThat(first.get(1)).isEqualTo(master.registry().pointAt(point).value());
            assertThat(first.get(3)).isIn("wisun", "plc", "relay");
            assertThat(first.get(4)).startsWith(first.get(3) + "-");

            // filter to one supply point, export what is shown
            d.findElement(By.id("worklist-filter")).sendKeys(first.get(1));
            wait.until(x -> visibleRows(x, "#worklist").size() == 1);
            d.findElement(By.id("worklist-export")).click();
            Path csv = downloads.resolve("worklist.csv");
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(csv) && Files.size(csv) > 0);
            List<String> lines = Files.readAllLines(csv);
            jp.ami.hes.SilentMeters.Meter silent = demo.hes().ingest().silentMeters(1, Worklist.LIMIT).join().meters().stream()
                    .filter(m -> m.meter() == Long.parseLong(first.get(0))).findFirst().orElseThrow();
            assertThat(first.get(5)).isEqualTo(silent.lastSeen() == null ? "never"
                    : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").format(
                            java.time.Instant.parse(silent.lastSeen()).atZone(jp.ami.model.Slots.JST)));
            assertThat(lines).containsExactly("meter,supply_point,retailer,path,source,last_seen",
                    String.join(",", first.subList(0, 5)) + "," + (silent.lastSeen() == null ? "" : silent.lastSeen()));
            d.findElement(By.id("worklist-filter")).clear();
            ((JavascriptExecutor) d).executeScript("document.getElementById('worklist-filter').dispatchEvent(new Event('input'))");
            wait.until(x -> visibleRows(x, "#worklist").size() == missing);

            awaitTexts(d, wait, expected);
            screenshot(d);
        }
    }

    @Test
    @Order(2)
    void the_retailer_screen_lists_exactly_the_certificates_retailers_files_and_downloads_them_byte_for_byte() throws Exception {
        DemoSummary s = run.get(5, TimeUnit.MINUTES);
        String retailer = s.pull().retailer();
        Pki pki = demo.pki();
        Path home = var.resolve("home-" + retailer);
        NssDatabase.create(home, pki.caCertificate(), pki.clientPkcs12(retailer), Demo.PKI_PASSWORD);
        // three slots issue no confirmed-usage notice: put one W5 file (a monthly notice of DATE + 1) in the outbox
        demo.mdms().outbox().publish(jp.ami.model.OperatorCode.of(retailer), USAGE_NOTICE, out -> {
            try (var zip = new java.util.zip.ZipOutputStream(out)) {
                zip.putNextEntry(new java.util.zip.ZipEntry(USAGE_NOTICE.replace(".zip", ".xml")));
                zip.write("<notice/>".getBytes(StandardCharsets.UTF_8));
            }
        });
        List<OutboxFile> own = demo.mdms().outbox().list(retailer);
        List<OutboxFile> othersFiles = demo.mdms().master().registry().retailers().stream().map(r -> r.value())
                .filter(r -> !r.equals(retailer)).flatMap(r -> demo.mdms().outbox().list(r).stream()).toList();
        List<String> others = othersFiles.stream().map(OutboxFile::name).toList();
        assertThat(own).isNotEmpty();
        assertThat(others).isNotEmpty();
        String origin = "https://127.0.0.1:" + demo.frontPort();
        Path downloads = Files.createDirectories(var.resolve("downloads-" + retailer));
        try (BrowserSession browser = BrowserSession.start(home, downloads, List.of(origin))) {
            ChromeDriver d = browser.driver();
            WebDriverWait wait = browser.waiting(WAIT);
            d.get(origin + "/screen/");
            try {
                wait.until(x -> retailer.equals(text(x, "operator")));
            } catch (TimeoutException e) {
                throw new AssertionError("the screen did not show " + retailer + " at " + d.getCurrentUrl() + "; front refusals "
                        + demo.frontRejections() + "; page: " + d.getPageSource(), e);
            }
            wait.until(x -> text(x, "status").equals(own.size() + " of " + own.size() + " files shown"));
            // names repeat across retailers (each has its own outbox): compare name and size, and names only others have
            List<String> shown = d.findElements(By.cssSelector("#files tbody tr")).stream()
                    .map(r -> r.getAttribute("data-name") + " " + r.findElement(By.cssSelector("td.size")).getText()).toList();
            assertThat(shown).containsExactlyInAnyOrderElementsOf(own.stream().map(f -> f.name() + " " + count(f.size())).toList());
            List<String> ownNames = own.stream().map(OutboxFile::name).toList();
            List<String> othersOnly = others.stream().filter(n -> !ownNames.contains(n)).distinct().toList();
            assertThat(visibleNames(d)).doesNotContainAnyElementsOf(othersOnly);

            // by kind: the per-day files only
            new Select(d.findElement(By.id("kind"))).selectByValue("day");
            Set<String> days = names(own, "W41120");
            assertThat(days).isNotEmpty();
            wait.until(x -> Set.copyOf(visibleNames(x)).equals(days));
            // by date: the per-slot files of the next day (slots 47 and 48 are on DATE; slot 1 of DATE + 1 ends 00:30)
            new Select(d.findElement(By.id("kind"))).selectByValue("slot");
            setDate(d, "from", DATE.plusDays(1));
            setDate(d, "to", DATE.plusDays(1));
            Set<String> nextDay = names(own, "W41110202611230030");
            assertThat(nextDay).isNotEmpty();
            wait.until(x -> Set.copyOf(visibleNames(x)).equals(nextDay));
            // the confirmed-usage notice, under /usage/…
            new Select(d.findElement(By.id("kind"))).selectByValue("usage");
            wait.until(x -> visibleNames(x).equals(List.of(USAGE_NOTICE)));
            assertThat(cells(visibleRows(d, "#files").get(0)).subList(1, 5))
                    .containsExactly(USAGE_NOTICE, "confirmed usage, monthly", DATE.plusDays(1).toString(), "0");
            visibleRows(d, "#files").get(0).findElement(By.cssSelector("a.download")).click();
            assertDownloaded(downloads, USAGE_NOTICE, retailer);
            setDate(d, "from", null);
            setDate(d, "to", null);
            new Select(d.findElement(By.id("kind"))).selectByValue("all");
            wait.until(x -> visibleNames(x).size() == own.size());

            // one file by its link, then two at once by selection
            List<WebElement> rows = visibleRows(d, "#files");
            rows.get(0).findElement(By.cssSelector("a.download")).click();
            assertDownloaded(downloads, rows.get(0).getAttribute("data-name"), retailer);
            String name0 = rows.get(0).getAttribute("data-name");
            for (OutboxFile theirs : othersFiles) {
                if (theirs.name().equals(name0)) {
                    assertThat(Files.readAllBytes(downloads.resolve(name0))).as("another retailer's %s", name0)
                            .isNotEqualTo(Files.readAllBytes(theirs.path()));
                }
            }
            rows.get(1).findElement(By.cssSelector("input.pick")).click();
            rows.get(2).findElement(By.cssSelector("input.pick")).click();
            assertThat(d.findElement(By.id("download-selected")).getText()).isEqualTo("Download selected (2)");
            d.findElement(By.id("download-selected")).click();
            assertDownloaded(downloads, rows.get(1).getAttribute("data-name"), retailer);
            assertDownloaded(downloads, rows.get(2).getAttribute("data-name"), retailer);

            // the operator dashboard is not behind the front
            d.get(origin + "/api/dashboard");
            assertThat(d.getPageSource()).doesNotContain("readings").doesNotContain("journaled");
        }
    }

    @Test
    @Order(3)
    void without_a_client_certificate_the_front_refuses_the_screen() throws Exception {
        run.get(5, TimeUnit.MINUTES);
        Pki pki = demo.pki();
        Path home = var.resolve("home-anonymous");
        NssDatabase.create(home, pki.caCertificate(), null, null);
        String origin = "https://127.0.0.1:" + demo.frontPort();
        try (BrowserSession browser = BrowserSession.start(home, Files.createDirectories(var.resolve("downloads-anonymous")), List.of(origin))) {
            ChromeDriver d = browser.driver();
            String error;
            try {
                d.get(origin + "/screen/");
                error = d.getPageSource();
            } catch (WebDriverException e) {
                error = e.getMessage(); // chromedriver reports a failed navigation as net::ERR_…
            }
            assertThat(error).containsPattern("ERR_[A-Z_]+");
            assertThat(d.findElements(By.id("operator"))).isEmpty();
            assertThat(d.findElements(By.id("files"))).isEmpty();
        }
    }

    /** The summary's figures as the dashboard writes them (en-US numbers, one decimal). */
    private static Map<String, String> summaryFigures(DemoSummary s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("readings-journaled", count(s.readings().journaled()));
        m.put("readings-duplicates", count(s.readings().duplicatesDropped()));
        m.put("collection-first", count(s.collection().firstTry()));
        m.put("collection-recovered", count(s.collection().recovered()));
        m.put("collection-missing", count(s.collection().missing()));
        m.put("values-stored", count(s.values().stored()));
        m.put("values-present", count(s.values().present()));
        m.put("values-estimated", count(s.values().estimated()));
        m.put("values-missing", count(s.values().missing()));
        m.put("files-published", count(s.files().published()));
        m.put("delivery-samples", count(s.delivery().samples()));
        m.put("delivery-within", String.format(Locale.US, "%.1f %%", s.delivery().withinBudget() * 100));
        m.put("delivery-p50", String.format(Locale.US, "%.1f", s.delivery().p50Minutes()));
        m.put("delivery-p99", String.format(Locale.US, "%.1f", s.delivery().p99Minutes()));
        m.put("delivery-max", String.format(Locale.US, "%.1f", s.delivery().maxMinutes()));
        m.put("collection-slots", count(SLOTS + 1));
        return m;
    }

    private static void awaitTexts(WebDriver d, WebDriverWait wait, Map<String, String> expected) {
        try {
            wait.until(x -> texts(x, expected).equals(expected));
        } catch (TimeoutException e) {
            assertThat(texts(d, expected)).as("dashboard figures").isEqualTo(expected);
        }
    }

    private static Map<String, String> texts(WebDriver d, Map<String, String> ids) {
        Map<String, String> m = new LinkedHashMap<>();
        ids.keySet().forEach(id -> m.put(id, text(d, id)));
        return m;
    }

    private static String count(long v) {
        return String.format(Locale.US, "%,d", v);
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText().trim();
    }

    private static long number(WebDriver d, String id) {
        String t = text(d, id).replace(",", "");
        return t.matches("\\d+") ? Long.parseLong(t) : -1;
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    private static Set<String> names(List<OutboxFile> files, String prefix) {
        return files.stream().map(OutboxFile::name).filter(n -> n.startsWith(prefix)).collect(java.util.stream.Collectors.toSet());
    }

    private static List<WebElement> visibleRows(WebDriver d, String table) {
        return d.findElements(By.cssSelector(table + " tbody tr:not(.hidden)"));
    }

    private static List<String> visibleNames(WebDriver d) {
        return visibleRows(d, "#files").stream().map(r -> r.getAttribute("data-name")).toList();
    }

    /** Sets a date input as a user would (value, then change); null clears it. */
    private static void setDate(WebDriver d, String id, LocalDate date) {
        ((JavascriptExecutor) d).executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('change'))", id, date == null ? "" : date.toString());
    }

    private void assertDownloaded(Path downloads, String name, String retailer) throws Exception {
        Path file = downloads.resolve(name);
        Awaitility.await().atMost(WAIT).until(() -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        OutboxFile original = demo.mdms().outbox().find(retailer, name).orElseThrow();
        Awaitility.await().atMost(WAIT).until(() -> Files.size(file) == original.size());
        assertThat(Files.readAllBytes(file)).as(name).isEqualTo(Files.readAllBytes(original.path()));
    }

    private static void screenshot(ChromeDriver d) throws Exception {
        byte[] png = d.getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        if (Boolean.getBoolean("ami.screenshot.docs")) {
            Path docs = Path.of("..", "docs", "dashboard.png");
            if (Files.isDirectory(docs.getParent())) {
                Files.write(docs, png);
            }
        }
    }
}
