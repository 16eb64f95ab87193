package jp.ami.sim;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.TcpFraming;
import jp.ami.protocol.recollect.RecollectRequest;
import java.util.function.Consumer;

/**
 * TCP side of PLC concentrators and 1:N relays: one connection per source, length-prefixed batch frames,
 * acks matched to batches by sequence number. The head-end may also send a {@link RecollectRequest} frame on
 * the connection; it goes to the {@link #onRecollect} handler. A batch whose ack does not arrive within the timeout fails its
 * future (the simulator resends it).
 */
public final class TcpBatchClient implements BatchTransport {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final InetSocketAddress hes;
    private final long timeoutMillis;
    private final Map<Long, Channel> channels = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<AckFrame>> pending = new ConcurrentHashMap<>();

    private volatile Consumer<RecollectRequest> recollectHandler;

    @Override
    public void onRecollect(Consumer<RecollectRequest> handler) {
        this.recollectHandler = handler;
    }

    public TcpBatchClient(InetSocketAddress hes, long timeoutMillis) {
        this.hes = hes;
        this.timeoutMillis = timeoutMillis;
    }

    private static long key(CommPath path, int sourceId) {
        return ((long) path.code() << 32) | (sourceId & 0xFFFF_FFFFL);
    }

    private static long pendingKey(CommPath path, int sourceId, long batchSeq) {
        return batchSeq * 31 + key(path, sourceId) * 1_000_003L;
    }

    private Channel channel(CommPath path, int sourceId) throws InterruptedException {
        long k = key(path, sourceId);
        Channel ch = channels.get(k);
        if (ch != null && ch.isActive()) {
            return ch;
        }
        synchronized (this) {
            ch = channels.get(k);
            if (ch != null && ch.isActive()) {
                return ch;
            }
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            TcpFraming.addTo(c.pipeline());
                            c.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    java.nio.ByteBuffer nio = msg.nioBuffer(msg.readerIndex(), msg.readableBytes());
                                    if (RecollectRequest.isRequest(nio)) {
                                        RecollectRequest req = RecollectRequest.decode(nio);
                                        Consumer<RecollectRequest> h = recollectHandler;
                                        if (h != null) {
                                            h.accept(req);
                                        }
                                        return;
                                    }
                                    AckFrame ack = AckFrame.decode(msg);
                                    CompletableFuture<AckFrame> f = pending.remove(pendingKey(path, sourceId, ack.batchSeq()));
                                    if (f != null) {
                                        f.complete(ack);
                                    }
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    });
            ch = b.connect(hes).sync().channel();
            channels.put(k, ch);
            return ch;
        }
    }

    @Override
    public CompletableFuture<AckFrame> send(CommPath path, int sourceId, long batchSeq, byte[] frame) {
        CompletableFuture<AckFrame> f = new CompletableFuture<>();
        long pk = pendingKey(path, sourceId, batchSeq);
        pending.put(pk, f);
        try {
            Channel ch = channel(path, sourceId);
            ch.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(w -> {
                if (!w.isSuccess()) {
                    pending.remove(pk);
                    f.completeExceptionally(w.cause());
                }
            });
        } catch (Exception e) {
            pending.remove(pk);
            f.completeExceptionally(e);
        }
        return f.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((a, e) -> pending.remove(pk));
    }

    @Override
    public void close() {
        channels.values().forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
