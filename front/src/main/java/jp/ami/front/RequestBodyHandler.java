package jp.ami.front;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Gives each routed exchange the body to forward, then passes it on: none for a route without a body (GET:
 * whatever body the client sends is dropped), the whole request body for a POST route, collected up to
 * {@link RequestRouter#MAX_BODY_BYTES} and passed on when its last part arrives (larger: 413, counted as
 * {@link Rejection#BAD_REQUEST}, nothing forwarded). Body parts of no collecting exchange are dropped.
 */
final class RequestBodyHandler extends ChannelInboundHandlerAdapter {
    private Exchange collecting;
    private ByteBuf body;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Exchange ex) {
            if (ex.route.hasBody()) {
                collecting = ex;
                body = Unpooled.buffer(256, RequestRouter.MAX_BODY_BYTES);
            } else {
                ex.body = Unpooled.EMPTY_BUFFER;
                ctx.fireChannelRead(ex);
            }
            return;
        }
        try {
            if (msg instanceof HttpContent content && collecting != null) {
                collect(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void collect(ChannelHandlerContext ctx, HttpContent content) {
        Exchange ex = collecting;
        ByteBuf data = content.content();
        if (body.readableBytes() + data.readableBytes() > RequestRouter.MAX_BODY_BYTES) {
            drop();
            ex.refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Rejection.BAD_REQUEST);
            return;
        }
        body.writeBytes(data);
        if (content instanceof LastHttpContent) {
            ex.body = body;
            collecting = null;
            body = null;
            ctx.fireChannelRead(ex);
        }
    }

    private void drop() {
        if (body != null) {
            body.release();
        }
        collecting = null;
        body = null;
    }

    /** The client went away while sending a body. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        drop();
    }
}
