package jp.ami.hes.http;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.concurrent.CompletableFuture;
import jp.ami.hes.CollectionStats;
import jp.ami.hes.IngestStats;
import jp.ami.hes.SilentMeters;
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
 *   <li>{@code GET /stats/silent[?slots=N][&limit=M]} — {@link SilentMeters}: the meters that missed the last {@code N}
 *       boundaries (default 1, at most {@value #MAX_SILENT_SLOTS}) up to the newest complete one, at most {@code M}
 *       listed (default and at most {@value #MAX_SILENT_LIMIT}); 400 for other values, 503 when the ingest queue is
 *       full (try again).</li>
 *   <li>{@code GET /metrics} — Prometheus text format ({@code jp.ami.hes.HesMetrics}), when given a {@link Metrics}.</li>
 * </ul>
 */
public final class StatsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Most boundaries a silent meter can be asked for (the per-meter window covers 32). */
    public static final int MAX_SILENT_SLOTS = 31;
    /** Most meters one {@code /stats/silent} answer lists. */
    public static final int MAX_SILENT_LIMIT = 10_000;

    /** Who answers {@code /stats/silent} (the ingest path, on its own thread). */
    @FunctionalInterface
    public interface SilentMeterQuery {
        CompletableFuture<SilentMeters> silentMeters(int slots, int limit);
    }

    private final CollectionStats collection;
    private final IngestStats ingest;
    private final SilentMeterQuery silent;
    private final int requestedPort;
    private final Metrics metrics;
    private InternalHttpServer server;
    private static final SilentMeterQuery NO_SILENT_QUERY =
            (slots, limit) -> CompletableFuture.failedFuture(new UnsupportedOperationException("no silent-meter query"));

    public StatsHttpServer(CollectionStats collection, IngestStats ingest, int port) {
        this(collection, ingest, NO_SILENT_QUERY, port, null);
    }

    public StatsHttpServer(CollectionStats collection, IngestStats ingest, SilentMeterQuery silent, int port) {
        this(collection, ingest, silent, port, null);
    }

    /** As {@link #StatsHttpServer(CollectionStats, IngestStats, int)}, also serving {@code GET /metrics} from {@code metrics}. */
    public StatsHttpServer(CollectionStats collection, IngestStats ingest, int port, Metrics metrics) {
        this(collection, ingest, NO_SILENT_QUERY, port, metrics);
    }

    /** With the silent-meter query and (when not null) {@code GET /metrics} from {@code metrics}. */
    public StatsHttpServer(CollectionStats collection, IngestStats ingest, SilentMeterQuery silent, int port, Metrics metrics) {
        this.collection = collection;
        this.ingest = ingest;
        this.silent = silent;
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
            } else if (q.path().equals("/stats/silent")) {
                int slots = intParam(q, "slots", 1, 1, MAX_SILENT_SLOTS);
                int limit = intParam(q, "limit", MAX_SILENT_LIMIT, 0, MAX_SILENT_LIMIT);
                if (slots < 0 || limit < 0) {
                    send(ctx, req, HttpResponseStatus.BAD_REQUEST, Map.of("error", "slots must be 1–" + MAX_SILENT_SLOTS
                            + ", limit 0–" + MAX_SILENT_LIMIT));
                    return;
                }
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                silent.silentMeters(slots, limit).whenComplete((answer, error) -> {
                    if (error != null) {
                        write(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(error.getMessage())));
                    } else {
                        write(ctx, keepAlive, HttpResponseStatus.OK, answer);
                    }
                });
                return;
            } else {
                status = HttpResponseStatus.NOT_FOUND;
                body = Map.of("error", "not found");
            }
            send(ctx, req, status, body);
        }

        private void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body) {
            write(ctx, HttpUtil.isKeepAlive(req), status, body);
        }

        private void write(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Object body) {
            byte[] json;
            try {
                json = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                LOG.warn("cannot write statistics as JSON", e);
                ctx.close();
                return;
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
            HttpUtil.setKeepAlive(res, keepAlive);
            ctx.writeAndFlush(res);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The parameter as an int in {@code [min, max]}, {@code absent} when missing, -1 when invalid. */
    private static int intParam(QueryStringDecoder q, String name, int absent, int min, int max) {
        List<String> v = q.parameters().get(name);
        if (v == null) {
            return absent;
        }
        if (v.size() != 1 || !v.get(0).matches("\\d{1,6}")) {
            return -1;
        }
        int n = Integer.parseInt(v.get(0));
        return n < min || n > max ? -1 : n;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
