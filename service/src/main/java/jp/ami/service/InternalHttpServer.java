package jp.ami.service;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import jp.ami.service.metrics.Metrics;
import jp.ami.service.metrics.MetricsHandler;
import jp.ami.service.metrics.NotFoundHandler;

/**
 * The plain-HTTP server of a service's internal port (the head-end's statistics, the MDMS delivery service, the
 * switching API): Netty, one acceptor thread and a few workers, and the pipeline
 * {@code HttpServerCodec → HttpServerKeepAliveHandler → HttpObjectAggregator(maxBodyBytes) → handler}, so the handler
 * sees whole {@code FullHttpRequest}s and only decides the response; keep-alive and {@code Connection} headers are
 * Netty's. A body over {@code maxBodyBytes} is answered 413 by the aggregator before the handler sees it.
 *
 * <pre>{@code
 * try (InternalHttpServer http = InternalHttpServer.start("127.0.0.1", 0, 16 * 1024, 2, new MyHandler())) {
 *     int port = http.port();
 * }
 * }</pre>
 * The handler must be {@link ChannelHandler.Sharable}: one instance serves every connection. Given a
 * {@link Metrics}, the port also serves {@code GET /metrics} (Prometheus text format) before the handler sees it.
 */
public final class InternalHttpServer implements AutoCloseable {
    /** Largest request line, header block and chunk the codec accepts. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 8192;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private InternalHttpServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} (0 = a free port) and serves {@code handler}.
     *
     * @param maxBodyBytes  largest request body; larger ones are answered 413
     * @param workerThreads event-loop threads for connections
     * @throws io.netty.channel.ChannelException (a {@link java.net.BindException} as cause) when the port is taken
     */
    public static InternalHttpServer start(String host, int port, int maxBodyBytes, int workerThreads, ChannelHandler handler) {
        return start(host, port, maxBodyBytes, workerThreads, handler, null);
    }

    /**
     * As {@link #start(String, int, int, int, ChannelHandler)}, and {@code GET /metrics} answered from {@code metrics}
     * ({@link MetricsHandler}, in front of {@code handler}; null = no metrics).
     */
    public static InternalHttpServer start(String host, int port, int maxBodyBytes, int workerThreads, ChannelHandler handler,
                                           Metrics metrics) {
        Objects.requireNonNull(handler, "handler");
        MetricsHandler metricsHandler = metrics == null ? null : new MetricsHandler(metrics);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
                            p.addLast(new HttpServerKeepAliveHandler());
                            p.addLast(new HttpObjectAggregator(maxBodyBytes));
                            if (metricsHandler != null) {
                                p.addLast(metricsHandler);
                            }
                            p.addLast(handler);
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            return new InternalHttpServer(boss, workers, channel);
        } catch (RuntimeException e) {
            shutdown(boss, workers);
            throw e;
        }
    }

    /** A port that serves only {@code GET /metrics} (everything else 404), e.g. the front's loopback metrics port. */
    public static InternalHttpServer metricsOnly(String host, int port, Metrics metrics) {
        return start(host, port, 1024, 1, NotFoundHandler.INSTANCE, Objects.requireNonNull(metrics, "metrics"));
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        shutdown(boss, workers);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
