package jp.ami.front;

import java.util.Objects;
import jp.ami.service.InternalHttpServer;
import jp.ami.service.metrics.Metrics;
import org.slf4j.LoggerFactory;

/**
 * The front's metrics port: {@code GET /metrics} on 127.0.0.1 only, a listener of its own, never the DMZ one (the
 * retailer-facing TLS listener serves only the pull API). Other paths are 404.
 *
 * <pre>{@code
 * try (FrontMetricsServer m = FrontMetricsServer.start(front, FrontMetricsServer.DEFAULT_PORT)) { ... }
 * }</pre>
 */
public final class FrontMetricsServer implements AutoCloseable {
    /** Default loopback port of the front's metrics. */
    public static final int DEFAULT_PORT = 8085;
    static final String HOST = "127.0.0.1";

    private final Metrics metrics;
    private final InternalHttpServer http;

    private FrontMetricsServer(Metrics metrics, InternalHttpServer http) {
        this.metrics = metrics;
        this.http = http;
    }

    /** Registers {@link FrontMetrics} of {@code front} in a new registry and serves it on 127.0.0.1:{@code port} (0 = any). */
    public static FrontMetricsServer start(FrontServer front, int port) {
        Objects.requireNonNull(front, "front");
        Metrics metrics = Metrics.forService("front");
        FrontMetrics.register(metrics, front);
        FrontMetricsServer server = new FrontMetricsServer(metrics, InternalHttpServer.metricsOnly(HOST, port, metrics));
        LoggerFactory.getLogger(FrontMetricsServer.class).info("front metrics on http://{}:{}{}", HOST, server.port(), Metrics.PATH);
        return server;
    }

    /** The registry served, for collectors the composition adds (e.g. the PKI's certificate expiry). */
    public Metrics metrics() {
        return metrics;
    }

    /** The bound port. */
    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
    }
}
