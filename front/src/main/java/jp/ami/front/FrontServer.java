package jp.ami.front;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DMZ front: an HTTPS server that requires a client certificate from the trusted CA (TLS 1.2/1.3),
 * identifies the operator from it, and reverse-proxies the retailer pull API ({@link RequestRouter}) to
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
    private final RejectionCounters rejections = new RejectionCounters();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;

    /** A front that lets every operator with a valid certificate through. */
    public FrontServer(FrontConfig config) {
        this(config, AccessPolicy.ALLOW_ALL);
    }

    /** A front that additionally consults {@code policy} after each handshake. */
    public FrontServer(FrontConfig config, AccessPolicy policy) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = Objects.requireNonNull(policy, "policy");
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
        SslContext ssl = sslContext(config);
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = ssl.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
                        ch.pipeline().addLast("tls", tls)
                                .addLast("identity", new ClientCertificateHandler(rejections, policy))
                                .addLast("http", new HttpServerCodec(config.maxInitialLineLength(),
                                        config.maxHeaderSize(), 8192))
                                .addLast("proxy", new ProxyHandler(config, rejections));
                    }
                });
        try {
            listener = b.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port(), e);
        }
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        LOG.info("front listening on https://{}:{} (TLS provider {}), backend http://{}:{}", config.host(), port,
                config.sslProvider(), config.backendHost(), config.backendPort());
        return port;
    }

    /** The bound port, or -1 before {@link #start()}. */
    public synchronized int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Rejections so far by reason (every reason present, zeros included). */
    public Map<Rejection, Long> rejections() {
        return rejections.snapshot();
    }

    /** Stops listening, closes connections and releases the threads. Safe to call twice. */
    @Override
    public synchronized void close() {
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

    /** The server TLS context: TLS 1.3 and 1.2 only, client certificate required, only our CA trusted. */
    static SslContext sslContext(FrontConfig config) throws IOException {
        try {
            return SslContextBuilder.forServer(config.serverCertificate().toFile(), config.serverPrivateKey().toFile())
                    .sslProvider(config.sslProvider())
                    .trustManager(config.trustedCa().toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot build the TLS context from " + config.serverCertificate() + ", "
                    + config.serverPrivateKey() + ", " + config.trustedCa(), e);
        }
    }
}
