package jp.ami.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A minimal stand-in for the internal delivery service, for the front benchmark: serves
 * {@code GET /30min/FileReceiver?file=NAME} from {@code DIR/<X-Ami-Operator>/NAME} with zero-copy file regions
 * (plain HTTP on loopback), 404 for anything else. No list, no ETag: just the bytes.
 */
public final class BenchStaticBackend implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("W4\\d{22}\\.zip");
    private static final Pattern OPERATOR = Pattern.compile("[0-9A-Z]{5}");
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    public BenchStaticBackend(Path root) {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) throws Exception {
                                serve(ctx, req, root);
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static void serve(ChannelHandlerContext ctx, HttpRequest req, Path root) throws Exception {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        List<String> file = q.parameters().get("file");
        String operator = req.headers().get("X-Ami-Operator");
        Path p = null;
        if (q.path().equals("/30min/FileReceiver") && file != null && file.size() == 1 && NAME.matcher(file.get(0)).matches()
                && operator != null && OPERATOR.matcher(operator).matches()) {
            p = root.resolve(operator).resolve(file.get(0));
        }
        if (p == null || !Files.isRegularFile(p)) {
            DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
            notFound.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r");
        long length = raf.length();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, (int) length)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/zip");
        ctx.write(head);
        ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length));
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
