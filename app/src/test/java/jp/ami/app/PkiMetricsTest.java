package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.ami.certs.CertificateIndex;
import jp.ami.certs.RevocationReason;
import jp.ami.model.ManualClock;
import jp.ami.service.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKI index's client certificates in the front's metrics: expiring within 30 days, expired, on the clock given. */
class PkiMetricsTest {
    static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void counts_valid_client_certificates_expiring_within_30_days_and_expired_on_the_clock() throws Exception {
        Path file = dir.resolve("index.tsv");
        CertificateIndex index = CertificateIndex.load(file);
        index.add(entry("1", "client", NOW.plus(Duration.ofDays(10))));
        index.add(entry("2", "client", NOW.plus(Duration.ofDays(30))));
        index.add(entry("3", "client", NOW.plus(Duration.ofDays(31))));
        index.add(entry("4", "client", NOW.minus(Duration.ofDays(1))));
        index.add(entry("5", "server", NOW.plus(Duration.ofDays(5))));
        index.add(entry("6", "client", NOW.plus(Duration.ofDays(5))).revoked(NOW, RevocationReason.KEY_COMPROMISE));
        index.save();

        assertThat(PkiMetrics.count(file, NOW)).containsExactly(2, 1);
        assertThat(PkiMetrics.count(file, NOW.plus(Duration.ofDays(2)))).as("the 31-day one is now within 30").containsExactly(3, 1);
        assertThat(PkiMetrics.count(file, NOW.plus(Duration.ofDays(11)))).containsExactly(2, 2);

        Metrics metrics = Metrics.forService("front");
        PkiMetrics.register(metrics, file, new ManualClock(NOW));
        String scrape = new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(scrape).contains("ami_pki_client_certificates_expiring 2.0", "ami_pki_client_certificates_expired 1.0");
    }

    private static CertificateIndex.Entry entry(String serial, String kind, Instant notAfter) {
        return new CertificateIndex.Entry(serial, kind, CertificateIndex.Status.VALID, kind.equals("client") ? "R0013" : null,
                NOW.minus(Duration.ofDays(365)), notAfter, null, null, "CN=test " + serial);
    }
}
