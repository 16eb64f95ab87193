package jp.ami.front;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection HTTP handler: routes each request, refuses what is not allowed, and relays allowed
 * requests to the backend over a fresh plain-HTTP connection. The response is streamed chunk by chunk
 * (never aggregated), with back-pressure: backend reads pause while the client connection is not writable.
 * One request is handled at a time per connection; the backend connection runs on the same event loop, so
 * no state here is shared between threads.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    /** Header carrying the authenticated operator code to the backend. */
    static final String OPERATOR_HEADER = "X-Ami-Operator";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final java.util.regex.Pattern IDEMPOTENCY_KEY_VALUE = java.util.regex.Pattern.compile("[0-9A-Za-z._-]{1,64}");
    private static final java.util.regex.Pattern CONTENT_TYPE = java.util.regex.Pattern.compile("application/json(; ?charset=(UTF-8|utf-8))?");

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);
    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
            "proxy-connection");

    /** Range header forwarded to the backend: one or more byte ranges, nothing else (else it is dropped). */
    private static final java.util.regex.Pattern RANGE =
            java.util.regex.Pattern.compile("bytes=(\\d{0,19}-\\d{0,19})(,\\s?\\d{0,19}-\\d{0,19}){0,7}");
    /** Entity tags in If-None-Match / If-Range: quoted tags (optionally weak), or {@code *}. */
    private static final java.util.regex.Pattern ETAGS =
            java.util.regex.Pattern.compile("\\*|(W/)?\"[\\x21\\x23-\\x7e]{0,128}\"(\\s*,\\s*(W/)?\"[\\x21\\x23-\\x7e]{0,128}\"){0,15}");

    private final FrontConfig config;
    private final RejectionCounters rejections;
    private final AbuseLimiter limiter;

    private Channel inbound;
    private Exchange current;
    /** Set when a request arrived while another was in flight: the connection closes after the current one. */
    private boolean closeAfterCurrent;

    ProxyHandler(FrontConfig config, RejectionCounters rejections, AbuseLimiter limiter) {
        this.config = config;
        this.rejections = rejections;
        this.limiter = limiter;
    }

    /** Called by {@link RequestDeadlineHandler}: the request headers did not arrive in time (slowloris). */
    void headerTimeout() {
        if (current != null) {
            return;
        }
        ClientIdentity identity = inbound.attr(ClientCertificateHandler.IDENTITY).get();
        Exchange ex = new Exchange(new io.netty.handler.codec.http.DefaultHttpRequest(HttpVersion.HTTP_1_1,
                new HttpMethod("-"), "-"), identity);
        current = ex;
        closeAfterCurrent = true;
        inbound.config().setAutoRead(false);
        refuse(ex, HttpResponseStatus.REQUEST_TIMEOUT, Rejection.TIMEOUT);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
            if (current == null) {
                LOG.debug("closing idle connection {}", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        inbound = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                if (current != null) {
                    closeAfterCurrent = true; // no pipelining: finish the current exchange, then close
                } else {
                    onRequest(request);
                }
            }
            if (msg instanceof HttpContent content && current != null && current.body != null) {
                onBody(current, content);
            }
            // other request bodies are ignored: GET routes forward none
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        RequestDeadlineHandler deadline = inbound.pipeline().get(RequestDeadlineHandler.class);
        if (deadline != null) {
            deadline.requestComplete();
        }
        ClientIdentity identity = inbound.attr(ClientCertificateHandler.IDENTITY).get();
        Exchange ex = new Exchange(request, identity);
        current = ex;
        if (identity == null) { // cannot happen: the handshake handler closes such connections
            inbound.close();
            return;
        }
        SocketAddress remote = inbound.remoteAddress();
        if (!limiter.allowRequest(identity.operatorCode(),
                remote instanceof InetSocketAddress isa ? isa.getAddress() : null)) {
            refuse(ex, HttpResponseStatus.TOO_MANY_REQUESTS, Rejection.RATE_LIMITED);
            return;
        }
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            refuse(ex, status, Rejection.BAD_REQUEST);
            return;
        }
        RequestRouter.Decision decision = RequestRouter.route(request);
        if (decision instanceof RequestRouter.Refuse refuse) {
            refuse(ex, refuse.status(), refuse.reason());
        } else {
            RequestRouter.Forward f = (RequestRouter.Forward) decision;
            if (f.route().hasBody()) {
                ex.route = f.route();
                ex.uri = f.uri();
                ex.body = Unpooled.buffer(256, RequestRouter.MAX_BODY_BYTES); // forwarded when its last part arrives
            } else {
                forward(ex, f.route(), f.uri(), Unpooled.EMPTY_BUFFER);
            }
        }
    }

    /** Collects a POST body up to {@link RequestRouter#MAX_BODY_BYTES}; forwards it whole when it is complete. */
    private void onBody(Exchange ex, HttpContent content) {
        ByteBuf data = content.content();
        if (ex.body.readableBytes() + data.readableBytes() > RequestRouter.MAX_BODY_BYTES) {
            ex.body.release();
            ex.body = null;
            refuse(ex, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Rejection.BAD_REQUEST);
            return;
        }
        ex.body.writeBytes(data);
        if (content instanceof LastHttpContent) {
            ByteBuf body = ex.body;
            ex.body = null;
            forward(ex, ex.route, ex.uri, body);
        }
    }

    private void refuse(Exchange ex, HttpResponseStatus status, Rejection reason) {
        rejections.increment(reason);
        FullHttpResponse response = errorResponse(status);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        }
        // a rate-limited client keeps its connection (closing it would only make it pay for a new handshake)
        boolean keepAlive = status.equals(HttpResponseStatus.TOO_MANY_REQUESTS) && HttpUtil.isKeepAlive(ex.request)
                && !closeAfterCurrent && ex.request.decoderResult().isSuccess();
        if (status.equals(HttpResponseStatus.TOO_MANY_REQUESTS)) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ex.status = status.code();
        ex.bytes = response.content().readableBytes();
        inbound.writeAndFlush(response).addListener(f -> finish(ex, keepAlive && f.isSuccess()));
    }

    /** An error response whose body is only the status line text: no internal details. */
    private static FullHttpResponse errorResponse(HttpResponseStatus status) {
        ByteBuf body = Unpooled.copiedBuffer(status.code() + " " + status.reasonPhrase() + "\n", StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=US-ASCII")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private void forward(Exchange ex, RequestRouter.Route route, String uri, ByteBuf body) {
        boolean switching = route.backend() == RequestRouter.Backend.SWITCHING;
        String backendHost = switching ? config.switchingHost() : config.backendHost();
        int backendPort = switching ? config.switchingPort() : config.backendPort();
        inbound.config().setAutoRead(false); // one request at a time
        Bootstrap b = new Bootstrap()
                .group(inbound.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.backendConnectTimeout().toMillis())
                .option(ChannelOption.AUTO_READ, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(4096, 64 * 1024, 256 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // large content pieces: one backend read becomes one relayed chunk (not 8 KiB slices)
                        ch.pipeline().addLast(new HttpClientCodec(4096, 16 * 1024, 256 * 1024), new BackendHandler(ex));
                    }
                });
        b.connect(backendHost, backendPort).addListener((ChannelFutureListener) f -> {
            if (ex != current) {
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
            DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, route.method(), uri, body);
            HttpHeaders h = out.headers();
            h.set(HttpHeaderNames.HOST, backendHost + ":" + backendPort);
            if (switching) {
                copyIfMatches(ex.request.headers(), h, HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
                copyIfMatches(ex.request.headers(), h, IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_VALUE);
            }
            String accept = ex.request.headers().get(HttpHeaderNames.ACCEPT);
            if (accept != null && accept.length() <= 256) {
                h.set(HttpHeaderNames.ACCEPT, accept);
            }
            if (uri.startsWith(RequestRouter.FILE_PATH + "?")) {
                // partial and conditional downloads: passed through when well-formed, the backend answers 206/304
                copyIfMatches(ex.request.headers(), h, HttpHeaderNames.RANGE, RANGE);
                copyIfMatches(ex.request.headers(), h, HttpHeaderNames.IF_NONE_MATCH, ETAGS);
                copyIfMatches(ex.request.headers(), h, HttpHeaderNames.IF_RANGE, ETAGS);
            }
            h.set(OPERATOR_HEADER, ex.identity.operatorCode()); // never the client's own header
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ex.lastBackendActivity = System.nanoTime();
            armTimeout(ex);
            ex.backend.writeAndFlush(out);
        });
    }

    private static void copyIfMatches(HttpHeaders from, HttpHeaders to, CharSequence name, java.util.regex.Pattern valid) {
        String v = from.get(name);
        if (v != null && v.length() <= 512 && valid.matcher(v).matches()) {
            to.set(name, v);
        }
    }

    /** Checks for a silent backend; re-arms itself until the exchange ends. */
    private void armTimeout(Exchange ex) {
        long timeoutNanos = config.backendResponseTimeout().toNanos();
        long wait = Math.max(1, ex.lastBackendActivity + timeoutNanos - System.nanoTime());
        ex.timeout = inbound.eventLoop().schedule(() -> {
            if (ex != current || ex.done) {
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
        if (ex.headersSent) {
            ex.done = true;
            inbound.close();
            finish(ex, false);
            return;
        }
        ex.done = true;
        refuse(ex, timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                timeout ? Rejection.BACKEND_TIMEOUT : Rejection.BACKEND_UNAVAILABLE);
    }

    /** Relays one backend message to the client. Runs on the shared event loop. */
    private void relay(Exchange ex, HttpObject msg) {
        if (ex.done || ex != current) {
            return;
        }
        ex.lastBackendActivity = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                backendFailed(ex, false);
                return;
            }
            inbound.write(copyHead(ex, response));
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
                ex.done = true;
                ex.backend.close();
                boolean keepAlive = ex.keepAlive;
                inbound.writeAndFlush(new DefaultLastHttpContent(data)).addListener(f -> finish(ex, keepAlive && f.isSuccess()));
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

    private HttpResponse copyHead(Exchange ex, HttpResponse response) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        HttpHeaders h = head.headers();
        h.set(response.headers());
        for (CharSequence name : HOP_BY_HOP) {
            h.remove(name);
        }
        h.remove(OPERATOR_HEADER);
        boolean http10 = ex.request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        ex.keepAlive = HttpUtil.isKeepAlive(ex.request) && !closeAfterCurrent;
        if (!h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (http10) {
                ex.keepAlive = false; // body delimited by connection close
            } else {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        h.set(HttpHeaderNames.CONNECTION, ex.keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return head;
    }

    private void finish(Exchange ex, boolean keepAlive) {
        if (ex.timeout != null) {
            ex.timeout.cancel(false);
        }
        if (ex.logged) {
            return;
        }
        ex.logged = true;
        ex.done = true;
        AuditLog.log(ex.entry());
        if (current == ex) {
            current = null;
        }
        if (keepAlive && !closeAfterCurrent && inbound.isActive()) {
            RequestDeadlineHandler deadline = inbound.pipeline().get(RequestDeadlineHandler.class);
            if (deadline != null) {
                deadline.awaitNext();
            }
            inbound.config().setAutoRead(true);
        } else {
            inbound.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null && ex.paused && ctx.channel().isWritable() && ex.backend != null) {
            ex.paused = false;
            ex.lastBackendActivity = System.nanoTime();
            ex.backend.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) {
            if (ex.body != null) { // the client went away while sending a body
                ex.body.release();
                ex.body = null;
            }
            if (ex.backend != null) {
                ex.backend.close();
            }
            finish(ex, false);
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
            if (ex == current && !ex.done) {
                inbound.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!ex.done && ex == current) {
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

    /** State of the one request in flight on this connection. */
    private final class Exchange {
        final HttpRequest request;
        final ClientIdentity identity;
        final Instant time = Instant.now();
        final long startNanos = System.nanoTime();
        Channel backend;
        ScheduledFuture<?> timeout;
        long lastBackendActivity;
        boolean headersSent;
        boolean paused;
        boolean keepAlive;
        boolean done;
        boolean logged;
        int status;
        long bytes;
        /** The route and URI of a request whose body is still arriving (POST), and the body so far. */
        RequestRouter.Route route;
        String uri;
        ByteBuf body;

        Exchange(HttpRequest request, ClientIdentity identity) {
            this.request = request;
            this.identity = identity;
        }

        AuditLog.Entry entry() {
            SocketAddress remote = inbound.remoteAddress();
            String address = remote instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress() : null;
            return new AuditLog.Entry(time, identity == null ? null : identity.operatorCode(),
                    identity == null ? null : identity.serialHex(), address, request.method().name(), request.uri(),
                    status, bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }
}
