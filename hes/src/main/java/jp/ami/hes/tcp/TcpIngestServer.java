package jp.ami.hes.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetSocketAddress;
import jp.ami.hes.IngestPath;
import jp.ami.hes.Transport;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.TcpFraming;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.recollect.RecollectRequest;
import jp.ami.hes.RecollectSender;
import jp.ami.hes.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP adapter for PLC concentrators and 1:N relays: length-prefixed batch frames in ({@link TcpFraming}),
 * length-prefixed {@link AckFrame}s out, one ack per batch, in order.
 *
 * <pre>
 * client → server:  u32 length | batch frame        server → client:  u32 length | ack (18 bytes)
 * </pre>
 *
 * Each batch goes to {@link IngestPath#submit}; its buffer is released when the ingest completes. Acks are written
 * on the channel's event loop and flushed once no more acks of that channel are outstanding (write per message,
 * flush per burst). A frame over the size limit is answered with a MALFORMED_BATCH ack (batchSeq 0, written at
 * once, so it may overtake acks still in ingest) and the connection stays up; I/O errors close the connection.
 *
 * <p>Re-collection: the connection a source's batches arrive on is remembered; {@link #send(RecollectRequest)}
 * writes a length-prefixed {@link RecollectRequest} frame ('RQ') on it, interleaved with the acks.
 */
public final class TcpIngestServer implements AutoCloseable, RecollectSender {
    private static final Logger LOG = LoggerFactory.getLogger(TcpIngestServer.class);
    /** Batches of one connection in ingest at once; beyond it the channel stops reading (TCP backpressure). */
    static final int MAX_IN_FLIGHT = 16;

    /** Source ({@code path << 32 | sourceId}) → its latest connection, learned from its batches. */
    private final Sessions<Channel> sessions = new Sessions<>(Channel::isActive);

    private final IngestPath ingest;
    private final String host;
    private final int requestedPort;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public TcpIngestServer(IngestPath ingest, String host, int port) {
        this.ingest = ingest;
        this.host = host;
        this.requestedPort = port;
    }

    /** Binds and starts accepting; port 0 picks a free port ({@link #port()}). */
    public TcpIngestServer start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            TcpFraming.addTo(ch.pipeline());
                            ch.pipeline().addLast("ingest", new BatchHandler(ingest, sessions));
                        }
                    });
            serverChannel = b.bind(host, requestedPort).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("TCP ingest listening on {}", serverChannel.localAddress());
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public boolean send(RecollectRequest request) {
        Channel ch = sessions.of(request);
        if (ch == null || !ch.isActive()) {
            return false;
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(request.toBytes()));
        return true;
    }

    @Override
    public long[] sources() {
        return sessions.sources();
    }

    /**
     * Per channel: hands each frame to the ingest path and writes the acks back in order. Stops reading the
     * channel (autoRead off) while {@value #MAX_IN_FLIGHT} of its batches are in ingest or the ingest queue is
     * full, and resumes when acks drain: memory per connection stays bounded, and TCP flow control pushes back.
     */
    static final class BatchHandler extends ChannelInboundHandlerAdapter {
        private final IngestPath ingest;
        private final Sessions<Channel> sessions;
        /** Acks not yet written; touched only on the channel's event loop. */
        private int outstanding;
        /** Reading is paused (autoRead off); frames decoded meanwhile wait in {@link #pending}. Event loop only. */
        private boolean paused;
        private final java.util.ArrayDeque<ByteBuf> pending = new java.util.ArrayDeque<>();

        BatchHandler(IngestPath ingest, Sessions<Channel> sessions) {
            this.ingest = ingest;
            this.sessions = sessions;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            sessions.forget(ctx.channel());
            releasePending();
            super.channelInactive(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            releasePending();
        }

        private void releasePending() {
            ByteBuf b;
            while ((b = pending.poll()) != null) {
                b.release();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            if (frame.readableBytes() >= BatchFrame.HEADER_LENGTH
                    && frame.getByte(frame.readerIndex()) == BatchFrame.MAGIC_0
                    && frame.getByte(frame.readerIndex() + 1) == BatchFrame.MAGIC_1) {
                sessions.learn(frame.getUnsignedByte(frame.readerIndex() + BatchFrame.OFFSET_PATH),
                        frame.getUnsignedInt(frame.readerIndex() + BatchFrame.OFFSET_SOURCE_ID), ctx.channel());
            }
            if (paused) {
                // decoded from bytes already read before the pause: held here (bounded by one read), not refused
                pending.add(frame);
                return;
            }
            dispatch(ctx, frame);
        }

        private void dispatch(ChannelHandlerContext ctx, ByteBuf frame) {
            outstanding++;
            ingest.submit(frame.nioBuffer(frame.readerIndex(), frame.readableBytes()), Transport.TCP)
                    .whenComplete((ack, error) -> {
                        frame.release();
                        ctx.executor().execute(() -> writeAck(ctx, ack, error));
                    });
            if (outstanding >= MAX_IN_FLIGHT || ingest.queueRemaining() == 0) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
            }
        }

        /** On the event loop: resumes reading once this channel's in-flight batches drain and the queue has room. */
        private void maybeResume(ChannelHandlerContext ctx) {
            if (!paused || !ctx.channel().isActive()) {
                return;
            }
            if (outstanding < MAX_IN_FLIGHT / 2 && ingest.queueRemaining() > 0) {
                paused = false;
                ByteBuf next;
                while (!paused && (next = pending.poll()) != null) {
                    dispatch(ctx, next);
                }
                if (!paused) {
                    ctx.channel().config().setAutoRead(true);
                }
            } else if (outstanding == 0) {
                // the queue is full with other channels' batches: look again shortly
                ctx.executor().schedule(() -> maybeResume(ctx), 1, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        private void writeAck(ChannelHandlerContext ctx, AckFrame ack, Throwable error) {
            outstanding--;
            if (error != null) {
                LOG.error("ingest failed; closing {}", ctx.channel().remoteAddress(), error);
                ctx.close();
                return;
            }
            if (ctx.channel().isActive()) {
                ctx.write(ack.encode(ctx.alloc().buffer(AckFrame.LENGTH)));
                if (outstanding == 0) {
                    ctx.flush();
                }
            }
            maybeResume(ctx);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // acks of this read burst that are already written get flushed here; the rest flush when the last completes
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                LOG.warn("oversized frame from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
                ingest.countMalformedBatch(Transport.TCP);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(AckFrame.malformed(0).toBytes()));
                return;
            }
            LOG.info("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
