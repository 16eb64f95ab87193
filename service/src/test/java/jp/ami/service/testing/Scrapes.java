package jp.ami.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jp.ami.service.metrics.Promtool;

/**
 * Test helper for a service's Prometheus text scrape: fetch it from a loopback {@code /metrics}, read one series'
 * value, and have {@code promtool check metrics} lint it.
 */
public final class Scrapes {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Scrapes() {
    }

    /** {@code GET http://127.0.0.1:port/metrics}, asserted to answer 200; its body. */
    public static String scrape(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one series (name and labels exactly as written) in a scrape; an assertion error if it is absent. */
    public static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in the scrape:\n" + scrape);
    }

    /**
     * Asserts that promtool accepts each scrape; skips the test without promtool, fails it under CI
     * ({@link Promtool#forTests()}).
     */
    public static void assertPromtoolAccepts(String... scrapes) throws Exception {
        Optional<Promtool> promtool = Promtool.forTests();
        assumeTrue(promtool.isPresent(), Promtool.absentMessage());
        for (String scrape : scrapes) {
            Promtool.Result lint = promtool.get().checkMetrics(scrape.getBytes(StandardCharsets.UTF_8));
            assertThat(lint.ok()).as(lint.output()).isTrue();
        }
    }
}
