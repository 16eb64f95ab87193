package jp.ami.front;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * First handler of every connection: takes a connection slot ({@link AbuseLimiter#openConnection}) or
 * closes the connection at once, before any TLS work; returns the slot when the connection closes.
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private final AbuseLimiter limiter;
    private final ConnectionRejections rejections;

    ConnectionLimitHandler(AbuseLimiter limiter, ConnectionRejections rejections) {
        this.limiter = limiter;
        this.rejections = rejections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!limiter.openConnection(address)) {
            rejections.reject(ctx, null, Rejection.CONNECTION_LIMIT);
            return;
        }
        ctx.channel().closeFuture().addListener(f -> limiter.closeConnection(address));
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
