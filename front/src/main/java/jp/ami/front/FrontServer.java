package jp.ami.front;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.timeout.IdleStateHandler;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DMZ front: an HTTPS server that requires a client certificate from the trusted CA (TLS 1.2/1.3),
 * refuses expired, not-yet-valid, revoked (CRL) certificates and suspended operators (both files reloaded
 * on change, suspended operators' open connections closed; see {@link ClientTrustManager}), applies the abuse
 * limits ({@link FrontConfig.Limits}), identifies the operator from the certificate, and reverse-proxies the retailer pull API ({@link RequestRouter}) to
 * the internal backend with header {@code X-Ami-Operator}. It holds no data and no internal credentials.
 *
 * <pre>{@code
 * try (FrontServer front = new FrontServer(config)) {
 *     int port = front.start();
 *     ...
 * }
 * }</pre>
 */
public final class FrontServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrontServer.class);

    private final FrontConfig config;
    private final AccessPolicy policy;
    private final Clock clock;
    private final AuditLog audit;
    private final RejectionCounters rejections = new RejectionCounters();
    private final TrafficCounters traffic = new TrafficCounters();
    private List<X509Certificate> trustedCas = List.of();
    private X509Certificate serverCertificate;
    private final ConnectionRegistry registry;
    private final AbuseLimiter limiter;
    private CertificateStatus status;
    private ClientTrustManager trust;
    private SslProvider effectiveProvider;
    private io.netty.util.concurrent.ScheduledFuture<?> reloader;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;

    /** A front that lets every operator with a valid certificate through. */
    public FrontServer(FrontConfig config) {
        this(config, AccessPolicy.ALLOW_ALL);
    }

    /** A front that additionally consults {@code policy} after each handshake. */
    public FrontServer(FrontConfig config, AccessPolicy policy) {
        this(config, policy, Clock.systemUTC());
    }

    /**
     * A front whose own time checks read {@code clock}: certificate validity (refusals as expired or not yet
     * valid), CRL nextUpdate staleness, and audit timestamps. The TLS stack itself still validates certificate
     * paths on the system clock.
     */
    public FrontServer(FrontConfig config, AccessPolicy policy, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(clock, traffic);
        this.registry = new ConnectionRegistry(audit);
        this.limiter = new AbuseLimiter(config.limits());
    }

    /**
     * Loads the key material, binds the listener and returns the bound port (useful with port 0).
     *
     * @throws IOException when a PEM file cannot be read or the address cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized int start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        List<X509Certificate> cas = readCas(config.trustedCa());
        trustedCas = cas;
        serverCertificate = readCas(config.serverCertificate()).get(0);
        status = new CertificateStatus(config.crlFile(), config.suspensionFile(), cas, clock);
        trust = new ClientTrustManager(cas, status, this::statusChanged, clock);
        effectiveProvider = effectiveProvider(config.sslProvider());
        SslContext ssl = sslContext(config, effectiveProvider, trust);
        ConnectionRejections refusals = new ConnectionRejections(rejections, audit);
        ConnectionLimitHandler connectionLimit = new ConnectionLimitHandler(limiter, refusals);
        RateLimitHandler rateLimit = new RateLimitHandler(limiter);
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 * 1024, 512 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = ssl.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
                        ch.pipeline().addLast("limit", connectionLimit)
                                .addLast("tls", tls)
                                .addLast("identity", new ClientCertificateHandler(refusals, policy, trust, registry, traffic));
                        addHttpHandlers(ch.pipeline(), config, rejections, rateLimit, audit);
                    }
                });
        try {
            listener = b.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port(), e);
        }
        long every = config.reloadInterval().toNanos();
        long[] ticks = {0};
        reloader = boss.next().scheduleWithFixedDelay(() -> {
            try {
                if (status.refresh()) {
                    statusChanged();
                }
                if (++ticks[0] % Math.max(1, TimeUnit.SECONDS.toNanos(10) / every) == 0) {
                    limiter.sweep();
                }
            } catch (RuntimeException e) {
                LOG.error("reload check failed", e);
            }
        }, every, every, TimeUnit.NANOSECONDS);
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        LOG.info("front listening on https://{}:{} (TLS provider {}, CRL {}, suspension list {}), backend http://{}:{}",
                config.host(), port, effectiveProvider, config.crlFile(), config.suspensionFile(),
                config.backendHost(), config.backendPort());
        return port;
    }

    /**
     * The handlers after the client is identified, one job each: close idle connections, cut off slow request
     * headers, HTTP, one exchange at a time (refusals, audit line, keep-alive), request rate, route, request
     * body, and the backend (forward and relay).
     */
    static void addHttpHandlers(ChannelPipeline pipeline, FrontConfig config, RejectionCounters rejections,
                                RateLimitHandler rateLimit, AuditLog audit) {
        FrontConfig.Limits limits = config.limits();
        pipeline.addLast("idle", new IdleStateHandler(true, 0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("deadline", new RequestDeadlineHandler(limits.requestHeaderTimeout().toNanos()))
                .addLast("http", new HttpServerCodec(config.maxInitialLineLength(), config.maxHeaderSize(), 8192))
                .addLast("exchange", new ExchangeHandler(pipeline.channel(), rejections, audit))
                .addLast("rate", rateLimit)
                .addLast("route", RouteHandler.INSTANCE)
                .addLast("body", new RequestBodyHandler())
                .addLast("proxy", new ProxyHandler(pipeline.channel(), config));
    }

    /** The bound port, or -1 before {@link #start()}. */
    public synchronized int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The TLS provider in use (OpenSSL unless it was unavailable or JDK was configured). */
    public synchronized SslProvider sslProvider() {
        return effectiveProvider;
    }

    /** Identified connections currently open. */
    public int openConnections() {
        return registry.size();
    }

    /** Re-checks the CRL and suspension files now (the timer does it every reload interval anyway). */
    public void reloadNow() {
        if (status != null && status.refresh()) {
            statusChanged();
        }
    }

    /** Closes the open connections whose certificate is now revoked or whose operator is now suspended. */
    private void statusChanged() {
        ClientTrustManager t = trust;
        int closed = registry.closeWhere(id -> t.recheck(id, new java.math.BigInteger(id.serialHex(), 16)), rejections);
        if (closed > 0) {
            LOG.info("closed {} open connection(s) of suspended operators or revoked certificates", closed);
        }
    }

    /** Handshakes, requests by status and bytes sent so far. */
    public TrafficCounters traffic() {
        return traffic;
    }

    /** The clock of the front's own time checks (certificate validity, CRL staleness, audit). */
    public Clock clock() {
        return clock;
    }

    /** The trusted CA certificates, once started (empty before). */
    public synchronized List<X509Certificate> trustedCas() {
        return trustedCas;
    }

    /** The server certificate (first of its PEM file), once started (null before). */
    public synchronized X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** nextUpdate of the CRL in force, once started with a CRL that has one. */
    public java.util.Optional<java.time.Instant> crlNextUpdate() {
        CertificateStatus s;
        synchronized (this) {
            s = status;
        }
        return s == null ? java.util.Optional.empty() : s.crlNextUpdate();
    }

    /** Rejections so far by reason (every reason present, zeros included). */
    public Map<Rejection, Long> rejections() {
        return rejections.snapshot();
    }

    /** Stops listening, closes connections and releases the threads. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.cancel(false);
            reloader = null;
        }
        if (listener != null) {
            listener.close().syncUninterruptibly();
            listener = null;
        }
        shutdownGroups();
    }

    /** Blocks until the listener is closed (used by the command line). */
    public void awaitClose() throws InterruptedException {
        Channel ch;
        synchronized (this) {
            ch = listener;
        }
        if (ch != null) {
            ch.closeFuture().sync();
        }
    }

    private void shutdownGroups() {
        for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
            if (g != null) {
                g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        boss = null;
        workers = null;
    }

    /**
     * Cipher suites offered, strongest first: TLS 1.3 AEAD suites, then TLS 1.2 ECDHE (forward secrecy) with
     * AES-GCM or ChaCha20-Poly1305 only — no CBC, no RSA key exchange, no SHA-1 MACs. Suites the provider
     * lacks are filtered out.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** Server-side session cache entries (session IDs; TLS 1.3 and tickets resume without server state). */
    public static final long SESSION_CACHE_SIZE = 20_000;
    /** Lifetime of a resumable session in seconds. */
    public static final long SESSION_TIMEOUT_SECONDS = 3600;

    /** OpenSSL when requested and loadable, else the JDK (with a warning). */
    static SslProvider effectiveProvider(SslProvider requested) {
        if (requested != SslProvider.JDK && !OpenSsl.isAvailable()) {
            LOG.warn("OpenSSL (netty-tcnative) unavailable ({}); using the JDK TLS provider",
                    String.valueOf(OpenSsl.unavailabilityCause()));
            return SslProvider.JDK;
        }
        return requested == SslProvider.OPENSSL_REFCNT ? SslProvider.OPENSSL : requested;
    }

    private static List<X509Certificate> readCas(java.nio.file.Path pem) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
            List<X509Certificate> cas = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                cas.add((X509Certificate) c);
            }
            if (cas.isEmpty()) {
                throw new IOException("no certificate in " + pem);
            }
            return cas;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read trusted CA certificates from " + pem, e);
        }
    }

    /**
     * The server TLS context: TLS 1.3 and 1.2 only, {@link #CIPHER_SUITES}, client certificate required and
     * checked by {@code trust} (only our CA, validity, CRL, suspension), session cache and tickets on.
     */
    static SslContext sslContext(FrontConfig config, SslProvider provider, ClientTrustManager trust) throws IOException {
        try {
            return SslContextBuilder.forServer(config.serverCertificate().toFile(), config.serverPrivateKey().toFile())
                    .sslProvider(provider)
                    .trustManager(trust)
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .sessionCacheSize(SESSION_CACHE_SIZE)
                    .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot build the TLS context from " + config.serverCertificate() + ", "
                    + config.serverPrivateKey() + ", " + config.trustedCa(), e);
        }
    }
}
