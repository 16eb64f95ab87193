package jp.ami.hes.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.ami.hes.CollectionStats;
import jp.ami.hes.IngestStats;
import jp.ami.service.InternalHttpServer;
import jp.ami.service.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head-end's internal HTTP port (127.0.0.1 only), JSON:
 * <ul>
 *   <li>{@code GET /stats/collection} — every kept slot: expected, firstTry, recovered, missing, in total and by
 *       path / area / source ({@link CollectionStats.SlotView});</li>
 *   <li>{@code GET /stats/collection?slot=N} — one slot by slot index (UTC slot number since the epoch,
 *       {@code jp.ami.model.Slots}); 404 when unknown, 400 when not a number;</li>
 *   <li>{@code GET /stats/ingest} — {@link IngestStats.Snapshot};</li>
 *   <li>{@code GET /metrics} — Prometheus text format ({@code jp.ami.hes.HesMetrics}), when given a {@link Metrics}.</li>
 * </ul>
 */
public final class StatsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CollectionStats collection;
    private final IngestStats ingest;
    private final int requestedPort;
    private final Metrics metrics;
    private InternalHttpServer server;

    public StatsHttpServer(CollectionStats collection, IngestStats ingest, int port) {
        this(collection, ingest, port, null);
    }

    /** As {@link #StatsHttpServer(CollectionStats, IngestStats, int)}, also serving {@code GET /metrics} from {@code metrics}. */
    public StatsHttpServer(CollectionStats collection, IngestStats ingest, int port, Metrics metrics) {
        this.collection = collection;
        this.ingest = ingest;
        this.requestedPort = port;
        this.metrics = metrics;
    }

    public StatsHttpServer start() {
        server = InternalHttpServer.start("127.0.0.1", requestedPort, 8192, 1, new Handler(), metrics);
        LOG.info("HES statistics on http://127.0.0.1:{}/stats/collection{}", port(),
                metrics == null ? "" : ", metrics on http://127.0.0.1:" + port() + Metrics.PATH);
        return this;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    @ChannelHandler.Sharable
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
            HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
            ctx.writeAndFlush(res);
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
