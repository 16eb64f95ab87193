package jp.ami.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a client connection: forwards each {@link Exchange} that reaches it (routed, body attached)
 * to its backend over a fresh plain-HTTP connection, and relays the response to the client chunk by chunk
 * (never aggregated), with back-pressure: backend reads pause while the client connection is not writable.
 * Which headers cross, each way: {@link ProxyHeaders}. A backend that cannot be reached, breaks off or stays
 * silent for {@link FrontConfig#backendResponseTimeout()} (before the response head, or between body parts
 * while the client keeps up) fails the exchange: 502/504 if nothing was sent yet, else the client connection
 * is cut. The backend connection runs on the client connection's event loop, so no state here is shared
 * between threads.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);

    private final Channel inbound;
    private final FrontConfig config;
    /** The exchange being forwarded or relayed, until it is done. */
    private Exchange relaying;

    /** The handler of the client connection {@code inbound}. */
    ProxyHandler(Channel inbound, FrontConfig config) {
        this.inbound = inbound;
        this.config = config;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Exchange ex) {
            forward(ex);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void forward(Exchange ex) {
        ByteBuf body = ex.body;
        ex.body = null;
        relaying = ex;
        RequestRouter.Route route = ex.route;
        String uri = ex.uri;
        boolean switching = route.backend() == RequestRouter.Backend.SWITCHING;
        String backendHost = switching ? config.switchingHost() : config.backendHost();
        int backendPort = switching ? config.switchingPort() : config.backendPort();
        inbound.config().setAutoRead(false); // one request at a time
        Bootstrap b = new Bootstrap()
                .group(inbound.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.backendConnectTimeout().toMillis())
                .option(ChannelOption.AUTO_READ, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 64 * 1024, 256 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // large content pieces: one backend read becomes one relayed chunk (not 8 KiB slices)
                        ch.pipeline().addLast(new HttpClientCodec(4096, 16 * 1024, 256 * 1024), new BackendHandler(ex));
                    }
                });
        b.connect(backendHost, backendPort).addListener((ChannelFutureListener) f -> {
            if (ex.finished) {
                body.release();
                f.channel().close();
                return;
            }
            if (!f.isSuccess()) {
                body.release();
                boolean timeout = f.cause() instanceof ConnectTimeoutException;
                LOG.warn("backend {}:{} unreachable: {}", backendHost, backendPort, f.cause().toString());
                backendFailed(ex, timeout);
                return;
            }
            ex.backend = f.channel();
            ex.lastBackendActivity = System.nanoTime();
            armTimeout(ex);
            ex.backend.writeAndFlush(ProxyHeaders.toBackend(ex.request, route, uri, body, backendHost, backendPort,
                    ex.identity.operatorCode()));
        });
    }

    /** Checks for a silent backend; re-arms itself until the exchange ends. */
    private void armTimeout(Exchange ex) {
        long timeoutNanos = config.backendResponseTimeout().toNanos();
        long wait = Math.max(1, ex.lastBackendActivity + timeoutNanos - System.nanoTime());
        ex.timeout = inbound.eventLoop().schedule(() -> {
            if (ex.finished || ex.done) {
                return;
            }
            if (ex.paused || System.nanoTime() - ex.lastBackendActivity < timeoutNanos) {
                if (ex.paused) {
                    ex.lastBackendActivity = System.nanoTime();
                }
                armTimeout(ex);
                return;
            }
            LOG.warn("backend for {} timed out", ex.request.uri());
            backendFailed(ex, true);
        }, wait, TimeUnit.NANOSECONDS);
    }

    /** The backend failed: answer 502/504 if nothing was sent yet, else cut the client connection. */
    private void backendFailed(Exchange ex, boolean timeout) {
        if (ex.done) {
            return;
        }
        if (ex.backend != null) {
            ex.backend.close();
        }
        done(ex);
        if (ex.headersSent) {
            inbound.close();
            ex.finish(false);
            return;
        }
        ex.refuse(timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                timeout ? Rejection.BACKEND_TIMEOUT : Rejection.BACKEND_UNAVAILABLE);
    }

    private void done(Exchange ex) {
        ex.done = true;
        if (relaying == ex) {
            relaying = null;
        }
    }

    /** Relays one backend message to the client. Runs on the shared event loop. */
    private void relay(Exchange ex, HttpObject msg) {
        if (ex.done || ex.finished) {
            return;
        }
        ex.lastBackendActivity = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                backendFailed(ex, false);
                return;
            }
            HttpResponse head = ProxyHeaders.toClient(response, ex.request, ex.mayKeepConnection());
            ex.keepAlive = HttpUtil.isKeepAlive(head);
            inbound.write(head);
            ex.headersSent = true;
            ex.status = response.status().code();
        }
        if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                backendFailed(ex, false);
                return;
            }
            ByteBuf data = content.content().retain();
            ex.bytes += data.readableBytes();
            if (content instanceof LastHttpContent) {
                done(ex);
                ex.backend.close();
                boolean keepAlive = ex.keepAlive;
                inbound.writeAndFlush(new DefaultLastHttpContent(data)).addListener(f -> ex.finish(keepAlive && f.isSuccess()));
                return;
            }
            inbound.write(new DefaultHttpContent(data)); // flushed once per backend read (channelReadComplete)
            if (!inbound.isWritable()) {
                inbound.flush();
                ex.paused = true;
                ex.backend.config().setAutoRead(false);
            }
        } else {
            inbound.flush();
        }
    }

    /** The client caught up: the backend is read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange ex = relaying;
        if (ex != null && !ex.finished && ex.paused && ctx.channel().isWritable() && ex.backend != null) {
            ex.paused = false;
            ex.lastBackendActivity = System.nanoTime();
            ex.backend.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The client went away: so does the backend connection. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = relaying;
        if (ex != null && !ex.finished && ex.backend != null) {
            ex.backend.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Reads the backend's response and hands it to {@link #relay}. */
    private final class BackendHandler extends ChannelInboundHandlerAdapter {
        private final Exchange ex;

        BackendHandler(Exchange ex) {
            this.ex = ex;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpObject o) {
                    relay(ex, o);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!ex.finished && !ex.done) {
                inbound.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!ex.done && !ex.finished) {
                LOG.warn("backend closed the connection before the response ended");
                backendFailed(ex, false);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("backend connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
