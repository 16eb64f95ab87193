package jp.ami.app;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jp.ami.certs.CertificateIndex;
import jp.ami.service.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the PKI's index ({@code cert-tools}' {@link CertificateIndex}, every certificate the CA issued) says about the
 * retailers' client certificates, read at scrape time: {@code ami_pki_client_certificates_expiring} (valid, not
 * revoked, notAfter within {@value #WITHIN_DAYS} days of the clock) and {@code ami_pki_client_certificates_expired}
 * (valid, not revoked, past notAfter). Registered by the composition root next to the front's metrics, since the
 * front (DMZ) itself never reads the PKI; an unreadable index leaves both series out (and logs why).
 */
final class PkiMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(PkiMetrics.class);
    static final int WITHIN_DAYS = 30;

    private PkiMetrics() {
    }

    static void register(Metrics metrics, Path index, Clock clock) {
        gauge(metrics, "ami_pki_client_certificates_expiring",
                "Valid (not revoked) client certificates in the PKI index whose notAfter is within 30 days.", index, clock, 0);
        gauge(metrics, "ami_pki_client_certificates_expired",
                "Valid (not revoked) client certificates in the PKI index already past their notAfter.", index, clock, 1);
    }

    /** A gauge of figure {@code which} of {@link #count} at scrape time; absent when the index cannot be read. */
    private static void gauge(Metrics metrics, String name, String help, Path index, Clock clock, int which) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> {
                    long[] c = count(index, clock.instant());
                    if (c != null) {
                        cb.call(c[which]);
                    }
                }).register(metrics.registry());
    }

    /** {expiring within the window, expired}, or null when the index cannot be read. */
    static long[] count(Path index, Instant now) {
        CertificateIndex idx;
        try {
            idx = CertificateIndex.load(index);
        } catch (IOException | RuntimeException e) {
            LOG.warn("PKI index {} unreadable for the metrics: {}", index, e.toString());
            return null;
        }
        Instant horizon = now.plus(Duration.ofDays(WITHIN_DAYS));
        long[] c = new long[2];
        for (CertificateIndex.Entry e : idx.entries()) {
            if (!"client".equals(e.kind()) || e.status() != CertificateIndex.Status.VALID) {
                continue;
            }
            if (!e.notAfter().isAfter(now)) {
                c[1]++;
            } else if (!e.notAfter().isAfter(horizon)) {
                c[0]++;
            }
        }
        return c;
    }
}
