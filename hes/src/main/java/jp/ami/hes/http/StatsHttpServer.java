package jp.ami.hes.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.CollectionStats;
import jp.ami.hes.IngestStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head-end's internal HTTP port (127.0.0.1 only), JSON:
 * <ul>
 *   <li>{@code GET /stats/collection} — every kept slot: expected, firstTry, recovered, missing, in total and by
 *       path / area / source ({@link CollectionStats.SlotView});</li>
 *   <li>{@code GET /stats/collection?slot=N} — one slot by slot index (UTC slot number since the epoch,
 *       {@code jp.ami.model.Slots}); 404 when unknown, 400 when not a number;</li>
 *   <li>{@code GET /stats/ingest} — {@link IngestStats.Snapshot}.</li>
 * </ul>
 */
public final class StatsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CollectionStats collection;
    private final IngestStats ingest;
    private final int requestedPort;
    private EventLoopGroup group;
    private Channel server;

    public StatsHttpServer(CollectionStats collection, IngestStats ingest, int port) {
        this.collection = collection;
        this.ingest = ingest;
        this.requestedPort = port;
    }

    public StatsHttpServer start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new HttpObjectAggregator(8192))
                                    .addLast(new Handler());
                        }
                    })
                    .bind("127.0.0.1", requestedPort).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("HES statistics on http://127.0.0.1:{}/stats/collection", port());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            HttpResponseStatus status = HttpResponseStatus.OK;
            Object body;
            if (req.method() != HttpMethod.GET) {
                status = HttpResponseStatus.METHOD_NOT_ALLOWED;
                body = Map.of("error", "GET only");
            } else if (q.path().equals("/stats/collection")) {
                List<String> slot = q.parameters().get("slot");
                if (slot == null || slot.isEmpty()) {
                    body = Map.of("slots", collection.slots());
                } else {
                    Object one = null;
                    try {
                        one = collection.slot(Long.parseLong(slot.get(0)));
                        if (one == null) {
                            status = HttpResponseStatus.NOT_FOUND;
                            one = Map.of("error", "no such slot: " + slot.get(0));
                        }
                    } catch (NumberFormatException e) {
                        status = HttpResponseStatus.BAD_REQUEST;
                        one = Map.of("error", "slot must be a slot index");
                    }
                    body = one;
                }
            } else if (q.path().equals("/stats/ingest")) {
                body = ingest.snapshot();
            } else {
                status = HttpResponseStatus.NOT_FOUND;
                body = Map.of("error", "not found");
            }
            byte[] json = JSON.writeValueAsBytes(body);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
