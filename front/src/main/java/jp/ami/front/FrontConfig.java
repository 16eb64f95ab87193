package jp.ami.front;

import io.soabase.recordbuilder.core.RecordBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the DMZ front.
 *
 * @param host address to bind the HTTPS listener to; default {@value #DEFAULT_HOST} (use {@code 0.0.0.0}
 *     explicitly to listen on every interface)
 * @param port TCP port of the HTTPS listener; default {@value #DEFAULT_PORT}; {@code 0} picks a free port
 *     (tests), the bound port is returned by {@link FrontServer#start()}
 * @param serverCertificate PEM file with the front's TLS server certificate (optionally followed by its chain)
 * @param serverPrivateKey PEM file with the server certificate's private key (PKCS#8, unencrypted)
 * @param trustedCa PEM file with the CA certificate(s) whose client certificates are accepted; nothing
 *     else is trusted (no JDK default trust store)
 * @param backendHost host of the internal HTTP service requests are forwarded to; default
 *     {@value #DEFAULT_BACKEND_HOST}
 * @param backendPort port of the internal HTTP service; default {@value #DEFAULT_BACKEND_PORT}
 * @param backendConnectTimeout how long to wait for the TCP connection to the backend before answering
 *     504; default 5 s
 * @param backendResponseTimeout how long the backend may stay silent (before the response headers, or
 *     between body chunks while the client keeps up) before the exchange is abandoned (504 if nothing
 *     was sent to the client yet, otherwise the client connection is closed); default 30 s
 * @param maxInitialLineLength longest accepted request line (method, URI, version) in bytes; longer → 414;
 *     default 4096
 * @param maxHeaderSize largest accepted total size of request headers in bytes; larger → 431; default 8192
 * @param handshakeTimeout time allowed for the TLS handshake; default 10 s
 * @param sslProvider TLS implementation: {@link SslProvider#OPENSSL} (default: BoringSSL via netty-tcnative,
 *     Linux x86-64) or {@link SslProvider#JDK}; when OpenSSL is configured but netty-tcnative cannot load, the
 *     front logs a warning and uses the JDK provider
 * @param ioThreads number of Netty I/O threads; {@code 0} = Netty's default (2 × cores)
 * @param crlFile the CA's CRL (PEM or DER), reloaded when the file changes; null = no revocation checking
 * @param suspensionFile the operator suspension list (one code per line, {@code #} comments), reloaded when
 *     it changes, suspended operators' open connections are then closed; null = none
 * @param reloadInterval how often the two files are checked for changes besides at every handshake;
 *     default 1 s
 * @param limits abuse limits (rates, connections, timeouts)
 * @param switchingHost host of the internal switching service ({@code /switching/…}); default
 *     {@value #DEFAULT_SWITCHING_HOST}
 * @param switchingPort port of the internal switching service; default {@value #DEFAULT_SWITCHING_PORT}
 */
@RecordBuilder
public record FrontConfig(
        String host,
        int port,
        Path serverCertificate,
        Path serverPrivateKey,
        Path trustedCa,
        String backendHost,
        int backendPort,
        Duration backendConnectTimeout,
        Duration backendResponseTimeout,
        int maxInitialLineLength,
        int maxHeaderSize,
        Duration handshakeTimeout,
        SslProvider sslProvider,
        int ioThreads,
        Path crlFile,
        Path suspensionFile,
        Duration reloadInterval,
        Limits limits,
        String switchingHost,
        int switchingPort) implements FrontConfigBuilder.With {

    /**
     * Abuse limits. A request over a rate limit is answered 429 with {@code Retry-After: 1}; a connection
     * over a connection limit is closed before the TLS handshake. Rates are token buckets: {@code burst}
     * requests at once, refilled at {@code perSecond}.
     *
     * @param operatorRequestsPerSecond sustained requests per second per operator (all its connections);
     *     default {@value #DEFAULT_OPERATOR_RATE}; 0 = unlimited
     * @param operatorBurst bucket size per operator; default {@value #DEFAULT_OPERATOR_BURST}
     * @param ipRequestsPerSecond sustained requests per second per client address; default
     *     {@value #DEFAULT_IP_RATE}; 0 = unlimited
     * @param ipBurst bucket size per address; default {@value #DEFAULT_IP_BURST}
     * @param maxConnectionsPerIp open connections per client address; default {@value #DEFAULT_MAX_CONNECTIONS_PER_IP}
     * @param maxConnections open connections in total; default {@value #DEFAULT_MAX_CONNECTIONS}
     * @param idleTimeout a connection with no request in flight and no traffic for this long is closed;
     *     default 60 s
     * @param requestHeaderTimeout once the first byte of a request arrived, its request line and headers
     *     must be complete within this time, else 408 and close (slowloris); default 10 s
     */
    public record Limits(double operatorRequestsPerSecond, int operatorBurst, double ipRequestsPerSecond, int ipBurst,
                         int maxConnectionsPerIp, int maxConnections, Duration idleTimeout,
                         Duration requestHeaderTimeout) {
        public static final double DEFAULT_OPERATOR_RATE = 50;
        public static final int DEFAULT_OPERATOR_BURST = 100;
        public static final double DEFAULT_IP_RATE = 100;
        public static final int DEFAULT_IP_BURST = 200;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 64;
        public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);

        public Limits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(requestHeaderTimeout, "requestHeaderTimeout");
            requireRate("operatorRequestsPerSecond", operatorRequestsPerSecond);
            requireRate("ipRequestsPerSecond", ipRequestsPerSecond);
            requireAtLeast("operatorBurst", operatorBurst, 1);
            requireAtLeast("ipBurst", ipBurst, 1);
            requireAtLeast("maxConnectionsPerIp", maxConnectionsPerIp, 1);
            requireAtLeast("maxConnections", maxConnections, 1);
            requirePositive("idleTimeout", idleTimeout);
            requirePositive("requestHeaderTimeout", requestHeaderTimeout);
        }

        /** Every default. */
        public static Limits defaults() {
            return new Limits(DEFAULT_OPERATOR_RATE, DEFAULT_OPERATOR_BURST, DEFAULT_IP_RATE, DEFAULT_IP_BURST,
                    DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT,
                    DEFAULT_REQUEST_HEADER_TIMEOUT);
        }
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_BACKEND_HOST = "127.0.0.1";
    public static final int DEFAULT_BACKEND_PORT = 8081;
    public static final Duration DEFAULT_BACKEND_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BACKEND_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4096;
    public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(1);
    public static final String DEFAULT_SWITCHING_HOST = "127.0.0.1";
    public static final int DEFAULT_SWITCHING_PORT = 8084;
    /** The default TLS provider: OpenSSL (falls back to the JDK at start when netty-tcnative is unavailable). */
    public static final SslProvider DEFAULT_SSL_PROVIDER = SslProvider.OPENSSL;

    public FrontConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(serverCertificate, "serverCertificate");
        Objects.requireNonNull(serverPrivateKey, "serverPrivateKey");
        Objects.requireNonNull(trustedCa, "trustedCa");
        Objects.requireNonNull(backendHost, "backendHost");
        Objects.requireNonNull(backendConnectTimeout, "backendConnectTimeout");
        Objects.requireNonNull(backendResponseTimeout, "backendResponseTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(sslProvider, "sslProvider");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(switchingHost, "switchingHost");
        requirePort("switchingPort", switchingPort, false);
        requirePositive("reloadInterval", reloadInterval);
        requirePort("port", port, true);
        requirePort("backendPort", backendPort, false);
        requirePositive("backendConnectTimeout", backendConnectTimeout);
        requirePositive("backendResponseTimeout", backendResponseTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requireAtLeast("maxInitialLineLength", maxInitialLineLength, 256);
        requireAtLeast("maxHeaderSize", maxHeaderSize, 1024);
        requireAtLeast("ioThreads", ioThreads, 0);
    }

    public static FrontConfig defaults(Path serverCertificate, Path serverPrivateKey, Path trustedCa) {
        return new FrontConfig(DEFAULT_HOST, DEFAULT_PORT, serverCertificate, serverPrivateKey, trustedCa,
                DEFAULT_BACKEND_HOST, DEFAULT_BACKEND_PORT, DEFAULT_BACKEND_CONNECT_TIMEOUT,
                DEFAULT_BACKEND_RESPONSE_TIMEOUT, DEFAULT_MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE,
                DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SSL_PROVIDER, 0, null, null, DEFAULT_RELOAD_INTERVAL,
                Limits.defaults(), DEFAULT_SWITCHING_HOST, DEFAULT_SWITCHING_PORT);
    }

    /** A builder (generated by RecordBuilder: one setter per key, {@code build()} validates) holding the defaults. */
    public static FrontConfigBuilder builder(Path serverCertificate, Path serverPrivateKey, Path trustedCa) {
        return FrontConfigBuilder.builder(defaults(serverCertificate, serverPrivateKey, trustedCa));
    }

    /** A builder holding this configuration. */
    public FrontConfigBuilder toBuilder() {
        return with();
    }

    /** {@link #host()} and {@link #port()}. */
    public FrontConfig withListen(String host, int port) {
        return with().host(host).port(port).build();
    }

    /** {@link #backendHost()} and {@link #backendPort()}: the internal delivery service. */
    public FrontConfig withBackend(String backendHost, int backendPort) {
        return with().backendHost(backendHost).backendPort(backendPort).build();
    }

    /** {@link #crlFile()} and {@link #suspensionFile()}. */
    public FrontConfig withRevocation(Path crlFile, Path suspensionFile) {
        return with().crlFile(crlFile).suspensionFile(suspensionFile).build();
    }

    private static void requirePort(String field, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(field + ": \"" + port + "\" is not a valid TCP port");
        }
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": \"" + value + "\" must be >= " + min);
        }
    }

    /** A rate: not negative, not NaN. */
    private static void requireRate(String field, double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException(field + ": \"" + perSecond + "\" must be >= 0");
        }
    }

    private static void requirePositive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": \"" + d + "\" must be positive");
        }
    }
}
