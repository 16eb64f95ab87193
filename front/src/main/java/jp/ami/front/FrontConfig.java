package jp.ami.front;

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
 * @param sslProvider TLS implementation: {@link SslProvider#JDK} (default) or {@link SslProvider#OPENSSL}
 *     (BoringSSL via netty-tcnative, Linux x86-64); always chosen explicitly, never by class-path detection
 * @param ioThreads number of Netty I/O threads; {@code 0} = Netty's default (2 × cores)
 */
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
        int ioThreads) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_BACKEND_HOST = "127.0.0.1";
    public static final int DEFAULT_BACKEND_PORT = 8081;
    public static final Duration DEFAULT_BACKEND_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BACKEND_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4096;
    public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

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
        requirePort("port", port, true);
        requirePort("backendPort", backendPort, false);
        requirePositive("backendConnectTimeout", backendConnectTimeout);
        requirePositive("backendResponseTimeout", backendResponseTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        if (maxInitialLineLength < 256) {
            throw new IllegalArgumentException("maxInitialLineLength: \"" + maxInitialLineLength + "\" must be >= 256");
        }
        if (maxHeaderSize < 1024) {
            throw new IllegalArgumentException("maxHeaderSize: \"" + maxHeaderSize + "\" must be >= 1024");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads: \"" + ioThreads + "\" must be >= 0");
        }
    }

    /** A configuration with every default and the given key material. */
    public static FrontConfig defaults(Path serverCertificate, Path serverPrivateKey, Path trustedCa) {
        return new FrontConfig(DEFAULT_HOST, DEFAULT_PORT, serverCertificate, serverPrivateKey, trustedCa,
                DEFAULT_BACKEND_HOST, DEFAULT_BACKEND_PORT, DEFAULT_BACKEND_CONNECT_TIMEOUT,
                DEFAULT_BACKEND_RESPONSE_TIMEOUT, DEFAULT_MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE,
                DEFAULT_HANDSHAKE_TIMEOUT, SslProvider.JDK, 0);
    }

    /** Copy with another listen address. */
    public FrontConfig withListen(String host, int port) {
        return new FrontConfig(host, port, serverCertificate, serverPrivateKey, trustedCa, backendHost, backendPort,
                backendConnectTimeout, backendResponseTimeout, maxInitialLineLength, maxHeaderSize,
                handshakeTimeout, sslProvider, ioThreads);
    }

    /** Copy with another backend address. */
    public FrontConfig withBackend(String backendHost, int backendPort) {
        return new FrontConfig(host, port, serverCertificate, serverPrivateKey, trustedCa, backendHost, backendPort,
                backendConnectTimeout, backendResponseTimeout, maxInitialLineLength, maxHeaderSize,
                handshakeTimeout, sslProvider, ioThreads);
    }

    /** Copy with other backend timeouts. */
    public FrontConfig withBackendTimeouts(Duration connect, Duration response) {
        return new FrontConfig(host, port, serverCertificate, serverPrivateKey, trustedCa, backendHost, backendPort,
                connect, response, maxInitialLineLength, maxHeaderSize, handshakeTimeout, sslProvider, ioThreads);
    }

    /** Copy with other request size limits. */
    public FrontConfig withLimits(int maxInitialLineLength, int maxHeaderSize) {
        return new FrontConfig(host, port, serverCertificate, serverPrivateKey, trustedCa, backendHost, backendPort,
                backendConnectTimeout, backendResponseTimeout, maxInitialLineLength, maxHeaderSize,
                handshakeTimeout, sslProvider, ioThreads);
    }

    /** Copy with another TLS provider. */
    public FrontConfig withSslProvider(SslProvider sslProvider) {
        return new FrontConfig(host, port, serverCertificate, serverPrivateKey, trustedCa, backendHost, backendPort,
                backendConnectTimeout, backendResponseTimeout, maxInitialLineLength, maxHeaderSize,
                handshakeTimeout, sslProvider, ioThreads);
    }

    private static void requirePort(String field, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(field + ": \"" + port + "\" is not a valid TCP port");
        }
    }

    private static void requirePositive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": \"" + d + "\" must be positive");
        }
    }
}
