package jp.ami.front;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Decides where an exchange goes, or refuses it. A request the HTTP decoder could not read is refused as
 * {@link Rejection#BAD_REQUEST}: 414 for a request line too long, 431 for headers too large, 413 for another
 * frame too long, else 400. A readable one goes through the route table ({@link RequestRouter}): refused with
 * its status (404, 405, 400), or passed on with its route and canonical URI set on the exchange.
 */
@ChannelHandler.Sharable
final class RouteHandler extends ChannelInboundHandlerAdapter {
    static final RouteHandler INSTANCE = new RouteHandler();

    private RouteHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Exchange ex) {
            DecoderResult decoded = ex.request.decoderResult();
            if (decoded.isFailure()) {
                ex.refuse(malformed(decoded.cause()), Rejection.BAD_REQUEST);
                return;
            }
            RequestRouter.Decision decision = RequestRouter.route(ex.request);
            if (decision instanceof RequestRouter.Refuse refuse) {
                ex.refuse(refuse.status(), refuse.reason());
                return;
            }
            RequestRouter.Forward forward = (RequestRouter.Forward) decision;
            ex.route = forward.route();
            ex.uri = forward.uri();
        }
        ctx.fireChannelRead(msg);
    }

    /** The status for a request the HTTP decoder failed on. */
    static HttpResponseStatus malformed(Throwable cause) {
        return cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
    }
}
