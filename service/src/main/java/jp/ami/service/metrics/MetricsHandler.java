package jp.ami.service.metrics;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;

/**
 * Answers {@code GET /metrics} (and {@code HEAD}) with {@link Metrics#scrape()}; every other request goes on to the
 * next handler untouched, so it sits in front of a service's own handler on its internal port. Another method on
 * {@code /metrics} is answered 405. Sharable: one instance serves every connection.
 */
@ChannelHandler.Sharable
public final class MetricsHandler extends ChannelInboundHandlerAdapter {
    private final Metrics metrics;

    public MetricsHandler(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !new QueryStringDecoder(req.uri()).path().equals(Metrics.PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            FullHttpResponse res;
            if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
                byte[] body = metrics.scrape();
                res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        req.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, metrics.contentType())
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            } else {
                res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.METHOD_NOT_ALLOWED, Unpooled.EMPTY_BUFFER);
                res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD").setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
            HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
            ctx.writeAndFlush(res);
        } finally {
            ReferenceCountUtil.release(req);
        }
    }
}
