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
 */
public final class TcpIngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpIngestServer.class);

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
                            ch.pipeline().addLast("ingest", new BatchHandler(ingest));
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

    /** Per channel: hands each frame to the ingest path and writes the acks back in order. */
    static final class BatchHandler extends ChannelInboundHandlerAdapter {
        private final IngestPath ingest;
        /** Acks not yet written; touched only on the channel's event loop. */
        private int outstanding;

        BatchHandler(IngestPath ingest) {
            this.ingest = ingest;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            outstanding++;
            ingest.submit(frame.nioBuffer(frame.readerIndex(), frame.readableBytes()), Transport.TCP)
                    .whenComplete((ack, error) -> {
                        frame.release();
                        ctx.executor().execute(() -> writeAck(ctx, ack, error));
                    });
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
