package jp.ami.front;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Refuses an exchange over its operator's or its client address's request rate with 429 and
 * {@code Retry-After: 1} ({@link AbuseLimiter#allowRequest}, which takes the tokens). It comes before any other
 * check of the request, so a client over its limit costs a token-bucket look-up and a short answer, even with a
 * malformed request.
 */
@ChannelHandler.Sharable
final class RateLimitHandler extends ChannelInboundHandlerAdapter {
    private final AbuseLimiter limiter;

    RateLimitHandler(AbuseLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Exchange ex) {
            SocketAddress remote = ctx.channel().remoteAddress();
            if (!limiter.allowRequest(ex.identity.operatorCode(),
                    remote instanceof InetSocketAddress isa ? isa.getAddress() : null)) {
                ex.refuse(HttpResponseStatus.TOO_MANY_REQUESTS, Rejection.RATE_LIMITED);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
