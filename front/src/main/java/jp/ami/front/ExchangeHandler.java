package jp.ami.front;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler after the HTTP codec: one {@link Exchange} at a time per connection, from request to audit
 * line. Each request becomes an {@code Exchange} sent on down the pipeline ({@link RateLimitHandler},
 * {@link RouteHandler}, {@link RequestBodyHandler}, {@link ProxyHandler}); body parts follow as they came.
 * Those handlers end the exchange through it: {@link #refuse} answers an error response, {@link #finish}
 * writes the audit line and then readies the connection for the next request (keep-alive) or closes it.
 *
 * <p>A request that arrives while another is in flight (pipelining) is not answered: the connection closes
 * after the current one. Idle connections with no exchange are closed; request headers that do not arrive in
 * time ({@link RequestDeadlineHandler}) get 408 and the connection closes.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    private final Channel inbound;
    private final RejectionCounters rejections;
    private final AuditLog audit;
    private Exchange current;
    /** Set when a request arrived while another was in flight: the connection closes after the current one. */
    private boolean closeAfterCurrent;

    /** The handler of the client connection {@code inbound}. */
    ExchangeHandler(Channel inbound, RejectionCounters rejections, AuditLog audit) {
        this.inbound = inbound;
        this.rejections = rejections;
        this.audit = audit;
    }

    /** Called by {@link RequestDeadlineHandler}: the request headers did not arrive in time (slowloris). */
    void headerTimeout() {
        if (current != null) {
            return;
        }
        ClientIdentity identity = inbound.attr(ClientCertificateHandler.IDENTITY).get();
        Exchange ex = start(new DefaultHttpRequest(HttpVersion.HTTP_1_1, new HttpMethod("-"), "-"), identity);
        closeAfterCurrent = true;
        inbound.config().setAutoRead(false);
        refuse(ex, HttpResponseStatus.REQUEST_TIMEOUT, Rejection.TIMEOUT);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (current == null) {
                LOG.debug("closing idle connection {}", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            try {
                if (current != null) {
                    closeAfterCurrent = true; // no pipelining: finish the current exchange, then close
                } else {
                    onRequest(ctx, request);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        } else if (msg instanceof HttpContent) {
            ctx.fireChannelRead(msg); // collected by RequestBodyHandler for a POST route, else dropped there
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        RequestDeadlineHandler deadline = inbound.pipeline().get(RequestDeadlineHandler.class);
        if (deadline != null) {
            deadline.requestComplete();
        }
        ClientIdentity identity = inbound.attr(ClientCertificateHandler.IDENTITY).get();
        Exchange ex = start(request, identity);
        if (identity == null) { // cannot happen: the handshake handler closes such connections
            inbound.close();
            return;
        }
        ctx.fireChannelRead(ex);
    }

    private Exchange start(HttpRequest request, ClientIdentity identity) {
        Exchange ex = new Exchange(request, identity, audit.now(), this);
        current = ex;
        return ex;
    }

    /**
     * Answers {@code ex} with an error response naming only its status, counts {@code reason}, and ends the
     * exchange when the response is written. A rate-limited client keeps its connection (closing it would only
     * make it pay for a new handshake); every other refusal closes it.
     */
    void refuse(Exchange ex, HttpResponseStatus status, Rejection reason) {
        rejections.increment(reason);
        FullHttpResponse response = errorResponse(status);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        }
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

    /** See {@link Exchange#mayKeepConnection()}. */
    boolean mayKeepConnection(Exchange ex) {
        return HttpUtil.isKeepAlive(ex.request) && !closeAfterCurrent;
    }

    /**
     * Ends {@code ex} (once; later calls only cancel its backend timeout): writes its audit line, then reads the
     * next request if {@code keepAlive} and nothing was pipelined, else closes the connection.
     */
    void finish(Exchange ex, boolean keepAlive) {
        if (ex.timeout != null) {
            ex.timeout.cancel(false);
        }
        if (ex.finished) {
            return;
        }
        ex.finished = true;
        ex.done = true;
        audit.log(ex.entry(inbound.remoteAddress()));
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

    /** The client went away: the handlers after this one let go of the exchange first, then it is audited. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = current;
        ctx.fireChannelInactive();
        if (ex != null) {
            finish(ex, false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
