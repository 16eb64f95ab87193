package jp.ami.app;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium, for the browser tests: the system's Chromium and chromedriver (Debian
 * {@code chromium}, {@code chromium-driver}; override with {@code AMI_CHROMIUM} / {@code AMI_CHROMEDRIVER}), its
 * own {@code HOME} (where Chromium on Linux finds its NSS certificate database, {@link NssDatabase}) and profile,
 * downloads allowed into a directory of the test's. Nothing is fetched from the network.
 *
 * <p>{@link #requireBrowser()}: without the browser a test is skipped with a message saying what to install — unless
 * {@code CI} or {@code AMI_CI} is set ({@code .ci/run} sets it), where it fails, so CI never passes by skipping.
 */
final class BrowserSession implements AutoCloseable {
    static final Path CHROMIUM = Path.of(env("AMI_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("AMI_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path downloads;

    private BrowserSession(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /** Whether Chromium and chromedriver are there. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test (or fails it under CI) when Chromium or chromedriver is missing. */
    static void requireBrowser() {
        if (available()) {
            return;
        }
        String what = "the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver libnss3-tools)";
        if (isCi()) {
            fail(what + "; CI or AMI_CI is set, so they must not be skipped");
        }
        Assumptions.assumeTrue(false, what + ": skipped");
    }

    static boolean isCi() {
        return !env("CI", "").isBlank() || !env("AMI_CI", "").isBlank();
    }

    /**
     * Starts Chromium with {@code home} as its HOME and a fresh profile under it.
     *
     * @param autoSelectCertificateFor origins (e.g. {@code https://127.0.0.1:8443}) for which Chromium presents the
     *                                 client certificate of its NSS database without asking (empty: none)
     */
    static BrowserSession start(Path home, Path downloads, List<String> autoSelectCertificateFor) throws IOException {
        requireBrowser();
        Path profile = Files.createDirectories(home.resolve("chromium-profile"));
        writePreferences(profile, downloads, autoSelectCertificateFor);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("HOME", home.toString()))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        return new BrowserSession(driver, downloads);
    }

    /**
     * The profile's preferences, written before Chromium starts: downloads without asking (several from one page
     * too), and the {@code auto_select_certificate} content setting (what the {@code AutoSelectCertificateForUrls}
     * policy sets) with a filter that matches any certificate. Written as a file because chromedriver's own
     * {@code prefs} option splits keys on dots, which the origin patterns contain.
     */
    private static void writePreferences(Path profile, Path downloads, List<String> autoSelect) throws IOException {
        Map<String, Object> exceptions = new LinkedHashMap<>();
        for (String origin : autoSelect) {
            exceptions.put(origin + ",*", Map.of("setting", Map.of("filters", List.of(Map.of()))));
        }
        Map<String, Object> prefs = Map.of(
                "download", Map.of("default_directory", downloads.toString(), "prompt_for_download", false, "directory_upgrade", true),
                "profile", Map.of(
                        "default_content_setting_values", Map.of("automatic_downloads", 1),
                        "content_settings", Map.of("exceptions", Map.of("auto_select_certificate", exceptions))));
        Path dir = Files.createDirectories(profile.resolve("Default"));
        new ObjectMapper().writeValue(dir.resolve("Preferences").toFile(), prefs);
    }

    ChromeDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /** A wait that tries again when the element it read was replaced meanwhile (the pages re-render as they poll). */
    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
