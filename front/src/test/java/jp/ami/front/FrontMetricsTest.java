package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import jp.ami.model.ManualClock;
import jp.ami.service.testing.Scrapes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front's {@code /metrics} on its own loopback port: traffic, refusals and certificate expiry on the front's clock. */
class FrontMetricsTest extends FrontAndBackendTest {
    @TempDir
    Path dir;

    FrontMetricsServer metrics;

    @AfterEach
    void stopMetrics() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    void handshakes_requests_refusals_and_expiry_show_in_the_scrape_and_move() throws Exception {
        Fixture fx = new Fixture(dir.resolve("pki"), "R0013");
        ManualClock clock = fx.clockAtIssue("R0013");
        Instant now = clock.instant();
        startFront(new FrontServer(fx.config(backend.port()), AccessPolicy.ALLOW_ALL, clock));
        metrics = FrontMetricsServer.start(front, 0);

        String before = scrape();
        assertThat(Scrapes.value(before, "ami_front_tls_handshakes_total{result=\"ok\"}")).isZero();
        String ca = fx.ca.getSerialNumber().toString(16);
        assertThat(Scrapes.value(before, "ami_front_certificate_expiry_seconds{certificate=\"ca\",serial=\"" + ca + "\"}"))
                .isCloseTo((fx.ca.getNotAfter().getTime() - now.toEpochMilli()) / 1000.0, within(0.01));
        X509CRL crl;
        try (InputStream in = Files.newInputStream(fx.pki.crl())) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
        assertThat(Scrapes.value(before, "ami_front_crl_next_update_seconds"))
                .isCloseTo((crl.getNextUpdate().getTime() - now.toEpochMilli()) / 1000.0, within(0.01));
        assertThat(before).contains("ami_front_certificate_expiry_seconds{certificate=\"server\"", "jvm_memory_used_bytes");

        HttpClient retailer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(fx.context(fx.client("R0013"))).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> ok = retailer.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/30min/FileListReceiver"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(retailer.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/nowhere")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        Fixture.eventually().untilAsserted(() -> {
            String after = scrape();
            assertThat(Scrapes.value(after, "ami_front_tls_handshakes_total{result=\"ok\"}")).isGreaterThanOrEqualTo(1);
            assertThat(Scrapes.value(after, "ami_front_requests_total{status=\"200\"}")).isEqualTo(1);
            assertThat(Scrapes.value(after, "ami_front_requests_total{status=\"404\"}")).isEqualTo(1);
            assertThat(Scrapes.value(after, "ami_front_refusals_total{reason=\"NOT_FOUND\"}")).isEqualTo(1);
            assertThat(Scrapes.value(after, "ami_front_response_bytes_total")).isGreaterThanOrEqualTo(ok.body().length());
        });

        // a client without a certificate: a failed handshake, refused as NO_CERTIFICATE
        try (javax.net.ssl.SSLSocket anonymous = Fixture.connect(TlsClients.context(fx.ca, null), port)) {
            assertThat(Fixture.get(anonymous, "/30min/FileListReceiver")).isNull();
        }
        awaitRejections(Rejection.NO_CERTIFICATE, 1);
        String refused = scrape();
        assertThat(Scrapes.value(refused, "ami_front_refusals_total{reason=\"NO_CERTIFICATE\"}")).isEqualTo(1);
        assertThat(Scrapes.value(refused, "ami_front_tls_handshakes_total{result=\"failed\"}")
                + Scrapes.value(refused, "ami_front_tls_handshakes_total{result=\"ok\"}")).isGreaterThanOrEqualTo(2);

        // a day later on the front's clock, everything is a day closer to expiry
        clock.set(now.plus(Duration.ofDays(1)));
        assertThat(Scrapes.value(scrape(), "ami_front_crl_next_update_seconds"))
                .isCloseTo((crl.getNextUpdate().getTime() - now.toEpochMilli()) / 1000.0 - 86_400, within(0.01));

        Scrapes.assertPromtoolAccepts(refused);
    }

    @Test
    void the_metrics_port_is_loopback_and_the_dmz_listener_does_not_serve_metrics() throws Exception {
        Fixture fx = new Fixture(dir.resolve("pki"), "R0013");
        startFront(new FrontServer(fx.config(backend.port())));
        metrics = FrontMetricsServer.start(front, 0);
        HttpClient retailer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(fx.context(fx.client("R0013"))).connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(retailer.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(FrontMetricsServer.HOST).isEqualTo("127.0.0.1");
        assertThat(scrape()).contains("ami_front_refusals_total{reason=\"NOT_FOUND\"} 1");
    }

    private String scrape() throws Exception {
        return Scrapes.scrape(metrics.port());
    }
}
