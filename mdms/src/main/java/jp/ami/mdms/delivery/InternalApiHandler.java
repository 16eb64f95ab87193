package jp.ami.mdms.delivery;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
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
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves {@code /internal/…} on the delivery port from a route table ({@link InternalEndpoint} per path), in front of
 * the {@link DeliveryHandler}; other paths pass through. Only {@code POST} with a JSON body; an unknown path is 404, another
 * method 405, an endpoint failure 500 with its one-line reason. The front never forwards {@code /internal/}.
 */
@Sharable
final class InternalApiHandler extends ChannelInboundHandlerAdapter {
    static final String PREFIX = "/internal/";
    private final Map<String, InternalEndpoint> routes;

    InternalApiHandler(Map<String, InternalEndpoint> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !new QueryStringDecoder(req.uri()).path().startsWith(PREFIX)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            InternalEndpoint endpoint = routes.get(new QueryStringDecoder(req.uri()).path());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (endpoint == null) {
                send(ctx, keepAlive, InternalEndpoint.error(404, "no such internal endpoint"));
            } else if (!HttpMethod.POST.equals(req.method())) {
                send(ctx, keepAlive, InternalEndpoint.error(405, "use POST with a JSON body"));
            } else {
                byte[] body = ByteBufUtil.getBytes(req.content());
                endpoint.post(body).whenComplete((res, ex) -> send(ctx, keepAlive, ex == null ? res
                        : InternalEndpoint.error(500, String.valueOf(ex.getMessage()))));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }



    private static void send(ChannelHandlerContext ctx, boolean keepAlive, InternalEndpoint.Response r) {
        byte[] bytes = (r.json() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        HttpUtil.setKeepAlive(res, keepAlive);
        ctx.writeAndFlush(res);
    }
}
