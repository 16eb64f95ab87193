package jp.ami.front;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import jp.ami.service.metrics.Metrics;

/**
 * The front's Prometheus metrics ({@code ami_front_…}, meanings in {@code docs/metrics.md}): handshakes, refusals by
 * reason, requests by status, bytes out, connections, and how long until the CA, the server certificate and the
 * CRL run out — in seconds on the front's {@link FrontServer#clock()} (the one its own validity checks use), so
 * tests and the demo can move it. Callbacks only, read at scrape time.
 */
public final class FrontMetrics {
    private FrontMetrics() {
    }

    /** Registers the metrics of {@code front} in {@code metrics}. */
    public static void register(Metrics metrics, FrontServer front) {
        PrometheusRegistry r = metrics.registry();
        TrafficCounters traffic = front.traffic();
        CounterWithCallback.builder().name("ami_front_tls_handshakes_total")
                .help("TLS handshakes, by result: ok (completed; the client may still be refused) or failed.")
                .labelNames("result").callback(cb -> {
                    cb.call(traffic.handshakesCompleted(), "ok");
                    cb.call(traffic.handshakesFailed(), "failed");
                }).register(r);
        CounterWithCallback.builder().name("ami_front_refusals_total")
                .help("Connections and requests refused, by reason (NO_CERTIFICATE, CERTIFICATE_REVOKED, RATE_LIMITED, NOT_FOUND …).")
                .labelNames("reason").callback(cb -> {
                    for (Map.Entry<Rejection, Long> e : front.rejections().entrySet()) {
                        cb.call(e.getValue(), e.getKey().name());
                    }
                }).register(r);
        CounterWithCallback.builder().name("ami_front_requests_total")
                .help("Requests answered, by HTTP status (0: the client went away before a response started; 429: rate limited).")
                .labelNames("status").callback(cb -> traffic.requestsByStatus().forEach((s, n) -> cb.call(n, Integer.toString(s))))
                .register(r);
        CounterWithCallback.builder().name("ami_front_response_bytes_total").help("Response body bytes sent to clients.")
                .callback(cb -> cb.call(traffic.bytesOut())).register(r);
        GaugeWithCallback.builder().name("ami_front_connections").help("Identified (mutual-TLS) connections open now.")
                .callback(cb -> cb.call(front.openConnections())).register(r);
        GaugeWithCallback.builder().name("ami_front_certificate_expiry_seconds")
                .help("Seconds until the certificate's notAfter on the front's clock (negative once expired): certificate=ca (each trusted CA, by serial) or server.")
                .labelNames("certificate", "serial").callback(cb -> {
                    long now = front.clock().millis();
                    for (X509Certificate ca : front.trustedCas()) {
                        cb.call(secondsUntil(ca.getNotAfter().toInstant(), now), "ca", ca.getSerialNumber().toString(16));
                    }
                    X509Certificate server = front.serverCertificate();
                    if (server != null) {
                        cb.call(secondsUntil(server.getNotAfter().toInstant(), now), "server", server.getSerialNumber().toString(16));
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_front_crl_next_update_seconds")
                .help("Seconds until the nextUpdate of the CRL in force, on the front's clock (negative once past); absent without a CRL.")
                .callback(cb -> front.crlNextUpdate().ifPresent(t -> cb.call(secondsUntil(t, front.clock().millis()))))
                .register(r);
    }

    private static double secondsUntil(Instant t, long nowMillis) {
        return (t.toEpochMilli() - nowMillis) / 1000.0;
    }
}
