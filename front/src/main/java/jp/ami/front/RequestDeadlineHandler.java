package jp.ami.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris guard, placed between TLS and the HTTP decoder (it sees decrypted bytes): when the first byte
 * of a request arrives, a deadline starts; the {@link ExchangeHandler} calls {@link #requestComplete} once the
 * request line and headers are decoded. If the deadline passes first, the connection gets {@code 408} and is
 * closed (through {@link ExchangeHandler#headerTimeout}). After each response the exchange handler calls
 * {@link #awaitNext} to arm it for the next request on a keep-alive connection. Idle connections (no byte
 * at all) are the idle timeout's business.
 */
final class RequestDeadlineHandler extends ChannelInboundHandlerAdapter {
    private final long timeoutNanos;
    private boolean awaiting = true;
    private ScheduledFuture<?> deadline;

    RequestDeadlineHandler(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaiting && deadline == null && msg instanceof ByteBuf b && b.isReadable()) {
            deadline = ctx.executor().schedule(() -> {
                deadline = null;
                if (awaiting) {
                    awaiting = false;
                    ExchangeHandler exchanges = ctx.pipeline().get(ExchangeHandler.class);
                    if (exchanges != null) {
                        exchanges.headerTimeout();
                    } else {
                        ctx.close();
                    }
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The request's headers are complete: stop the clock until {@link #awaitNext}. */
    void requestComplete() {
        awaiting = false;
        cancel();
    }

    /** Ready for the next request on this connection. */
    void awaitNext() {
        awaiting = true;
        cancel();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
