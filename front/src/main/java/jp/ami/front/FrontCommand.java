package jp.ami.front;

import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code front}: runs the DMZ front until interrupted (Ctrl-C). One option per {@link FrontConfig} field. */
@Command(name = "front", mixinStandardHelpOptions = true,
        description = "DMZ reverse proxy: mutual TLS for retailers, forwards the pull API to the internal service.")
public final class FrontCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = FrontConfig.DEFAULT_HOST, description = "bind address (default: ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "" + FrontConfig.DEFAULT_PORT, description = "HTTPS port, 0 = any (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--cert", required = true, description = "server certificate PEM")
    Path cert;
    @Option(names = "--key", required = true, description = "server private key PEM (PKCS#8)")
    Path key;
    @Option(names = "--ca", required = true, description = "trusted CA certificate PEM for client certificates")
    Path ca;
    @Option(names = "--backend-host", defaultValue = FrontConfig.DEFAULT_BACKEND_HOST, description = "internal service host (default: ${DEFAULT-VALUE})")
    String backendHost;
    @Option(names = "--backend-port", defaultValue = "" + FrontConfig.DEFAULT_BACKEND_PORT, description = "internal service port (default: ${DEFAULT-VALUE})")
    int backendPort;
    @Option(names = "--backend-connect-timeout", defaultValue = "PT5S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
    Duration backendConnectTimeout;
    @Option(names = "--backend-response-timeout", defaultValue = "PT30S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
    Duration backendResponseTimeout;
    @Option(names = "--max-initial-line", defaultValue = "" + FrontConfig.DEFAULT_MAX_INITIAL_LINE_LENGTH, description = "max request line bytes (default: ${DEFAULT-VALUE})")
    int maxInitialLine;
    @Option(names = "--max-header-size", defaultValue = "" + FrontConfig.DEFAULT_MAX_HEADER_SIZE, description = "max header bytes (default: ${DEFAULT-VALUE})")
    int maxHeaderSize;
    @Option(names = "--handshake-timeout", defaultValue = "PT10S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
    Duration handshakeTimeout;
    @Option(names = "--ssl-provider", defaultValue = "OPENSSL", description = "OPENSSL (netty-tcnative; falls back to JDK when unavailable) or JDK (default: ${DEFAULT-VALUE})")
    SslProvider sslProvider;
    @Option(names = "--io-threads", defaultValue = "0", description = "I/O threads, 0 = Netty default (default: ${DEFAULT-VALUE})")
    int ioThreads;
    @Option(names = "--crl", description = "CA's CRL (PEM), reloaded when it changes (e.g. var/pki/crl.pem)")
    Path crl;
    @Option(names = "--suspended", description = "operator suspension list, reloaded when it changes (e.g. var/pki/suspended.txt)")
    Path suspended;
    @Option(names = "--reload-interval", defaultValue = "PT1S", description = "how often CRL and suspension list are checked (default: ${DEFAULT-VALUE})")
    Duration reloadInterval;
    @Option(names = "--operator-rate", defaultValue = "" + FrontConfig.Limits.DEFAULT_OPERATOR_RATE, description = "requests/s per operator, 0 = unlimited (default: ${DEFAULT-VALUE})")
    double operatorRate;
    @Option(names = "--operator-burst", defaultValue = "" + FrontConfig.Limits.DEFAULT_OPERATOR_BURST, description = "burst per operator (default: ${DEFAULT-VALUE})")
    int operatorBurst;
    @Option(names = "--ip-rate", defaultValue = "" + FrontConfig.Limits.DEFAULT_IP_RATE, description = "requests/s per client address, 0 = unlimited (default: ${DEFAULT-VALUE})")
    double ipRate;
    @Option(names = "--ip-burst", defaultValue = "" + FrontConfig.Limits.DEFAULT_IP_BURST, description = "burst per client address (default: ${DEFAULT-VALUE})")
    int ipBurst;
    @Option(names = "--max-connections-per-ip", defaultValue = "" + FrontConfig.Limits.DEFAULT_MAX_CONNECTIONS_PER_IP, description = "open connections per address (default: ${DEFAULT-VALUE})")
    int maxConnectionsPerIp;
    @Option(names = "--max-connections", defaultValue = "" + FrontConfig.Limits.DEFAULT_MAX_CONNECTIONS, description = "open connections in total (default: ${DEFAULT-VALUE})")
    int maxConnections;
    @Option(names = "--switching-host", defaultValue = FrontConfig.DEFAULT_SWITCHING_HOST, description = "internal switching service host (default: ${DEFAULT-VALUE})")
    String switchingHost;
    @Option(names = "--switching-port", defaultValue = "" + FrontConfig.DEFAULT_SWITCHING_PORT, description = "internal switching service port (default: ${DEFAULT-VALUE})")
    int switchingPort;
    @Option(names = "--idle-timeout", defaultValue = "PT60S", description = "close connections idle this long (default: ${DEFAULT-VALUE})")
    Duration idleTimeout;
    @Option(names = "--metrics-port", defaultValue = "" + FrontMetricsServer.DEFAULT_PORT,
            description = "Prometheus /metrics on 127.0.0.1 only (never the DMZ listener), 0 = any, -1 = off (default: ${DEFAULT-VALUE})")
    int metricsPort;
    @Option(names = "--request-header-timeout", defaultValue = "PT10S", description = "request line + headers must arrive within this (slowloris; default: ${DEFAULT-VALUE})")
    Duration requestHeaderTimeout;

    /** The configuration these options describe. */
    public FrontConfig config() {
        return FrontConfig.builder(cert, key, ca)
                .host(host).port(port)
                .backendHost(backendHost).backendPort(backendPort)
                .backendConnectTimeout(backendConnectTimeout).backendResponseTimeout(backendResponseTimeout)
                .maxInitialLineLength(maxInitialLine).maxHeaderSize(maxHeaderSize)
                .handshakeTimeout(handshakeTimeout)
                .sslProvider(sslProvider)
                .ioThreads(ioThreads)
                .crlFile(crl).suspensionFile(suspended)
                .reloadInterval(reloadInterval)
                .limits(new FrontConfig.Limits(operatorRate, operatorBurst, ipRate, ipBurst, maxConnectionsPerIp,
                        maxConnections, idleTimeout, requestHeaderTimeout))
                .switchingHost(switchingHost).switchingPort(switchingPort)
                .build();
    }

    @Override
    public Integer call() throws Exception {
        FrontServer server = new FrontServer(config());
        server.start();
        FrontMetricsServer metrics = metricsPort < 0 ? null : FrontMetricsServer.start(server, metricsPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metrics != null) {
                metrics.close();
            }
            server.close();
        }, "front-shutdown"));
        server.awaitClose();
        return 0;
    }

    /** Runs the front from the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FrontCommand()).execute(args));
    }
}
