package jp.ami.mdms.delivery;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import java.util.concurrent.TimeUnit;
import jp.ami.mdms.outbox.Outbox;

/**
 * The internal delivery service: retailers' file list and file download, over plain HTTP on 127.0.0.1.
 * It sits behind the DMZ front, which terminates mutual TLS and passes the authenticated operator code in
 * the header {@value DeliveryHandler#OPERATOR_HEADER}. Routes:
 * <ul>
 *   <li>{@code GET /30min/FileListReceiver[?since=NAME]} → the caller's files in name order: the legacy
 *       HTML form {@code <html><body><comment>rfilename1:"…",rfilesize1:"…",…</comment></body></html>}, or
 *       with {@code Accept: application/json} {@code {"operator":"R0013","files":[{"name":"…","size":1234}]}};
 *       with {@code since}, only names sorting after it;</li>
 *   <li>{@code GET /30min/FileReceiver?file=NAME} → the ZIP ({@code application/zip}), only if NAME matches
 *       {@code ^W4\d{22}\.zip$} and is in the caller's outbox; otherwise 404;</li>
 *   <li>missing or invalid operator header → 400; other paths → 404; other methods → 405.</li>
 * </ul>
 */
public final class DeliveryService implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    /** Binds 127.0.0.1:{@code port} (0 = a free port) and starts serving {@code outbox}. */
    public DeliveryService(Outbox outbox, int port) {
        this("127.0.0.1", port, outbox);
    }

    public DeliveryService(String host, int port, Outbox outbox) {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        DeliveryHandler handler = new DeliveryHandler(outbox);
        try {
            channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new HttpServerCodec(4096, 8192, 8192));
                            p.addLast(new HttpServerKeepAliveHandler());
                            p.addLast(new HttpObjectAggregator(16 * 1024));
                            p.addLast(handler);
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
