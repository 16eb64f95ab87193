package jp.ami.switching;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import jp.ami.model.InvalidValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of the switching API: each aggregated request goes to {@link SwitchingRoutes}; a refused value
 * ({@link InvalidValueException}) is answered 400, a {@link SwitchingException} with its status (403/404/409), any
 * other failure 500 (logged). Keep-alive as the client asked. Stateless apart from the service: one shared instance.
 */
@Sharable
final class SwitchingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchingHandler.class);

    private final SwitchingRoutes routes;

    SwitchingHandler(SwitchingService service) {
        this.routes = new SwitchingRoutes(service);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpResponse res;
        try {
            res = routes.handle(req);
        } catch (InvalidValueException e) {
            res = JsonResponses.error(400, e.field(), e.value(), e.getMessage());
        } catch (SwitchingException e) {
            res = JsonResponses.error(e.httpStatus(), e.field(), e.value(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("switching request {} {} failed", req.method(), req.uri(), e);
            res = JsonResponses.error(500, null, null, "internal error");
        }
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
